/**
 * SessionLogs: the app's per-session logs and their status in the IPC contract's shape (validated with
 * the contract's own schema). The session is the in-memory stand-in (fake-session.ts says why).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logStatusSchema, type LogStatus as IpcLogStatus } from '../../src-shared/ipc/contract.js';
import { SessionLogs, suggestLogFileName } from '../../src-main/logging/session-logs.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession } from './fake-session.js';
import { statusReached } from './helpers.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-logs-');
});
afterEach(() => dir.remove());

describe('SessionLogs', () => {
  it('starts, reports contract-valid statuses with the file name only, stops, and remembers the last file', async () => {
    const seen: IpcLogStatus[] = [];
    const logs = new SessionLogs((s) => seen.push(logStatusSchema.parse(s)));
    const session = new FakeSession();
    const file = join(dir.path, 'a.txt');
    const log = logs.start('s1', session, { file, format: 'text' });
    session.feed('hello\n');
    await logs.stop('s1');
    expect(log.status.state).toBe('stopped');
    expect(logs.get('s1')).toBeUndefined();
    expect(logs.lastFile('s1')).toBe(file);
    expect(seen[0]).toEqual({ sessionId: 's1', active: true, format: 'text', fileName: 'a.txt', bytesWritten: 0 });
    expect(seen.at(-1)).toEqual({ sessionId: 's1', active: false, format: 'text', fileName: 'a.txt', bytesWritten: readFileSync(file).length });
  });

  it("an asciicast log of a new session starts at the window's pane size (its own pane has not reported yet), then its own", async () => {
    const logs = new SessionLogs(() => undefined);
    logs.resize('older', 132, 43); // another tab's pane: the window's size
    const file = join(dir.path, 'new.cast');
    logs.start('new', new FakeSession(), { file, format: 'asciicast' });
    logs.resize('new', 120, 40);
    await logs.stop('new');
    const [header, ...events] = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(header!)).toMatchObject({ width: 132, height: 43 });
    expect(events.map((e) => JSON.parse(e) as unknown[]).filter((e) => e[1] === 'r').map((e) => e[2])).toEqual(['120x40']);
  });

  it('a second start stops the first log before the new one records', async () => {
    const logs = new SessionLogs(() => undefined);
    const session = new FakeSession();
    const first = logs.start('s1', session, { file: join(dir.path, '1.log'), format: 'raw' });
    session.feed('one');
    const second = logs.start('s1', session, { file: join(dir.path, '2.log'), format: 'raw' });
    session.feed('two');
    await statusReached(first, 'stopped');
    await logs.stopAll();
    expect(second.status.state).toBe('stopped');
    expect(readFileSync(join(dir.path, '1.log'), 'latin1')).toBe('one');
    expect(readFileSync(join(dir.path, '2.log'), 'latin1')).toBe('two');
  });

  it('a failure arrives as an inactive status with the error', async () => {
    const seen: IpcLogStatus[] = [];
    const logs = new SessionLogs((s) => seen.push(logStatusSchema.parse(s)));
    const session = new FakeSession();
    const log = logs.start('s2', session, { file: '/dev/full', format: 'raw' });
    session.feed('bytes');
    await statusReached(log, 'failed');
    expect(seen.at(-1)).toMatchObject({ sessionId: 's2', active: false, fileName: 'full', error: expect.stringMatching(/^disk full writing \/dev\/full/) });
    expect(logs.get('s2')).toBeUndefined();
  });
});

describe('suggestLogFileName', () => {
  it('uses the profile, or the target, the time and the format\'s extension', () => {
    const now = new Date(2026, 10, 21, 3, 4, 5).getTime();
    expect(suggestLogFileName({ profile: 'Core sw/1' }, 'asciicast', now)).toBe('Core sw_1-2026-11-21_03-04-05.cast');
    expect(suggestLogFileName({ target: 'rfc2217://10.0.0.5:7001' }, 'text', now)).toBe('rfc2217_10.0.0.5_7001-2026-11-21_03-04-05.txt');
  });
});
