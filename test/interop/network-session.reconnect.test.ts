/**
 * Reconnect with back-off: the session comes back after its server goes away, re-applies the requested
 * settings, DTR/RTS on the new connection, and delivers bytes written while the link was down.
 * Real servers (ser2net, PortManager) are stopped and restarted on the same port; the back-off sequence
 * and the pending bytes use a plain net.Server the test controls (raw TCP needs no protocol peer).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { ModemEvent, SessionEvent, SettingsEvent, StatusEvent } from '../../src-shared/session/events.js';
import { freePort, startPortManager, startPtyPair, startSer2net, stty, tempDir, type Peer } from '../harness/peers.js';
import { openPty, record, until, type PtyEnd } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const isStatus = (state: StatusEvent['state']) => (ev: SessionEvent): ev is StatusEvent => ev.type === 'status' && ev.state === state;

describe('reconnect against real servers', () => {
  it('ser2net killed and restarted: reconnects, re-applies the baud (stty shows it), sends bytes written while down', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const pair = await startPtyPair(dir.path);
    cleanups.push(() => pair.stop());
    let ser2net: Peer & { rfc2217Port: number; rawPort: number } = await startSer2net(dir.path, pair.a);
    cleanups.push(() => ser2net.stop());
    const device: PtyEnd = openPty(pair.b);
    cleanups.push(() => device.close());

    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: ser2net.rfc2217Port }, { reconnect: true, settings: { baud: 19200 } });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    await rec.waitForEvent((ev) => ev.type === 'settings' && ev.line.baud.state === 'confirmed', 15_000, 'baud confirmed');
    expect(stty(pair.a)).toMatch(/speed 19200 baud/);

    rec.reset();
    await ser2net.stop();
    const lost = await rec.waitForEvent(isStatus('reconnecting'), 15_000, 'reconnecting');
    expect(lost.retryInMs).toBeGreaterThanOrEqual(500);
    expect(lost.reason).toContain(`127.0.0.1:${ser2net.rfc2217Port}`);
    expect(['closed-by-peer', 'reset']).toContain(lost.code);

    const whileDown = Buffer.from('typed while the access server was down\r\n');
    expect(s.write(whileDown)).toBe(true);

    ser2net = await startSer2net(dir.path, pair.a, '115200n81', { rfc2217Port: ser2net.rfc2217Port, rawPort: ser2net.rawPort });
    await rec.waitForEvent(isStatus('connected'), 30_000, 'connected again');
    await rec.waitForEvent((ev): ev is SettingsEvent => ev.type === 'settings' && ev.line.baud.inEffect === 19200 && ev.line.baud.state === 'confirmed', 15_000, 'baud re-applied');
    expect(stty(pair.a)).toMatch(/speed 19200 baud/);
    const got = await device.waitForBytes(whileDown.length);
    expect(got.includes(whileDown)).toBe(true);
  });

  it('PortManager restarted: DTR/RTS are asserted again on the new connection (DSR/CTS come back on)', async () => {
    let pm = await startPortManager('loop://', 0.05);
    cleanups.push(() => pm.stop());
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: pm.port }, { reconnect: true, dtr: true, rts: true, ackTimeoutMs: 1000 });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    await rec.waitForEvent((ev): ev is ModemEvent => ev.type === 'modem' && ev.dsr === true && ev.cts === true, 15_000, 'DSR+CTS');
    // the operator changes RTS: the new value (not the opening one) is what a reconnect must restore
    s.setControlLines({ rts: false });
    await rec.waitForEvent((ev): ev is ModemEvent => ev.type === 'modem' && ev.cts === false, 15_000, 'CTS off');

    await pm.stop();
    await rec.waitForEvent(isStatus('reconnecting'), 15_000, 'reconnecting');
    rec.reset();
    pm = await startPortManager('loop://', 0.05, pm.port);
    await rec.waitForEvent(isStatus('connected'), 30_000, 'connected again');
    const modem = await rec.waitForEvent((ev): ev is ModemEvent => ev.type === 'modem' && ev.dsr === true, 15_000, 'DSR on again');
    expect(modem.cts).toBe(false);
  });
});

describe('reconnect back-off and pending bytes (plain net.Server)', () => {
  it('announces retries 0.5 s, 1 s, 2 s while refused, then delivers bytes written while down, in order', async () => {
    const port = await freePort();
    const accepted: Socket[] = [];
    const received: Buffer[] = [];
    let server: Server | null = null;
    const listen = () =>
      new Promise<void>((resolve) => {
        server = createServer((sock) => {
          accepted.push(sock);
          sock.on('data', (b) => received.push(b));
        });
        server.listen(port, '127.0.0.1', () => resolve());
      });
    const unlisten = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    cleanups.push(async () => {
      for (const sock of accepted) sock.destroy();
      await unlisten();
    });
    await listen();

    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port }, { reconnect: true });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    await until(server!, 'connection', () => accepted.length === 1, 10_000, 'first connection');

    const stopped = unlisten(); // stops listening at once (reconnects are refused); resolves once sockets are gone
    accepted[0]!.end(); // the far end hangs up
    await stopped;
    const first = await rec.waitForEvent(isStatus('reconnecting'), 10_000, 'reconnecting');
    expect(first).toMatchObject({ code: 'closed-by-peer', retryInMs: 500 });
    expect(first.reason).toBe(`connection closed by 127.0.0.1:${port}`);
    s.write(Buffer.from('one '));
    s.write(Buffer.from('two'));

    await until(s, 'event', () => rec.events.filter(isStatus('reconnecting')).length >= 3, 15_000, 'three retries');
    const retries = rec.events.filter(isStatus('reconnecting'));
    expect(retries.map((r) => r.retryInMs)).toEqual([500, 1000, 2000]);
    // every retry says why the last attempt failed, not only the first of a run of the same failure
    expect(retries.slice(1).map((r) => r.code)).toEqual(['refused', 'refused']);
    expect(retries.slice(1).map((r) => r.reason)).toEqual([`connection refused by 127.0.0.1:${port}`, `connection refused by 127.0.0.1:${port}`]);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);

    await listen();
    await rec.waitForEvent(isStatus('connected'), 15_000, 'connected again');
    await until(server!, 'connection', () => accepted.length === 2, 10_000, 'second connection');
    await until(accepted[1]!, 'data', () => Buffer.concat(received).toString() === 'one two', 10_000, 'pending bytes');
    expect(Buffer.concat(received).toString()).toBe('one two');
  });

  it('bounds the bytes kept while down: beyond maxPendingBytes write() refuses with an error event', async () => {
    const port = await freePort(); // nothing listens
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port }, { reconnect: true, maxPendingBytes: 10 });
    cleanups.push(() => s.close());
    const rec = record(s);
    s.open().catch(() => undefined); // rejects with 'session closed' at the end of the test
    expect(s.write(Buffer.from('12345678'))).toBe(true);
    expect(s.write(Buffer.from('abc'))).toBe(false);
    expect(rec.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'queue-overflow' }));
    const err = rec.events.find((ev) => ev.type === 'error');
    expect(err && 'message' in err ? err.message : '').toMatch(/3 bytes .* not accepted: 8 bytes already wait .*limit 10/);
    await s.close();
    // what was kept and never sent is reported, not dropped silently
    expect(rec.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'not-sent' }));
    expect(() => s.write(Buffer.from('x'))).toThrow('session closed');
  });
});

describe('a busy ser2net port (a second client, kickolduser off)', () => {
  it('backs off while ser2net refuses it, names the same refusal each time, and gets the port when the first client leaves', async () => {
    const dir = tempDir();
    cleanups.push(async () => dir.remove());
    const pair = await startPtyPair(dir.path);
    cleanups.push(() => pair.stop());
    const busy = await startSer2net(dir.path, pair.a, '115200n81', undefined, false);
    cleanups.push(() => busy.stop());

    const first = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: busy.rfc2217Port });
    await first.open();
    const second = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: busy.rfc2217Port }, { reconnect: true });
    cleanups.push(() => second.close());
    const rec = record(second);
    void second.open();
    await until(second, 'event', () => rec.events.filter(isStatus('reconnecting')).length >= 3, 15_000, 'three refusals');
    const retries = rec.events.filter(isStatus('reconnecting'));
    // ser2net accepts and hangs up at once: the back-off grows as for a refusal (not a retry a second)
    expect(retries.slice(0, 3).map((r) => r.retryInMs)).toEqual([500, 1000, 2000]);
    // the same failure (a reset: EPIPE or ECONNRESET, as the hang-up meets our writes), named on every retry
    expect(new Set(retries.map((r) => r.code)).size).toBe(1);
    for (const r of retries) expect(r.reason).toContain(`127.0.0.1:${busy.rfc2217Port}`);
    await first.close();
    await rec.waitForEvent(isStatus('connected'), 15_000, 'the port, once the first client left');
  });
});

/** Short back-off for the series below (ms): the same doubling, less waiting. */
const QUICK = { initialMs: 100, maxMs: 1000 };
const retriesOf = (rec: { events: SessionEvent[] }) => rec.events.filter(isStatus('reconnecting'));

describe("the operator's Connect starts a fresh reconnect series", () => {
  it('PortManager: retries, comes back, Disconnect, killed, Connect: the first retry is attempt 1 with the initial delay and its reason', async () => {
    let pm = await startPortManager('loop://', 0.05);
    cleanups.push(() => pm.stop());
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: pm.port }, { reconnect: true, backoff: QUICK, ackTimeoutMs: 1000 });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();

    await pm.stop();
    await until(s, 'event', () => retriesOf(rec).some((r) => r.attempt === 4), 15_000, 'four retries');
    pm = await startPortManager('loop://', 0.05, pm.port);
    await rec.waitForEvent((ev) => ev.type === 'status' && ev.state === 'connected' && retriesOf(rec).length > 0, 15_000, 'the automatic reconnect');
    s.disconnect();
    await pm.stop();

    rec.reset();
    s.open().catch(() => undefined); // the operator's Connect (rejects with 'session closed' at the end)
    await until(s, 'event', () => retriesOf(rec).length >= 2, 15_000, 'two retries');
    const [first, second] = retriesOf(rec);
    expect(first).toMatchObject({ attempt: 1, retryInMs: 100, code: 'refused', reason: `connection refused by 127.0.0.1:${pm.port}` });
    expect(second).toMatchObject({ attempt: 2, retryInMs: 200, code: 'refused', reason: `connection refused by 127.0.0.1:${pm.port}` });
  });

  it('ser2net: a failed series, Disconnect, a Connect that succeeds; ser2net killed: the first retry is attempt 1', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const pair = await startPtyPair(dir.path);
    cleanups.push(() => pair.stop());
    const ports = { rfc2217Port: await freePort(), rawPort: await freePort() };
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: ports.rfc2217Port }, { reconnect: true, backoff: QUICK });
    cleanups.push(() => s.close());
    const rec = record(s);
    s.open().catch(() => undefined);
    await until(s, 'event', () => retriesOf(rec).some((r) => r.attempt === 3), 15_000, 'three refused retries');
    s.disconnect();

    const ser2net = await startSer2net(dir.path, pair.a, '115200n81', ports);
    cleanups.push(() => ser2net.stop());
    await s.open();
    rec.reset();
    await ser2net.stop();
    const lost = await rec.waitForEvent(isStatus('reconnecting'), 15_000, 'reconnecting');
    expect(lost).toMatchObject({ attempt: 1, retryInMs: 100 });
    expect(['closed-by-peer', 'reset']).toContain(lost.code);
    expect(lost.reason).toContain(`127.0.0.1:${ports.rfc2217Port}`);
  });
});

describe('every retry carries its reason', () => {
  it('PortManager killed: each reconnecting status names the refusal', async () => {
    const pm = await startPortManager('loop://', 0.05);
    cleanups.push(() => pm.stop());
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: pm.port }, { reconnect: true, backoff: QUICK, ackTimeoutMs: 1000 });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    await pm.stop();
    await until(s, 'event', () => retriesOf(rec).length >= 4, 15_000, 'four retries');
    const retries = retriesOf(rec);
    expect(retries.every((r) => r.reason !== undefined && r.code !== undefined)).toBe(true);
    expect(retries.slice(1, 4).map((r) => [r.code, r.reason])).toEqual(Array(3).fill(['refused', `connection refused by 127.0.0.1:${pm.port}`]));
  });

  it('a host that does not resolve: both retries before it stops name it', async () => {
    const s = new NetworkSession({ kind: 'raw', host: 'no-such-access-server.invalid', port: 7001 }, { reconnect: true, backoff: QUICK });
    cleanups.push(() => s.close());
    const rec = record(s);
    await expect(s.open()).rejects.toMatchObject({ code: 'unknown-host' });
    const retries = retriesOf(rec);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    for (const r of retries) {
      expect(r.code).toBe('unknown-host');
      expect(r.reason).toContain('no-such-access-server.invalid:7001');
    }
  });
});
