import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiveNewlineTranslator, translateSend, type ReceiveNewline } from './newline.js';
import { normaliseNewlines } from '../../src-shared/bytes/paced-text.js';

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const dec = (b: Uint8Array) => String.fromCharCode(...b);
const run = (mode: ReceiveNewline, ...chunks: string[]) => {
  const t = new ReceiveNewlineTranslator(mode);
  return chunks.map((c) => dec(t.translate(enc(c)))).join('');
};

/** The translation one byte at a time, straight from the module doc. */
function reference(mode: ReceiveNewline, text: string): string {
  let out = '';
  let afterCr = false;
  for (const c of text) {
    if (mode === 'crlf') out += c;
    else if (mode === 'cr' || mode === 'lf') out += c === (mode === 'cr' ? '\r' : '\n') ? '\r\n' : c;
    else {
      if (afterCr && (c === '\r' || c === '\n')) {
        if (c === '\n') afterCr = false;
        continue;
      }
      afterCr = c === '\r';
      out += c === '\r' || c === '\n' ? '\r\n' : c;
    }
  }
  return out;
}

describe('ReceiveNewlineTranslator', () => {
  it("'crlf' passes bytes as they are (and returns the same array)", () => {
    const b = enc('a\rb\nc\r\n');
    expect(new ReceiveNewlineTranslator('crlf').translate(b)).toBe(b);
  });

  it("'cr' turns each CR into CR LF", () => {
    expect(run('cr', 'Router>\rRouter>\r')).toBe('Router>\r\nRouter>\r\n');
  });

  it("'lf' turns each LF into CR LF", () => {
    expect(run('lf', 'one\ntwo\n')).toBe('one\r\ntwo\r\n');
  });

  it("'auto' makes one newline of CR, LF or CR LF", () => {
    expect(run('auto', 'a\rb\nc\r\nd')).toBe('a\r\nb\r\nc\r\nd');
  });

  it("'auto' keeps a CR LF split across two reads as one newline", () => {
    expect(run('auto', 'abc\r', '\ndef')).toBe('abc\r\ndef');
  });

  it("'auto' makes one newline of a modem's echoed CR and its CR LF result line, keeping blank lines", () => {
    expect(run('auto', 'ATI\r', '\r\nDEMO 33600\r\n\r\nOK\r\n')).toBe('ATI\r\nDEMO 33600\r\n\r\nOK\r\n');
    expect(run('auto', 'a\r\r\rb')).toBe('a\r\nb');
  });

  it("'auto' moves to the next line as soon as a CR arrives", () => {
    const t = new ReceiveNewlineTranslator('auto');
    expect(dec(t.translate(enc('abc\r')))).toBe('abc\r\n');
    expect(dec(t.translate(enc('def')))).toBe('def');
  });

  it("'auto' gives the same output for any split of the input (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\r', '\n', '\x1b'), { maxLength: 40 }), fc.array(fc.nat(40), { maxLength: 6 }), (chars, cuts) => {
        const text = chars.join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const pieces: string[] = [];
        let at = 0;
        for (const p of points) {
          pieces.push(text.slice(at, p));
          at = p;
        }
        pieces.push(text.slice(at));
        const whole = run('auto', text);
        const split = run('auto', ...pieces);
        expect(split).toBe(whole);
      }),
    );
  });

  it("'auto' returns the same array when every line end is already CR LF (no copy on a flood)", () => {
    const b = enc('line 1\r\nline 2\r\nmore');
    expect(new ReceiveNewlineTranslator('auto').translate(b)).toBe(b);
  });

  it('every mode gives what a byte-at-a-time reference gives, for any chunks (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReceiveNewline>('auto', 'cr', 'lf', 'crlf'),
        fc.array(fc.array(fc.constantFrom('a', '\r', '\n', 'b'), { maxLength: 12 }), { maxLength: 6 }),
        (mode, chunks) => {
          const pieces = chunks.map((c) => c.join(''));
          expect(run(mode, ...pieces)).toBe(reference(mode, pieces.join('')));
        },
      ),
    );
  });

  it('forgets a pending CR when the mode changes', () => {
    const t = new ReceiveNewlineTranslator('auto');
    t.translate(enc('x\r'));
    t.setMode('crlf');
    expect(dec(t.translate(enc('y')))).toBe('y');
  });
});

describe('translateSend', () => {
  it('rewrites the CR xterm sends for Enter', () => {
    expect(translateSend('show run\r', 'cr')).toBe('show run\r');
    expect(translateSend('ls\r', 'lf')).toBe('ls\n');
    expect(translateSend('AT\r', 'crlf')).toBe('AT\r\n');
  });
});

describe('normaliseNewlines', () => {
  it('turns CR LF, CR and LF line ends into the send newline', () => {
    expect(normaliseNewlines('a\r\nb\nc\rd', 'cr')).toBe('a\rb\rc\rd');
    expect(normaliseNewlines('a\r\nb\nc\rd', 'crlf')).toBe('a\r\nb\r\nc\r\nd');
  });
});
