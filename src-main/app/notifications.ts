/**
 * Which of main's events deserve a desktop notification (issue 16): an incoming call (RING) and the end
 * of a dial (CONNECT, or the final BUSY / NO CARRIER / NO DIALTONE / NO ANSWER / ERROR / TIMEOUT), for
 * sessions whose profile has `notify` on (quick-connect sessions without a profile: on, the profile
 * default). Pure and electron-free: it reads the events every host's sink receives ('session.event',
 * 'dial.status', 'sessions.changed') and answers {title, body} or null. It does not know whether the
 * window is focused: electron-main shows the answer only when `mainWindow.isFocused()` is false and
 * `Notification.isSupported()`.
 *
 * RING comes three ways for one ring: the RI lamp's rising edge, off then on as seen here (a 'modem' session event: RFC 2217
 * NOTIFY-MODEMSTATE or a local port's TIOCMGET), and the dialer's 'ringing' status (its RING result code
 * or RI in answer mode and the callback flow), once per ring. A burst is every ring of one call: rings
 * come every few seconds (US cadence 2 s on, 4 s off; UK 0.4/0.2/0.4/2 s), so one notification per
 * session until RING_QUIET_MS pass without a ring; the next call notifies again.
 */
import type { EventName, EventOf } from '../../src-shared/ipc/contract.js';

/** A burst of rings ends after this long without one (ms): longer than any ring cadence's silence. */
export const RING_QUIET_MS = 15_000;
/** Most sessions remembered (RI state, last ring, last dial state); sessions closed are dropped anyway. */
export const MAX_TRACKED_SESSIONS = 256;
/**
 * Most notifications electron-main holds at once (each until it is clicked, closed or failed; see
 * HeldNotifications): a notification the OS let expire without a 'close' must not be held for ever.
 */
export const MAX_HELD_NOTIFICATIONS = 32;

/** The application's id as electron-builder.yml's `appId` gives it (reverse-DNS). */
export const APP_ID = 'org.dialtone.terminal';

/**
 * The AppUserModelID electron-main sets (app.setAppUserModelId) on `platform`: on Windows, APP_ID, the
 * id the NSIS installer's Start-menu shortcut carries (electron-builder's appId); without it an installed
 * build's notifications are not shown. null elsewhere (macOS and Linux take the app's identity otherwise).
 */
export function appUserModelId(platform: NodeJS.Platform): string | null {
  return platform === 'win32' ? APP_ID : null;
}

/**
 * The notifications on screen, held strongly: Electron keeps only a weak reference to a Notification,
 * so one that is garbage-collected loses its 'click' handler (a click no longer brings the window up).
 * electron-main holds each from show() until its 'click', 'close' or 'failed'; at most
 * MAX_HELD_NOTIFICATIONS (the oldest let go first).
 */
export class HeldNotifications<T> {
  private readonly held = new Set<T>();

  /** Hold `n`; returns the function that lets it go (idempotent). */
  hold(n: T): () => void {
    if (this.held.size >= MAX_HELD_NOTIFICATIONS) this.held.delete(this.held.values().next().value!);
    this.held.add(n);
    return () => void this.held.delete(n);
  }

  /** How many are held now. */
  get size(): number {
    return this.held.size;
  }

  /** Is `n` held? */
  has(n: T): boolean {
    return this.held.has(n);
  }
}

/** What to show: Electron's `new Notification({ title, body })`. */
export interface CallNotification {
  title: string;
  body: string;
}

/** What the notifier needs about a session: its display name and its profile's `notify` (true without a profile). */
export interface NotifySessionInfo {
  name: string;
  notify: boolean;
}

interface Tracked {
  /** The RI line as last reported: null before the first report and whenever the session says unknown. */
  ri: boolean | null;
  /** When the last ring (of any source) was seen, ms; -Infinity before the first. */
  lastRingAt: number;
  /** The last dial status's state, to notify on a change into 'connected' / 'failed' only (a SAY text re-sends a status). */
  dialState: string | null;
}

/** Decides, event by event, whether to notify. One per app (state per session). */
export class CallNotifier {
  private readonly sessions = new Map<string, Tracked>();

  /**
   * @param info the session's name and notify option, or undefined for a session main no longer has
   * @param now the time in ms (Date.now in the app; tests pass their own)
   */
  constructor(
    private readonly info: (sessionId: string) => NotifySessionInfo | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Read one event as the sink gets it; the notification to show, or null. */
  observe<E extends EventName>(name: E, payload: EventOf<E>): CallNotification | null {
    if (name === 'sessions.changed') {
      const open = new Set((payload as EventOf<'sessions.changed'>).sessions.map((s) => s.sessionId));
      for (const id of [...this.sessions.keys()]) if (!open.has(id)) this.sessions.delete(id);
      return null;
    }
    if (name === 'session.event') {
      const { sessionId, event } = payload as EventOf<'session.event'>;
      if (event.type !== 'modem') return null;
      const t = this.tracked(sessionId);
      // a rising edge seen: off, then on. Unknown (null: before the first report, and again after a
      // network session lost its link) then on is a line already on, not a ring, or each reconnect while
      // RI is held on would announce a call
      const rising = event.ri === true && t.ri === false;
      t.ri = event.ri;
      return rising ? this.ring(sessionId, t, 'the RI line rose') : null;
    }
    if (name === 'dial.status') {
      const s = payload as EventOf<'dial.status'>;
      const t = this.tracked(s.sessionId);
      const before = t.dialState;
      t.dialState = s.state;
      if (s.state === 'ringing') return this.ring(s.sessionId, t, s.rings ? `RING ${s.rings}` : 'RING');
      if (s.state === before) return null;
      const info = this.enabled(s.sessionId);
      if (!info) return null;
      const number = s.number ? ` ${s.number}` : '';
      if (s.state === 'connected' && (s.flow === 'dial' || before === 'answering')) {
        const connect = s.rate ? `CONNECT ${s.rate}` : 'CONNECT';
        return { title: `${connect}: ${info.name}`, body: before === 'answering' ? `Incoming call answered (${connect})` : `Dialing${number}: ${connect}` };
      }
      // only the dialer knows whether a redial follows (it redials BUSY, NO CARRIER, NO ANSWER while
      // attempts are left): the end of a dial is the failure it marks final
      if (s.state === 'failed' && s.flow !== 'answer' && s.final === true) {
        const code = s.resultCode ?? 'failed';
        return { title: `${code}: ${info.name}`, body: `Dialing${number} ended: ${code}${s.message && s.message !== code ? ` (${s.message})` : ''}` };
      }
    }
    return null;
  }

  /** A ring: notify at the start of a burst only (see RING_QUIET_MS). */
  private ring(sessionId: string, t: Tracked, what: string): CallNotification | null {
    const now = this.now();
    const quiet = now - t.lastRingAt >= RING_QUIET_MS;
    t.lastRingAt = now;
    if (!quiet) return null;
    const info = this.enabled(sessionId);
    return info ? { title: `RING: ${info.name}`, body: `Incoming call on ${info.name} (${what})` } : null;
  }

  private enabled(sessionId: string): NotifySessionInfo | null {
    const info = this.info(sessionId);
    return info?.notify ? info : null;
  }

  private tracked(sessionId: string): Tracked {
    let t = this.sessions.get(sessionId);
    if (!t) {
      if (this.sessions.size >= MAX_TRACKED_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
      t = { ri: null, lastRingAt: -Infinity, dialState: null };
      this.sessions.set(sessionId, t);
    }
    return t;
  }
}
