/**
 * Paced text (issue 10's paced paste, issue 13's text file send): pacing for slow consoles (a Cisco
 * console at 9600 bits/s with no flow control drops what arrives while it is busy printing), a delay
 * after each character and/or after each line, and line ends made the line's send newline. Pure: text
 * in, steps out. The renderer plays the steps for a paste (src-renderer/terminal/paste.ts), main for a
 * text file (src-main/transfer/service.ts sendText), like minicom's ascii-xfr.
 */
import type { NEWLINES } from '../ipc/profile.js';

/** What Enter puts on the line. */
export type SendNewline = (typeof NEWLINES)[number];

/**
 * Any CR LF, CR or LF line end becomes the send newline (clipboards and files carry LF or CR LF
 * depending on where the text came from).
 */
export function normaliseNewlines(text: string, mode: SendNewline): string {
  const nl = mode === 'cr' ? '\r' : mode === 'lf' ? '\n' : '\r\n';
  return text.replace(/\r\n|\r|\n/g, nl);
}

/** The longest pacing delays a profile, a request or the CLI may ask for: after a character, after a line, ms. */
export const MAX_CHAR_DELAY_MS = 10_000;
export const MAX_LINE_DELAY_MS = 60_000;

/** Pacing in ms: after each character, and after each line end (replaces the character delay there). */
export interface PastePacing {
  charDelayMs: number;
  lineDelayMs: number;
}

/** One send: `text`, then wait `delayMs` before the next step (0 for the last step). */
export interface PasteStep {
  text: string;
  delayMs: number;
}

/** Units the planner recognises; CR LF is one unit, never split between steps. */
const UNIT = /\r\n|[\s\S]/gu;
/** A line, its line end included (or the text after the last line end). */
const LINE = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/gu;

/**
 * Cut `text` into paced steps, one at a time (a long text is never held as a step per character).
 * - no delays: one step with all the text;
 * - a line delay only: one step per line (the line end included), then the line delay;
 * - a character delay: one step per character (CR LF counts as one), then the character delay, or the
 *   line delay after a line end when that is set.
 * Negative or non-finite delays count as 0. The last step's delay is 0.
 */
export function* pasteSteps(text: string, pacing: PastePacing): Generator<PasteStep> {
  const charDelay = sane(pacing.charDelayMs);
  const lineDelay = sane(pacing.lineDelayMs);
  if (text === '') return;
  if (charDelay === 0 && lineDelay === 0) {
    yield { text, delayMs: 0 };
    return;
  }
  const re = new RegExp(charDelay === 0 ? LINE : UNIT);
  let prev: PasteStep | null = null;
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    if (prev) yield prev;
    const unit = m[0];
    const isLineEnd = unit === '\r\n' || unit === '\r' || unit === '\n';
    prev = { text: unit, delayMs: charDelay === 0 ? lineDelay : isLineEnd && lineDelay > 0 ? lineDelay : charDelay };
  }
  if (prev) yield { ...prev, delayMs: 0 };
}

/** pasteSteps as an array (a paste from the clipboard: its length is shown as it goes). */
export function planPaste(text: string, pacing: PastePacing): PasteStep[] {
  return [...pasteSteps(text, pacing)];
}

function sane(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}
