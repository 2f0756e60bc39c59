import { describe, expect, it } from 'vitest';
import { decodeForTerminal, encodeForLine, UNREPRESENTABLE } from './codec.js';

const all = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('decodeForTerminal', () => {
  it('hands UTF-8 bytes to xterm unchanged (the same array, no copy)', () => {
    const b = new Uint8Array([0xe2, 0x94, 0x80, 0x0d, 0x0a]);
    expect(decodeForTerminal(b, 'utf-8')).toBe(b);
  });

  it('maps Latin-1 bytes to the code points of the same value', () => {
    const s = decodeForTerminal(all, 'latin1') as string;
    expect(s).toHaveLength(256);
    for (let i = 0; i < 256; i++) expect(s.charCodeAt(i)).toBe(i);
  });

  it('maps CP437 high bytes to box drawing, Greek and accented letters', () => {
    const s = decodeForTerminal(Uint8Array.from([0x80, 0x9b, 0xb0, 0xb3, 0xc4, 0xc9, 0xcd, 0xbb, 0xdb, 0xe1, 0xe3, 0xf8, 0xfe, 0xff]), 'cp437');
    expect(s).toBe('Ç¢░│─╔═╗█ßπ°■\u00a0');
  });

  it('keeps CP437 0x00-0x7F as ASCII, controls included, so escape sequences still work', () => {
    const s = decodeForTerminal(all.subarray(0, 0x80), 'cp437') as string;
    for (let i = 0; i < 0x80; i++) expect(s.charCodeAt(i)).toBe(i);
  });

  it('gives 256 distinct characters for CP437 (a table with no duplicates)', () => {
    const s = decodeForTerminal(all, 'cp437') as string;
    expect(new Set(s).size).toBe(256);
  });
});

describe('encodeForLine', () => {
  it('round-trips every byte through Latin-1 and CP437', () => {
    for (const enc of ['latin1', 'cp437'] as const) {
      const text = decodeForTerminal(all, enc) as string;
      const { bytes, unrepresentable } = encodeForLine(text, enc);
      expect(unrepresentable).toBe(0);
      expect(Array.from(bytes)).toEqual(Array.from(all));
    }
  });

  it('encodes UTF-8 with TextEncoder', () => {
    expect(Array.from(encodeForLine('é─', 'utf-8').bytes)).toEqual([0xc3, 0xa9, 0xe2, 0x94, 0x80]);
  });

  it("sends '?' for characters the encoding lacks and counts them", () => {
    const latin = encodeForLine('a€b', 'latin1');
    expect(Array.from(latin.bytes)).toEqual([0x61, UNREPRESENTABLE, 0x62]);
    expect(latin.unrepresentable).toBe(1);
    const cp = encodeForLine('═é😀', 'cp437');
    expect(Array.from(cp.bytes)).toEqual([0xcd, 0x82, UNREPRESENTABLE]);
    expect(cp.unrepresentable).toBe(1);
  });
});
