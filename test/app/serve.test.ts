// The browser host end to end at the protocol level (no browser): HTTP headers and refusals, the
// WebSocket's token and Origin checks, and a session over the contract against a real RFC 2217 server
// (pyserial's PortManager on loop://: data echoes, DTR drives DSR, RTS drives CTS).
import type { SettingsEvent } from '../../src-shared/session/events.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage, encodeMessage, type WireMessage } from '../../src-shared/ipc/wire.js';
import type { ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { startServe, type ServeHandle } from '../../src-main/app/serve.js';
import { startPortManager, tempDir, type Peer } from '../harness/peers.js';

let serve: ServeHandle;
let pm: Peer & { port: number };
const dir = tempDir('dialtone-serve-');

beforeAll(async () => {
  const renderer = join(dir.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside');
  [serve, pm] = await Promise.all([
    startServe({ configDir: join(dir.path, 'config'), logDir: join(dir.path, 'logs'), demo: false, rendererDir: renderer }),
    startPortManager(),
  ]);
});
afterAll(async () => {
  await serve?.close();
  await pm?.stop();
  dir.remove();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, headers: { Host: `127.0.0.1:${serve.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Try to open the socket; resolves 'open' or the HTTP status of the refusal. */
function tryConnect(url: string, origin: string | undefined): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

/** A minimal contract client over the socket. */
async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
  ws.binaryType = 'nodebuffer';
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (r: ReplyEnvelope) => void>();
  const events: Array<{ name: string; payload: unknown }> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (msg.t === 'res') pending.get(msg.id)?.(msg.reply);
    else if (msg.t === 'evt') {
      events.push({ name: msg.name, payload: msg.payload });
      waiters.splice(0).forEach((w) => w());
    }
  });
  let id = 0;
  return {
    ws,
    events,
    call(name: string, payload: unknown): Promise<ReplyEnvelope> {
      const msg: WireMessage = { t: 'req', id: ++id, name, payload };
      return new Promise((resolve) => {
        pending.set(msg.t === 'req' ? msg.id : 0, resolve);
        ws.send(encodeMessage(msg));
      });
    },
    /** Resolve when an event satisfying `pred` has arrived (checked on every event). */
    until(pred: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
        const check = () => {
          if (pred()) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

describe('dialtone serve', () => {
  it('serves the renderer with a strict CSP and refuses foreign Hosts and paths outside it', async () => {
    const page = await get('/?token=x');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>t</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/', { Host: `evil.example:${serve.port}` })).status).toBe(421);
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/nothing.js')).status).toBe(404);
  });

  it('binds to loopback and prints a URL with a long random token', () => {
    expect(serve.host).toBe('127.0.0.1');
    expect(serve.token).toMatch(/^[0-9a-f]{64}$/);
    expect(serve.url).toBe(`http://127.0.0.1:${serve.port}/?token=${serve.token}`);
  });

  it('refuses a WebSocket without the token, with a wrong token, or from a foreign Origin', async () => {
    const base = `ws://127.0.0.1:${serve.port}/ws`;
    expect(await tryConnect(base, serve.origin)).toBe(401);
    expect(await tryConnect(`${base}?token=${'0'.repeat(64)}`, serve.origin)).toBe(401);
    expect(await tryConnect(`${base}?token=${serve.token}`, 'http://evil.example')).toBe(403);
    expect(await tryConnect(`${base}?token=${serve.token}`, `http://evil.example:${serve.port}`)).toBe(403);
    expect(await tryConnect(`${base}?token=${serve.token}`, `https://127.0.0.1:${serve.port}`)).toBe(403);
    expect(await tryConnect(`${base}?token=${serve.token}`, undefined)).toBe(403);
    expect(await tryConnect(`ws://127.0.0.1:${serve.port}/other?token=${serve.token}`, serve.origin)).toBe(404);
    expect(await tryConnect(`${base}?token=${serve.token}`, serve.origin)).toBe('open');
  });

  it('answers malformed payloads with failed replies and closes on malformed frames', async () => {
    const c = await client();
    expect(await c.call('session.write', { sessionId: 's1', bytes: 'not bytes' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await c.call('no.such', {})).toMatchObject({ ok: false, code: 'unknown-channel' });
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send(Buffer.from([0, 0, 0, 50, 1, 2]));
    expect(await closed).toBe(1007);
  });

  it('carries a session over the contract: echo, DTR->DSR, RTS->CTS, baud in effect', async () => {
    const c = await client();
    const info = await c.call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'browser', demoModem: false } });
    const opened = await c.call('session.open', { target: { kind: 'rfc2217', host: '127.0.0.1', port: pm.port } });
    expect(opened.ok).toBe(true);
    const sessionId = (opened as { value: { sessionId: string } }).value.sessionId;
    const status = (state: string) => () =>
      c.events.some((e) => e.name === 'session.event' && (e.payload as { event: { type: string; state?: string } }).event.state === state);
    await c.until(status('connected'), 'connected');

    const chunks = () => c.events.filter((e) => e.name === 'session.data').map((e) => (e.payload as { bytes: unknown }).bytes);
    const received = () => Buffer.concat(chunks() as Uint8Array[]).toString('latin1');
    const payload = Buffer.from('hello \xff\x00 world\r\n', 'latin1');
    expect(await c.call('session.write', { sessionId, bytes: new Uint8Array(payload) })).toEqual({ ok: true, value: {} });
    await c.until(() => received().includes(payload.toString('latin1')), 'the echo');
    for (const b of chunks()) expect(b).toBeInstanceOf(Uint8Array);
    // one byte at a time (each echo may arrive alone, as one small batch)
    for (const ch of 'abc') await c.call('session.write', { sessionId, bytes: new Uint8Array(Buffer.from(ch)) });
    await c.until(() => received().endsWith('abc'), 'the echo of single keystrokes');

    const modem = () => c.events.filter((e) => e.name === 'session.event' && (e.payload as { event: { type: string } }).event.type === 'modem').map((e) => (e.payload as { event: { dsr: boolean; cts: boolean } }).event);
    await c.call('session.setControlLines', { sessionId, dtr: true, rts: false });
    await c.until(() => modem().some((m) => m.dsr === true && m.cts === false), 'DSR on, CTS off');
    await c.call('session.setControlLines', { sessionId, dtr: false, rts: true });
    await c.until(() => modem().some((m) => m.dsr === false && m.cts === true), 'DSR off, CTS on');

    await c.call('session.applySettings', { sessionId, settings: { baud: 9600 } });
    const settings = () => c.events.filter((e) => e.name === 'session.event' && (e.payload as { event: { type: string } }).event.type === 'settings').map((e) => (e.payload as { event: SettingsEvent }).event);
    await c.until(() => settings().some((s) => s.line.baud.inEffect === 9600 && s.line.baud.state === 'confirmed'), 'baud 9600 confirmed');

    const list = await c.call('session.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ sessionId, snapshot: { state: 'connected' } }] });
    expect(await c.call('session.close', { sessionId })).toEqual({ ok: true, value: {} });
    await c.until(() => c.events.some((e) => e.name === 'sessions.changed' && (e.payload as { sessions: unknown[] }).sessions.length === 0), 'sessions.changed empty');
    c.ws.close();
  });
});
