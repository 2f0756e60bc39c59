import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EscapeKeys, parseEscapeKey, type EscapeAction } from './escape-keys.js';

const keys = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const sent = (actions: EscapeAction[]) => Buffer.concat(actions.flatMap((a) => (a.type === 'send' ? [a.bytes] : []))).toString('latin1');
const commands = (actions: EscapeAction[]) => actions.filter((a) => a.type !== 'send' && a.type !== 'say');

describe('EscapeKeys', () => {
  it('sends plain keys as they are, Ctrl+C included, and the escape key twice as itself', () => {
    const k = new EscapeKeys();
    expect(sent(k.feed(keys('AT\r\x03')))).toBe('AT\r\x03');
    expect(sent(k.feed(keys('a\x1d\x1db')))).toBe('a\x1db');
  });

  it('takes one command key after the escape key', () => {
    const k = new EscapeKeys();
    const actions = k.feed(keys('x\x1ddy\x1dr\x1db\x1dh\x1dt\x1ds\x1d?\x1dq'));
    expect(sent(actions)).toBe('xy');
    expect(commands(actions).map((a) => a.type)).toEqual(['dtr', 'rts', 'break', 'hex', 'timestamps', 'state', 'help', 'quit']);
    expect(k.feed(keys('\x1dz')).some((a) => a.type === 'say' && /not a command/.test(a.text))).toBe(true);
  });

  it('reads a baud rate after u until Enter; Esc cancels; nothing of it goes to the line', () => {
    const k = new EscapeKeys();
    expect(commands(k.feed(keys('\x1du9600\r')))).toEqual([{ type: 'baud', value: 9600 }]);
    const cancelled = k.feed(keys('\x1du11\x1bok'));
    expect(commands(cancelled)).toEqual([]);
    expect(sent(cancelled)).toBe('ok');
    expect(commands(k.feed(keys('\x1du1152000\x7f\r')))).toEqual([{ type: 'baud', value: 115200 }]);
  });

  it('gives the same actions for any split of the keys (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '\x1d', 'd', 'u', '9', '\r', '\x1b', 'q', '\x03'), { maxLength: 40 }), fc.array(fc.nat(40)), (ks, cuts) => {
        const input = keys(ks.join(''));
        const whole = new EscapeKeys().feed(input);
        const k = new EscapeKeys();
        const parts: EscapeAction[] = [];
        let from = 0;
        for (const c of [...new Set(cuts.map((x) => Math.min(x, input.length)))].sort((a, b) => a - b).concat(input.length)) {
          parts.push(...k.feed(input.subarray(from, c)));
          from = c;
        }
        expect(sent(parts)).toBe(sent(whole));
        expect(commands(parts)).toEqual(commands(whole));
      }),
      { seed: 1204, numRuns: 300 },
    );
  });

  it('parses --escape values', () => {
    expect(parseEscapeKey('^]')).toBe(0x1d);
    expect(parseEscapeKey('ctrl-t')).toBe(0x14);
    expect(parseEscapeKey('Ctrl+A')).toBe(0x01);
    expect(() => parseEscapeKey('x')).toThrow(/control key/);
  });
});
