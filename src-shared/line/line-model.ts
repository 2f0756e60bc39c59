/**
 * The line model: for every line setting (baud rate, data bits, parity, stop bits, flow control) and
 * every control line we drive (DTR, RTS, BREAK) three separate facts, in the shape pyserial keeps per
 * setting (value + state), with richer states:
 *   asked     what the operator (or the profile) asked for; null = nothing asked, the far end's value stands;
 *   inEffect  what the far end last reported as in effect (RFC 2217 section 2: every command is answered
 *             with the value in effect; a local port: what the OS reports); null = unknown;
 *   state     where it stands:
 *     'unknown'     nothing asked and nothing reported (a server that did not answer our query);
 *     'requested'   asked, the answer is not in yet;
 *     'confirmed'   the far end reported a value, equal to what was asked (or nothing was asked);
 *     'unconfirmed' asked, and no answer came in time (ser2net never acks DTR/RTS): inEffect stays unknown;
 *     'differs'     the far end reports another value than asked (inEffect holds it);
 *     'unsupported' the kind has no such thing (raw TCP has no DTR) or the far end refused it.
 * Unknown is not unsupported is not confirmed: nothing is 'confirmed' that the far end did not report, and
 * the renderer derives every enabled button and every mark from this model and nothing else.
 */
import { z } from 'zod';
import { FLOW_CONTROLS, LINE_SETTING_NAMES, PARITIES, baudSchema, type LineSettings } from './settings.js';
import type { SessionKind } from '../session/target.js';

/** Where one setting or control line stands (see the module doc). */
export const ITEM_STATES = ['unknown', 'requested', 'confirmed', 'unconfirmed', 'differs', 'unsupported'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

/** The control lines we drive: DTR and RTS (RFC 2217 SET-CONTROL 8/9, 11/12) and BREAK (5/6). */
export const CONTROL_NAMES = ['dtr', 'rts', 'break'] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];

/** Every item of the line model: the five settings in RFC 2217 order, then the control lines. */
export const LINE_ITEM_NAMES = [...LINE_SETTING_NAMES, ...CONTROL_NAMES] as const;
export type LineItemName = (typeof LINE_ITEM_NAMES)[number];

/** The schema of one tracked item whose value is `value`. */
function tracked<T extends z.ZodType>(value: T) {
  return z.object({ asked: value.nullable(), inEffect: value.nullable(), state: z.enum(ITEM_STATES) });
}

/** The line model as it crosses IPC and goes into logs and `--events` (one schema; the type is inferred). */
export const lineModelSchema = z.object({
  baud: tracked(baudSchema),
  dataBits: tracked(z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)])),
  parity: tracked(z.enum(PARITIES)),
  stopBits: tracked(z.union([z.literal(1), z.literal(1.5), z.literal(2)])),
  flow: tracked(z.enum(FLOW_CONTROLS)),
  dtr: tracked(z.boolean()),
  rts: tracked(z.boolean()),
  break: tracked(z.boolean()),
});
export type LineModel = z.infer<typeof lineModelSchema>;
/** One item of the line model: { asked, inEffect, state }. */
export type Tracked<K extends LineItemName = LineItemName> = LineModel[K];

/** A line model with every item in `state` and nothing asked or known. */
export function blankLineModel(state: ItemState = 'unknown'): LineModel {
  const m = {} as Record<LineItemName, { asked: null; inEffect: null; state: ItemState }>;
  for (const k of LINE_ITEM_NAMES) m[k] = { asked: null, inEffect: null, state };
  return m as unknown as LineModel;
}

/** A copy of `model` (items are plain objects; the copy shares nothing). */
export function cloneLineModel(model: LineModel): LineModel {
  const m = {} as Record<LineItemName, Tracked>;
  for (const k of LINE_ITEM_NAMES) m[k] = { ...model[k] };
  return m as LineModel;
}

/** What the operator (or the profile) asked for: line settings, DTR, RTS, BREAK; absent = not asked. */
export interface LineAsk {
  settings: Partial<LineSettings>;
  dtr?: boolean;
  rts?: boolean;
  break?: boolean;
}

/** The asked value of item `k` in `ask`, or null. */
function askedValue(ask: LineAsk, k: LineItemName): unknown {
  const v = k === 'dtr' || k === 'rts' || k === 'break' ? ask[k] : ask.settings[k];
  return v ?? null;
}

/**
 * The line model while no link is up (or for a kind without line control when `unsupported`): nothing
 * is in effect; an asked item is 'requested' (it goes out on connect), the rest 'unknown'.
 */
export function offlineLineModel(ask: LineAsk, unsupported = false): LineModel {
  const m = {} as Record<LineItemName, { asked: unknown; inEffect: null; state: ItemState }>;
  for (const k of LINE_ITEM_NAMES) {
    const asked = askedValue(ask, k);
    m[k] = { asked, inEffect: null, state: unsupported ? 'unsupported' : asked === null ? 'unknown' : 'requested' };
  }
  return m as unknown as LineModel;
}

/** The line settings the operator asked for (what a reconnect sends again); unasked ones are left out. */
export function askedSettings(model: LineModel): Partial<LineSettings> {
  const out: Partial<Record<keyof LineSettings, unknown>> = {};
  for (const k of LINE_SETTING_NAMES) if (model[k].asked !== null) out[k] = model[k].asked;
  return out as Partial<LineSettings>;
}

/** The settings the far end reported in effect; unknown ones are left out. */
export function settingsInEffect(model: LineModel): Partial<LineSettings> {
  const out: Partial<Record<keyof LineSettings, unknown>> = {};
  for (const k of LINE_SETTING_NAMES) if (model[k].inEffect !== null) out[k] = model[k].inEffect;
  return out as Partial<LineSettings>;
}

/**
 * The value to show for an item: the value in effect when known, else what was asked (the state then
 * says it is not confirmed), else null (show "unknown").
 */
export function shownValue<T>(item: { asked: T | null; inEffect: T | null }): T | null {
  return item.inEffect ?? item.asked;
}

/**
 * DTR/RTS can be driven on a connected session of `kind` unless the kind has none (raw TCP, plain telnet)
 * or the line model says 'unsupported' for both (a server that refused COM-PORT, a pty). Unknown is not
 * unsupported: an unknown line can be driven. The window's buttons and the model-based tests use this.
 */
export function canControlLines(kind: SessionKind | undefined, line: LineModel | undefined): boolean {
  if (kind === 'raw' || kind === 'telnet' || !line) return false;
  return !(line.dtr.state === 'unsupported' && line.rts.state === 'unsupported');
}
