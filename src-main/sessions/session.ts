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
import type { LineSettings } from '../../src-shared/line/settings.js';
import type { ModemLines } from '../../src-shared/line/modem.js';
import type { SessionEvent, SessionState, SettingsEvent } from '../../src-shared/session/events.js';
import type { SessionKind, Target } from '../../src-shared/session/target.js';

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
  /** Requested line settings; omitted fields keep the far end's current values. */
  settings?: Partial<LineSettings>;
  /** DTR/RTS to assert on connect; undefined leaves the line as it is (safe open). */
  dtr?: boolean;
  rts?: boolean;
  /** Reconnect with back-off after a lost connection (default false for the CLI, true for the app). */
  reconnect?: boolean;
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
}

/** A point-in-time view of a session, for the UI when it (re)attaches. */
export interface SessionSnapshot {
  kind: SessionKind;
  target: Target;
  state: SessionState;
  settings: SettingsEvent | null;
  modem: ModemLines;
  signature: string | null;
  bytesReceived: number;
  bytesSent: number;
}

/**
 * A connection to one serial line, local or remote.
 *
 * Errors: methods never throw for line trouble; failures arrive as 'event' of type 'status' / 'error' /
 * 'warning'. `open()` rejects only when the first attempt fails and reconnect is off (with an Error whose
 * `code` is a FailureCode). Calls after `close()` throw `Error('session closed')`.
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
   * and sent on connect. Returns false when the caller should wait for 'drain' before writing more.
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
  /** Reconnect now (after a loss, or to re-open a port). */
  reconnect(): void;
  snapshot(): SessionSnapshot;
}
