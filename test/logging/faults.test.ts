/**
 * Faults while logging: a full disk (ENOSPC, from /dev/full), a removed or moved folder (ENOENT at the
 * next open), a place that refuses new files (EACCES from sysfs, which refuses even root), a parent that
 * is a regular file (ENOTDIR), and a real permission denial by file mode (a child process run as
 * nobody with setpriv). In each the log stops with a clear message, releases its pause, and the session
 * keeps running. The session is the in-memory stand-in (fake-session.ts); the real-session case is in
 * session-log.interop.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLog, type LogOptions, type SessionLog } from '../../src-main/logging/session-log.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession } from './fake-session.js';
import { statusReached } from './helpers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-fault-');
});
afterEach(() => dir.remove());

/** The session must still deliver bytes to its other consumers, and hold no pause for the log. */
function expectSessionUnharmed(session: FakeSession, log: SessionLog): void {
  const got: Uint8Array[] = [];
  const consumer = (b: Uint8Array) => got.push(b);
  session.on('data', consumer);
  session.feed('still running');
  session.off('data', consumer);
  expect(Buffer.concat(got).toString()).toBe('still running');
  expect(session.pausedBy).not.toContain('log');
  expect(session.listenerCount('data')).toBe(0); // the failed log let go of the session
  expect(log.status.state).toBe('failed');
}

/** A log whose every write reports progress (statusIntervalMs 0), so a test can await bytes on disk. */
function startTestLog(session: FakeSession, options: LogOptions): SessionLog {
  return startLog(session, { statusIntervalMs: 0, ...options });
}

async function written(log: SessionLog, bytes: number): Promise<void> {
  if (log.bytesWritten >= bytes) return;
  await new Promise<void>((resolve, reject) => {
    log.on('status', function on(s) {
      if (s.state === 'failed') reject(new Error(s.error));
      if (s.bytesWritten < bytes) return;
      log.off('status', on);
      resolve();
    });
  });
}

describe('log faults', () => {
  it('disk full (ENOSPC, /dev/full): failed with the cause, the file and the count; pause released', async () => {
    const session = new FakeSession();
    const log = startTestLog(session, { file: '/dev/full', format: 'raw', highWaterBytes: 64 * 1024, lowWaterBytes: 16 * 1024 });
    session.feed(Buffer.alloc(200 * 1024, 0x55)); // above the high watermark: the log holds a pause
    expect(session.pausedBy).toEqual(['log']);
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe('disk full writing /dev/full: 0 bytes written before the failure (ENOSPC)');
    expectSessionUnharmed(session, log);
    expect(session.pauseCalls.at(-1)).toEqual({ owner: 'log', paused: false });
    await log.stop(); // still safe to call
    expect(log.status.state).toBe('failed');
  });

  it('a removed folder (rm -rf) fails the log at the next rotation (ENOENT), naming the file', async () => {
    mkdirSync(join(dir.path, 'logs'));
    const session = new FakeSession();
    const file = join(dir.path, 'logs', 'console.log');
    const log = startTestLog(session, { file, format: 'raw', rotate: { maxBytes: 12_345 } });
    session.feed(Buffer.alloc(12_345, 0x41));
    await written(log, 12_345);
    rmSync(join(dir.path, 'logs'), { recursive: true, force: true });
    session.feed('x'); // belongs to the next file, which cannot be opened
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(`folder missing (removed?) opening ${join(dir.path, 'logs', 'console.1.log')}: 12 345 bytes written before the failure (ENOENT)`);
    expectSessionUnharmed(session, log);
  });

  it('a moved folder: what was written before stays intact', async () => {
    mkdirSync(join(dir.path, 'logs'));
    const session = new FakeSession();
    const log = startTestLog(session, { file: join(dir.path, 'logs', 'modem.txt'), format: 'text', events: false, rotate: { maxBytes: 5 } });
    session.feed('ATZ\r\nOK\r\n');
    await written(log, 7);
    renameSync(join(dir.path, 'logs'), join(dir.path, 'moved'));
    session.feed('ATDT5551234\r\n');
    await statusReached(log, 'failed');
    expect(readFileSync(join(dir.path, 'moved', 'modem.txt'), 'utf8')).toBe('ATZ\nOK\n');
    expectSessionUnharmed(session, log);
  });

  it('a folder that does not exist fails at open (ENOENT)', async () => {
    const session = new FakeSession();
    const file = join(dir.path, 'no-such-folder', 'x.log');
    const log = startTestLog(session, { file, format: 'text' });
    session.feed('hello\n');
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(`folder missing (removed?) opening ${file}: 0 bytes written before the failure (ENOENT)`);
    expectSessionUnharmed(session, log);
  });

  it('a parent that is a regular file fails at open (ENOTDIR)', async () => {
    writeFileSync(join(dir.path, 'plain-file'), '');
    const session = new FakeSession();
    const file = join(dir.path, 'plain-file', 'x.log');
    const log = startTestLog(session, { file, format: 'hex' });
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(`a parent of the path is not a folder opening ${file}: 0 bytes written before the failure (ENOTDIR)`);
    expectSessionUnharmed(session, log);
  });

  it('a place that refuses new files (EACCES: sysfs refuses file creation even to root)', async () => {
    const file = `/sys/dialtone-test-${process.pid}.log`;
    const session = new FakeSession();
    const log = startTestLog(session, { file, format: 'raw' });
    session.feed('abc');
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(`permission denied opening ${file}: 0 bytes written before the failure (EACCES)`);
    expectSessionUnharmed(session, log);
  });

  it('a permission denial by file mode (EACCES), as an unprivileged user (setpriv to nobody)', () => {
    // root ignores file modes, so the log runs in a child process as uid/gid 65534 (nobody)
    expect(existsSync('/usr/bin/setpriv'), 'setpriv is missing: apt-get install util-linux').toBe(true);
    const folder = join(dir.path, 'read-only');
    mkdirSync(folder);
    chmodSync(dir.path, 0o755);
    chmodSync(folder, 0o555);
    const file = join(folder, 'x.log');
    const script = resolve(import.meta.dirname, 'fixtures', 'log-once.ts');
    const r = spawnSync(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', script, file],
      { cwd: resolve(import.meta.dirname, '../..'), encoding: 'utf8', env: { ...process.env, HOME: '/tmp' }, timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { state: string; error: string; stillRunning: boolean };
    expect(result).toEqual({
      state: 'failed',
      error: `permission denied opening ${file}: 0 bytes written before the failure (EACCES)`,
      stillRunning: true,
    });
  });
});
