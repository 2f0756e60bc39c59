/**
 * Session events: what every session kind (rfc2217, telnet, raw, serial) reports besides data bytes.
 * The same objects go to the renderer over IPC, to the log writers, and to `dialtone connect --events`
 * as JSON lines, so they are plain JSON with a `type` discriminator.
 */
import { z } from 'zod';
import { lineModelSchema } from '../line/line-model.js';

/**
 * Connection states of a session: 'idle' (made, never opened), 'connecting' (an open or reconnect asked
 * for), 'connected' (data may flow), 'reconnecting' (lost; the next attempt in retryInMs), 'disconnected'
 * (stopped: a failure not retried, or the operator's Disconnect; open() again brings it back), 'closed'
 * (for good). The transitions are in src-main/sessions/session-core.ts.
 */
export const SESSION_STATES = ['idle', 'connecting', 'connected', 'reconnecting', 'disconnected', 'closed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Why a connection attempt or a connection failed; stable codes for tests and the UI. */
export const FAILURE_CODES = [
  'refused',
  'unreachable',
  'unknown-host',
  'timeout',
  'reset',
  'closed-by-peer',
  'no-such-port',
  'permission-denied',
  'port-busy',
  'port-vanished',
  'not-a-serial-port',
  'io-error',
  'tls-handshake',
  'tls-credentials',
  'tls-untrusted',
  'tls-pin-mismatch',
  'tls-unknown-certificate',
  'tls-certificate-changed',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

const tristate = z.boolean().nullable();

export const statusEventSchema = z.object({
  type: z.literal('status'),
  state: z.enum(SESSION_STATES),
  /** Human-readable reason, e.g. "connection refused by 127.0.0.1:7001". */
  reason: z.string().optional(),
  code: z.enum(FAILURE_CODES).optional(),
  /** Milliseconds until the next reconnect attempt, when state is 'reconnecting'. */
  retryInMs: z.number().optional(),
  /** Which retry this is (1 for the first), when state is 'reconnecting'. */
  attempt: z.number().int().optional(),
});

/**
 * The line model (src-shared/line/line-model.ts): per setting and per control line (DTR, RTS, BREAK) what
 * was asked, what the far end reports in effect (null: unknown), and the state. Sent whenever any changes.
 */
export const settingsEventSchema = z.object({
  type: z.literal('settings'),
  line: lineModelSchema,
});

export const modemEventSchema = z.object({
  type: z.literal('modem'),
  cts: tristate,
  dsr: tristate,
  ri: tristate,
  dcd: tristate,
  /** Which lines changed since the previous modem event ('cts' | 'dsr' | 'ri' | 'dcd'). */
  changed: z.array(z.enum(['cts', 'dsr', 'ri', 'dcd'])).optional(),
});

export const lineEventSchema = z.object({
  type: z.literal('line'),
  overrunError: z.boolean(),
  parityError: z.boolean(),
  framingError: z.boolean(),
  breakDetect: z.boolean(),
  timeoutError: z.boolean(),
  dataReady: z.boolean(),
  transferHoldingRegisterEmpty: z.boolean(),
  transferShiftRegisterEmpty: z.boolean(),
});

/**
 * Warning codes: something the operator should know that did not stop the session.
 *   From the RFC 2217 engine: 'no-ack' (a command unanswered within the ack timeout), 'ack-differs' (the
 *   far end reports another value), 'malformed-frame', 'unexpected-reply', 'option-refused' (COM-PORT or
 *   another option we need), 'quirk-reply' (a known server quirk recognised), 'unsupported' (a COM-PORT
 *   command with no COM-PORT to carry it).
 *   From sessions: 'setting-unsupported' (the kind, port or OS cannot do a setting), 'control-unsupported'
 *   (DTR/RTS/BREAK cannot be set, e.g. on a pty), 'modem-lines-unavailable', 'not-connected' (a control
 *   action while no link is up), 'purge-failed', 'purge-discarded', 'io-error'.
 *   From logs: 'log-renamed' (the file named exists: a new name). From the app: 'port-renamed' (a local
 *   port opened under its system's name, e.g. macOS's /dev/cu.NAME for a typed /dev/tty.NAME).
 */
export const WARNING_CODES = [
  'no-ack', 'ack-differs', 'malformed-frame', 'unexpected-reply', 'option-refused', 'quirk-reply', 'unsupported',
  'setting-unsupported', 'control-unsupported', 'modem-lines-unavailable', 'not-connected', 'purge-failed',
  'purge-discarded', 'io-error', 'log-renamed', 'port-renamed',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * Error codes: bytes or a log were lost to a fault, and the operator is told how many.
 *   'not-sent' (bytes written that never went out: closed or lost first), 'queue-overflow' (a write beyond
 *   the outbound queue's bound, refused whole), 'log-failed' (a session log stopped: disk full, ...).
 */
export const ERROR_CODES = ['not-sent', 'queue-overflow', 'log-failed'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const warningEventSchema = z.object({
  type: z.literal('warning'),
  code: z.enum(WARNING_CODES),
  message: z.string(),
  /** Coalesced: this many warnings of the code came within a second (the message is the last one's). */
  count: z.number().int().min(1).optional(),
});

export const errorEventSchema = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
});

/** A control action the operator took (for logs and the UI): DTR/RTS change, BREAK, purge. */
export const controlEventSchema = z.object({
  type: z.literal('control'),
  action: z.enum(['dtr', 'rts', 'break', 'break-pulse', 'purge']),
  /** on/off for dtr, rts and break; pulse length in ms for break-pulse; 'rx' | 'tx' | 'both' for purge. */
  value: z.union([z.boolean(), z.number(), z.enum(['rx', 'tx', 'both'])]),
});

/** The far end's identity (RFC 2217 SIGNATURE). */
export const signatureEventSchema = z.object({
  type: z.literal('signature'),
  text: z.string(),
});

/**
 * The link runs inside TLS: what the status bar's lock shows. Sent once per connection, after the
 * handshake, before 'connected'. `trust` says how the server was trusted (ca, pin, known: trust on first
 * use, insecure: nothing checked, on the operator's word).
 */
export const tlsEventSchema = z.object({
  type: z.literal('tls'),
  protocol: z.string(),
  cipher: z.string(),
  fingerprint256: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  trust: z.enum(['ca', 'pin', 'known', 'insecure']),
});

export const sessionEventSchema = z.discriminatedUnion('type', [
  statusEventSchema,
  settingsEventSchema,
  modemEventSchema,
  lineEventSchema,
  warningEventSchema,
  errorEventSchema,
  controlEventSchema,
  signatureEventSchema,
  tlsEventSchema,
]);

export type StatusEvent = z.infer<typeof statusEventSchema>;
export type SettingsEvent = z.infer<typeof settingsEventSchema>;
export type ModemEvent = z.infer<typeof modemEventSchema>;
export type LineEvent = z.infer<typeof lineEventSchema>;
export type WarningEvent = z.infer<typeof warningEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type ControlEvent = z.infer<typeof controlEventSchema>;
export type SignatureEvent = z.infer<typeof signatureEventSchema>;
export type TlsEvent = z.infer<typeof tlsEventSchema>;
/** Any session event; `type` tells which. */
export type SessionEvent = z.infer<typeof sessionEventSchema>;
