import { describe, expect, it } from 'vitest';
import { adler32Update, adler32Value, createChecksums } from './adler32.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('Adler-32 (RFC 1950)', () => {
  it('matches the known value of "Wikipedia"', () => {
    expect(adler32Value(adler32Update({ a: 1, b: 0 }, ascii('Wikipedia')))).toBe(0x11e60398);
  });

  it('is 1 for no bytes', () => {
    expect(adler32Value({ a: 1, b: 0 })).toBe(1);
  });

  it('gives the same value however the bytes are split, and stays unsigned for large inputs', () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) & 0xff).fill(0xff, 50_000, 60_000);
    const whole = adler32Value(adler32Update({ a: 1, b: 0 }, big));
    let s = { a: 1, b: 0 };
    for (let i = 0; i < big.length; i += 4097) s = adler32Update(s, big.subarray(i, i + 4097));
    expect(adler32Value(s)).toBe(whole);
    expect(whole).toBeGreaterThanOrEqual(0);
  });

  it('is kept per session', () => {
    const c = createChecksums();
    c.add('s1', ascii('Wiki'));
    c.add('s1', ascii('pedia'));
    c.add('s2', ascii('x'));
    expect(c.value('s1')).toBe(0x11e60398);
    expect(c.value('s3')).toBe(1);
  });
});
