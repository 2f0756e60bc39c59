/**
 * Paced paste: `PasteRunner` plays the steps of planPaste (src-shared/bytes/paced-text.ts) through an
 * injected timer, so tests drive it without real time. Pasted text must already carry the send newline
 * (normaliseNewlines).
 */
import type { PasteStep } from '../../src-shared/bytes/paced-text.js';

export { planPaste, type PastePacing, type PasteStep } from '../../src-shared/bytes/paced-text.js';

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
