/** PendingBytes and the reconnect back-off: pure, so plain unit tests. */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';
import { PendingBytes } from './pending-bytes.js';

describe('PendingBytes', () => {
  it('keeps copies in order, bounded; a write that does not fit is refused whole', () => {
    const p = new PendingBytes(8);
    const a = Uint8Array.of(1, 2, 3);
    expect(p.push(a)).toBe(true);
    a[0] = 99; // the caller reuses its buffer: the kept copy is unaffected
    expect(p.push(Uint8Array.of(4, 5, 6, 7, 8))).toBe(true);
    expect(p.size).toBe(8);
    expect(p.push(Uint8Array.of(9))).toBe(false);
    expect(p.size).toBe(8);
    expect([...p.shift()!]).toEqual([1, 2, 3]);
    expect([...p.shift()!]).toEqual([4, 5, 6, 7, 8]);
    expect(p.shift()).toBeNull();
    expect(p.size).toBe(0);
  });

  it('clear() reports how many bytes it dropped', () => {
    const p = new PendingBytes(100);
    p.push(new Uint8Array(30));
    p.push(new Uint8Array(12));
    expect(p.clear()).toBe(42);
    expect(p.size).toBe(0);
  });

  it('stays in order across many pushes and shifts', () => {
    const p = new PendingBytes(1 << 20);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 3000; round++) {
      p.push(Uint8Array.of(next++ & 0xff));
      if (round % 3 === 0) expect(p.shift()![0]).toBe(expected++ & 0xff);
    }
    for (let c = p.shift(); c; c = p.shift()) expect(c[0]).toBe(expected++ & 0xff);
    expect(expected).toBe(next);
  });
});

describe('backoffDelayMs', () => {
  it('0.5 s doubling to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelayMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
