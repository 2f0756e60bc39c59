// The app core through its router and an event sink, as both hosts use it, with the real demo modem
// (the in-process simulator: RFC 2217 + Hayes modem + phone directory), real log files and real sessions.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplySchema, type EventName, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import type { Target } from '../../src-shared/session/target.js';
import { AppCore, DEMO_PROFILE_ID } from '../../src-main/app/core.js';
import { folderTransferFiles } from '../../src-main/transfer/service.js';
import { startPtyPair, tempDir } from '../harness/peers.js';
import { openPty } from '../interop/helpers.js';
import { FakeSession } from '../logging/fake-session.js';

const dir = tempDir('dialtone-core-');
const logDir = join(dir.path, 'logs');
let core: AppCore;
const events: Array<{ name: EventName; payload: Record<string, unknown> }> = [];
const waiters = new Set<() => void>();

beforeAll(async () => {
  core = await AppCore.start({
    platform: process.platform,
    configDir: join(dir.path, 'config'),
    demo: true,
    services: {
      kind: 'browser',
      version: 'test',
      logDir,
      autoLogDir: logDir,
      chooseLogFile: async (name) => {
        const { mkdirSync } = await import('node:fs');
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
});
afterAll(async () => {
  await core?.dispose();
  dir.remove();
});

async function call<T = unknown>(name: string, payload: unknown): Promise<T> {
  const r: ReplyEnvelope = await core.router.handle(name, payload);
  if (!r.ok) throw new Error(`${name}: ${r.error} (${r.code})`);
  return r.value as T;
}

/** Resolve when `pred` holds for the events so far (checked on each event). */
function until(pred: () => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pred()) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}

const of = (sessionId: string, name: EventName) => events.filter((e) => e.name === name && e.payload.sessionId === sessionId).map((e) => e.payload);
const text = (sessionId: string) => Buffer.concat(of(sessionId, 'session.data').map((p) => p.bytes as Uint8Array)).toString('latin1');

describe('AppCore with the demo modem', () => {
  it('offers the demo modem', async () => {
    expect(await call('app.info', {})).toMatchObject({ host: 'browser', demoModem: true, logDir });
    const profiles = await call<Array<{ id: string; builtIn?: boolean; target: { kind: string } }>>('profiles.list', {});
    expect(profiles[0]).toMatchObject({ id: DEMO_PROFILE_ID, builtIn: true, target: { kind: 'rfc2217' } });
  });

  it('dials the echo service, carries bytes, hangs up; BUSY fails with its result code', async () => {
    const { sessionId } = await call<{ sessionId: string }>('session.open', { profileId: DEMO_PROFILE_ID });
    await until(() => of(sessionId, 'session.event').some((p) => (p.event as { state?: string }).state === 'connected'), 'connected');
    const dial = () => of(sessionId, 'dial.status') as Array<{ state: string; resultCode?: string }>;

    await call('dial.start', { sessionId, number: '555-0100' });
    await until(() => dial().some((d) => d.state === 'connected'), 'CONNECT');
    expect(dial().find((d) => d.state === 'connected')?.resultCode).toBe('CONNECT');
    await call('session.write', { sessionId, bytes: new Uint8Array(Buffer.from('ping through the phone\r')) });
    await until(() => text(sessionId).includes('ping through the phone'), 'the echo');
    await call('dial.hangup', { sessionId });
    await until(() => dial().some((d) => d.state === 'hung-up'), 'hung up');

    await call('dial.start', { sessionId, number: '555-0102' });
    await until(() => dial().some((d) => d.state === 'failed'), 'BUSY');
    expect(dial().find((d) => d.state === 'failed')?.resultCode).toMatch(/BUSY/);
    await call('session.close', { sessionId });
  });

  it('logs a session to a file and reports its status', async () => {
    const { sessionId } = await call<{ sessionId: string }>('session.open', { profileId: DEMO_PROFILE_ID });
    await until(() => of(sessionId, 'session.event').some((p) => (p.event as { state?: string }).state === 'connected'), 'connected');
    const started = await call<{ started: boolean; fileName: string }>('log.start', { sessionId, format: 'text' });
    expect(started.started).toBe(true);
    await call('session.write', { sessionId, bytes: new Uint8Array(Buffer.from('ATI\r')) });
    await until(() => /OK/.test(text(sessionId)), 'the modem answers OK');
    await call('log.stop', { sessionId });
    await until(() => of(sessionId, 'log.status').some((s) => s.active === false), 'log stopped');
    const file = join(logDir, started.fileName);
    expect(readFileSync(file, 'latin1')).toContain('OK');
    const last = of(sessionId, 'log.status').at(-1)!;
    expect(last).toMatchObject({ fileName: started.fileName, active: false });
    expect(last.bytesWritten).toBeGreaterThan(0);
    await call('session.close', { sessionId });
  });

  it('writes the log the operator chose: timestamps, sent bytes; asciicast at the pane size and its resizes', async () => {
    const { sessionId } = await call<{ sessionId: string }>('session.open', { profileId: DEMO_PROFILE_ID });
    await until(() => of(sessionId, 'session.event').some((p) => (p.event as { state?: string }).state === 'connected'), 'connected');
    await call('session.resize', { sessionId, cols: 132, rows: 43 });
    const text = await call<{ started: boolean; fileName: string }>('log.start', { sessionId, format: 'text', timestamps: 'elapsed', sent: true });
    await call('session.write', { sessionId, bytes: new Uint8Array(Buffer.from('AT\r')) });
    await until(() => /OK/.test(readFileSync(join(logDir, text.fileName), 'latin1')) || of(sessionId, 'log.status').some((s) => Number(s.bytesWritten) > 40), 'the text log has the answer');
    await call('log.stop', { sessionId });
    await until(() => of(sessionId, 'log.status').some((s) => s.active === false && s.fileName === text.fileName), 'text log stopped');
    expect(readFileSync(join(logDir, text.fileName), 'latin1')).toMatch(/^\+ +\d+\.\d{3} > AT$/m);

    const cast = await call<{ started: boolean; fileName: string }>('log.start', { sessionId, format: 'asciicast' });
    await call('session.resize', { sessionId, cols: 80, rows: 25 });
    await call('log.stop', { sessionId });
    await until(() => of(sessionId, 'log.status').some((s) => s.active === false && s.fileName === cast.fileName), 'asciicast log stopped');
    const [header, ...events] = readFileSync(join(logDir, cast.fileName), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(header!)).toMatchObject({ width: 132, height: 43 });
    expect(events.map((l) => JSON.parse(l) as unknown[]).filter((e) => e[1] === 'r').map((e) => e[2])).toEqual(['80x25']);
    await expect(call('session.resize', { sessionId, cols: 0, rows: 25 })).rejects.toThrow();
    await call('session.close', { sessionId });
  });

  it('starts a profile’s automatic log with the session', async () => {
    const p = await call<{ id: string }>('profiles.duplicate', { id: DEMO_PROFILE_ID });
    const profile = (await call<Array<Record<string, unknown>>>('profiles.list', {})).find((x) => x.id === p.id)!;
    await call('profiles.save', { profile: { ...profile, name: 'Auto', autoLog: { enabled: true, format: 'raw', fileNameTemplate: 'auto-{profile}.log' } } });
    const { sessionId } = await call<{ sessionId: string }>('session.open', { profileId: p.id });
    await until(() => of(sessionId, 'log.status').some((s) => s.active === true), 'automatic log recording');
    await call('session.close', { sessionId });
    await until(() => of(sessionId, 'log.status').some((s) => s.active === false), 'automatic log stopped');
    expect(existsSync(join(logDir, 'auto-Auto.log'))).toBe(true);
    expect(readdirSync(logDir).length).toBeGreaterThanOrEqual(2);
  });
});

describe('AppCore session.write back-pressure', () => {
  // A stand-in session: what is under test is the core's handler (the reply waits for 'drain'), which
  // needs a session that refuses at an exact moment. The sessions' own write()/'drain' contract is tested
  // against real peers (network-session.flow, pty-session).
  class SlowLine extends FakeSession {
    accepted = 0;
    room = 64 * 1024;
    override write(bytes: Uint8Array): boolean {
      this.accepted += bytes.length;
      return this.accepted < this.room;
    }
  }

  it('the reply to a write the session refused waits for its drain, so a paste is paced by the line, never dropped', async () => {
    const line = new SlowLine();
    const paced = await AppCore.start({
      platform: process.platform,
      configDir: join(dir.path, 'paced'),
      demo: false,
      createSession: async () => line,
      services: { kind: 'browser', version: 'test', autoLogDir: logDir, chooseLogFile: async () => null, showInFolder: async () => undefined },
    });
    try {
      const opened = await paced.router.handle('session.open', { target: { kind: 'raw', host: '127.0.0.1', port: 9 } });
      const sessionId = (opened as { ok: true; value: { sessionId: string } }).value.sessionId;
      const chunk = new Uint8Array(48 * 1024);
      expect(await paced.router.handle('session.write', { sessionId, bytes: chunk })).toEqual({ ok: true, value: {} });
      let replied = false;
      const second = paced.router.handle('session.write', { sessionId, bytes: chunk }).then((r) => ((replied = true), r));
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      expect(replied).toBe(false); // refused: the writer waits
      line.room = Infinity;
      line.emit('drain');
      expect(await second).toEqual({ ok: true, value: {} });
      expect(line.accepted).toBe(2 * chunk.length);
    } finally {
      await paced.dispose();
    }
  });

  it('a write the session refuses outright (over its queue bound) is answered with the refusal at once, not a wait and then ok', async () => {
    class FullLine extends FakeSession {
      override write(bytes: Uint8Array): boolean {
        this.emit('event', { type: 'error', code: 'queue-overflow', message: `${bytes.length} bytes not accepted (limit 1048576)` });
        return false;
      }
    }
    const core = await AppCore.start({
      platform: process.platform,
      configDir: join(dir.path, 'full'),
      demo: false,
      createSession: async () => new FullLine(),
      services: { kind: 'browser', version: 'test', autoLogDir: logDir, chooseLogFile: async () => null, showInFolder: async () => undefined },
    });
    try {
      const opened = await core.router.handle('session.open', { target: { kind: 'raw', host: '127.0.0.1', port: 9 } });
      const sessionId = (opened as { ok: true; value: { sessionId: string } }).value.sessionId;
      const reply = await core.router.handle('session.write', { sessionId, bytes: new Uint8Array(2 * 1024 * 1024) });
      expect(reply.ok).toBe(false);
      expect(JSON.stringify(reply)).toContain('2097152 bytes not accepted');
    } finally {
      await core.dispose();
    }
  });
});

describe('AppCore while a file transfer runs', () => {
  it('refuses typed bytes and macros on that session (they would corrupt the stream), and a transfer while a macro runs; after Cancel typing reaches the line again', async () => {
    const pair = await startPtyPair(dir.path, 'xa', 'xb');
    const device = openPty(pair.b);
    const host = await AppCore.start({
      platform: process.platform,
      configDir: join(dir.path, 'transfer'),
      demo: false,
      services: { kind: 'browser', version: 'test', autoLogDir: logDir, chooseLogFile: async () => null, showInFolder: async () => undefined, transferFiles: folderTransferFiles(join(dir.path, 'transfer')) },
    });
    const handle = async (name: string, payload: unknown) => {
      const r = await host.router.handle(name, payload);
      if (!r.ok) throw new Error(r.error);
      return r.value as Record<string, unknown>;
    };
    let connected = (): void => undefined;
    const up = new Promise<void>((resolve) => (connected = resolve));
    host.addSink((name, payload) => {
      const p = payload as { event?: { type: string; state?: string } };
      if (name === 'session.event' && p.event?.type === 'status' && p.event.state === 'connected') connected();
    });
    try {
      const { sessionId } = (await handle('session.open', { target: { kind: 'serial', path: pair.a } })) as { sessionId: string };
      await up;
      // a macro owns the line while it runs: no transfer starts beside it
      const { macro } = (await handle('macros.save', { macro: { name: 'long wait', steps: [{ kind: 'delay', ms: 60_000 }] } })) as { macro: { id: string } };
      await handle('macro.run', { sessionId, macroId: macro.id });
      await expect(handle('transfer.receive', { sessionId, protocol: 'xmodem' })).rejects.toThrow(/a macro runs on this session: a file transfer can start once it ends/);
      await handle('macro.stop', { sessionId });
      // an XMODEM receive waits for its sender: its 'C's go to the device
      expect(await handle('transfer.receive', { sessionId, protocol: 'xmodem' })).toEqual({ started: true });
      await device.waitForBytes(1, 10_000);
      await expect(handle('session.write', { sessionId, bytes: new Uint8Array([0x41]) })).rejects.toThrow(/a file transfer runs on this session: what you type is not sent/);
      await expect(handle('macro.run', { sessionId, macroId: macro.id })).rejects.toThrow(/a file transfer runs on this session: a macro can run once it ends/);
      expect(device.received().includes(0x41)).toBe(false);
      await handle('transfer.cancel', { sessionId });
      // the cancel's CANs and the engine's drain end it; then what is typed goes out
      const sent = async () => (await host.router.handle('session.write', { sessionId, bytes: new Uint8Array(Buffer.from('Z')) })).ok;
      await expect.poll(sent, { timeout: 10_000 }).toBe(true);
      await expect.poll(() => device.received().includes(0x5a), { timeout: 10_000 }).toBe(true);
    } finally {
      await host.dispose();
      device.close();
      await pair.stop();
    }
  });
});

describe('AppCore on macOS (platform darwin)', () => {
  it("opens a typed /dev/tty.NAME as /dev/cu.NAME, and the open's reply carries the port-renamed warning for the new tab", async () => {
    // a stand-in session records the target the core asked for: the port need not exist on this machine
    const asked: Target[] = [];
    const mac = await AppCore.start({
      platform: 'darwin',
      configDir: join(dir.path, 'darwin'),
      demo: false,
      createSession: async (target) => (asked.push(target), new FakeSession()),
      services: { kind: 'browser', version: 'test', autoLogDir: logDir, chooseLogFile: async () => null, showInFolder: async () => undefined },
    });
    const seen: Array<{ name: EventName; payload: unknown }> = [];
    mac.addSink((name, payload) => void seen.push({ name, payload }));
    try {
      expect(await mac.router.handle('app.info', {})).toMatchObject({ ok: true, value: { platform: 'darwin' } });
      const r = await mac.router.handle('session.open', { target: { kind: 'serial', path: '/dev/tty.usbserial-A10KZ1Q3' } });
      if (!r.ok) throw new Error(r.error);
      const reply = openReplySchema.parse(r.value);
      expect(asked).toEqual([{ kind: 'serial', path: '/dev/cu.usbserial-A10KZ1Q3' }]);
      expect(reply.warning).toEqual({ type: 'warning', code: 'port-renamed', message: expect.stringMatching(/^\/dev\/tty\.usbserial-A10KZ1Q3 .*opened \/dev\/cu\.usbserial-A10KZ1Q3/) });
      // the event goes to every window too (one not opening it may show the tab already)
      expect(seen).toContainEqual({ name: 'session.event', payload: { sessionId: reply.sessionId, event: reply.warning } });
      // a path that opens as given: no warning
      const plain = await mac.router.handle('session.open', { target: { kind: 'serial', path: '/dev/cu.usbmodem1' } });
      expect(plain.ok && openReplySchema.parse(plain.value).warning).toBeUndefined();
      expect(asked.at(-1)).toEqual({ kind: 'serial', path: '/dev/cu.usbmodem1' });
    } finally {
      await mac.dispose();
    }
  });
});
