/** Pure rules of the tab strip: the label each tab shows, tab cycling, and when closing must ask. */
import type { SessionState } from '../../src-shared/session/events.js';
import { displayText } from '../../src-shared/text/display.js';

/** Most characters of a tab's name as shown (a rename is capped at this too; a target may be any length). */
export const TAB_NAME_MAX = 80;

/** A tab's label: `text` in full; `base` and `ordinal` to draw the number apart (it must never be cut off). */
export interface TabLabel {
  text: string;
  base: string;
  /** 2, 3, ... for the second, third ... tab reading `base`; null for the first or only one. */
  ordinal: number | null;
}

/**
 * The label of each tab: the operator's title, else the view's name (the profile's name or the target),
 * at most TAB_NAME_MAX characters with bidi controls shown (displayText).
 * Tabs that would read the same are numbered in strip order ("Demo modem", "Demo modem 2", ...), so
 * three tabs of one profile can be told apart before anyone renames them.
 */
export function tabLabels(views: readonly { tabId: string; name: string }[], titles: Readonly<Record<string, string>>): Map<string, TabLabel> {
  // a name from a target or a profile may be of any length and carry bidi controls: one line, safe to show
  const base = views.map((v) => displayText(titles[v.tabId] ?? v.name, TAB_NAME_MAX));
  const seen = new Map<string, number>();
  const out = new Map<string, TabLabel>();
  views.forEach((v, i) => {
    const b = base[i]!;
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    out.set(v.tabId, n > 1 ? { text: `${b} ${n}`, base: b, ordinal: n } : { text: b, base: b, ordinal: null });
  });
  return out;
}

/** The tab `step` places from `active` (wrapping round), or null with no tabs. */
export function neighbourTab(ids: readonly string[], active: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = active === null ? -1 : ids.indexOf(active);
  if (i < 0) return ids[0]!;
  return ids[(i + step + ids.length) % ids.length]!;
}

/** What closing a tab would end, for the confirm question; null when nothing is lost (no question). */
export function closeConsequence(view: { state: SessionState; log: { active: boolean; fileName?: string } | null }): string | null {
  const parts: string[] = [];
  if (view.state === 'connected') parts.push('ends the connection');
  else if (view.state === 'connecting') parts.push('abandons the connection attempt');
  else if (view.state === 'reconnecting') parts.push('stops reconnecting');
  if (view.log?.active === true) parts.push(`stops the log${view.log?.fileName ? ` to ${view.log.fileName}` : ''}`);
  return parts.length ? `Closing it ${parts.join(' and ')}.` : null;
}
