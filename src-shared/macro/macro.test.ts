import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksumBytes, crc16Ccitt, crc16Modbus, crc32 } from './checksum.js';
import { dryRun, MacroRun, type MacroAction } from './engine.js';
import { exampleMacros } from './examples.js';
import { macroSchema, type MacroInput } from './macro.js';
import { formatMacroText, MacroTextError, parseMacroText } from './text-form.js';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const macro = (m: MacroInput) => macroSchema.parse(m);
/** Actions as short strings, for golden comparisons. */
const show = (actions: MacroAction[]) =>
  actions.map((a) => {
    switch (a.type) {
      case 'step':
        return `step ${a.index + 1} ${a.step.kind}`;
      case 'send':
        return `send ${hex(a.bytes)}`;
      case 'control':
        return `${a.line} ${a.on ? 'on' : 'off'}`;
      case 'break':
        return `break ${a.ms}`;
      case 'settings':
        return `settings ${JSON.stringify(a.settings)}`;
      case 'transfer':
        return `transfer ${a.direction} ${a.protocol}`;
      case 'log':
        return `log ${a.action}`;
      case 'failed':
        return `failed ${a.message} | ${JSON.stringify(a.lastReceived)}`;
      default:
        return a.type;
    }
  });

describe('checksums', () => {
  it('match their check values ("123456789") and wire byte orders', () => {
    const check = bytes('123456789');
    expect(crc16Modbus(check)).toBe(0x4b37);
    expect(crc16Ccitt(check)).toBe(0x29b1);
    expect(crc32(check)).toBe(0xcbf43926);
    // Modbus RTU: read holding registers 0-1 of unit 1 is 01 03 00 00 00 02 C4 0B
    expect(hex(checksumBytes('crc16-modbus', Uint8Array.of(1, 3, 0, 0, 0, 2)))).toBe('c4 0b');
    expect(hex(checksumBytes('crc16-ccitt', check))).toBe('29 b1');
    expect(hex(checksumBytes('crc32', check))).toBe('26 39 f4 cb');
    expect(hex(checksumBytes('lrc', Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a)))).toBe('f2');
    expect(hex(checksumBytes('sum8', Uint8Array.of(0xff, 0x02)))).toBe('01');
  });
});

describe('MacroRun (golden, manual time)', () => {
  it('runs sends, a checksum in the same write, a DTR pulse, BREAK, settings and a wait, in order', () => {
    const run = new MacroRun(
      macro({
        name: 'm',
        steps: [
          { kind: 'send', syntax: 'hex', data: '01 03 00 00 00 02' },
          { kind: 'checksum', algorithm: 'crc16-modbus' },
          { kind: 'control', line: 'dtr', action: 'pulse-off', ms: 100 },
          { kind: 'break', ms: 250 },
          { kind: 'settings', settings: { baud: 9600 } },
          { kind: 'wait', text: 'OK', timeoutMs: 1000 },
          { kind: 'send', data: 'done', lineEnd: 'crlf' },
        ],
      }),
    );
    expect(show(run.start(0))).toEqual(['step 1 send', 'send 01 03 00 00 00 02 c4 0b', 'step 3 control', 'dtr off']);
    expect(run.nextDeadlineMs()).toBe(100);
    expect(show(run.tick(99))).toEqual([]);
    expect(show(run.tick(100))).toEqual(['dtr on', 'step 4 break', 'break 250']);
    expect(show(run.tick(350))).toEqual(['step 5 settings', 'settings {"baud":9600}', 'step 6 wait']);
    expect(show(run.receive(bytes('..O'), 400))).toEqual([]);
    expect(show(run.receive(bytes('K\r\n'), 410))).toEqual(['step 7 send', 'send 64 6f 6e 65 0d 0a', 'done']);
    expect(run.state).toBe('done');
  });

  it('a wait that times out, or sees an ABORT string, fails at its step with what came last', () => {
    const m = macro({ name: 'm', steps: [{ kind: 'wait', text: 'CONNECT', timeoutMs: 1000, abort: ['BUSY'] }] });
    const a = new MacroRun(m);
    a.start(0);
    a.receive(bytes('ATDT555\r\nBU'), 10);
    expect(show(a.receive(bytes('SY\r\n'), 20))).toEqual(['failed step 1 (wait): ABORT "BUSY" received | "ATDT555\\r\\nBUSY\\r\\n"']);
    const b = new MacroRun(m);
    b.start(0);
    expect(show(b.tick(1000))).toEqual(['failed step 1 (wait): no "CONNECT" within the timeout | ""']);
  });

  it('waits for a regular expression over any split; transfer and log steps wait for resume()', () => {
    const run = new MacroRun(
      macro({
        name: 'm',
        steps: [
          { kind: 'wait', regex: 'U-Boot \\d+\\.\\d+', timeoutMs: 1000 },
          { kind: 'log', action: 'start' },
          { kind: 'transfer', direction: 'send', protocol: 'ymodem' },
        ],
      }),
    );
    run.start(0);
    expect(show(run.receive(bytes('U-Boot 20'), 1))).toEqual([]);
    expect(show(run.receive(bytes('24.01 (Jan'), 2))).toEqual(['step 2 log', 'log start']);
    expect(show(run.resume(true, '', 3))).toEqual(['step 3 transfer', 'transfer send ymodem']);
    expect(show(run.resume(false, 'receiver cancelled', 4))).toEqual(['failed step 3 (transfer): receiver cancelled | "U-Boot 2024.01 (Jan"']);
  });

  it('stop() puts a pulse back; a repeating macro runs again after its interval', () => {
    const pulse = new MacroRun(macro({ name: 'm', steps: [{ kind: 'control', line: 'rts', action: 'pulse-on', ms: 500 }] }));
    pulse.start(0);
    expect(show(pulse.stop())).toEqual(['rts off', 'stopped']);
    const poll = new MacroRun(macro({ name: 'p', repeatEveryMs: 1000, steps: [{ kind: 'send', data: 'x' }] }));
    expect(show(poll.start(0))).toEqual(['step 1 send', 'send 78']);
    expect(poll.nextDeadlineMs()).toBe(1000);
    expect(show(poll.tick(1000))).toEqual(['step 1 send', 'send 78']);
    expect(show(poll.stop())).toEqual(['stopped']);
  });

  it('a send the syntax refuses fails at its step and sends nothing', () => {
    const run = new MacroRun(macro({ name: 'm', steps: [{ kind: 'send', syntax: 'hex', data: '0d 0' }] }));
    expect(show(run.start(0))).toEqual(['step 1 send', 'failed step 1 (send): "0" has an odd number of hex digits | ""']);
  });

  it('matching is split-proof: any chunking of the received bytes gives the same result (property)', () => {
    const m = macro({ name: 'm', steps: [{ kind: 'wait', text: 'CONNECT 9600', timeoutMs: 1000, abort: ['NO CARRIER'] }, { kind: 'wait', regex: 'login: ?$', timeoutMs: 1000 }, { kind: 'send', data: 'ok' }] });
    const stream = fc.constantFrom('noise\r\n', 'CONNECT 9600\r\n', 'NO CARRIER\r\n', 'login: ', 'CONN', 'ECT 96', '00');
    fc.assert(
      fc.property(fc.array(stream, { maxLength: 8 }), fc.array(fc.nat(200), { maxLength: 10 }), (parts, cuts) => {
        const input = bytes(parts.join(''));
        const outcome = (chunks: Uint8Array[]) => {
          const run = new MacroRun(m);
          run.start(0);
          const acts: string[] = [];
          for (const c of chunks) acts.push(...show(run.receive(c, 1)));
          return { state: run.state, sent: acts.filter((a) => a.startsWith('send')), failed: acts.filter((a) => a.startsWith('failed')).map((a) => a.split(' | ')[0]) };
        };
        const points = [...new Set(cuts.map((c) => Math.min(c, input.length)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, input.length]) {
          chunks.push(input.subarray(from, p));
          from = p;
        }
        expect(outcome(chunks)).toEqual(outcome([input]));
      }),
      { seed: 1401, numRuns: 300 },
    );
  });
});

describe('text form and examples', () => {
  it('every shipped example round-trips through the text form and dry-runs to its bytes', () => {
    for (const m of exampleMacros) {
      const { id: _id, ...rest } = m;
      expect(parseMacroText(formatMacroText(m))).toEqual(rest);
    }
    const dial = exampleMacros.find((m) => m.name === 'Dial echo and say hello')!;
    expect(show(dryRun(dial)).filter((a) => a.startsWith('send'))).toEqual([`send ${hex(bytes('ATDT5550100\r'))}`, `send ${hex(bytes('hello from dialtone\r'))}`]);
    const modbus = exampleMacros.find((m) => m.name.startsWith('Modbus'))!;
    expect(show(dryRun(modbus))).toContain('send 01 03 00 00 00 02 c4 0b');
  });

  it('says which line is wrong', () => {
    expect(() => parseMacroText('name "x"\nsend text "a" cr\nfrobnicate')).toThrow(new MacroTextError('unknown step "frobnicate"', 3));
    expect(() => parseMacroText('name "x"\nchecksum crc32')).toThrow(/line 2: .*a checksum must follow a send/);
    expect(() => parseMacroText('name "x"\nwait regex "(" 100')).toThrow(/line 2: .*Invalid regular expression/);
  });
});
