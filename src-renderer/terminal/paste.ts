/**
 * Paste pacing for slow consoles (a Cisco console at 9600 bits/s with no flow control drops what
 * arrives while it is busy printing): a delay after each character and/or after each line.
 *
 * `planPaste` is pure (text in, steps out); `PasteRunner` plays the steps through an injected timer so
 * tests drive it without real time. Pasted text must already carry the send newline
 * (see normalisePastedNewlines).
 */

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

/** Line ends the planner recognises; CR LF is one unit, never split between steps. */
const UNIT = /\r\n|[\s\S]/gu;

/**
 * Cut `text` into paced steps.
 * - no delays: one step with all the text;
 * - a line delay only: one step per line (the line end included), then the line delay;
 * - a character delay: one step per character (CR LF counts as one), then the character delay, or the
 *   line delay after a line end when that is set.
 * Negative or non-finite delays count as 0. The last step's delay is 0.
 */
export function planPaste(text: string, pacing: PastePacing): PasteStep[] {
  const charDelay = sane(pacing.charDelayMs);
  const lineDelay = sane(pacing.lineDelayMs);
  if (text === '') return [];
  const steps: PasteStep[] = [];
  if (charDelay === 0 && lineDelay === 0) {
    steps.push({ text, delayMs: 0 });
  } else if (charDelay === 0) {
    const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [];
    for (const line of lines) steps.push({ text: line, delayMs: lineDelay });
  } else {
    for (const unit of text.match(UNIT) ?? []) {
      const isLineEnd = unit === '\r\n' || unit === '\r' || unit === '\n';
      steps.push({ text: unit, delayMs: isLineEnd && lineDelay > 0 ? lineDelay : charDelay });
    }
  }
  steps[steps.length - 1]!.delayMs = 0;
  return steps;
}

function sane(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** The timer PasteRunner uses (window's in the app, a fake in tests). */
export interface PasteTimer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Plays paste steps: sends the first at once, each next one after the previous step's delay.
 * `done` resolves with the number of characters sent (fewer than the total when cancelled).
 */
export class PasteRunner {
  private index = 0;
  private handle: unknown = null;
  private sent = 0;
  private finished = false;
  private resolveDone!: (sent: number) => void;
  readonly done: Promise<number>;
  readonly totalChars: number;

  constructor(
    private readonly steps: readonly PasteStep[],
    private readonly send: (text: string) => void,
    private readonly timer: PasteTimer,
    private readonly onProgress?: (sentChars: number, totalChars: number) => void,
  ) {
    this.totalChars = steps.reduce((n, s) => n + s.text.length, 0);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Start sending. Calling it twice has no further effect. */
  start(): this {
    if (this.index === 0 && this.handle === null && !this.finished) this.next();
    return this;
  }

  /** Stop before the next step; what was sent stays sent. */
  cancel(): void {
    if (this.finished) return;
    if (this.handle !== null) this.timer.clearTimeout(this.handle);
    this.finish();
  }

  get active(): boolean {
    return !this.finished;
  }

  private next(): void {
    this.handle = null;
    const step = this.steps[this.index++];
    if (!step) return this.finish();
    this.send(step.text);
    this.sent += step.text.length;
    this.onProgress?.(this.sent, this.totalChars);
    if (this.index >= this.steps.length) return this.finish();
    this.handle = this.timer.setTimeout(() => this.next(), step.delayMs);
  }

  private finish(): void {
    this.finished = true;
    this.handle = null;
    this.resolveDone(this.sent);
  }
}
