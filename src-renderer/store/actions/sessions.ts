/**
 * Sessions and their tabs: open (a target or a profile), connect, disconnect, reconnect, close, the
 * pane's terminal options, and main's session list reconciled with this window's tabs.
 */
import type { OpenReply, RequestOf, SessionInfo } from '../../../src-shared/ipc/contract.js';
import type { Profile, TerminalOptions } from '../../../src-shared/ipc/profile.js';
import { askedSettings, type LineModel } from '../../../src-shared/line/line-model.js';
import { formatTarget, type Target } from '../../../src-shared/session/target.js';
import { dataHub } from '../../terminal/data-hub.js';
import { noteHub } from '../../terminal/connection-notes.js';
import { rxCounters } from '../../terminal/rx-counters.js';
import { live } from '../live.js';
import { DEFAULT_TERMINAL_OPTIONS, liveFromInfo, viewFromInfo, type SessionView } from '../reducers.js';
import { useSessions, viewOf } from '../sessions.js';
import { earlyLogStatus } from './logging.js';
import { attempt } from './request.js';
import { useProfiles } from '../profiles.js';
import { supplyPassphrase } from './tls.js';
import { withdrawOffer } from './transfer.js';

/** What to open: a target with options, or a saved profile. */
export type OpenRequest = RequestOf<'session.open'>;

/**
 * This window's opens against main's list: while an open is in flight main's 'sessions.changed' for it
 * must not make an extra tab, and a session whose reply came first must not look gone from the list.
 */
const opens = {
  inFlight: 0,
  lastInfos: null as SessionInfo[] | null,
  /** Sessions this window opened that main's list has not shown yet. */
  unlisted: new Set<string>(),
  /** Sessions this window closed to open a new one into the same tab: their tab stays when main drops them. */
  closedHere: new Set<string>(),
};

/**
 * Reconcile the tabs with main's session list ('sessions.changed', or session.list at start). `stale`: a
 * list kept from earlier (see reconcileSessions), which changes no tab's state.
 */
export function applySessionsList(infos: SessionInfo[], stale = false): void {
  opens.lastInfos = infos;
  for (const i of infos) opens.unlisted.delete(i.sessionId);
  const before = useSessions.getState().views;
  const added = useSessions.getState().reconcile(infos, opens.inFlight === 0, opens.unlisted, stale, opens.closedHere);
  for (const info of added) live.set(info.sessionId, liveFromInfo(info, rxCounters.bytes(info.sessionId)));
  for (const info of added) earlyLogStatus.apply(info.sessionId);
  // tabs whose session another window closed went: what this window kept for them goes too
  const after = useSessions.getState().views;
  for (const view of before) {
    if (after.some((v) => v.tabId === view.tabId)) continue;
    live.remove(view.tabId);
    if (view.sessionId) forgetSession(view.sessionId);
  }
}

/** Drop what this window holds for a closed session (its bytes, notes, counters, a pending ZMODEM offer). */
function forgetSession(sessionId: string): void {
  dataHub.drop(sessionId);
  noteHub.drop(sessionId);
  rxCounters.drop(sessionId);
  withdrawOffer(sessionId);
}

async function open(what: string, req: OpenRequest, terminal: TerminalOptions, intoTab?: SessionView): Promise<string | undefined> {
  opens.inFlight++;
  let info: OpenReply | undefined;
  try {
    info = await attempt(what, (a) => a.session.open(req));
  } finally {
    opens.inFlight--;
  }
  if (info) {
    if (!opens.lastInfos?.some((i) => i.sessionId === info.sessionId)) opens.unlisted.add(info.sessionId);
    const s = useSessions.getState();
    const received = rxCounters.bytes(info.sessionId);
    if (intoTab) {
      const fresh = viewFromInfo(info, intoTab.terminal);
      s.upsert({ ...fresh, tabId: intoTab.tabId, name: intoTab.name, log: null, dial: null });
      live.set(intoTab.tabId, liveFromInfo(info, received));
    } else {
      s.upsert(viewFromInfo(info, terminal));
      live.set(info.sessionId, liveFromInfo(info, received));
    }
    s.activate(intoTab?.tabId ?? info.sessionId);
    // a warning of the open itself (port-renamed): main's event for it came before this tab had the session
    if (info.warning) s.applyEvent(info.sessionId, info.warning);
    earlyLogStatus.apply(info.sessionId);
  }
  // the list kept while the open was in flight, for the tabs it could not add then; its states are older
  // than the reply's and the events since (it lists this session as 'idle', before its 'connecting')
  if (opens.lastInfos && opens.inFlight === 0) applySessionsList(opens.lastInfos, true);
  return info ? (intoTab?.tabId ?? info.sessionId) : undefined;
}

/** Open a session to `target` in a new tab; resolves to the tab id, or undefined on failure. */
export function openTarget(
  target: Target,
  options: RequestOf<'session.open'> extends infer U ? (U extends { options?: infer O } ? O : never) : never,
  terminal: TerminalOptions = DEFAULT_TERMINAL_OPTIONS,
  name?: string,
): Promise<string | undefined> {
  const req: OpenRequest = { target, ...(options ? { options } : {}), ...(name ? { name } : {}) };
  return open(`open ${formatTarget(target)}`, req, terminal);
}

/** Open a saved profile in a new tab (a PKCS#12 client certificate's passphrase is asked first). */
export async function openProfile(profile: Profile): Promise<string | undefined> {
  if (!profile.id) return undefined;
  if (!(await supplyPassphrase(profile))) return undefined;
  return open(`open profile "${profile.name}"`, { profileId: profile.id }, profile.terminal);
}

/**
 * Connect a tab: its session in main again (disconnected by the operator or stopped after failures), which
 * re-applies what was asked; or, when main has no session for it any more (or its TLS credentials were
 * refused), a new session to the same profile or target, into the same tab, asking for what the old one
 * asked (and a PKCS#12 passphrase again).
 */
export async function connect(tabId: string): Promise<string | undefined> {
  const view = viewOf(tabId);
  if (!view) return undefined;
  if (view.sessionId && view.state !== 'closed') {
    if (view.failureCode !== 'tls-credentials') {
      await attempt(`connect ${view.name}`, (a) => a.session.connect({ sessionId: view.sessionId! }));
      return view.tabId;
    }
    // its client certificate or passphrase was refused: that session would try the same again, so a new
    // one is opened below, asking for the passphrase again (into this tab: it stays when main drops the old one)
    opens.closedHere.add(view.sessionId);
    await attempt(`close ${view.name}`, (a) => a.session.close({ sessionId: view.sessionId! }));
  }
  const asked = askedSettings(view.line);
  const profile = view.profileId ? useProfiles.getState().profiles.find((p) => p.id === view.profileId) : undefined;
  if (profile && !(await supplyPassphrase(profile))) return undefined;
  const req: OpenRequest = view.profileId
    ? { profileId: view.profileId }
    : { target: view.target, name: view.name, options: { settings: asked, ...askedLines(view.line) } };
  return open(`connect ${view.name}`, req, view.terminal, view);
}

/** DTR and RTS the operator asked for in a line model (for a new session that replaces a closed one). */
function askedLines(line: LineModel): { dtr?: boolean; rts?: boolean } {
  return {
    ...(line.dtr.asked !== null ? { dtr: line.dtr.asked } : {}),
    ...(line.rts.asked !== null ? { rts: line.rts.asked } : {}),
  };
}

/** The operator's Disconnect: main drops the link and keeps the session; the tab and its screen stay. */
export async function disconnect(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view?.sessionId || view.state === 'closed' || view.state === 'disconnected') return;
  await attempt(`disconnect ${view.name}`, (a) => a.session.disconnect({ sessionId: view.sessionId! }));
}

/** Reconnect now: main's reconnect for a live session, a fresh connect for a closed tab. */
export async function reconnect(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view) return;
  if (!view.sessionId || view.state === 'closed' || view.state === 'disconnected') {
    await connect(tabId);
    return;
  }
  await attempt(`reconnect ${view.name}`, (a) => a.session.reconnect({ sessionId: view.sessionId! }));
}

/** Close the tab, closing its session first when open. */
export async function closeTab(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view) return;
  // the tab goes at once; main closes the link meanwhile (a far end that never closes its side takes the
  // link's grace time), then what came for the session until then is dropped
  useSessions.getState().remove(view.tabId);
  live.remove(view.tabId);
  if (view.sessionId && view.state !== 'closed') {
    await attempt(`close ${view.name}`, (a) => a.session.close({ sessionId: view.sessionId! }));
  }
  if (view.sessionId) forgetSession(view.sessionId);
}

/** Change how the tab's pane shows and sends text (local to this window). */
export function setTerminalOptions(tabId: string, patch: Partial<TerminalOptions>): void {
  const view = viewOf(tabId);
  if (view) useSessions.getState().patch(view.tabId, { terminal: { ...view.terminal, ...patch } });
}
