/**
 * The simulated Hayes modem, driven by a manual clock (the behaviour under test is timing: guard times,
 * ring cadence, pacing; no peer can stand in for our own simulator).
 */
import { describe, expect, it } from 'vitest';
import { HayesModem, type CallOutcome, type ModemLineState, type ServiceFactory } from '../../src-main/sim/modem.js';
import { lookUp, CALLBACK_DELAY_MS } from '../../src-main/sim/directory.js';
import { ManualClock } from '../harness/manual-clock.js';

function rig(baud = 115200) {
  const clock = new ManualClock();
  const modem = new HayesModem({ clock, directory: lookUp, baud });
  let out = '';
  const chunks: Array<{ at: number; n: number }> = [];
  const lines: ModemLineState[] = [];
  modem.onOutput = (b) => {
    out += Buffer.from(b).toString('latin1');
    chunks.push({ at: clock.now(), n: b.length });
  };
  modem.onLines = (l) => lines.push(l);
  return {
    clock,
    modem,
    lines,
    chunks,
    type(text: string) {
      modem.write(Buffer.from(text, 'latin1'));
    },
    /** Type, let `ms` pass, return (and forget) everything output so far. */
    cmd(text: string, ms = 1000): string {
      this.type(text);
      clock.advance(ms);
      return this.take();
    },
    take(): string {
      const s = out;
      out = '';
      return s;
    },
  };
}

/** Dial and wait for the call's result (dialing + one ring + handshake < 5 s). */
function connectTo(r: ReturnType<typeof rig>, number: string): string {
  return r.cmd(`ATDT${number}\r`, 6000);
}

describe('HayesModem command mode', () => {
  it('AT answers OK with echo, E0 turns echo off', () => {
    const r = rig();
    expect(r.cmd('AT\r')).toBe('AT\r\r\nOK\r\n');
    expect(r.cmd('ATE0\r')).toBe('ATE0\r\r\nOK\r\n');
    expect(r.cmd('AT\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATE1\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('at\r')).toBe('at\r\r\nOK\r\n');
  });

  it('V0 gives numeric result codes, Q1 none, unknown commands ERROR (4)', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATV0\r')).toBe('0\r');
    expect(r.cmd('ATY\r')).toBe('4\r');
    expect(r.cmd('ATV1\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATQ1\r')).toBe('');
    expect(r.cmd('ATJ\r')).toBe('');
    expect(r.cmd('ATQ0\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATE2\r')).toBe('\r\nERROR\r\n');
    expect(r.cmd('ATX5\r')).toBe('\r\nERROR\r\n');
  });

  it('lines that do not start with AT are ignored; backspace edits; A/ repeats', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('hello\r')).toBe('');
    expect(r.cmd('ATX\bI3\r')).toContain('Dialtone demo modem');
    expect(r.cmd('A/')).toContain('Dialtone demo modem');
  });

  it('S-registers read (ATSn?) and write (ATSn=v); out of range is ERROR', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATS7?\r')).toBe('\r\n010\r\n\r\nOK\r\n');
    expect(r.cmd('ATS12?\r')).toBe('\r\n050\r\n\r\nOK\r\n');
    expect(r.cmd('ATS2?\r')).toBe('\r\n043\r\n\r\nOK\r\n');
    expect(r.cmd('ATS0=2\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATS0?\r')).toBe('\r\n002\r\n\r\nOK\r\n');
    expect(r.cmd('ATS0=256\r')).toBe('\r\nERROR\r\n');
    expect(r.cmd('ATS100?\r')).toBe('\r\nERROR\r\n');
    expect(r.cmd('ATS0\r')).toBe('\r\nERROR\r\n');
  });

  it('Z resets to factory settings (echo, S0)', () => {
    const r = rig();
    r.cmd('ATE0S0=3\r');
    expect(r.cmd('ATZ\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATS0?\r')).toBe('ATS0?\r\r\n000\r\n\r\nOK\r\n');
  });

  it('I identifies the modem; I4 shows the configuration', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATI\r')).toBe('\r\nDIALTONE DEMO MODEM 33600\r\n\r\nOK\r\n');
    expect(r.cmd('ATI4\r')).toContain('X4 &C1 &D2');
    expect(r.cmd('AT&F&W&K3L1M0\r')).toBe('\r\nOK\r\n');
  });

  it('DSR on while powered, CTS follows RTS, DCD off without carrier (&C1) and on with &C0', () => {
    const r = rig();
    expect(r.modem.lines()).toEqual({ cts: true, dsr: true, ri: false, dcd: false });
    r.modem.setRts(false);
    expect(r.lines.at(-1)).toEqual({ cts: false, dsr: true, ri: false, dcd: false });
    r.modem.setRts(true);
    expect(r.lines.at(-1)!.cts).toBe(true);
    r.cmd('AT&C0\r');
    expect(r.lines.at(-1)!.dcd).toBe(true);
    r.cmd('AT&C1\r');
    expect(r.lines.at(-1)!.dcd).toBe(false);
  });
});

describe('HayesModem calls', () => {
  it('dials the echo number: CONNECT <rate>, DCD on after CONNECT, data echoes', () => {
    const r = rig(9600);
    r.cmd('ATE0\r');
    r.type('ATDT555-0100\r');
    r.clock.advance(1000);
    expect(r.take()).toBe('');
    expect(r.modem.state).toBe('originating');
    r.clock.advance(4000);
    expect(r.take()).toBe('\r\nCONNECT 9600\r\n');
    expect(r.lines.at(-1)!.dcd).toBe(true);
    expect(r.cmd('hello')).toBe('hello');
  });

  it('CONNECT reports min(DTE rate, 33600); X0 says just CONNECT; V0 gives the numeric code', () => {
    const r = rig(115200);
    r.cmd('ATE0\r');
    expect(connectTo(r, '5550100')).toBe('\r\nCONNECT 33600\r\n');
    const r2 = rig(2400);
    r2.cmd('ATE0V0\r');
    expect(connectTo(r2, '5550100')).toBe('10\r');
    const r3 = rig(2400);
    r3.cmd('ATE0X0\r');
    expect(connectTo(r3, '5550100')).toBe('\r\nCONNECT\r\n');
  });

  it('a key typed while dialing aborts the call: NO CARRIER', () => {
    const r = rig();
    r.cmd('ATE0\r');
    r.type('ATDT5550100\r');
    r.clock.advance(500);
    expect(r.cmd('x', 100)).toBe('\r\nNO CARRIER\r\n');
    r.clock.advance(10_000);
    expect(r.take()).toBe('');
  });

  it('busy: BUSY with X4, NO CARRIER with X2', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(connectTo(r, '5550102')).toBe('\r\nBUSY\r\n');
    r.cmd('ATX2\r');
    expect(connectTo(r, '5550102')).toBe('\r\nNO CARRIER\r\n');
  });

  it('no answer: NO ANSWER after S7 seconds (X4), numeric 8', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATDT5550103\r', 9_900)).toBe('');
    expect(r.cmd('', 200)).toBe('\r\nNO ANSWER\r\n');
    r.cmd('ATS7=3V0\r');
    expect(r.cmd('ATDT5550103\r', 3_100)).toBe('8\r');
  });

  it('S7 shorter than the answer time: NO CARRIER', () => {
    const r = rig();
    r.cmd('ATE0S7=1\r');
    expect(connectTo(r, '5550100')).toBe('\r\nNO CARRIER\r\n');
  });

  it('no dial tone: 555-0199 and S99=1 (line unplugged) give NO DIALTONE (6)', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(connectTo(r, '5550199')).toBe('\r\nNO DIALTONE\r\n');
    r.cmd('ATS99=1\r');
    expect(connectTo(r, '5550100')).toBe('\r\nNO DIALTONE\r\n');
    r.cmd('ATV0\r');
    expect(connectTo(r, '5550100')).toBe('6\r');
    r.cmd('ATX3\r');
    expect(connectTo(r, '5550100')).toBe('3\r');
  });

  it('an unknown number: a person answers, NO CARRIER', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATDT5551234\r', 9000)).toBe('\r\nNO CARRIER\r\n');
  });

  it('D with ; stays in command mode: OK after dialing', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATDT5550100;\r', 2000)).toBe('\r\nOK\r\n');
    expect(r.modem.connected).toBe(false);
  });

  it('pulse dialing (P) takes longer than tone (T)', () => {
    const r = rig();
    r.cmd('ATE0S7=30\r');
    r.type('ATDP5550100\r'); // 46 pulses of 100 ms, 7 gaps of 300 ms, one ring, handshake: 10.4 s
    r.clock.advance(10_300);
    expect(r.take()).toBe('');
    r.clock.advance(300);
    expect(r.take()).toBe('\r\nCONNECT 33600\r\n');
  });

  it('+++ with guard time before and after: OK in command mode; ATO back online; ATH hangs up', () => {
    const r = rig();
    r.cmd('ATE0\r');
    connectTo(r, '5550100');
    r.clock.advance(1100); // guard before
    r.type('+++');
    r.clock.advance(900);
    expect(r.take()).toBe('+++'); // the pluses are data (echoed back by the far end)
    r.clock.advance(200);
    expect(r.take()).toBe('\r\nOK\r\n');
    expect(r.modem.state).toBe('online-command');
    expect(r.modem.lines().dcd).toBe(true);
    expect(r.cmd('AT\r')).toBe('\r\nOK\r\n');
    expect(r.cmd('ATO\r')).toBe('\r\nCONNECT 33600\r\n');
    expect(r.cmd('abc')).toBe('abc');
    r.clock.advance(1100);
    r.type('+++');
    r.clock.advance(1100);
    expect(r.take()).toBe('+++\r\nOK\r\n');
    expect(r.cmd('ATH\r')).toBe('\r\nOK\r\n');
    expect(r.modem.lines().dcd).toBe(false);
    expect(r.lines.at(-1)!.dcd).toBe(false);
    expect(r.cmd('ATO\r')).toBe('\r\nNO CARRIER\r\n');
  });

  it('+++ without the guard time before, or with data after, stays online', () => {
    const r = rig();
    r.cmd('ATE0\r');
    connectTo(r, '5550100');
    r.clock.advance(1100);
    r.type('a');
    r.clock.advance(500); // only 0.5 s of silence before
    r.type('+++');
    r.clock.advance(2000);
    expect(r.take()).toBe('a+++');
    expect(r.modem.state).toBe('online');
    r.type('+++');
    r.clock.advance(500);
    r.type('x'); // data inside the guard time after
    r.clock.advance(2000);
    expect(r.take()).toBe('+++x');
    expect(r.modem.state).toBe('online');
  });

  it('S2 changes the escape character; S12 the guard time (fiftieths of a second)', () => {
    const r = rig();
    r.cmd('ATE0S2=42S12=10\r');
    connectTo(r, '5550100');
    r.clock.advance(250);
    r.type('***');
    r.clock.advance(250);
    expect(r.take()).toBe('***\r\nOK\r\n');
  });

  it('&D2: DTR on->off hangs up: NO CARRIER and DCD off; &D0 ignores DTR; &D1 goes to command mode', () => {
    const r = rig();
    r.cmd('ATE0\r');
    connectTo(r, '5550100');
    r.modem.setDtr(false);
    r.clock.advance(100);
    expect(r.take()).toBe('\r\nNO CARRIER\r\n');
    expect(r.lines.at(-1)).toMatchObject({ dcd: false, dsr: true });
    r.modem.setDtr(true);
    r.cmd('AT&D0\r');
    connectTo(r, '5550100');
    r.modem.setDtr(false);
    r.clock.advance(100);
    expect(r.modem.state).toBe('online');
    r.modem.setDtr(true);
    r.modem.setDtr(false);
    expect(r.take()).toBe('');
    r.modem.setDtr(true);
    r.type('+++');
    r.clock.advance(1100);
    r.cmd('AT&D1\r');
    r.cmd('ATO\r');
    r.modem.setDtr(false);
    r.clock.advance(100);
    expect(r.take()).toBe('\r\nOK\r\n');
    expect(r.modem.state).toBe('online-command');
  });

  it('the BBS: banner with the demo login, login, bye hangs up with NO CARRIER', () => {
    const r = rig();
    r.cmd('ATE0\r');
    const banner = connectTo(r, '5550101');
    expect(banner).toContain('CONNECT 33600');
    expect(banner).toContain('user "demo", password "dialtone"');
    expect(banner.endsWith('login: ')).toBe(true);
    expect(r.cmd('demo\r')).toBe('demo\r\nPassword: ');
    expect(r.cmd('dialtone\r')).toContain('Welcome, demo.');
    expect(r.cmd('bye\r')).toBe('bye\r\nGoodbye.\r\n\r\nNO CARRIER\r\n');
    expect(r.modem.lines().dcd).toBe(false);
  });

  it('the BBS refuses a wrong password and hangs up after three', () => {
    const r = rig();
    r.cmd('ATE0\r');
    connectTo(r, '5550101');
    expect(r.cmd('demo\rx\r')).toContain('Login incorrect');
    r.cmd('demo\rx\r');
    expect(r.cmd('demo\rx\r')).toContain('NO CARRIER');
  });

  it('callback: log in, hang up, RING on RI with the cadence, ATA answers', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(connectTo(r, '5550104')).toContain('Username: ');
    r.cmd('demo\r');
    expect(r.cmd('dialtone\r')).toContain('Hang up now');
    r.modem.setDtr(false);
    r.modem.setDtr(true);
    r.clock.advance(100);
    expect(r.take()).toBe('\r\nNO CARRIER\r\n');
    const riBefore = r.lines.length;
    r.clock.advance(CALLBACK_DELAY_MS);
    expect(r.take()).toBe('\r\nRING\r\n');
    expect(r.modem.lines().ri).toBe(true);
    r.clock.advance(2000);
    expect(r.modem.lines().ri).toBe(false);
    r.clock.advance(4000);
    expect(r.take()).toBe('\r\nRING\r\n');
    expect(r.cmd('ATS1?\r', 100)).toContain('002');
    const ri = r.lines.slice(riBefore).map((l) => l.ri);
    expect(ri).toEqual([true, false, true]);
    const answered = r.cmd('ATA\r', 2000);
    expect(answered).toContain('CONNECT 33600');
    expect(answered).toContain('Callback connected');
    expect(r.modem.lines()).toMatchObject({ ri: false, dcd: true });
  });

  it('callback answered by auto-answer (S0=1); the server hangs up itself if the caller does not', () => {
    const r = rig();
    r.cmd('ATE0S0=1\r');
    connectTo(r, '5550104');
    r.cmd('demo\rdialtone\r');
    r.clock.advance(10_000);
    expect(r.take()).toBe('\r\nNO CARRIER\r\n');
    r.clock.advance(CALLBACK_DELAY_MS + 2000 + 1500 + 100);
    const out = r.take();
    expect(out).toMatch(/^\r\nRING\r\n\r\nCONNECT 33600\r\n/);
    expect(r.modem.connected).toBe(true);
  });

  it('ATA with no call: NO CARRIER; ATD while connected: ERROR', () => {
    const r = rig();
    r.cmd('ATE0\r');
    expect(r.cmd('ATA\r')).toBe('\r\nNO CARRIER\r\n');
    connectTo(r, '5550100');
    r.clock.advance(1100);
    r.type('+++');
    r.clock.advance(1100);
    expect(r.take()).toBe('+++\r\nOK\r\n');
    expect(r.cmd('ATDT5550101\r')).toBe('\r\nERROR\r\n');
    expect(r.cmd('ATA\r')).toBe('\r\nERROR\r\n');
    expect(r.modem.connected).toBe(true);
  });
});

describe('HayesModem pacing', () => {
  it('delivers at the baud rate, 10 bits per character (2400 bit/s: 240 bytes/s)', () => {
    const r = rig(2400);
    r.cmd('ATE0\r', 1000);
    connectTo(r, '5550100');
    r.chunks.length = 0;
    r.type('x'.repeat(480));
    r.clock.advance(1000);
    const firstSecond = r.chunks.reduce((n, c) => n + c.n, 0);
    expect(firstSecond).toBeGreaterThanOrEqual(235);
    expect(firstSecond).toBeLessThanOrEqual(245);
    r.clock.advance(1100);
    expect(r.take()).toBe('x'.repeat(480));
  });

  it('the frame counts: 7E2 is 11 bits per character (2200 bit/s: 200 bytes/s)', () => {
    const r = rig(2200);
    r.modem.setFrame(7, true, 2);
    r.cmd('ATE0\r', 1000);
    r.type('ATI3\r');
    r.take();
    r.clock.advance(100);
    expect(r.take().length).toBeGreaterThanOrEqual(19);
    r.clock.advance(100);
    expect(r.take().length).toBeLessThanOrEqual(21);
  });

  it('300 bit/s in command mode: OK takes about 200 ms', () => {
    const r = rig(300);
    r.cmd('ATE0\r', 1000);
    r.type('AT\r');
    r.clock.advance(150);
    expect(r.take().length).toBeLessThan(6);
    r.clock.advance(100);
    expect(r.take()).not.toBe('');
  });

  it('RTS/CTS flow control: RTS off holds output, RTS on releases it', () => {
    const r = rig();
    r.cmd('ATE0\r');
    r.modem.setHardwareFlow(true);
    r.modem.setRts(false);
    r.type('AT\r');
    r.clock.advance(1000);
    expect(r.take()).toBe('');
    r.modem.setRts(true);
    r.clock.advance(100);
    expect(r.take()).toBe('\r\nOK\r\n');
  });

  it('purgeOutput drops undelivered bytes', () => {
    const r = rig(300);
    r.cmd('ATE0\r', 1000);
    r.type('ATI3\r');
    r.clock.advance(100);
    r.modem.purgeOutput();
    r.clock.advance(5000);
    expect(r.take().length).toBeLessThan(10);
  });

  it('dispose cancels every timer', () => {
    const r = rig();
    r.type('ATDT5550103\r');
    r.modem.dispose();
    expect(r.clock.pending).toBe(0);
  });
});

describe('HayesModem: a paste costs work per chunk, not per byte', () => {
  /** A modem on a fast line with a counting clock and a far end that records what it receives. */
  function fastRig(rate: number) {
    const clock = new ManualClock();
    let timers = 0;
    const counting = {
      now: () => clock.now(),
      setTimer: (ms: number, fn: () => void) => {
        timers++;
        return clock.setTimer(ms, fn);
      },
    };
    const received: number[] = [];
    const echo: ServiceFactory = (ctx) => ({
      receive: (b) => {
        received.push(b.length);
        ctx.send(b);
      },
      hangup: () => {},
    });
    const directory = (n: string): CallOutcome => (n.endsWith('5550100') ? { kind: 'answer', service: echo } : lookUp(n));
    const modem = new HayesModem({ clock: counting, directory, baud: rate, maxLineRate: rate });
    const chunks: Uint8Array[] = [];
    modem.onOutput = (b) => chunks.push(Uint8Array.from(b));
    return {
      clock,
      modem,
      received,
      chunks,
      get timers() {
        return timers;
      },
      take(): Buffer {
        const all = Buffer.concat(chunks);
        chunks.length = 0;
        return all;
      },
    };
  }

  function scrambled(n: number): Buffer {
    const b = Buffer.alloc(n);
    let x = 7;
    for (let i = 0; i < n; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    return b;
  }

  it('1 MiB online: the far end gets one piece per write, the echo comes back in order in a chunk per tick', () => {
    const r = fastRig(16_000_000); // 1.6 bytes/µs: 1 MiB of line time is 655 ms
    r.modem.write(Buffer.from('ATE0\r', 'latin1'));
    r.clock.advance(100);
    r.modem.write(Buffer.from('ATDT5550100\r', 'latin1'));
    r.clock.advance(6000);
    expect(r.take().toString('latin1')).toBe('ATE0\r\r\nOK\r\n\r\nCONNECT 16000000\r\n');
    const paste = scrambled(1024 * 1024);
    const timersBefore = r.timers;
    for (let i = 0; i < paste.length; i += 64 * 1024) r.modem.write(paste.subarray(i, i + 64 * 1024));
    expect(r.received).toEqual(new Array(16).fill(64 * 1024));
    r.clock.advance(2000);
    const calls = r.chunks.length;
    expect(r.take().equals(paste)).toBe(true);
    // 655 ms of line time in ticks of at least 10 ms: about 66 deliveries and timers, not a million
    expect(calls).toBeLessThan(100);
    expect(r.timers - timersBefore).toBeLessThan(100);
    expect(r.modem.pendingOutput).toBe(0);
  });

  it('a long paste in command mode: echoed in order in chunks per tick; the line keeps its last 255 characters', () => {
    const r = fastRig(115200); // 11.52 bytes/ms
    const junk = 'x'.repeat(64 * 1024);
    const timersBefore = r.timers;
    // 'x' + 253 spaces + 'AT' is 256 characters: the line keeps the last 255, a plain AT
    r.modem.write(Buffer.from(`${junk} ${' '.repeat(252)}AT\r`, 'latin1'));
    r.clock.advance(10_000);
    const calls = r.chunks.length;
    expect(r.take().toString('latin1')).toBe(`${junk} ${' '.repeat(252)}AT\r\r\nOK\r\n`);
    // 5.7 s of line time: about 570 ticks, not 65 000 per-byte deliveries and timers
    expect(calls).toBeLessThan(700);
    expect(r.timers - timersBefore).toBeLessThan(700);
    // 255 characters with the x: not a command line
    r.modem.write(Buffer.from(`x${' '.repeat(252)}AT\r`, 'latin1'));
    r.clock.advance(1000);
    expect(r.take().toString('latin1')).toBe(`x${' '.repeat(252)}AT\r`);
  });

  it('+++ inside one write: escapes only with the guard time on both sides', () => {
    const r = fastRig(115200);
    r.modem.write(Buffer.from('ATE0\rATDT5550100\r', 'latin1'));
    r.clock.advance(6000);
    r.take();
    r.modem.write(Buffer.from('data+++', 'latin1')); // data right before the pluses: no escape
    r.clock.advance(2000);
    expect(r.take().toString('latin1')).toBe('data+++');
    r.modem.write(Buffer.from('+++more', 'latin1')); // data right after: no escape
    r.clock.advance(2000);
    expect(r.take().toString('latin1')).toBe('+++more');
    expect(r.modem.state).toBe('online');
    r.modem.write(Buffer.from('+++', 'latin1'));
    r.clock.advance(1100);
    expect(r.take().toString('latin1')).toBe('+++\r\nOK\r\n');
    expect(r.modem.state).toBe('online-command');
    // ATO and data in one write: the data after the command line goes to the far end
    r.modem.write(Buffer.from('ATO\rback', 'latin1'));
    r.clock.advance(1000);
    expect(r.take().toString('latin1')).toBe('\r\nCONNECT 115200\r\nback');
  });
});
