/**
 * Session events: what every session kind (rfc2217, telnet, raw, serial) reports besides data bytes.
 * The same objects go to the renderer over IPC, to the log writers, and to `dialtone connect --events`
 * as JSON lines, so they are plain JSON with a `type` discriminator.
 */
import { z } from 'zod';
import { FLOW_CONTROLS, PARITIES, SETTING_STATES, baudSchema } from '../line/settings.js';

/** Connection states of a session. */
export const SESSION_STATES = ['connecting', 'connected', 'reconnecting', 'disconnected', 'closed'] as const;
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
  'io-error',
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
});

const settingStateSchema = z.enum(SETTING_STATES);
/** The values in effect (or requested, while unconfirmed) and how far each has got. */
export const settingsEventSchema = z.object({
  type: z.literal('settings'),
  baud: baudSchema,
  dataBits: z.number().int().min(5).max(8),
  parity: z.enum(PARITIES),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
  flow: z.enum(FLOW_CONTROLS),
  /** DTR and RTS outputs; null where the session kind has none (raw TCP). */
  dtr: tristate,
  rts: tristate,
  /** BREAK held on. */
  break: z.boolean(),
  /** Per setting: requested / confirmed / unconfirmed (no reply in time) / differs / unsupported. */
  state: z.record(z.string(), settingStateSchema),
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

export const warningEventSchema = z.object({
  type: z.literal('warning'),
  /** Stable code, e.g. 'no-ack', 'ack-differs', 'malformed-frame', 'setting-unsupported'. */
  code: z.string(),
  message: z.string(),
});

export const errorEventSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
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

export const sessionEventSchema = z.discriminatedUnion('type', [
  statusEventSchema,
  settingsEventSchema,
  modemEventSchema,
  lineEventSchema,
  warningEventSchema,
  errorEventSchema,
  controlEventSchema,
  signatureEventSchema,
]);

export type StatusEvent = z.infer<typeof statusEventSchema>;
export type SettingsEvent = z.infer<typeof settingsEventSchema>;
export type ModemEvent = z.infer<typeof modemEventSchema>;
export type LineEvent = z.infer<typeof lineEventSchema>;
export type WarningEvent = z.infer<typeof warningEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type ControlEvent = z.infer<typeof controlEventSchema>;
export type SignatureEvent = z.infer<typeof signatureEventSchema>;
/** Any session event; `type` tells which. */
export type SessionEvent = z.infer<typeof sessionEventSchema>;
