/**
 * Chat scripts: parsing (pppd chat files, Cisco chat-script lines, every keyword and escape) and the
 * sans-I/O engine (golden runs: matches split across chunks, ABORT, TIMEOUT, fallbacks, REPORT), plus a
 * fast-check property: any split of the received bytes gives the same actions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ChatScriptError,
  expandExpect,
  expandSend,
  formatChatScript,
  importCiscoChatScripts,
  parseChatScript,
  parseCiscoChatScript,
  tokenizeChat,
} from '../../src-shared/dialer/chat-script.js';
import { ChatEngine, type ChatAction } from '../../src-shared/dialer/chat-engine.js';

const vars = { phone: '5550100', phone2: '5550101' };

/** Run a script over a transcript of receives and ticks; return the actions as compact strings. */
function run(
  scriptText: string,
  transcript: Array<{ at: number; rx?: string }>,
  opts: { dialect?: 'pppd' | 'cisco'; phone?: string } = {},
): string[] {
  const engine = new ChatEngine(parseChatScript(scriptText, opts.dialect ?? 'pppd'), { phone: opts.phone ?? '5550100' });
  const log: string[] = [];
  const note = (acts: ChatAction[]) => {
    for (const a of acts) log.push(show(a));
  };
  note(engine.start(0));
  for (const step of transcript) {
    // fire due deadlines first, as a timer would
    for (let d = engine.nextDeadlineMs(); d !== null && d <= step.at; d = engine.nextDeadlineMs()) {
      const before = d;
      note(engine.tick(d));
      if (engine.nextDeadlineMs() === before) break;
    }
    if (step.rx !== undefined) note(engine.receive(Buffer.from(step.rx, 'latin1'), step.at));
    else note(engine.tick(step.at));
  }
  return log;
}

function show(a: ChatAction): string {
  switch (a.type) {
    case 'send':
      return `send ${JSON.stringify(a.text)}`;
    case 'expect':
      return `expect ${JSON.stringify(a.text)} ${a.timeoutMs}`;
    case 'matched':
      return `matched ${JSON.stringify(a.text)}`;
    case 'failed':
      return `failed ${a.reason} ${JSON.stringify(a.text)}`;
    case 'done':
      return `done ${JSON.stringify(a.reports)}`;
    case 'report':
    case 'say':
      return `${a.type} ${JSON.stringify(a.text)}`;
    case 'delay':
      return `delay ${a.ms}`;
    case 'fallback':
      return `fallback ${JSON.stringify(a.expect)}`;
    case 'break':
      return 'break';
  }
}

describe('chat script parsing', () => {
  it('tokenizes quotes, escapes and # comments (pppd chat file)', () => {
    const file = [
      '# dial the demo BBS',
      "ABORT 'NO CARRIER' ABORT BUSY",
      '  # indented comment',
      '"" "AT Z"   OK \\d\\c',
      "'it\\'s' x",
    ].join('\n');
    expect(tokenizeChat(file)).toEqual(['ABORT', 'NO CARRIER', 'ABORT', 'BUSY', '', 'AT Z', 'OK', '\\d\\c', "it\\'s", 'x']);
    expect(() => tokenizeChat('ABORT "BUSY')).toThrow(ChatScriptError);
  });

  it('reads every keyword and sub-pairs', () => {
    const s = parseChatScript(
      "ABORT BUSY CLR_ABORT BUSY REPORT CONNECT CLR_REPORT CONNECT TIMEOUT 30 SAY 'hi\\n' ECHO ON HANGUP OFF '' ATZ ogin:--ogin: demo",
    );
    expect(s.steps).toEqual([
      { kind: 'abort', text: 'BUSY' },
      { kind: 'clr-abort', text: 'BUSY' },
      { kind: 'report', text: 'CONNECT' },
      { kind: 'clr-report', text: 'CONNECT' },
      { kind: 'timeout', seconds: 30 },
      { kind: 'say', text: 'hi\\n' },
      { kind: 'echo', on: true },
      { kind: 'hangup', on: false },
      { kind: 'expect', expect: [''], fallbacks: [] },
      { kind: 'send', text: 'ATZ' },
      { kind: 'expect', expect: ['ogin:', 'ogin:'], fallbacks: [''] },
      { kind: 'send', text: 'demo' },
    ]);
    expect(parseChatScript(formatChatScript(s)).steps).toEqual(s.steps);
  });

  it('imports Cisco chat-script lines (the Cisco dialect: TIMEOUT 5 s, \\d 2 s)', () => {
    const config = [
      '!',
      'chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
      'line 1 8',
      ' script dialer dial',
      'chat-script reset "" "AT&F" OK',
    ].join('\n');
    const scripts = importCiscoChatScripts(config);
    expect(scripts.map((s) => s.name)).toEqual(['dial', 'reset']);
    expect(scripts[0]!.script.dialect).toBe('cisco');
    expect(scripts[0]!.script.steps).toContainEqual({ kind: 'send', text: 'ATDT \\T' });
    expect(() => parseCiscoChatScript('line 1 8')).toThrow(/not a Cisco chat-script line/);
  });

  it('expands every escape in send strings', () => {
    const e = (s: string, d: 'pppd' | 'cisco' = 'pppd') => expandSend(s, vars, d);
    expect(e('ATDT\\T')).toEqual({ parts: [{ bytes: 'ATDT5550100' }], carriageReturn: true });
    expect(e('\\U\\c')).toEqual({ parts: [{ bytes: '5550101' }], carriageReturn: false });
    expect(e('a\\r\\n\\t\\s\\\\\\N\\b')).toEqual({ parts: [{ bytes: 'a\r\n\t \\\0\b' }], carriageReturn: true });
    expect(e('+++\\d\\dATH')).toEqual({ parts: [{ bytes: '+++' }, { delayMs: 1000 }, { delayMs: 1000 }, { bytes: 'ATH' }], carriageReturn: true });
    expect(e('\\d\\p', 'cisco').parts).toEqual([{ delayMs: 2000 }, { delayMs: 250 }]);
    expect(e('\\p').parts).toEqual([{ delayMs: 100 }]);
    expect(e('x\\Ky').parts).toEqual([{ bytes: 'x' }, { break: true }, { bytes: 'y' }]);
    expect(e('\\101^C^?\\q')).toEqual({ parts: [{ bytes: 'A\x03\x7f' }], carriageReturn: true });
    expect(e('BREAK')).toEqual({ parts: [{ break: true }], carriageReturn: false });
    expect(e('EOT')).toEqual({ parts: [{ bytes: '\x04' }], carriageReturn: false });
    expect(e('')).toEqual({ parts: [], carriageReturn: true });
  });

  it('expect strings allow character escapes, \\T and \\-; not delays', () => {
    expect(expandExpect('CONNECT\\s', vars)).toBe('CONNECT ');
    expect(expandExpect('\\T\\-ok', vars)).toBe('5550100-ok');
    expect(() => expandExpect('OK\\d', vars)).toThrow(/\\d is not allowed/);
    expect(() => parseChatScript("'' AT 'OK\\c' x")).toThrow(ChatScriptError);
  });

  it('rejects bad scripts with a clear message', () => {
    expect(() => parseChatScript('TIMEOUT')).toThrow(/TIMEOUT needs an argument/);
    expect(() => parseChatScript('TIMEOUT soon')).toThrow(/positive number/);
    expect(() => parseChatScript('ECHO maybe')).toThrow(/ON or OFF/);
    expect(() => parseChatScript('a-b x')).toThrow(/odd number/);
    expect(() => parseChatScript("ABORT ''")).toThrow(/non-empty/);
    expect(() => parseChatScript('x y\\')).toThrow(/lone backslash/);
  });
});

describe('chat engine', () => {
  const dial = "ABORT BUSY ABORT 'NO CARRIER' REPORT CONNECT TIMEOUT 5 '' ATZ OK ATDT\\T CONNECT ''";

  it('runs expect-send pairs with a match split across chunks; REPORT captures the CONNECT rate', () => {
    const log = run(dial, [
      { at: 10, rx: 'ATZ\r\r\nO' },
      { at: 20, rx: 'K\r\n' },
      { at: 3000, rx: '\r\nCONN' },
      { at: 3010, rx: 'ECT 33' },
      { at: 3020, rx: '600\r\n' },
    ]);
    expect(log).toEqual([
      'expect "" 5000',
      'matched ""',
      'send "ATZ"',
      'send "\\r"',
      'expect "OK" 5000',
      'matched "OK"',
      'send "ATDT5550100"',
      'send "\\r"',
      'expect "CONNECT" 5000',
      'matched "CONNECT"',
      'send "\\r"',
      'report "CONNECT 33600"',
      'done ["CONNECT 33600"]',
    ]);
  });

  it('ABORT ends the script with the abort string as the reason', () => {
    const log = run(dial, [
      { at: 10, rx: 'OK\r\n' },
      { at: 500, rx: '\r\nBU' },
      { at: 510, rx: 'SY\r\n' },
    ]);
    expect(log.at(-1)).toBe('failed abort "BUSY"');
    expect(run(dial, [{ at: 10, rx: 'OK' }, { at: 20, rx: '\r\nNO CARRIER\r\n' }]).at(-1)).toBe('failed abort "NO CARRIER"');
  });

  it('TIMEOUT: an expect that never comes fails after the timeout, with the expect as the text', () => {
    const log = run(dial, [{ at: 10, rx: 'OK' }, { at: 4000, rx: 'RINGING' }, { at: 5009 }, { at: 5011 }]);
    expect(log.slice(-2)).toEqual(['expect "CONNECT" 5000', 'failed timeout "CONNECT"']);
    // default timeouts: pppd 45 s, Cisco 5 s
    expect(run("'' AT OK x", [{ at: 44_999 }])).not.toContain('failed timeout "OK"');
    expect(run("'' AT OK x", [{ at: 45_000 }]).at(-1)).toBe('failed timeout "OK"');
    expect(run("'' AT OK x", [{ at: 5000 }], { dialect: 'cisco' }).at(-1)).toBe('failed timeout "OK"');
  });

  it('CLR_ABORT removes an abort string', () => {
    const log = run("ABORT BUSY CLR_ABORT BUSY '' AT OK ''", [{ at: 1, rx: 'BUSY\r\nOK' }]);
    expect(log.at(-1)).toBe('done []');
  });

  it('fallback sub-pairs: on timeout send the fallback and expect again', () => {
    const log = run('TIMEOUT 2 ogin:-\\r-ogin: demo', [{ at: 2000 }, { at: 2500, rx: 'login:' }]);
    expect(log).toEqual([
      'expect "ogin:" 2000',
      'fallback "ogin:"',
      'send "\\r"',
      'send "\\r"',
      'expect "ogin:" 2000',
      'matched "ogin:"',
      'send "demo"',
      'send "\\r"',
      'done []',
    ]);
    const fail = run('TIMEOUT 1 ogin:-BREAK-ogin: demo', [{ at: 1000 }, { at: 2000 }]);
    expect(fail).toEqual(['expect "ogin:" 1000', 'fallback "ogin:"', 'break', 'expect "ogin:" 1000', 'failed timeout "ogin:"']);
  });

  it('delays in a send string wait before the rest; bytes received meanwhile reach the next expect', () => {
    const engine = new ChatEngine(parseChatScript("'' +++\\d\\cATH OK ''"));
    expect(engine.start(0).map(show)).toEqual(['expect "" 45000', 'matched ""', 'send "+++"', 'delay 1000']);
    expect(engine.nextDeadlineMs()).toBe(1000);
    expect(engine.receive(Buffer.from('\r\nOK\r\n'), 500)).toEqual([]);
    expect(engine.tick(1000).map(show)).toEqual(['send "ATH"', 'expect "OK" 45000', 'matched "OK"', 'send "\\r"', 'done []']);
  });

  it('SAY, ECHO, HANGUP; \\c suppresses the CR; EOT', () => {
    const log = run("SAY 'dialing \\T\\n' ECHO OFF HANGUP ON '' 'AT\\c' '' EOT", []);
    expect(log).toEqual(['say "dialing 5550100\\n"', 'expect "" 45000', 'matched ""', 'send "AT"', 'expect "" 45000', 'matched ""', 'send "\\u0004"', 'done []']);
  });

  it('a REPORT line that never ends is reported after 2 s', () => {
    const log = run("REPORT CONNECT '' ATD CONNECT", [{ at: 5, rx: 'CONNECT 2400' }, { at: 2005 }]);
    expect(log.slice(-2)).toEqual(['report "CONNECT 2400"', 'done ["CONNECT 2400"]']);
  });

  it('cancel() stops the script', () => {
    const engine = new ChatEngine(parseChatScript("'' AT OK ''"));
    engine.start(0);
    engine.cancel();
    expect(engine.receive(Buffer.from('OK'), 1)).toEqual([]);
    expect(engine.state).toBe('failed');
    expect(() => engine.start(2)).toThrow();
  });

  it('property: any split of the received bytes gives the same actions', () => {
    const alphabet = fc.constantFrom('a', 'b', 'O', 'K', 'B', 'U', 'S', 'Y', '\r', '\n', ' ');
    fc.assert(
      fc.property(
        fc.string({ unit: alphabet, maxLength: 60 }),
        fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(70), { maxLength: 8 }),
        (noise, want, cuts) => {
          const text = `${noise}${want}Ka${noise}BUSY`;
          const script = `ABORT BUSY REPORT K '' ATZ '${want}' X K ''`;
          const whole = run(script, [{ at: 1, rx: text }]);
          const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((x, y) => x - y);
          const chunks: Array<{ at: number; rx: string }> = [];
          let prev = 0;
          for (const p of [...points, text.length]) {
            chunks.push({ at: 1, rx: text.slice(prev, p) });
            prev = p;
          }
          expect(run(script, chunks)).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: an expect string is found wherever it lies and however the bytes are split', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 30 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (before, want, cuts) => {
          const text = before + want;
          const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((x, y) => x - y);
          const engine = new ChatEngine(parseChatScript(`'${want}' ''`));
          engine.start(0);
          let prev = 0;
          const acts: ChatAction[] = [];
          for (const p of [...points, text.length]) {
            acts.push(...engine.receive(Buffer.from(text.slice(prev, p)), 1));
            prev = p;
          }
          expect(acts.at(-1)).toEqual({ type: 'done', reports: [] });
          expect(engine.state).toBe('done');
        },
      ),
      { numRuns: 500 },
    );
  });
});
