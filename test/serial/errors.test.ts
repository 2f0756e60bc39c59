/**
 * Clear errors when a port cannot be opened: no such port, permission denied (run as the unprivileged
 * user nobody through setpriv, since root is never denied by file modes), port busy (serialport's
 * flock, taken by a first session on the same pty).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import type { SessionEvent, StatusEvent } from '../../src-shared/session/events.js';
import { notASerialPort } from '../../src-main/ports/serial-path.js';
import { EventLog } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
const sessions: SerialSession[] = [];

beforeEach(async () => {
  dir = tempDir('dialtone-serial-err-');
  chmodSync(dir.path, 0o755); // nobody must reach the link: the denial has to come from the device itself
  pair = await startPtyPair(dir.path);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
  await pair.stop();
  dir.remove();
});

function session(path: string): { s: SerialSession; log: EventLog } {
  const s = new SerialSession({ kind: 'serial', path });
  sessions.push(s);
  return { s, log: new EventLog(s) };
}

/** Run fixtures/open-port.ts as user nobody; resolves with its JSON line. */
function openAsNobody(path: string): Promise<{ ok?: boolean; code?: string; message?: string }> {
  if (!existsSync('/usr/bin/setpriv')) throw new Error('setpriv is not installed: apt-get install util-linux');
  const fixture = join(import.meta.dirname, 'fixtures', 'open-port.ts');
  const child = spawn('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, '--import', 'tsx', fixture, path], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { ...process.env, HOME: '/tmp' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', () => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as { code?: string; message?: string });
      } catch {
        reject(new Error(`fixture printed no JSON: ${out}\n${err}`));
      }
    });
  });
}

describe('SerialSession open errors', () => {
  it('no such port', async () => {
    const path = join(dir.path, 'ttyUSB9');
    const { s, log } = session(path);
    await expect(s.open()).rejects.toMatchObject({ code: 'no-such-port', message: expect.stringContaining(`no such port ${path}`) });
    const status = await log.wait<StatusEvent>((e) => e.type === 'status' && e.state === 'disconnected', 'status');
    expect(status).toMatchObject({ code: 'no-such-port' });
  });

  it('port busy: a second open of a locked port', async () => {
    const first = session(pair.a);
    await first.s.open();
    const second = session(pair.a);
    await expect(second.s.open()).rejects.toMatchObject({
      code: 'port-busy',
      message: `port ${pair.a} is busy (locked by another program)`,
    });
    // the first session is unharmed
    expect(first.s.snapshot().state).toBe('connected');
  });

  it('permission denied, device group without access: names dialout and the usermod command', async () => {
    const result = await openAsNobody(pair.a);
    expect(result.code).toBe('permission-denied');
    expect(result.message).toContain(`permission denied opening ${pair.a}`);
    expect(result.message).toMatch(/\(rw------- owner uid 0, group root\)/);
    expect(result.message).toContain('group has no read/write access');
    expect(result.message).toContain('sudo usermod -aG dialout $USER');
  });

  it("permission denied, device group with access: names the device file's group", async () => {
    const device = realpathSync(pair.a);
    chownSync(device, 0, 20); // group dialout (gid 20 on Debian), like a USB serial adapter
    chmodSync(device, 0o660);
    const result = await openAsNobody(pair.a);
    expect(result.code).toBe('permission-denied');
    expect(result.message).toMatch(/rw-rw---- owner uid 0, group dialout/);
    expect(result.message).toContain('members of group dialout may open it');
    expect(result.message).toContain('sudo usermod -aG dialout $USER');
  });

});

describe('a path that is not a serial port is never opened', () => {
  it.each([
    ['/etc/passwd', /a regular file/],
    ['/tmp', /a folder/],
    ['/dev/null', /not a serial port \(a mem device\)|not a tty/],
  ])('%s: not-a-serial-port, not retried', async (path, why) => {
    const s = new SerialSession({ kind: 'serial', path }, { reconnect: true });
    const events: SessionEvent[] = [];
    s.on('event', (ev) => events.push(ev));
    await expect(s.open()).rejects.toMatchObject({ code: 'not-a-serial-port' });
    expect(events.find((e) => e.type === 'status' && e.state === 'disconnected')).toMatchObject({ code: 'not-a-serial-port', reason: expect.stringMatching(why) });
    await s.close();
  });

  it.each([
    ['a path too long for the system (ENAMETOOLONG)', `/${'a'.repeat(3000)}`, /name too long/i],
    ['a path through a file (ENOTDIR)', '/etc/passwd/ttyS0', /not a folder/],
  ])('%s: not-a-serial-port, not retried, the path shortened in the message', async (_what, path, why) => {
    const s = new SerialSession({ kind: 'serial', path }, { reconnect: true });
    const events: SessionEvent[] = [];
    s.on('event', (ev) => events.push(ev));
    await expect(s.open()).rejects.toMatchObject({ code: 'not-a-serial-port' });
    const status = events.find((e): e is StatusEvent => e.type === 'status' && e.state === 'disconnected');
    expect(status).toMatchObject({ code: 'not-a-serial-port', reason: expect.stringMatching(why) });
    expect(status!.reason).toMatch(/not retried/);
    expect(status!.reason!.length).toBeLessThan(250);
    expect(events.some((e) => e.type === 'status' && e.state === 'reconnecting')).toBe(false);
    await s.close();
  });

  it('a FIFO is refused without opening it (an open would block)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-fifo-'));
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    try {
      const s = new SerialSession({ kind: 'serial', path: fifo });
      await expect(s.open()).rejects.toMatchObject({ code: 'not-a-serial-port', message: expect.stringMatching(/a FIFO/) });
      await s.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pty is a serial port (tty class), also its slave under any name a link gives it', async () => {
    expect(await notASerialPort('/dev/ptmx')).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-ptylink-'));
    const pair = await startPtyPair(dir, 'left', 'right'); // links not named tty*: /dev/pts/N has no sysfs entry
    try {
      expect(realpathSync(pair.a)).toMatch(/^\/dev\/pts\/\d+$/);
      expect(await notASerialPort(pair.a)).toBeNull();
      expect(await notASerialPort(realpathSync(pair.b))).toBeNull();
    } finally {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
