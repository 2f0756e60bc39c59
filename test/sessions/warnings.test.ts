// The warning coalescer on the manual clock: a flood of one code becomes a burst and a count per second;
// nothing is dropped without being counted; other codes are not held up.
import { describe, expect, it } from 'vitest';
import { WARNING_BURST, WARNING_WINDOW_MS, WarningCoalescer } from '../../src-main/sessions/warnings.js';
import type { WarningEvent } from '../../src-shared/session/events.js';
import { ManualClock } from '../harness/manual-clock.js';

const w = (code: WarningEvent['code'], message: string): WarningEvent => ({ type: 'warning', code, message });

describe('WarningCoalescer', () => {
  it('a million warnings of one code in a second: the burst, then one warning that counts the rest', () => {
    const clock = new ManualClock();
    const out: WarningEvent[] = [];
    const c = new WarningCoalescer(clock, (ev) => out.push(ev));
    for (let i = 0; i < 1_000_000; i++) c.warn(w('malformed-frame', `IAC SE without IAC SB #${i}`));
    expect(out).toHaveLength(WARNING_BURST);
    clock.advance(WARNING_WINDOW_MS);
    expect(out).toHaveLength(WARNING_BURST + 1);
    expect(out.at(-1)).toMatchObject({ code: 'malformed-frame', count: 1_000_000 - WARNING_BURST });
    expect(out.at(-1)!.message).toMatch(/#999999 \(and 999994 more like it within 1000 ms\)/);
    // the next second starts afresh
    c.warn(w('malformed-frame', 'again'));
    expect(out.at(-1)).toEqual(w('malformed-frame', 'again'));
  });

  it('codes are counted apart; flush reports what is held at once', () => {
    const clock = new ManualClock();
    const out: WarningEvent[] = [];
    const c = new WarningCoalescer(clock, (ev) => out.push(ev));
    for (let i = 0; i < 20; i++) c.warn(w('unexpected-reply', 'flap'));
    c.warn(w('no-ack', 'SET-CONTROL (DTR): no reply'));
    c.warn(w('no-ack', 'SET-CONTROL (RTS): no reply'));
    expect(out.filter((e) => e.code === 'no-ack').map((e) => e.message)).toEqual(['SET-CONTROL (DTR): no reply', 'SET-CONTROL (RTS): no reply']);
    c.flush();
    expect(out.filter((e) => e.count !== undefined)).toEqual([expect.objectContaining({ code: 'unexpected-reply', count: 20 - WARNING_BURST })]);
    expect(clock.pending).toBe(0);
  });
});
