/**
 * What the line panel, the output lamps and the DTR/RTS buttons show for each item of the line model
 * (src-shared/line/line-model.ts), given the session state: while the link is up, the value in effect,
 * or what was asked while it is not confirmed, or "unknown", and a mark for the state; while the link is
 * down (connecting, reconnecting, disconnected, closed) nothing is shown as in effect or as waiting for
 * the server: the item is 'offline' and what was asked is shown as asked, applied when connected.
 * Pure, for tests.
 */
import { shownValue, type ItemState, type LineModel, type LineItemName } from '../../src-shared/line/line-model.js';
import type { SessionState } from '../../src-shared/session/events.js';
import type { SessionKind } from '../../src-shared/session/target.js';

/** An item's state as the window shows it: the model's while connected, else 'offline' (not 'unsupported'). */
export type ShownState = ItemState | 'offline';

export const ITEM_STATE_TEXT: Readonly<Record<ShownState, { mark: string; text: string }>> = {
  unknown: { mark: '', text: 'not reported by the far end' },
  requested: { mark: '…', text: 'asked for; waiting for the server' },
  confirmed: { mark: '✓', text: 'confirmed by the far end' },
  unconfirmed: { mark: '?', text: 'asked for; the server did not confirm it' },
  differs: { mark: '≠', text: 'the server answered with a different value' },
  unsupported: { mark: '–', text: 'not supported here' },
  offline: { mark: '', text: 'not connected' },
};

/** The link is up: only then does the window show a value as in effect, requested or confirmed. */
export function linkUp(session: SessionState | undefined): boolean {
  return session === 'connected';
}

/**
 * The state shown for an item in session state `session`: the model's while connected ('unknown' before
 * any model arrived); while not connected 'offline', except 'unsupported' (raw TCP, plain telnet), which
 * is true whether or not connected.
 */
export function itemState(line: LineModel | null | undefined, name: LineItemName, session: SessionState | undefined): ShownState {
  const state = line ? line[name].state : 'unknown';
  if (linkUp(session) || state === 'unsupported') return state;
  return 'offline';
}

/**
 * The value shown for an item as the far end's (in effect, else asked while not yet confirmed), or null
 * for "unknown"; always null while not connected (nothing is in effect on a link that is down).
 */
export function shownItem<K extends LineItemName>(line: LineModel | null | undefined, name: K, session: SessionState | undefined): LineModel[K]['inEffect'] {
  if (!line || !linkUp(session)) return null;
  return shownValue<LineModel[K]['inEffect']>(line[name]);
}

/** What the operator (or the profile) asked for an item, or null: kept across Disconnect, applied on Connect. */
export function askedItem<K extends LineItemName>(line: LineModel | null | undefined, name: K): LineModel[K]['asked'] {
  return line ? line[name].asked : null;
}

/**
 * The value a picker (a select, a DTR/RTS button) stands on: while connected what is shown (shownItem),
 * while not connected what was asked (what Connect will apply), else null.
 */
export function pickedItem<K extends LineItemName>(line: LineModel | null | undefined, name: K, session: SessionState | undefined): LineModel[K]['inEffect'] {
  return linkUp(session) ? shownItem(line, name, session) : askedItem(line, name);
}

/**
 * The session can take line settings and DTR/RTS now, for the far end now or (not connected) kept and
 * applied on the next connection: an RFC 2217 or local serial tab that is not closed. Raw TCP and plain
 * telnet carry bytes only.
 */
export function canAskLine(kind: SessionKind | undefined, session: SessionState | undefined): boolean {
  return (kind === 'rfc2217' || kind === 'serial') && session !== undefined && session !== 'closed';
}

/** Baud rates a custom entry may ask for: 1 (0 is RFC 2217's "tell me the rate", never sent) up to max. */
export const MIN_BAUD = 1;

/**
 * Parse a custom baud rate typed by the operator.
 * @returns bits/s, or an error message naming the valid range (a whole number from 1 to max).
 */
export function parseBaud(text: string, max: number): number | string {
  const t = text.trim();
  const range = `baud: a whole number of bits/s from ${MIN_BAUD} to ${max}`;
  if (!/^\d+$/.test(t)) return t === '' ? `${range}; nothing typed` : `${range}; "${t}" is not one`;
  const n = Number(t);
  if (n < MIN_BAUD || n > max) return `${range}; ${t} is out of range`;
  return n;
}
