import { describe, expect, it } from 'vitest';
import { encodeForLine, SUBSTITUTE, TerminalDecoder, UNREPRESENTABLE } from './codec.js';

const all = Uint8Array.from({ length: 256 }, (_, i) => i);

const decode = (b: Uint8Array, enc: 'utf-8' | 'latin1' | 'cp437') => new TerminalDecoder().decode(b, enc);
const c1 = (s: string) => [...s].filter((ch) => ch.charCodeAt(0) >= 0x80 && ch.charCodeAt(0) <= 0x9f);

describe('TerminalDecoder', () => {
  it('decodes UTF-8, keeping a sequence split across chunks whole', () => {
    const d = new TerminalDecoder();
    expect(d.decode(Uint8Array.from([0x41, 0xe2, 0x94]), 'utf-8') + d.decode(Uint8Array.from([0x90, 0x0d, 0x0a]), 'utf-8')).toBe('A┐\r\n');
  });

  it('shows an invalid UTF-8 sequence as U+FFFD instead of dropping it (a wrong baud rate shows as garbage)', () => {
    expect(decode(Uint8Array.from([0x61, 0xff, 0xfe, 0x62]), 'utf-8')).toBe(`a${SUBSTITUTE}${SUBSTITUTE}b`);
  });

  it('never lets a C1 code point through, in any encoding (0x90 would start a DCS and freeze the pane)', () => {
    for (const enc of ['utf-8', 'latin1', 'cp437'] as const) expect(c1(decode(all, enc)), enc).toEqual([]);
    expect(c1(decode(Uint8Array.from([0xc2, 0x90, 0xc2, 0x9b]), 'utf-8'))).toEqual([]); // U+0090, U+009B as UTF-8
    expect(decode(Uint8Array.from([0x41, 0x90, 0x42]), 'latin1')).toBe(`A${SUBSTITUTE}B`);
  });

  it('maps Latin-1 bytes to the code points of the same value, except the C1 range', () => {
    const s = decode(all, 'latin1');
    expect(s).toHaveLength(256);
    for (let i = 0; i < 256; i++) if (i < 0x80 || i > 0x9f) expect(s.charCodeAt(i)).toBe(i);
  });

  it('maps CP437 high bytes to box drawing, Greek and accented letters (0x80-0x9F are letters there)', () => {
    const s = decode(Uint8Array.from([0x80, 0x9b, 0xb0, 0xb3, 0xc4, 0xc9, 0xcd, 0xbb, 0xdb, 0xe1, 0xe3, 0xf8, 0xfe, 0xff]), 'cp437');
    expect(s).toBe('Ç¢░│─╔═╗█ßπ°■\u00a0');
  });

  it('keeps CP437 0x00-0x7F as ASCII, controls included, so escape sequences still work', () => {
    const s = decode(all.subarray(0, 0x80), 'cp437');
    for (let i = 0; i < 0x80; i++) expect(s.charCodeAt(i)).toBe(i);
  });

  it('gives 256 distinct characters for CP437 (a table with no duplicates)', () => {
    expect(new Set(decode(all, 'cp437')).size).toBe(256);
  });
});

describe('encodeForLine', () => {
  it('round-trips every byte through Latin-1 and CP437', () => {
    for (const enc of ['latin1', 'cp437'] as const) {
      // every byte's character (Latin-1: the code point of the same value), C1 included
      const text = enc === 'latin1' ? String.fromCharCode(...all) : decode(all, enc);
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
