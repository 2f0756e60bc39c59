/**
 * Pure state transitions of the renderer's session views: what a SessionEvent or a sessions list does to
 * the state the UI shows. No zustand, no DOM: the store slices call these and tests call them directly.
 */
import type { ANSWER_MODES, SessionInfo, LogStatus, DialStatus } from '../../src-shared/ipc/contract.js';
import type { TerminalOptions } from '../../src-shared/ipc/profile.js';
import { terminalOptionsSchema } from '../../src-shared/ipc/profile.js';
import type { ModemLines } from '../../src-shared/line/modem.js';
import { UNKNOWN_MODEM_LINES } from '../../src-shared/line/modem.js';
import type { FailureCode, LineEvent, SessionEvent, SessionState, TlsEvent } from '../../src-shared/session/events.js';
import type { LineModel } from '../../src-shared/line/line-model.js';
import type { SessionKind, Target } from '../../src-shared/session/target.js';

/**
 * One tab: a view of a session. Disconnect and Connect keep the same session in main (what was asked is
 * re-applied); a tab whose session was closed elsewhere opens a new one (a new `sessionId`) on Connect.
 */
export interface SessionView {
  /** Stable id of the tab (the first session id it showed). */
  tabId: string;
  /** The main-process session shown now; null before the first open succeeds. */
  sessionId: string | null;
  name: string;
  profileId?: string;
  kind: SessionKind;
  target: Target;
  state: SessionState;
  /** Why the last failure or close happened, as main said it. */
  reason: string | null;
  /** The last failure's code (null after a connect): 'tls-credentials' makes Connect open anew, asking again. */
  failureCode: FailureCode | null;
  retryInMs: number | null;
  /** When the next reconnect attempt is due (ms since the epoch), for a countdown; null when none. */
  retryAt: number | null;
  /** The line model main reported last: per setting and control line, asked / in effect / state. */
  line: LineModel;
  signature: string | null;
  /** The TLS link's details while connected inside TLS (the status bar's lock), else null. */
  tls: Omit<TlsEvent, 'type'> | null;
  warnings: number;
  lastWarning: string | null;
  lastError: string | null;
  terminal: TerminalOptions;
  log: LogStatus | null;
  dial: DialStatus | null;
  /** When the current call reached CONNECT (ms since the epoch, this window's clock), for the call timer. */
  callStartedAt?: number | null;
  /** The answer mode this window set on the tab's session (main keeps it armed until 'off'). */
  answerMode?: (typeof ANSWER_MODES)[number];
}

/** The fast-changing part of a session, read through transient subscriptions (no re-render). */
export interface LiveState {
  modem: ModemLines;
  /** Line-error counts since the tab opened, from 'line' events. */
  errors: LineErrorCounts;
  bytesIn: number;
  bytesOut: number;
  /** Bytes typed while not connected that main keeps for the link (sent when it is back). */
  bytesQueued: number;
  /** Bytes per second, each direction, over the last sample interval. */
  rateIn: number;
  rateOut: number;
}

export interface LineErrorCounts {
  overrun: number;
  parity: number;
  framing: number;
  break: number;
}

export const ZERO_ERRORS: Readonly<LineErrorCounts> = Object.freeze({ overrun: 0, parity: 0, framing: 0, break: 0 });

export const DEFAULT_TERMINAL_OPTIONS: Readonly<TerminalOptions> = Object.freeze(terminalOptionsSchema.parse({}));

/** A fresh view for a session main reports (opened here or elsewhere). */
export function viewFromInfo(info: SessionInfo, terminal: TerminalOptions = DEFAULT_TERMINAL_OPTIONS): SessionView {
  const s = info.snapshot;
  return {
    tabId: info.sessionId,
    sessionId: info.sessionId,
    name: info.name,
    ...(info.profileId !== undefined ? { profileId: info.profileId } : {}),
    kind: s.kind,
    target: s.target,
    state: s.state,
    reason: null,
    failureCode: null,
    retryInMs: null,
    retryAt: null,
    line: s.line,
    signature: s.signature,
    tls: s.tls ?? null,
    warnings: 0,
    lastWarning: null,
    lastError: null,
    terminal: { ...terminal },
    log: null,
    // mid-call (a window opened or reloaded during it): the call and its CONNECT time, as main has them
    dial: info.dial ?? null,
    callStartedAt: info.dial?.state === 'connected' ? (info.dial.since ?? null) : null,
  };
}

/**
 * Live state for a session just attached: its snapshot's modem lines. `bytesIn` is what this window has
 * received of it so far (bytes can arrive before the open's reply); `bytesOut` is main's count.
 */
export function liveFromInfo(info: SessionInfo, bytesIn = 0): LiveState {
  return {
    modem: { ...info.snapshot.modem },
    errors: { ...ZERO_ERRORS },
    bytesIn,
    bytesOut: info.snapshot.bytesSent,
    bytesQueued: 0,
    rateIn: 0,
    rateOut: 0,
  };
}

export function emptyLive(): LiveState {
  return { modem: { ...UNKNOWN_MODEM_LINES }, errors: { ...ZERO_ERRORS }, bytesIn: 0, bytesOut: 0, bytesQueued: 0, rateIn: 0, rateOut: 0 };
}

/**
 * Apply a session event to a view. Returns the same object when nothing the view shows changed
 * (modem/line events belong to LiveState; control events are echoed in settings).
 * @param nowMs the clock for the reconnect countdown (ms since the epoch).
 */
export function applyEventToView(view: SessionView, ev: SessionEvent, nowMs = Date.now()): SessionView {
  switch (ev.type) {
    case 'status': {
      const retryInMs = ev.state === 'reconnecting' ? (ev.retryInMs ?? null) : null;
      return {
        ...view,
        state: ev.state,
        reason: ev.reason ?? (ev.state === 'connected' ? null : view.reason),
        failureCode: ev.code ?? (ev.state === 'connected' ? null : view.failureCode),
        retryInMs,
        retryAt: retryInMs === null ? null : nowMs + retryInMs,
        // the lock belongs to a link: gone with it (a new link sends its own 'tls' first)
        tls: ev.state === 'connected' ? view.tls : null,
      };
    }
    case 'tls': {
      const { type: _type, ...tls } = ev;
      return { ...view, tls };
    }
    case 'settings':
      return { ...view, line: ev.line };
    case 'signature':
      return { ...view, signature: ev.text };
    case 'warning':
      return { ...view, warnings: view.warnings + 1, lastWarning: ev.message };
    case 'error':
      return { ...view, lastError: ev.message };
    case 'modem':
    case 'line':
    case 'control':
      return view;
  }
}

/** Apply a modem or line event to live state; returns the same object for other events. */
export function applyEventToLive(live: LiveState, ev: SessionEvent): LiveState {
  if (ev.type === 'modem') {
    const modem: ModemLines = { cts: ev.cts, dsr: ev.dsr, ri: ev.ri, dcd: ev.dcd };
    return { ...live, modem };
  }
  if (ev.type === 'line') return { ...live, errors: countLineErrors(live.errors, ev) };
  if (live.bytesQueued > 0) {
    // bytes kept for the link: sent once it is back, or lost (the error says how many)
    if (ev.type === 'status' && ev.state === 'connected') return { ...live, bytesOut: live.bytesOut + live.bytesQueued, bytesQueued: 0 };
    if (ev.type === 'error' && ev.code === 'not-sent') return { ...live, bytesQueued: 0 };
  }
  return live;
}

/** Add one 'line' event's error bits to the counts (each set bit counts one). */
export function countLineErrors(c: LineErrorCounts, ev: LineEvent): LineErrorCounts {
  if (!ev.overrunError && !ev.parityError && !ev.framingError && !ev.breakDetect) return c;
  return {
    overrun: c.overrun + (ev.overrunError ? 1 : 0),
    parity: c.parity + (ev.parityError ? 1 : 0),
    framing: c.framing + (ev.framingError ? 1 : 0),
    break: c.break + (ev.breakDetect ? 1 : 0),
  };
}

/**
 * The per-second rate from two samples of a byte counter.
 * @param dtMs milliseconds between the samples; 0 or less gives 0.
 */
export function rate(prevBytes: number, nowBytes: number, dtMs: number): number {
  if (dtMs <= 0 || nowBytes < prevBytes) return 0;
  return ((nowBytes - prevBytes) * 1000) / dtMs;
}

/**
 * Reconcile tabs with main's list of open sessions:
 * - a session main lists that no tab shows gets a new tab (opened by another window, or before reload);
 * - a tab whose session main no longer lists was closed by another window (main closes a session only
 *   when a window asks, or at exit after the windows are gone): the tab goes, as it went there; unless this
 *   window closed it itself to open a new one into the tab (`closedHere`: it becomes 'closed', its screen
 *   stays);
 * - a listed session updates its tab's name and state.
 * Returns the new views in order (existing order kept, new tabs appended). `allowAdd` false while this
 * window has an open in flight: the new session is that open's, and its reply attaches it to its tab.
 * `pending` names sessions this window just opened that main's list may not show yet (the reply can
 * overtake 'sessions.changed'): their tabs are not marked closed for being absent. `stale`: the list is
 * older than what the tabs show (one kept while an open was in flight, applied after its reply): it adds
 * and closes tabs but changes no tab's state (main lists a session it just made as 'idle', before its
 * 'connecting'; the reply and the events since are newer).
 */
export function reconcileSessions(
  views: readonly SessionView[],
  infos: readonly SessionInfo[],
  allowAdd = true,
  pending: ReadonlySet<string> = new Set(),
  stale = false,
  closedHere: ReadonlySet<string> = new Set(),
): { views: SessionView[]; added: SessionInfo[] } {
  const byId = new Map(infos.map((i) => [i.sessionId, i]));
  const shown = new Set<string>();
  const out: SessionView[] = views.flatMap((v) => {
    if (v.sessionId === null) return [v];
    const info = byId.get(v.sessionId);
    if (!info) {
      if (pending.has(v.sessionId)) return [v];
      if (!closedHere.has(v.sessionId)) return [];
      if (v.state === 'closed') return [v];
      return [{ ...v, state: 'closed', retryInMs: null, retryAt: null }];
    }
    shown.add(v.sessionId);
    const state = stale ? v.state : info.snapshot.state;
    if (info.name === v.name && state === v.state) return [v];
    return [{ ...v, name: info.name, state }];
  });
  const added = allowAdd ? infos.filter((i) => !shown.has(i.sessionId)) : [];
  for (const info of added) out.push(viewFromInfo(info));
  return { views: out, added };
}

/** The view in a list that shows `id`, which may be a tab id or a session id. */
export function findView(views: readonly SessionView[], id: string): SessionView | undefined {
  return views.find((v) => v.tabId === id) ?? views.find((v) => v.sessionId === id);
}
