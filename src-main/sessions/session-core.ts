/**
 * SessionCore: what every session kind shares, composed by NetworkSession and SerialSession so each keeps
 * only its link (socket + engine, or port + poller). It owns
 *   - the status machine, as an explicit transition table (SESSION_TRANSITIONS; a move the table does not
 *     allow is a bug and throws);
 *   - the one open() promise, an idempotent close(), the operator's disconnect();
 *   - the reconnect policy (see RECONNECT_RULES): which failures retry, which stop, and the back-off
 *     between attempts (0.5 s doubling to 30 s);
 *   - the time, through an injected Clock, so reconnect timing is unit-tested without real time;
 *   - a store of teardown functions for what a link set up (timers, listeners, watchers).
 *
 * The kind tells the core what happens to its link: linked() when data may flow, failed(err) when an
 * attempt failed or the link was lost. The core calls back attempt() when it is time to try (first
 * open, a retry, the operator's Connect or Reconnect) and dropLink() when the operator disconnects.
 *
 * Status events: 'connecting' for an open or reconnect the operator asked for; 'reconnecting' with
 * retryInMs (ms), attempt (1 for the first retry of a series) and the reason and code of the failure
 * before it, on every retry; 'connected'; 'disconnected' (reason: the failure, or "disconnected by the
 * operator"); 'closed' once.
 */
import type { FailureCode, SessionState, StatusEvent } from '../../src-shared/session/events.js';
import { realClock, type Clock } from '../clock.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';

/**
 * Which state may follow which (h11-style). 'idle': made, never opened. A reconnect the operator asks for
 * goes to 'connecting' from anywhere but 'closed'; 'reconnecting' repeats before each retry.
 */
export const SESSION_TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['connected', 'reconnecting', 'disconnected', 'closed', 'connecting'],
  connected: ['connecting', 'reconnecting', 'disconnected', 'closed'],
  reconnecting: ['connecting', 'reconnecting', 'connected', 'disconnected', 'closed'],
  disconnected: ['connecting', 'closed'],
  closed: [],
};

/** A failure as the link reports it: a stable code and a message naming the target. */
export interface LinkFailure {
  code: FailureCode;
  message: string;
}

/**
 * What a failure does when reconnect is on: 'retry' (with back-off), 'stop' (a retry cannot help), or a
 * number: retry that many attempts in a row, then stop (a mistyped host never resolves; a DNS outage may
 * pass). Whatever the rule, the operator's Connect / Reconnect always tries again.
 */
export const RECONNECT_RULES: Readonly<Record<FailureCode, 'retry' | 'stop' | number>> = {
  refused: 'retry',
  unreachable: 'retry',
  'unknown-host': 3,
  timeout: 'retry',
  reset: 'retry',
  'closed-by-peer': 'retry',
  'no-such-port': 'retry',
  'permission-denied': 'stop',
  'port-busy': 'retry',
  'port-vanished': 'retry',
  'not-a-serial-port': 'stop',
  'io-error': 'retry',
  // TLS: a handshake may fail on a server still starting; a certificate nobody trusts never fixes itself
  'tls-handshake': 3,
  // our own certificate, key or passphrase cannot be used: the operator must change them
  'tls-credentials': 'stop',
  'tls-untrusted': 'stop',
  'tls-pin-mismatch': 'stop',
  'tls-unknown-certificate': 'stop',
  'tls-certificate-changed': 'stop',
};

/** A link that stayed up this long, in ms, starts the back-off over; a shorter one (a server that accepts
 * and hangs up at once, as ser2net does to a second client) keeps it growing. */
export const STABLE_LINK_MS = 10_000;

export interface SessionCoreOptions {
  /** Retry with back-off after a failure (RECONNECT_RULES decide which). Default false. */
  reconnect?: boolean;
  /** Time and timers; default the process clock. */
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Where every status event goes. */
  emit(ev: StatusEvent): void;
  /** Start one attempt to bring the link up; report the outcome with linked() or failed(). */
  attempt(): void;
  /** Drop the link now (the operator's Disconnect or Reconnect): no failure is reported for it. */
  dropLink(): void;
}

/** Thrown by every call on a closed session, and the rejection of an open() the close() ended. */
export class SessionClosedError extends Error {
  override name = 'SessionClosedError';
  constructor() {
    super('session closed');
  }
}

/** An Error with the failure's code, the rejection of open() when reconnect is off or stopped. */
export class SessionFailure extends Error {
  override name = 'SessionFailure';
  constructor(readonly code: FailureCode, message: string) {
    super(message);
  }
}

/** The shared part of a session: status machine, open/close, reconnect policy, clock, teardown. */
export class SessionCore {
  readonly clock: Clock;
  private readonly reconnectOn: boolean;
  private readonly backoff: BackoffOptions;
  private current: SessionState = 'idle';
  private opening: { promise: Promise<void>; resolve(): void; reject(err: Error): void } | null = null;
  private closing: Promise<void> | null = null;
  private cancelRetry: (() => void) | null = null;
  /** Failed attempts since the last stable link or the operator's open / Reconnect (drives the back-off
   * and the limited rules). */
  private failures = 0;
  private linkedAt: number | null = null;
  private lastReported: LinkFailure | null = null;
  private readonly teardown = new Set<() => void>();

  constructor(private readonly options: SessionCoreOptions) {
    this.clock = options.clock ?? realClock;
    this.reconnectOn = options.reconnect ?? false;
    this.backoff = options.backoff ?? {};
  }

  get state(): SessionState {
    return this.current;
  }

  /** true once close() was called. */
  get closed(): boolean {
    return this.closing !== null;
  }

  /** The failure last reported, or null (cleared once a link stayed up STABLE_LINK_MS). */
  get lastFailure(): LinkFailure | null {
    return this.lastReported;
  }

  /** @throws SessionClosedError after close(). */
  assertOpen(): void {
    if (this.closed) throw new SessionClosedError();
  }

  /**
   * Bring the link up (the first open, or the operator's Connect): resolves once connected. A new open
   * starts a fresh reconnect series (attempt 1, the initial delay), whatever came before. While an open
   * is under way, the same promise. Rejects with a SessionFailure when the attempt fails and no retry
   * follows, a SessionClosedError when close() ends it (and at once after close()).
   */
  open(): Promise<void> {
    if (this.closed) return Promise.reject(new SessionClosedError());
    if (this.current === 'connected') return Promise.resolve();
    if (this.opening) return this.opening.promise;
    const opening = this.newOpening();
    this.startAttempt('connecting');
    return opening.promise;
  }

  /** The operator's Reconnect: drop a live link and try now, whatever the rule said before; a fresh series. */
  reconnect(): void {
    this.assertOpen();
    if (this.current === 'connecting') return; // an attempt is under way
    if (this.current === 'connected') this.options.dropLink();
    this.newOpening();
    this.startAttempt('connecting');
  }

  /** A watcher saw the device come back (serial): retry now instead of at the back-off's time. */
  retryNow(): void {
    if (this.current !== 'reconnecting' || this.cancelRetry === null) return;
    this.clearRetry();
    this.options.attempt();
  }

  /** The operator's Disconnect: drop the link, stop retrying; open() brings it back. */
  disconnect(): void {
    this.assertOpen();
    if (this.current === 'disconnected' || this.current === 'idle') return;
    this.clearRetry();
    this.options.dropLink();
    this.linkedAt = null;
    this.move('disconnected', { reason: 'disconnected by the operator' });
    this.settleOpen(new SessionFailure('closed-by-peer', 'disconnected by the operator'));
  }

  /** The link is up and data may flow; `note` (e.g. what was re-applied) goes into the status event. */
  linked(note?: string): void {
    if (this.closed) return;
    this.clearRetry();
    this.linkedAt = this.clock.now();
    this.move('connected', note ? { reason: note } : {});
    this.settleOpen(null);
  }

  /** An attempt failed, or the link was lost: retry by the rules, or stop. */
  failed(err: LinkFailure): void {
    if (this.closed) return;
    if (this.linkedAt !== null && this.clock.now() - this.linkedAt >= STABLE_LINK_MS) {
      // a link that stayed up: the back-off starts over, and its loss is news
      this.failures = 0;
      this.lastReported = null;
    }
    this.linkedAt = null;
    this.failures++;
    const rule = RECONNECT_RULES[err.code];
    const retry = this.reconnectOn && (rule === 'retry' || (typeof rule === 'number' && this.failures < rule));
    this.lastReported = { code: err.code, message: err.message };
    // every retry says why the attempt before it failed: the status line and the pane's note show this
    // event's reason, so a repeat without one would read "unknown reason" for a reason that is known
    const why = { reason: err.message, code: err.code };
    if (!retry) {
      const stopped = this.reconnectOn && rule !== 'retry' ? ` (not retried: ${rule === 'stop' ? 'a retry cannot help' : `failed ${this.failures} times`})` : '';
      this.move('disconnected', { reason: err.message + stopped, code: err.code });
      this.settleOpen(new SessionFailure(err.code, err.message));
      return;
    }
    const delay = backoffDelayMs(this.failures - 1, this.backoff);
    this.move('reconnecting', { ...why, retryInMs: delay, attempt: this.failures });
    this.clearRetry();
    this.cancelRetry = this.clock.setTimer(delay, () => {
      this.cancelRetry = null;
      if (!this.closed && this.current === 'reconnecting') this.options.attempt();
    });
  }

  /**
   * Close for good: stop retrying, run `shutDown` (send what is pending, end the link), run the teardown
   * store, then 'closed'. Idempotent: every call returns the same promise.
   */
  close(shutDown: () => Promise<void>): Promise<void> {
    if (this.closing) return this.closing;
    this.clearRetry();
    this.closing = (async () => {
      try {
        await shutDown();
      } finally {
        for (const fn of [...this.teardown]) fn();
        this.teardown.clear();
        this.move('closed');
        this.settleOpen(new SessionClosedError());
      }
    })();
    return this.closing;
  }

  /** Run `fn` at close (a timer to cancel, a listener to remove); returns a function that runs it early. */
  onClose(fn: () => void): () => void {
    this.teardown.add(fn);
    return () => {
      if (this.teardown.delete(fn)) fn();
    };
  }

  // ---- internals

  /** An attempt the operator asked for (open, Connect, Reconnect): the back-off and the count start over. */
  private startAttempt(state: 'connecting'): void {
    this.clearRetry();
    this.failures = 0;
    this.move(state);
    this.options.attempt();
  }

  private newOpening(): { promise: Promise<void> } {
    if (this.opening) return this.opening;
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // a Reconnect nobody awaits must not become an unhandled rejection
    promise.catch(() => undefined);
    this.opening = { promise, resolve, reject };
    return this.opening;
  }

  private settleOpen(err: Error | null): void {
    const o = this.opening;
    if (!o) return;
    this.opening = null;
    if (err) o.reject(err);
    else o.resolve();
  }

  private clearRetry(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
  }

  /** Move to `to` by the table and report it. @throws Error on a move the table does not allow (a bug). */
  private move(to: SessionState, extra: Omit<StatusEvent, 'type' | 'state'> = {}): void {
    const from = this.current;
    if (!SESSION_TRANSITIONS[from].includes(to)) throw new Error(`session state ${from} -> ${to} is not in the transition table`);
    this.current = to;
    this.options.emit({ type: 'status', state: to, ...extra });
  }
}
