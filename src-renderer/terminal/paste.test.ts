import { describe, expect, it } from 'vitest';
import { PasteRunner, planPaste, type PasteTimer } from './paste.js';

/** A timer driven by hand: no real time passes in these tests. */
class FakeTimer implements PasteTimer {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  /** Run timers due within `ms`, in time order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const t = this.queue[0];
      if (!t || t.at > end) break;
      this.queue.shift();
      this.now = t.at;
      t.fn();
    }
    this.now = end;
  }
  get pending(): number {
    return this.queue.length;
  }
}

describe('planPaste', () => {
  it('sends everything at once without delays', () => {
    expect(planPaste('conf t\rint g0/1\r', { charDelayMs: 0, lineDelayMs: 0 })).toEqual([{ text: 'conf t\rint g0/1\r', delayMs: 0 }]);
  });

  it('sends line by line with only a line delay (the line end stays with its line)', () => {
    expect(planPaste('a\r\nbb\r\nc', { charDelayMs: 0, lineDelayMs: 200 })).toEqual([
      { text: 'a\r\n', delayMs: 200 },
      { text: 'bb\r\n', delayMs: 200 },
      { text: 'c', delayMs: 0 },
    ]);
  });

  it('sends char by char with a char delay, the line delay after line ends, CR LF as one unit', () => {
    expect(planPaste('ab\r\nc', { charDelayMs: 5, lineDelayMs: 100 })).toEqual([
      { text: 'a', delayMs: 5 },
      { text: 'b', delayMs: 5 },
      { text: '\r\n', delayMs: 100 },
      { text: 'c', delayMs: 0 },
    ]);
  });

  it('treats negative and non-finite delays as 0 and plans nothing for empty text', () => {
    expect(planPaste('x\ry', { charDelayMs: -1, lineDelayMs: Number.NaN })).toEqual([{ text: 'x\ry', delayMs: 0 }]);
    expect(planPaste('', { charDelayMs: 10, lineDelayMs: 10 })).toEqual([]);
  });

  it('keeps astral characters whole', () => {
    expect(planPaste('😀a', { charDelayMs: 1, lineDelayMs: 0 }).map((s) => s.text)).toEqual(['😀', 'a']);
  });
});

describe('PasteRunner', () => {
  it('sends the first step at once and each next one after the previous delay', async () => {
    const timer = new FakeTimer();
    const sent: [number, string][] = [];
    const runner = new PasteRunner(planPaste('ab\rc', { charDelayMs: 10, lineDelayMs: 300 }), (t) => sent.push([timer.now, t]), timer).start();
    expect(sent).toEqual([[0, 'a']]);
    timer.advance(10);
    expect(sent).toEqual([
      [0, 'a'],
      [10, 'b'],
    ]);
    timer.advance(1000);
    expect(sent).toEqual([
      [0, 'a'],
      [10, 'b'],
      [20, '\r'],
      [320, 'c'],
    ]);
    await expect(runner.done).resolves.toBe(4);
    expect(runner.active).toBe(false);
    expect(timer.pending).toBe(0);
  });

  it('stops on cancel: what was sent stays sent, nothing more goes', async () => {
    const timer = new FakeTimer();
    const sent: string[] = [];
    const progress: number[] = [];
    const runner = new PasteRunner(planPaste('abcd', { charDelayMs: 50, lineDelayMs: 0 }), (t) => sent.push(t), timer, (n) => progress.push(n)).start();
    timer.advance(50);
    runner.cancel();
    timer.advance(1000);
    expect(sent).toEqual(['a', 'b']);
    expect(progress).toEqual([1, 2]);
    await expect(runner.done).resolves.toBe(2);
    expect(timer.pending).toBe(0);
  });

  it('finishes at once for an empty plan', async () => {
    const runner = new PasteRunner([], () => expect.fail('nothing to send'), new FakeTimer()).start();
    await expect(runner.done).resolves.toBe(0);
  });
});
