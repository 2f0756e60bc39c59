/**
 * The one Session interface every kind implements (rfc2217, telnet, raw, serial). Sessions own the wire;
 * logging, the dialer, the IPC pump and the command line consume this interface and nothing below it.
 *
 * Events (node:events EventEmitter, typed by SessionEventMap):
 *   'data'  (bytes: Uint8Array)  bytes received from the line, telnet-unescaped, in order, never dropped
 *   'sent'  (bytes: Uint8Array)  bytes the operator's writes put on the line (after pacing, before escaping)
 *   'event' (ev: SessionEvent)   status, settings, modem, line, warning, error, control, signature
 */
import type { EventEmitter } from 'node:events';
import { LINE_SETTING_NAMES, MAX_BREAK_MS, breakMsSchema, lineSettingsPatchSchema, type LineSettings } from '../../src-shared/line/settings.js';
import type { LineAsk, LineModel } from '../../src-shared/line/line-model.js';
import type { ModemLines } from '../../src-shared/line/modem.js';
import type { SessionEvent, SessionState, TlsEvent } from '../../src-shared/session/events.js';
import type { TlsOptions } from '../transports/tls.js';
import type { SessionKind, Target } from '../../src-shared/session/target.js';
import type { Clock } from '../clock.js';
import type { BackoffOptions } from './backoff.js';

export interface SessionEventMap {
  data: [bytes: Uint8Array];
  sent: [bytes: Uint8Array];
  event: [ev: SessionEvent];
  /** write() returned false earlier and the queue has fallen low again: write more. */
  drain: [];
}

/** Which receive/transmit buffers PURGE-DATA (RFC 2217) or a local flush clears. */
export type PurgeTarget = 'rx' | 'tx' | 'both';

/** Options common to every session kind. Times in ms. */
export interface SessionOptions {
  /** How to trust a TLS target's server and who we are to it (rfc2217s://, telnets://, tls://). */
  tls?: TlsOptions;
  /** Requested line settings; omitted fields keep the far end's current values. */
  settings?: Partial<LineSettings>;
  /** DTR/RTS to assert on connect; undefined leaves the line as it is (safe open). */
  dtr?: boolean;
  rts?: boolean;
  /** Reconnect with back-off after a lost connection (default false for the CLI, true for the app). */
  reconnect?: boolean;
  /** The reconnect back-off: first delay and longest delay, ms (default 500 doubling to 30000). */
  backoff?: BackoffOptions;
  /** Connect timeout (network kinds), default 10000 ms. */
  connectTimeoutMs?: number;
  /** TCP keepalive idle time, default 15000 ms; 0 turns keepalive off. */
  keepaliveIdleMs?: number;
  /** How long to wait for an RFC 2217 ack before warning, default 3000 ms. */
  ackTimeoutMs?: number;
  /** Most bytes kept while not connected (written before the link is up), default 1 MiB. */
  maxPendingBytes?: number;
  /**
   * Local ports: leave DTR/RTS untouched on open and close (no set() at open, HUPCL not requested), so
   * opening does not reset a dev board. `dtr`/`rts` above are then not applied at open. Default false.
   */
  safeOpen?: boolean;
  /** Default BREAK pulse length for sendBreak() without an argument, in ms; default 250. */
  breakMs?: number;
  /** Local ports: how often CTS/DSR/DCD are read while open (no change events exist), in ms; default 100. */
  modemPollMs?: number;
  /** Time and timers (reconnect back-off, acks, BREAK pulses); default the process clock. */
  clock?: Clock;
}

/** A point-in-time view of a session, for the UI when it (re)attaches. */
export interface SessionSnapshot {
  kind: SessionKind;
  target: Target;
  state: SessionState;
  /** Per setting and control line: asked, in effect (or unknown), state. */
  line: LineModel;
  modem: ModemLines;
  signature: string | null;
  /** While connected inside TLS: what the lock shows (src-shared/session/events.ts TlsEvent). */
  tls?: Omit<TlsEvent, 'type'> | null;
  /**
   * Telnet kinds (telnet, rfc2217): BINARY (RFC 856) as agreed on the current connection, each way
   * (local: we send 8-bit data; remote: the server does); null while not connected or not yet answered
   * both ways. Absent for raw TCP and serial, which have no telnet layer.
   */
  binary?: { local: boolean; remote: boolean } | null;
  bytesReceived: number;
  bytesSent: number;
}

/**
 * A connection to one serial line, local or remote.
 *
 * Errors, the same for every kind: methods never throw for line trouble; failures arrive as 'event' of
 * type 'status' / 'error' / 'warning'. `open()` rejects when an attempt fails and no retry follows (a
 * SessionFailure whose `code` is a FailureCode) or when close() ends it. Settings LineSettings does not
 * allow throw RangeError and nothing is applied. Calls after `close()` throw SessionClosedError, and
 * `open()` after close() rejects with it. close() is idempotent: 'closed' is emitted once.
 */
export interface Session extends EventEmitter<SessionEventMap> {
  readonly kind: SessionKind;
  readonly target: Target;
  /** Connect (or open the port). Resolves once connected. */
  open(): Promise<void>;
  /** Send what is pending, then close; resolves when closed. Idempotent. */
  close(): Promise<void>;
  /**
   * Queue bytes for the line. Bytes written while not connected are kept (bounded by maxPendingBytes)
   * and sent on connect; on telnet and RFC 2217, also after 'connected' until the opening negotiation
   * settles (BINARY, COM-PORT; at most the ack timeout: NetworkSession). Returns false when the caller
   * should wait for 'drain' before writing more.
   */
  write(bytes: Uint8Array): boolean;
  /** Change line settings live; the result arrives as a 'settings' event. */
  applySettings(patch: Partial<LineSettings>): void;
  /** Set DTR and/or RTS; when both are given they go out together (one write / one ioctl). */
  setControlLines(lines: { dtr?: boolean; rts?: boolean }): void;
  /** Hold BREAK on or off. */
  setBreak(on: boolean): void;
  /** BREAK as a timed pulse, default 250 ms. */
  sendBreak(ms?: number): void;
  /** Clear receive and/or transmit buffers at the far end (RFC 2217 PURGE-DATA) or the local port. */
  purge(which: PurgeTarget): void;
  /**
   * Flow control of the source: while any owner holds a pause, no more bytes are read from the socket
   * or port (pressure goes back through TCP or the UART). Owners: 'pump', 'log', ...
   */
  setPaused(owner: string, paused: boolean): void;
  /**
   * Reconnect now (after a loss, or to re-open a port): what the operator asked for (line settings, DTR,
   * RTS; BREAK released) is applied again on the new link.
   */
  reconnect(): void;
  /**
   * The operator's Disconnect: drop the link, stop retrying, state 'disconnected'. open() brings it back
   * and re-applies what was asked, as reconnect() does. Bytes kept for the link are reported not sent.
   */
  disconnect(): void;
  snapshot(): SessionSnapshot;
}

/**
 * Check a patch of line settings before anything is applied.
 * @throws RangeError naming each field LineSettings does not allow (e.g. "baud: Too small"), and `where`.
 */
export function checkLineSettings(patch: Partial<LineSettings>, where: string): void {
  const checked = lineSettingsPatchSchema.safeParse(patch);
  if (checked.success) return;
  throw new RangeError(`line settings for ${where} rejected: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

/** What the operator asked for, as operators write it: "9600 8N1, DTR on, RTS off" (null: nothing asked). */
export function describeAsk(ask: LineAsk): string | null {
  const s = ask.settings;
  const parts: string[] = [];
  if (s.baud !== undefined) parts.push(`${s.baud} bits/s`);
  const frame = LINE_SETTING_NAMES.filter((k) => k === 'dataBits' || k === 'parity' || k === 'stopBits').filter((k) => s[k] !== undefined);
  if (frame.length > 0) parts.push(frame.map((k) => `${k === 'dataBits' ? 'data bits' : k === 'stopBits' ? 'stop bits' : 'parity'} ${String(s[k])}`).join(', '));
  if (s.flow !== undefined) parts.push(`flow ${s.flow}`);
  if (ask.dtr !== undefined) parts.push(`DTR ${ask.dtr ? 'on' : 'off'}`);
  if (ask.rts !== undefined) parts.push(`RTS ${ask.rts ? 'on' : 'off'}`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * Check a BREAK pulse length.
 * @throws RangeError unless `ms` is a whole number of ms in 1..MAX_BREAK_MS.
 */
export function checkBreakMs(ms: number): void {
  if (!breakMsSchema.safeParse(ms).success) throw new RangeError(`BREAK length must be 1..${MAX_BREAK_MS} ms, not ${String(ms)}`);
}
