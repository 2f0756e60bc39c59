/**
 * Logs never destroy earlier logs: every file a log opens is opened exclusively (O_EXCL), an existing
 * name gets a numbered suffix (name.log -> name-2.log, name-3.log, ...), and two logs never share a
 * file. Through the app core (automatic logs of one profile, manual logs in the browser host's folder)
 * and through startLog directly. Sessions are the in-memory stand-in (fake-session.ts says why): the
 * test needs twenty sessions opened in one and the same second, each writing its own bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { AppCore } from '../../src-main/app/core.js';
import { LOG_NAME_TRIES } from '../../src-main/logging/file-name.js';
import { startLog, type SessionLog } from '../../src-main/logging/session-log.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession } from './fake-session.js';
import { opened, statusReached } from './helpers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-excl-');
});
afterEach(() => {
  vi.useRealTimers();
  dir.remove();
});

/** An AppCore whose sessions are FakeSessions, logging (automatic and manual) into `logDir`. */
async function startCore(logDir: string) {
  const sessions = new Map<FakeSession, true>();
  const events: Array<{ name: EventName; payload: Record<string, unknown> }> = [];
  const waiters = new Set<() => void>();
  const core = await AppCore.start({
    platform: process.platform,
    configDir: join(dir.path, 'config'),
    demo: false,
    createSession: async () => {
      const s = new FakeSession();
      sessions.set(s, true);
      return s;
    },
    services: {
      kind: 'browser',
      version: 'test',
      logDir,
      autoLogDir: logDir,
      // like a host that names the file from the suggestion without looking: the log must not overwrite
      chooseLogFile: async (name) => {
        mkdirSync(logDir, { recursive: true });
        return join(logDir, name);
      },
      showInFolder: async () => undefined,
    },
  });
  core.addSink((name, payload) => {
    events.push({ name, payload: payload as Record<string, unknown> });
    for (const w of [...waiters]) w();
  });
  const call = async <T>(name: string, payload: unknown): Promise<T> => {
    const r: ReplyEnvelope = await core.router.handle(name, payload);
    if (!r.ok) throw new Error(`${name}: ${r.error} (${r.code})`);
    return r.value as T;
  };
  const logStatuses = (sessionId: string) =>
    events.filter((e) => e.name === 'log.status' && e.payload.sessionId === sessionId).map((e) => e.payload as { active: boolean; fileName?: string; error?: string });
  /** Resolve once the session's log has stopped (an inactive status), with its last status. */
  const logStopped = (sessionId: string) =>
    new Promise<{ active: boolean; fileName?: string; error?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`log of ${sessionId} never stopped`)), 20_000);
      const check = () => {
        const last = logStatuses(sessionId).at(-1);
        if (!last || last.active) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(last);
      };
      waiters.add(check);
      check();
    });
  const sessionOf = (sessionId: string) => core.manager.require(sessionId).session as FakeSession;
  return { core, call, logStatuses, logStopped, sessionOf };
}

const profileWith = (fileNameTemplate: string) => ({
  name: 'Core switch',
  target: { kind: 'raw', host: '127.0.0.1', port: 9 },
  autoLog: { enabled: true, format: 'raw', fileNameTemplate },
});

describe('automatic logs never destroy earlier logs', () => {
  it('20 sessions of one profile opened in the same second: 20 files, each exactly its session\'s bytes', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 10, 21, 3, 4, 5) }); // the clock stands still
    const logDir = join(dir.path, 'logs');
    const app = await startCore(logDir);
    try {
      const profile = await app.call<{ id: string }>('profiles.save', { profile: profileWith('{profile}-{datetime}.log') });
      const opened = await Promise.all(Array.from({ length: 20 }, () => app.call<{ sessionId: string }>('session.open', { profileId: profile.id })));
      const ids = opened.map((o) => o.sessionId);
      const sent = new Map(ids.map((id, i) => [id, Buffer.concat([Buffer.from(`session ${i}:`), randomBytes(3000 + i)])]));
      // interleaved chunks: the sessions write at the same time
      for (let off = 0; off < 3100; off += 97) for (const id of ids) app.sessionOf(id).feed(sent.get(id)!.subarray(off, off + 97));
      await Promise.all(ids.map((sessionId) => app.call('session.close', { sessionId })));
      const last = await Promise.all(ids.map((id) => app.logStopped(id)));
      for (const s of last) expect(s.error).toBeUndefined();
      const names = last.map((s) => s.fileName!);
      expect(new Set(names).size).toBe(20);
      expect(readdirSync(logDir).sort()).toEqual([...names].sort());
      expect(names).toContain('Core switch-2026-11-21_03-04-05.log');
      expect(names).toContain('Core switch-2026-11-21_03-04-05-20.log');
      ids.forEach((id, i) => expect(readFileSync(join(logDir, names[i]!)).equals(sent.get(id)!), `${id} -> ${names[i]}`).toBe(true));
    } finally {
      await app.core.dispose();
    }
  });

  it('a fixed template used twice keeps both files (the second is name-2)', async () => {
    const logDir = join(dir.path, 'logs');
    const app = await startCore(logDir);
    try {
      const profile = await app.call<{ id: string }>('profiles.save', { profile: profileWith('auto-{profile}.log') });
      for (const text of ['first session', 'second session']) {
        const { sessionId } = await app.call<{ sessionId: string }>('session.open', { profileId: profile.id });
        app.sessionOf(sessionId).feed(text);
        await app.call('session.close', { sessionId });
        await app.logStopped(sessionId);
      }
      expect(readdirSync(logDir).sort()).toEqual(['auto-Core switch-2.log', 'auto-Core switch.log']);
      expect(readFileSync(join(logDir, 'auto-Core switch.log'), 'latin1')).toBe('first session');
      expect(readFileSync(join(logDir, 'auto-Core switch-2.log'), 'latin1')).toBe('second session');
    } finally {
      await app.core.dispose();
    }
  });
});

describe("a tab's automatic log follows its connection", () => {
  it('after its profile is deleted too: each Connect still starts a new file (the profile as last seen)', async () => {
    const logDir = join(dir.path, 'logs');
    const app = await startCore(logDir);
    try {
      const profile = await app.call<{ id: string }>('profiles.save', { profile: profileWith('auto-{profile}.log') });
      const { sessionId } = await app.call<{ sessionId: string }>('session.open', { profileId: profile.id });
      const reconnect = async (text: string) => {
        await app.call('session.disconnect', { sessionId });
        await app.call('session.connect', { sessionId });
        app.sessionOf(sessionId).feed(text);
      };
      app.sessionOf(sessionId).feed('first');
      await reconnect('second');
      await app.call('profiles.delete', { id: profile.id });
      await reconnect('third');
      await app.call('session.close', { sessionId });
      // the three logs finish writing in the background
      await vi.waitFor(() => expect(readFileSync(join(logDir, 'auto-Core switch-3.log'), 'latin1')).toBe('third'), { timeout: 10_000 });
      expect(readdirSync(logDir).sort()).toEqual(['auto-Core switch-2.log', 'auto-Core switch-3.log', 'auto-Core switch.log']);
      expect(readFileSync(join(logDir, 'auto-Core switch-2.log'), 'latin1')).toBe('second');
    } finally {
      await app.core.dispose();
    }
  });
});

describe('manual logs in the browser host\'s folder never overwrite', () => {
  it('two log.start in the same second on one suggested name: two files, and each reply names its own file', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 10, 21, 3, 4, 5) });
    const logDir = join(dir.path, 'logs');
    const app = await startCore(logDir);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) ids.push((await app.call<{ sessionId: string }>('session.open', { target: { kind: 'raw', host: '127.0.0.1', port: 9 } })).sessionId);
      const replies = await Promise.all(ids.map((sessionId) => app.call<{ started: boolean; fileName: string }>('log.start', { sessionId, format: 'raw' })));
      ids.forEach((id) => app.sessionOf(id).feed(`bytes of ${id}`));
      await Promise.all(ids.map((sessionId) => app.call('log.stop', { sessionId })));
      expect(replies.map((r) => r.fileName)).toEqual(['rfc2217_127.0.0.1_7001-2026-11-21_03-04-05.log', 'rfc2217_127.0.0.1_7001-2026-11-21_03-04-05-2.log']);
      ids.forEach((id, i) => {
        expect(readFileSync(join(logDir, replies[i]!.fileName), 'latin1')).toBe(`bytes of ${id}`);
        expect(app.logStatuses(id).at(-1)?.fileName).toBe(replies[i]!.fileName);
      });
    } finally {
      await app.core.dispose();
    }
  });
});

describe('startLog opens exclusively', () => {
  it('an existing file is kept: the log takes name-2, then name-3; log.file names it at once', async () => {
    const file = join(dir.path, 'console.log');
    writeFileSync(file, 'yesterday');
    const logs: SessionLog[] = [];
    for (const text of ['one', 'two']) {
      const session = new FakeSession();
      const log = startLog(session, { file, format: 'raw' });
      logs.push(log);
      session.feed(text);
      await log.stop();
    }
    expect(logs.map((l) => l.file)).toEqual([join(dir.path, 'console-2.log'), join(dir.path, 'console-3.log')]);
    expect(readFileSync(file, 'latin1')).toBe('yesterday');
    expect(readFileSync(join(dir.path, 'console-2.log'), 'latin1')).toBe('one');
    expect(readFileSync(join(dir.path, 'console-3.log'), 'latin1')).toBe('two');
  });

  it('20 logs of one file started at once never share it', async () => {
    const file = join(dir.path, 'same.txt');
    const runs = Array.from({ length: 20 }, (_, i) => {
      const session = new FakeSession();
      return { session, log: startLog(session, { file, format: 'raw' }), bytes: randomBytes(5000 + i) };
    });
    for (let off = 0; off < 5100; off += 333) for (const r of runs) r.session.feed(r.bytes.subarray(off, off + 333));
    await Promise.all(runs.map((r) => r.log.stop()));
    expect(new Set(runs.map((r) => r.log.file)).size).toBe(20);
    expect(readdirSync(dir.path)).toHaveLength(20);
    for (const r of runs) expect(readFileSync(r.log.file).equals(r.bytes)).toBe(true);
  });

  it('a compound extension keeps its place: x.hex.txt -> x-2.hex.txt; a name without one -> name-2', async () => {
    writeFileSync(join(dir.path, 'x.hex.txt'), '');
    writeFileSync(join(dir.path, 'plain'), '');
    const a = startLog(new FakeSession(), { file: join(dir.path, 'x.hex.txt'), format: 'hex' });
    const b = startLog(new FakeSession(), { file: join(dir.path, 'plain'), format: 'raw' });
    await Promise.all([a.stop(), b.stop()]);
    expect([a.file, b.file]).toEqual([join(dir.path, 'x-2.hex.txt'), join(dir.path, 'plain-2')]);
  });

  it(`after ${LOG_NAME_TRIES} taken names the log fails with a clear message and touches none of them`, async () => {
    writeFileSync(join(dir.path, 'full.log'), 'kept');
    for (let n = 2; n <= LOG_NAME_TRIES; n++) writeFileSync(join(dir.path, `full-${n}.log`), 'kept');
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'full.log'), format: 'raw' });
    session.feed('lost?');
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(
      `no free name (full.log to full-${LOG_NAME_TRIES}.log all exist; move old logs away) opening ${join(dir.path, 'full.log')}: 0 bytes written before the failure (EEXIST)`,
    );
    expect(readdirSync(dir.path)).toHaveLength(LOG_NAME_TRIES);
    for (const name of readdirSync(dir.path)) expect(readFileSync(join(dir.path, name), 'latin1')).toBe('kept');
    expect(session.listenerCount('data')).toBe(0);
  });

  it('size rotation of a numbered log rotates under its own name, never onto another log\'s files', async () => {
    writeFileSync(join(dir.path, 'r.log'), 'earlier');
    writeFileSync(join(dir.path, 'r.1.log'), 'earlier, rotated');
    const session = new FakeSession();
    const log = startLog(session, { file: join(dir.path, 'r.log'), format: 'raw', rotate: { maxBytes: 4 } });
    session.feed('aaaabbbbcc');
    await log.stop();
    expect(readdirSync(dir.path).sort()).toEqual(['r-2.1.log', 'r-2.2.log', 'r-2.log', 'r.1.log', 'r.log']);
    expect(['r-2.log', 'r-2.1.log', 'r-2.2.log'].map((n) => readFileSync(join(dir.path, n), 'latin1'))).toEqual(['aaaa', 'bbbb', 'cc']);
    expect(readFileSync(join(dir.path, 'r.log'), 'latin1')).toBe('earlier');
    expect(readFileSync(join(dir.path, 'r.1.log'), 'latin1')).toBe('earlier, rotated');
  });

  it('a device (/dev/null) is written as it is; a folder at the path fails (EISDIR), it is not renamed around', async () => {
    const dev = startLog(new FakeSession(), { file: '/dev/null', format: 'raw' });
    await opened(dev);
    await dev.stop();
    expect(dev.status).toMatchObject({ state: 'stopped', file: '/dev/null' });
    mkdirSync(join(dir.path, 'folder.log'));
    const log = startLog(new FakeSession(), { file: join(dir.path, 'folder.log'), format: 'raw' });
    const failed = await statusReached(log, 'failed');
    expect(failed.error).toBe(`the path is a folder opening ${join(dir.path, 'folder.log')}: 0 bytes written before the failure (EISDIR)`);
    expect(readdirSync(dir.path)).toEqual(['folder.log']);
  });
});
