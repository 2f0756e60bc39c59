import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSendHex, formatSendText, MAX_SEND_BYTES, parseSend, SendSyntaxError } from './send-syntax.js';

// a global in Node and every browser; src-shared's lib has no DOM (as in ipc/wire.ts)
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };

const bytesOf = (...b: number[]) => Uint8Array.from(b);

describe('parseSend, text', () => {
  it('takes escapes byte-exact and other characters as UTF-8', () => {
    expect(parseSend('AT\\r', 'text')).toEqual(bytesOf(0x41, 0x54, 0x0d));
    expect(parseSend('\\xaa\\xFF\\x00\\\\\\t\\n\\0\\e', 'text')).toEqual(bytesOf(0xaa, 0xff, 0x00, 0x5c, 0x09, 0x0a, 0x00, 0x1b));
    expect(parseSend('é', 'text')).toEqual(bytesOf(0xc3, 0xa9));
    expect(parseSend('', 'text')).toEqual(bytesOf());
  });

  it('refuses a malformed escape with where it is', () => {
    for (const [input, at, message] of [
      ['ab\\xZ1', 2, /two hex digits/],
      ['\\x1', 0, /two hex digits/],
      ['x\\q', 1, /unknown escape \\q/],
      ['end\\', 3, /lone \\/],
    ] as const) {
      const err = (() => {
        try {
          parseSend(input, 'text');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err, input).toBeInstanceOf(SendSyntaxError);
      expect((err as SendSyntaxError).at, input).toBe(at);
      expect((err as SendSyntaxError).message, input).toMatch(message);
    }
  });
});

describe('parseSend, hex', () => {
  it('takes the usual ways of writing bytes', () => {
    for (const input of ['0D 0A', '0x0d,0x0a', '0d0a', '0D:0A', ' 0d-0A ']) expect(parseSend(input, 'hex'), input).toEqual(bytesOf(0x0d, 0x0a));
    expect(parseSend('aa', 'hex')).toEqual(bytesOf(0xaa)); // one byte, never EF BD BF
  });

  it('refuses odd digit counts and non-hex digits, sending nothing', () => {
    expect(() => parseSend('0d 0', 'hex')).toThrow(/odd number of hex digits/);
    expect(() => parseSend('0dg0', 'hex')).toThrow(/"g" is not a hex digit/);
    expect(() => parseSend('0x', 'hex')).toThrow(SendSyntaxError);
  });

  it('bounds one send', () => {
    expect(() => parseSend('00'.repeat(MAX_SEND_BYTES + 1), 'hex')).toThrow(/at most/);
  });
});

describe('round trips (properties)', () => {
  it('every byte value survives the text form and the hex form', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(parseSend(formatSendText(all), 'text')).toEqual(all);
    expect(parseSend(formatSendHex(all), 'hex')).toEqual(all);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(parseSend(formatSendText(b), 'text')).toEqual(b);
        expect(parseSend(formatSendHex(b), 'hex')).toEqual(b);
      }),
      { seed: 1129, numRuns: 500 },
    );
  });

  it('text without backslashes is its UTF-8 encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }).filter((s) => !s.includes('\\')), (s) => {
        expect(parseSend(s, 'text')).toEqual(new TextEncoder().encode(s));
      }),
      { seed: 1130, numRuns: 300 },
    );
  });
});
