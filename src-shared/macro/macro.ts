/**
 * Macros (issue 14): a short sequence of steps that drives the line, run from a button, a function key
 * or `dialtone run`. One zod schema; the types are inferred. A macros file is
 * `{ dialtone: "macros", version: 1, macros: [...] }`.
 *
 * Steps:
 *   send      bytes in the send bar's syntax (text with escapes, or hex), with a line end appended
 *   checksum  appends a checksum (checksum.ts) over the bytes of the send just before it, in one write
 *   control   DTR or RTS on, off, or a pulse of `ms` (set to the other state, back after ms)
 *   break     a BREAK of `ms`
 *   wait      for text (chat(8) matching: any split of the received bytes) or a regular expression, up
 *             to `timeoutMs`, failing early when an ABORT string appears
 *   delay     `ms`
 *   settings  line settings (baud, data bits, parity, stop bits, flow)
 *   transfer  send or receive a file (protocol; the file is chosen where the macro runs)
 *   log       start or stop the session log
 * A macro may repeat every `repeatEveryMs` (a poll) until stopped.
 */
import { z } from 'zod';
import { lineSettingsPatchSchema } from '../line/settings.js';
import { CHECKSUMS } from './checksum.js';
import { TRANSFER_PROTOCOLS } from '../transfer/protocols.js';

export { TRANSFER_PROTOCOLS };

/** Most steps in a macro, and the longest time any step may name (ms). */
export const MAX_MACRO_STEPS = 200;
export const MAX_STEP_MS = 3_600_000;
/** Most macros stored or in one file. */
export const MAX_MACROS = 500;

const ms = z.number().int().min(0).max(MAX_STEP_MS);
const positiveMs = z.number().int().min(1).max(MAX_STEP_MS);

export const SEND_LINE_END_NAMES = ['none', 'cr', 'lf', 'crlf'] as const;
/** Function keys a macro may be bound to. */
export const MACRO_KEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'] as const;

export const macroStepSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('send'),
    syntax: z.enum(['text', 'hex']).default('text'),
    data: z.string().max(16_384),
    lineEnd: z.enum(SEND_LINE_END_NAMES).default('none'),
  }),
  z.strictObject({ kind: z.literal('checksum'), algorithm: z.enum(CHECKSUMS) }),
  z.strictObject({ kind: z.literal('control'), line: z.enum(['dtr', 'rts']), action: z.enum(['on', 'off', 'pulse-on', 'pulse-off']), ms: ms.default(100) }),
  z.strictObject({ kind: z.literal('break'), ms: positiveMs.default(250) }),
  z.strictObject({
    kind: z.literal('wait'),
    text: z.string().min(1).max(256).optional(),
    regex: z.string().min(1).max(256).optional(),
    timeoutMs: positiveMs.default(10_000),
    abort: z.array(z.string().min(1).max(256)).max(16).default([]),
  }),
  z.strictObject({ kind: z.literal('delay'), ms: positiveMs }),
  z.strictObject({ kind: z.literal('settings'), settings: lineSettingsPatchSchema }),
  z.strictObject({
    kind: z.literal('transfer'),
    direction: z.enum(['send', 'receive']),
    protocol: z.enum(TRANSFER_PROTOCOLS),
    /** Send: the file's name in the host's transfer folder (no path); absent: chosen where the macro runs. */
    file: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\\0]+$/, 'a file name, not a path')
      .refine((f) => f !== '.' && f !== '..', 'a file name, not a path')
      .optional(),
  }),
  z.strictObject({ kind: z.literal('log'), action: z.enum(['start', 'stop']) }),
]);
export type MacroStep = z.infer<typeof macroStepSchema>;
export type MacroStepInput = z.input<typeof macroStepSchema>;

export const macroSchema = z
  .strictObject({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
    name: z.string().trim().min(1, 'macro name is empty').max(80),
    /** A function key that runs it (in the window). */
    key: z.enum(MACRO_KEYS).optional(),
    /** Run again every this many ms until stopped (a poll); absent: once. */
    repeatEveryMs: positiveMs.optional(),
    steps: z.array(macroStepSchema).min(1, 'a macro needs at least one step').max(MAX_MACRO_STEPS),
  })
  .superRefine((m, ctx) => {
    m.steps.forEach((s, i) => {
      if (s.kind === 'checksum' && m.steps[i - 1]?.kind !== 'send' && m.steps[i - 1]?.kind !== 'checksum') {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: `step ${i + 1}: a checksum must follow a send` });
      }
      if (s.kind === 'wait' && (s.text === undefined) === (s.regex === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: `step ${i + 1}: a wait needs either text or a regular expression` });
      }
      if (s.kind === 'wait' && s.regex !== undefined) {
        try {
          new RegExp(s.regex);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['steps', i], message: `step ${i + 1}: ${(err as Error).message}` });
        }
      }
    });
  });
export type Macro = z.infer<typeof macroSchema>;
export type MacroInput = z.input<typeof macroSchema>;

/** The export/import file. */
export const macrosFileSchema = z.strictObject({
  dialtone: z.literal('macros'),
  version: z.literal(1),
  macros: z.array(macroSchema).max(MAX_MACROS),
});
export type MacrosFile = z.infer<typeof macrosFileSchema>;
