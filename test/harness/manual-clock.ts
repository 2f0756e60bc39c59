/**
 * A manual clock for unit tests of sessions, the simulated modem and the dialer: time moves only when the test
 * calls advance(), and due timers run in time order. A fake on purpose: the behaviour under test is
 * timing (guard times, ring cadence, pacing) that a real clock could only check with sleeps.
 */
import type { Clock } from '../../src-main/clock.js';

export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; fn: () => void }> = [];

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Move time forward by `ms`, running every timer that falls due (including ones they set). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }

  /** Timers still pending. */
  get pending(): number {
    return this.timers.length;
  }
}
