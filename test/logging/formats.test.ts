/**
 * The log formats through the real writer (files in a temp folder), driven by the in-memory session
 * stand-in (fake-session.ts says why) and an injected clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLog, type LogOptions, type SessionLog } from '../../src-main/logging/session-log.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession, TestClock } from './fake-session.js';
import { opened, randomChunks, sha256, statusReached } from './helpers.js';

const T0 = Date.UTC(2026, 10, 21, 3, 0, 0);
let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-log-');
});
afterEach(() => dir.remove());

/** Run `script` against a log of `options` and return the file's text. */
async function logOf(options: Omit<LogOptions, 'file' | 'clock'>, script: (s: FakeSession, c: TestClock, log: SessionLog) => void): Promise<string> {
  const session = new FakeSession();
  const clock = new TestClock(T0);
  const file = join(dir.path, 'session.log');
  const log = startLog(session, { ...options, file, clock: clock.now });
  await opened(log);
  script(session, clock, log);
  await log.stop();
  expect(log.status.state).toBe('stopped');
  return readFileSync(file, 'utf8');
}

/** A short session touching every kind of record. */
function operatorSession(s: FakeSession, c: TestClock): void {
  c.advance(10);
  s.event({ type: 'status', state: 'connected' });
  c.advance(10);
  s.feed('hello\r');
  c.advance(10);
  s.feed('\nwor');
  c.advance(10);
  s.sendBytes('ls\r');
  c.advance(10);
  s.feed('ld\r\n');
  c.advance(10);
  s.event({ type: 'control', action: 'dtr', value: false });
  c.advance(10);
  s.event({ type: 'modem', cts: true, dsr: false, ri: false, dcd: true, changed: ['dcd'] });
  c.advance(10);
  s.event({ type: 'line', overrunError: false, parityError: true, framingError: true, breakDetect: false, timeoutError: false, dataReady: true, transferHoldingRegisterEmpty: false, transferShiftRegisterEmpty: false });
  c.advance(10);
  s.feed(Buffer.from([0xc3])); // é split between two chunks
  c.advance(10);
  s.feed(Buffer.from([0xa9, 0x1b, 0x5b, 0x30, 0x6d, 0x0a]));
  c.advance(10);
  s.event({ type: 'status', state: 'disconnected', reason: 'connection reset by 127.0.0.1:7001', code: 'reset' });
}

describe('text log', () => {
  it('writes lines with elapsed timestamps, direction marks and events inline, in order', async () => {
    const text = await logOf({ format: 'text', timestamps: 'elapsed', sent: true }, operatorSession);
    expect(text.split('\n')).toEqual([
      '+     0.000 * log started: rfc2217://127.0.0.1:7001 (text)',
      '+     0.010 * connected',
      '+     0.020 < hello',
      '+     0.030 < wor',
      '+     0.040 > ls',
      '+     0.050 < ld',
      '+     0.060 * DTR off',
      '+     0.070 * modem CTS on DSR off RI off DCD on (changed: DCD)',
      '+     0.080 * line error: parity, framing',
      '+     0.090 < é\\x1b[0m',
      '+     0.110 * disconnected: connection reset by 127.0.0.1:7001 [reset]',
      '+     0.110 * log stopped',
      '',
    ]);
  });

  it('wall-clock timestamps are ISO 8601 and never go backwards, even when the clock does', async () => {
    const text = await logOf({ format: 'text', timestamps: 'wall' }, (s, c) => {
      for (let i = 0; i < 50; i++) {
        c.advance(i % 7 === 3 ? -500 : 37); // a clock stepped back (NTP) now and then
        s.feed(`line ${i}\n`);
      }
    });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(52);
    const stamps = lines.map((l) => {
      const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /.exec(l);
      expect(m, l).not.toBeNull();
      return Date.parse(m![1]!);
    });
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThanOrEqual(stamps[i - 1]!);
    expect(lines[1]).toBe(`${new Date(T0 + 37).toISOString()} < line 0`);
  });

  it('without sent bytes and events the log is the received text alone, no marks', async () => {
    const text = await logOf({ format: 'text', events: false }, operatorSession);
    // no sent bytes logged: nothing comes between "wor" and "ld"
    expect(text).toBe('hello\nworld\né\\x1b[0m\n');
  });

  it('a prompt with no line end reaches the file after an idle second; the rest of its line follows on it', async () => {
    const session = new FakeSession();
    const clock = new TestClock(T0);
    const file = join(dir.path, 'prompt.log');
    const log = startLog(session, { format: 'text', timestamps: 'elapsed', sent: true, events: false, file, clock: clock.now, idleFlushMs: 30 });
    await opened(log);
    session.feed('login: ');
    // the writer runs by itself: wait for the prompt to be in the file while the session is still open
    for (let i = 0; i < 200 && !readFileSync(file, 'utf8').includes('login: '); i++) await new Promise((r) => setTimeout(r, 10));
    expect(readFileSync(file, 'utf8')).toBe('+     0.000 < login: ');
    clock.advance(500);
    session.feed('ro');
    session.feed('ot\r\nPassword: ');
    clock.advance(500);
    session.sendBytes('secret\r');
    await log.stop();
    expect(readFileSync(file, 'utf8')).toBe('+     0.000 < login: root\n+     0.500 < Password: \n+     1.000 > secret\n');
  });

  it('any split of the input gives the same text', async () => {
    const input = Buffer.from('Router> enable\r\nPassword: \r\nRouter# show ver\r\nCisco IOS Software, Version 15.2 — überall\r\n\r\n');
    const whole = await logOf({ format: 'text', events: false }, (s) => s.feed(input));
    for (let trial = 0; trial < 5; trial++) {
      const split = await logOf({ format: 'text', events: false }, (s) => {
        for (const chunk of randomChunks(input.length, 5, input)) s.feed(chunk);
      });
      expect(split).toBe(whole);
    }
  });

  it('latin1 decodes every byte as one character', async () => {
    const text = await logOf({ format: 'text', events: false, encoding: 'latin1' }, (s) => s.feed(Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x0a])));
    expect(text).toBe('Grüße\n');
  });
});

describe('hex log', () => {
  it('dumps offset, direction, timestamp, hex and ASCII per 16 bytes, events inline', async () => {
    const text = await logOf({ format: 'hex', timestamps: 'elapsed', sent: true }, (s, c) => {
      c.advance(5);
      s.feed(Buffer.from('ATZ\r\r\nOK\r\nATDT5551234\r\r\n'));
      c.advance(5);
      s.sendBytes('ATH\r');
      c.advance(5);
      s.event({ type: 'control', action: 'break-pulse', value: 250 });
      c.advance(5);
      s.feed(Buffer.from([0x00, 0xff]));
    });
    expect(text.split('\n')).toEqual([
      '         * +     0.000 log started: rfc2217://127.0.0.1:7001 (hex)',
      '00000000 < +     0.005 41 54 5a 0d 0d 0a 4f 4b  0d 0a 41 54 44 54 35 35  |ATZ...OK..ATDT55|',
      '00000010 < +     0.005 35 31 32 33 34 0d 0d 0a                           |51234...|',
      '00000000 > +     0.010 41 54 48 0d                                       |ATH.|',
      '         * +     0.015 BREAK pulse 250 ms',
      '00000018 < +     0.020 00 ff                                             |..|',
      '         * +     0.020 log stopped',
      '',
    ]);
  });

  it('received offsets count every received byte, and the hex columns decode back to the input', async () => {
    const input = randomChunks(5000, 100);
    const text = await logOf({ format: 'hex', events: false }, (s, c) => {
      for (const chunk of input) {
        c.advance(1);
        s.feed(chunk);
      }
    });
    const rows = text.trimEnd().split('\n');
    let expectedOffset = 0;
    let lastT = 0;
    const decoded: number[] = [];
    for (const row of rows) {
      const m = /^([0-9a-f]{8}) < (\S+) ((?:[0-9a-f]{2} {1,2}){1,16}) *\|/.exec(row);
      expect(m, row).not.toBeNull();
      expect(parseInt(m![1]!, 16)).toBe(expectedOffset);
      const t = Date.parse(m![2]!);
      expect(t).toBeGreaterThanOrEqual(lastT);
      lastT = t;
      const bytes = m![3]!.trim().split(/ +/).map((h) => parseInt(h, 16));
      decoded.push(...bytes);
      expectedOffset += bytes.length;
    }
    expect(sha256(Buffer.from(decoded))).toBe(sha256(Buffer.concat(input)));
  });
});

describe('asciicast v2 log', () => {
  it('has a valid header and events whose times are the session times', async () => {
    const times: number[] = [];
    const text = await logOf({ format: 'asciicast', sent: true, width: 132, height: 43, title: 'core-sw1' }, (s, c) => {
      times.push(c.advance(1500));
      s.feed('login: ');
      times.push(c.advance(2250));
      s.sendBytes('admin\r');
      times.push(c.advance(4));
      s.feed('admin\r\n');
      times.push(c.advance(1));
      s.event({ type: 'status', state: 'disconnected', reason: 'closed by peer', code: 'closed-by-peer' });
      times.push(c.advance(10));
      s.feed(Buffer.from([0xe2, 0x82])); // € split: nothing until its last byte arrives
      times.push(c.advance(10));
      s.feed(Buffer.from([0xac]));
    });
    const [headerLine, ...lines] = text.trimEnd().split('\n');
    const header = JSON.parse(headerLine!) as Record<string, unknown>;
    expect(header).toMatchObject({ version: 2, width: 132, height: 43, timestamp: Math.floor(T0 / 1000), title: 'core-sw1' });
    const events = lines.map((l) => JSON.parse(l) as [number, string, string]);
    expect(events).toEqual([
      [0, 'm', 'log started: rfc2217://127.0.0.1:7001 (asciicast)'],
      [(times[0]! - T0) / 1000, 'o', 'login: '],
      [(times[1]! - T0) / 1000, 'i', 'admin\r'],
      [(times[2]! - T0) / 1000, 'o', 'admin\r\n'],
      [(times[3]! - T0) / 1000, 'm', 'disconnected: closed by peer [closed-by-peer]'],
      [(times[5]! - T0) / 1000, 'o', '€'],
      [(times[5]! - T0) / 1000, 'm', 'log stopped'],
    ]);
  });
});

describe('asciicast v2 log, resized', () => {
  it('records each change of the pane size as an "r" event; a rotated file starts with the size in effect', async () => {
    const session = new FakeSession();
    const clock = new TestClock(T0);
    const file = join(dir.path, 'cast.log');
    const log = startLog(session, { format: 'asciicast', events: false, file, clock: clock.now, width: 100, height: 30, rotate: { maxBytes: 200 } });
    await opened(log);
    clock.advance(1000);
    log.resize(120, 40);
    log.resize(120, 40); // the same size again: nothing
    session.feed('x'.repeat(200)); // the first file is full after this record...
    session.feed('y'); // ...so this one begins the second
    await log.stop();
    const files = ['cast.log', 'cast.1.log'];
    expect(readdirSync(dir.path).sort()).toEqual([...files].sort());
    const first = readFileSync(join(dir.path, files[0]!), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(first[0]!)).toMatchObject({ width: 100, height: 30 });
    expect(JSON.parse(first[1]!)).toEqual([1, 'r', '120x40']);
    const second = readFileSync(join(dir.path, files[1]!), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(second[0]!)).toMatchObject({ width: 120, height: 40 });
    expect(JSON.parse(second[1]!)).toEqual([0, 'o', 'y']);
  });
});

describe('jsonl log', () => {
  it('writes one JSON object per record with hex bytes both ways and the events as they came', async () => {
    const text = await logOf({ format: 'jsonl', sent: true }, (s, c) => {
      c.advance(3);
      s.feed(Buffer.from([0xff, 0x00, 0x41]));
      c.advance(3);
      s.sendBytes('x');
      s.event({ type: 'signature', text: 'ser2net' });
    });
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.slice(1, 4)).toEqual([
      { t: new Date(T0 + 3).toISOString(), ms: 3, rx: 'ff0041' },
      { t: new Date(T0 + 6).toISOString(), ms: 6, tx: '78' },
      { t: new Date(T0 + 6).toISOString(), ms: 6, event: { type: 'signature', text: 'ser2net' } },
    ]);
  });
});

describe('raw log', () => {
  it('is the received bytes exactly: no sent bytes, no events, every byte value', async () => {
    const input = randomChunks(300_000, 4096);
    const session = new FakeSession();
    const file = join(dir.path, 'raw.log');
    const log = startLog(session, { file, format: 'raw', sent: true, events: true });
    session.event({ type: 'status', state: 'connected' });
    for (const chunk of input) {
      session.feed(chunk);
      session.sendBytes('never in a raw log');
    }
    await log.stop();
    expect(sha256(readFileSync(file))).toBe(sha256(Buffer.concat(input)));
    expect(log.bytesWritten).toBe(300_000);
  });

  it('copies the bytes: a session that reuses its buffer does not change what is logged', async () => {
    const session = new FakeSession();
    const file = join(dir.path, 'reuse.log');
    const log = startLog(session, { file, format: 'raw' });
    const buf = Buffer.from('abc');
    session.feed(buf);
    buf.fill(0x7a);
    session.feed(buf);
    await log.stop();
    expect(readFileSync(file, 'latin1')).toBe('abczzz');
  });
});

describe('start and stop', () => {
  it('starts and stops at any time, twice on one session, and reports recording then stopped', async () => {
    const session = new FakeSession();
    session.feed('before any log\n');
    const first = startLog(session, { file: join(dir.path, 'a.log'), format: 'raw' });
    const states: string[] = [];
    first.on('status', (s) => states.push(s.state));
    session.feed('one ');
    const second = startLog(session, { file: join(dir.path, 'b.log'), format: 'raw' });
    session.feed('two ');
    await first.stop();
    await first.stop(); // idempotent
    session.feed('three');
    await second.stop();
    const third = startLog(session, { file: join(dir.path, 'c.log'), format: 'raw' });
    await third.stop();
    expect(readFileSync(join(dir.path, 'a.log'), 'latin1')).toBe('one two ');
    expect(readFileSync(join(dir.path, 'b.log'), 'latin1')).toBe('two three');
    expect(readFileSync(join(dir.path, 'c.log'), 'latin1')).toBe('');
    expect(states).toEqual(['recording', 'stopped']);
    expect(session.listenerCount('data')).toBe(0);
    expect(session.listenerCount('event')).toBe(0);
  });

  it('stops by itself when the session closes, with everything flushed', async () => {
    const session = new FakeSession();
    const file = join(dir.path, 'closed.log');
    const log = startLog(session, { file, format: 'text', events: true });
    session.feed('last words without a newline');
    await session.close();
    const status = await statusReached(log, 'stopped');
    expect(status.bytesWritten).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toMatch(/< last words without a newline\n\* closed\n\* log stopped\n$/);
  });

  it('a note (e.g. a dial result) goes inline like an event', async () => {
    const text = await logOf({ format: 'text' }, (s, c, log) => {
      c.advance(1);
      s.feed('ATDT5551234\r\r\nCONNECT 9600\r\n');
      log.note('dial: CONNECT 9600 after 1 attempt');
    });
    expect(text).toContain('< CONNECT 9600\n* dial: CONNECT 9600 after 1 attempt\n* log stopped\n');
  });
});
