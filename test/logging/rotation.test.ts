/**
 * Rotation by size and by day, and backpressure on the session, through the real writer on real files.
 * The session is the in-memory stand-in (fake-session.ts says why): the day rotation needs a clock that
 * crosses midnight on cue.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayKey } from '../../src-main/logging/file-name.js';
import { startLog, type LogStatus } from '../../src-main/logging/session-log.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession, TestClock } from './fake-session.js';
import { opened, randomChunks, sha256 } from './helpers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-rot-');
});
afterEach(() => dir.remove());

const concat = (names: string[]): Buffer => Buffer.concat(names.map((n) => readFileSync(join(dir.path, n))));

describe('size rotation', () => {
  it('raw: files of exactly maxBytes that concatenate to the input', async () => {
    const session = new FakeSession();
    const input = randomChunks(1_000_000, 9000);
    const log = startLog(session, { file: join(dir.path, 'console.log'), format: 'raw', rotate: { maxBytes: 65_536 } });
    const files: string[] = [];
    log.on('status', (s) => {
      if (s.state === 'recording' && files.at(-1) !== s.file) files.push(s.file);
    });
    for (const chunk of input) session.feed(chunk);
    await log.stop();
    const names = ['console.log', ...Array.from({ length: 15 }, (_, i) => `console.${i + 1}.log`)];
    expect(readdirSync(dir.path).sort()).toEqual([...names].sort());
    for (const n of names.slice(0, -1)) expect(readFileSync(join(dir.path, n)).length).toBe(65_536);
    expect(sha256(concat(names))).toBe(sha256(Buffer.concat(input)));
    expect(files).toEqual(names.map((n) => join(dir.path, n)));
    expect(log.bytesWritten).toBe(1_000_000);
  });

  it('never overwrites an earlier run\'s rotated file: it takes the next free number', async () => {
    writeFileSync(join(dir.path, 'x.1.log'), 'earlier run');
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'x.log'), format: 'raw', rotate: { maxBytes: 4 } });
    session.feed('aaaabbbbcc');
    await log.stop();
    expect(readFileSync(join(dir.path, 'x.1.log'), 'latin1')).toBe('earlier run');
    expect(['x.log', 'x.2.log', 'x.3.log'].map((n) => readFileSync(join(dir.path, n), 'latin1'))).toEqual(['aaaa', 'bbbb', 'cc']);
  });

  it('text: rotates between lines; the files concatenate to the unrotated log', async () => {
    const clock = new TestClock(Date.UTC(2026, 0, 1, 12));
    const run = async (file: string, maxBytes?: number) => {
      const session = new FakeSession();
      clock.t = Date.UTC(2026, 0, 1, 12);
      const log = startLog(session, { file: join(dir.path, file), format: 'text', timestamps: 'elapsed', clock: clock.now, ...(maxBytes ? { rotate: { maxBytes } } : {}) });
      for (let i = 0; i < 200; i++) {
        clock.advance(3);
        session.feed(`show interface status ${i}\r\n`);
        if (i % 50 === 0) session.event({ type: 'control', action: 'rts', value: i % 100 === 0 });
      }
      await log.stop();
    };
    await run('whole.txt');
    await run('part.txt', 1000);
    const parts = readdirSync(dir.path).filter((n) => n.startsWith('part'));
    const ordered = ['part.txt', ...Array.from({ length: parts.length - 1 }, (_, i) => `part.${i + 1}.txt`)];
    expect(parts.sort()).toEqual([...ordered].sort());
    expect(ordered.length).toBeGreaterThan(5);
    for (const n of ordered) {
      const text = readFileSync(join(dir.path, n), 'utf8');
      expect(text.endsWith('\n')).toBe(true); // whole lines only
      expect(text.length).toBeLessThan(1000 + 100); // at most one line over
    }
    expect(concat(ordered).toString()).toBe(readFileSync(join(dir.path, 'whole.txt'), 'utf8'));
  });

  it('asciicast: every rotated file starts with its own header and time base', async () => {
    const clock = new TestClock(Date.UTC(2026, 0, 1, 12));
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'cast.cast'), format: 'asciicast', events: false, clock: clock.now, rotate: { maxBytes: 200 } });
    for (let i = 0; i < 20; i++) {
      clock.advance(1000);
      session.feed(`line ${i}\r\n`);
    }
    await log.stop();
    const files = readdirSync(dir.path).sort();
    expect(files.length).toBeGreaterThan(2);
    let lines = 0;
    const ordered = ['cast.cast', ...Array.from({ length: files.length - 1 }, (_, i) => `cast.${i + 1}.cast`)];
    expect(files).toEqual([...ordered].sort());
    for (const [n, f] of ordered.entries()) {
      const [header, ...events] = readFileSync(join(dir.path, f), 'utf8').trimEnd().split('\n');
      const h = JSON.parse(header!) as { version: number; timestamp: number };
      expect(h.version).toBe(2);
      const first = JSON.parse(events[0]!) as [number, string, string];
      // the first file's clock starts with the log; a rotated file's with the record that opened it
      expect(first[0]).toBe(n === 0 ? 1 : 0);
      expect(h.timestamp).toBe(Math.floor((Date.UTC(2026, 0, 1, 12) + (n === 0 ? 0 : (lines + 1) * 1000)) / 1000));
      lines += events.length;
    }
    expect(lines).toBe(20);
  });
});

describe('day rotation', () => {
  it('raw: a new file per local day, crossing midnight with an injected clock, nothing lost at the seam', async () => {
    const start = new Date(2026, 10, 21, 23, 59, 58).getTime(); // local time, as the rotation is
    const clock = new TestClock(start);
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'night.log'), format: 'raw', clock: clock.now, rotate: { daily: true, maxBytes: 100_000 } });
    const input = randomChunks(400_000, 5000);
    input.forEach((chunk, i) => {
      if (i % 10 === 0) clock.advance(250); // ~ 20 s of traffic over midnight
      session.feed(chunk);
    });
    await log.stop();
    const d1 = dayKey(start);
    const d2 = dayKey(clock.t);
    expect(d2).not.toBe(d1);
    const files = readdirSync(dir.path);
    const day1 = files.filter((f) => f.includes(d1));
    const day2 = files.filter((f) => f.includes(d2));
    expect(day1.length + day2.length).toBe(files.length);
    const order = (day: string, names: string[]) => [`night-${day}.log`, ...Array.from({ length: names.length - 1 }, (_, i) => `night-${day}.${i + 1}.log`)];
    expect(day1.sort()).toEqual(order(d1, day1).sort());
    expect(day2.sort()).toEqual(order(d2, day2).sort());
    expect(sha256(concat([...order(d1, day1), ...order(d2, day2)]))).toBe(sha256(Buffer.concat(input)));
  });
});

describe('restarts', () => {
  it('daily: a second run on the same day keeps the first run\'s file and takes a numbered name of its own', async () => {
    const clock = new TestClock(new Date(2026, 10, 21, 9).getTime());
    const day = dayKey(clock.t);
    const logs = ['first run', 'second run'].map((text) => {
      const session = new FakeSession();
      const log = startLog(session, { file: join(dir.path, 'shift.log'), format: 'raw', clock: clock.now, rotate: { daily: true, maxBytes: 20 } });
      session.feed(text);
      return { session, log };
    });
    // both still running across midnight: each keeps to its own name, never onto the other's files
    clock.t = new Date(2026, 10, 22, 0, 0, 1).getTime();
    const day2 = dayKey(clock.t);
    logs[0]!.session.feed(' day two');
    logs[1]!.session.feed(' also day two');
    await Promise.all(logs.map((l) => l.log.stop()));
    expect(readdirSync(dir.path).sort()).toEqual([`shift-${day}.log`, `shift-${day2}.log`, `shift-2-${day}.log`, `shift-2-${day2}.log`].sort());
    expect(readFileSync(join(dir.path, `shift-${day}.log`), 'latin1')).toBe('first run');
    expect(readFileSync(join(dir.path, `shift-2-${day}.log`), 'latin1')).toBe('second run');
    expect(readFileSync(join(dir.path, `shift-${day2}.log`), 'latin1')).toBe(' day two');
    expect(readFileSync(join(dir.path, `shift-2-${day2}.log`), 'latin1')).toBe(' also day two');
  });

  it('append: a second run adds to the file; without it a run never truncates it and takes a new name', async () => {
    const file = join(dir.path, 'a.log');
    for (const [text, append] of [['one ', false], ['two', true]] as const) {
      const session = new FakeSession();
      const log = startLog(session, { file, format: 'raw', append });
      session.feed(text);
      await log.stop();
      expect(log.file).toBe(file);
    }
    expect(readFileSync(file, 'latin1')).toBe('one two');
    const session = new FakeSession();
    const log = startLog(session, { file, format: 'raw' });
    session.feed('three');
    await log.stop();
    expect(log.file).toBe(join(dir.path, 'a-2.log'));
    expect(readFileSync(file, 'latin1')).toBe('one two');
    expect(readFileSync(join(dir.path, 'a-2.log'), 'latin1')).toBe('three');
  });
});

describe('backpressure', () => {
  it('pauses the session above the high watermark and releases it once the queue drains, losing nothing', async () => {
    const session = new FakeSession();
    const file = join(dir.path, 'bp.log');
    const log = startLog(session, { file, format: 'raw', highWaterBytes: 256 * 1024, lowWaterBytes: 64 * 1024 });
    const input = randomChunks(8 * 1024 * 1024, 65_536);
    // all in one tick: the disk cannot keep up with that, so the log must pause the source
    for (const chunk of input) session.feed(chunk);
    expect(session.pausedBy).toEqual(['log']);
    const released = new Promise<void>((resolve) => {
      const check = () => {
        if (!session.pausedBy.includes('log')) resolve();
        else setImmediate(check); // bounded: the queue is finite and the disk is writing it
      };
      check();
    });
    await released;
    await log.stop();
    expect(session.pauseCalls).toEqual([
      { owner: 'log', paused: true },
      { owner: 'log', paused: false },
    ]);
    expect(sha256(readFileSync(file))).toBe(sha256(Buffer.concat(input)));
  });

  it('reports bytesWritten progress while recording', async () => {
    const clock = new TestClock(0);
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'p.log'), format: 'raw', clock: clock.now, statusIntervalMs: 1000 });
    const seen: LogStatus[] = [];
    log.on('status', (s) => seen.push(s));
    await opened(log);
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      session.feed(Buffer.alloc(1000, i));
      await new Promise<void>((resolve) => {
        const on = (s: LogStatus) => {
          if (s.bytesWritten >= (i + 1) * 1000) {
            log.off('status', on);
            resolve();
          }
        };
        log.on('status', on);
      });
    }
    await log.stop();
    expect(seen.map((s) => [s.state, s.bytesWritten])).toEqual([
      ['recording', 0],
      ['recording', 1000],
      ['recording', 2000],
      ['recording', 3000],
      ['recording', 4000],
      ['recording', 5000],
      ['stopped', 5000],
    ]);
  });
});
