/**
 * SerialSession against real ptys: a socat pty pair per test, the session on one end and serialport's
 * stream (or stty) on the other. ptys have no modem lines and force 8 data bits / no parity, which is
 * exactly what some of these tests check.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { startPtyPair, stty, tempDir, type PtyPair } from '../harness/peers.js';
import type { SettingsEvent, StatusEvent } from '../../src-shared/session/events.js';
import { Collector, EventLog, openPeer, pattern, writeAll, writeSession } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
const cleanups: (() => Promise<void> | void)[] = [];

beforeEach(async () => {
  dir = tempDir('dialtone-serial-');
  pair = await startPtyPair(dir.path);
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await pair.stop();
  dir.remove();
});

async function openSession(options: ConstructorParameters<typeof SerialSession>[1] = {}) {
  const session = new SerialSession({ kind: 'serial', path: pair.a }, options);
  const log = new EventLog(session);
  const data = new Collector(session);
  cleanups.push(() => session.close());
  await session.open();
  return { session, log, data };
}

async function peerOn(path: string) {
  const peer = await openPeer(path);
  cleanups.push(() => peer.close());
  return peer;
}

describe('SerialSession on a pty pair', () => {
  it('carries every byte value both ways, byte-exact, a few MB each way', async () => {
    const { session, data } = await openSession();
    const peer = await peerOn(pair.b);
    const out = pattern(3 * 1024 * 1024);
    const back = Buffer.from(pattern(3 * 1024 * 1024 + 17)).reverse();
    await Promise.all([writeSession(session, out), writeAll(peer.port, back)]);
    const [atPeer, atSession] = await Promise.all([peer.received.until(out.length), data.until(back.length)]);
    expect(Buffer.compare(atPeer, out)).toBe(0);
    expect(Buffer.compare(atSession, back)).toBe(0);
    expect(new Set(out).size).toBe(256);
    const snap = session.snapshot();
    expect(snap.bytesSent).toBe(out.length);
    expect(snap.bytesReceived).toBe(back.length);
  });

  it('changes baud live (stty sees it) and settings report it', async () => {
    const { session, log } = await openSession({ settings: { baud: 9600 } });
    expect(stty(pair.a)).toMatch(/speed 9600 baud/);
    session.applySettings({ baud: 57600 });
    const ev = await log.next<SettingsEvent>((e) => e.type === 'settings' && e.line.baud.inEffect === 57600, 'settings 57600');
    expect(ev.line.baud.state).toBe('confirmed');
    expect(stty(pair.a)).toMatch(/speed 57600 baud/);
  });

  it('reopens for stop bits (stty sees it) and carries data both ways afterwards', async () => {
    // The bytes are in the peer before the reopen: serialport's open() does tcflush(TCIOFLUSH), and on
    // a pty tcdrain returns before the far program has read them, so a flush right after could drop
    // bytes socat has not read yet (a real UART's tcdrain waits for the wire). Writes queued *during* a
    // reopen are covered with the mock binding (mock-lines.test.ts).
    const { session, log, data } = await openSession();
    const peer = await peerOn(pair.b);
    const first = pattern(512 * 1024);
    session.write(first);
    expect(Buffer.compare(await peer.received.until(first.length), first)).toBe(0);
    session.applySettings({ stopBits: 2, flow: 'xonxoff' });
    const ev = await log.next<SettingsEvent>((e) => e.type === 'settings' && e.line.stopBits.inEffect === 2, 'settings stopBits 2');
    expect(ev.line).toMatchObject({ flow: { inEffect: 'xonxoff', state: 'confirmed' }, stopBits: { inEffect: 2, state: 'confirmed' } });
    const tty = stty(pair.a);
    expect(tty).toMatch(/(^|\s)cstopb/);
    expect(tty).toMatch(/(^|\s)ixon/);
    const second = Buffer.from('after the reopen\r\n');
    session.write(second);
    const got = await peer.received.until(first.length + second.length);
    expect(Buffer.compare(got.subarray(first.length), second)).toBe(0);
    peer.port.write(Buffer.from('reply'));
    expect((await data.until(5)).toString()).toBe('reply');
  });

  it('parity on a pty: a warning and the value in effect, not a crash', async () => {
    const { session, log, data } = await openSession();
    const peer = await peerOn(pair.b);
    session.applySettings({ parity: 'even', dataBits: 7 });
    const warning = await log.wait((e) => e.type === 'warning' && e.code === 'setting-unsupported', 'setting-unsupported warning');
    expect(warning.type === 'warning' && warning.message).toMatch(/pty.*8 data bits and no parity/);
    const ev = await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.parity.state === 'differs', 'settings with parity differs');
    expect(ev.line).toMatchObject({
      parity: { asked: 'even', inEffect: 'none', state: 'differs' },
      dataBits: { asked: 7, inEffect: 8, state: 'differs' },
    });
    // mark parity is refused by serialport on Linux: 'unsupported', the port still works
    session.applySettings({ parity: 'mark' });
    const refused = await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.parity.state === 'unsupported', 'parity unsupported');
    expect(refused.line.parity).toEqual({ asked: 'mark', inEffect: 'none', state: 'unsupported' });
    session.write(Buffer.from('still here'));
    expect((await peer.received.until(10)).toString()).toBe('still here');
    peer.port.write(Buffer.from('ok'));
    expect((await data.until(2)).toString()).toBe('ok');
    expect(session.snapshot().state).toBe('connected');
  });

  it('reports modem lines unavailable once, and DTR/RTS/BREAK as unsupported on a pty', async () => {
    const { session, log } = await openSession();
    await log.wait((e) => e.type === 'warning' && e.code === 'modem-lines-unavailable', 'modem-lines-unavailable');
    expect(log.of('modem')).toEqual([{ type: 'modem', cts: null, dsr: null, ri: null, dcd: null, changed: [] }]);
    session.setControlLines({ dtr: false, rts: false });
    const ev = await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.dtr.state === 'unsupported', 'dtr unsupported');
    expect(ev.line.rts.state).toBe('unsupported');
    expect(log.of('warning').some((w) => w.code === 'control-unsupported' && /DTR\/RTS/.test(w.message))).toBe(true);
    session.sendBreak(50);
    await log.wait((e) => e.type === 'warning' && e.code === 'control-unsupported' && /BREAK/.test(e.message), 'BREAK unsupported');
    expect(session.snapshot().state).toBe('connected');
  });

  it('a vanished port ends in a status event; a later write errors at once', async () => {
    const { session, log } = await openSession();
    await pair.stop(); // socat dies: the pty master closes under the session
    const status = await log.wait<StatusEvent>((e) => e.type === 'status' && e.state === 'disconnected', 'disconnected status');
    expect(status.code).toBe('port-vanished');
    expect(status.reason).toContain(pair.a);
    const before = log.all.length;
    expect(session.write(Buffer.from('lost?'))).toBe(false);
    const err = log.all.slice(before).find((e) => e.type === 'error');
    expect(err).toMatchObject({ type: 'error', code: 'not-sent' });
    expect(err && 'message' in err && err.message).toMatch(/5 bytes not sent/);
  });

  it('notices a vanished port while reading is paused (no read or write in flight to fail)', async () => {
    const session = new SerialSession({ kind: 'serial', path: pair.a });
    cleanups.push(() => session.close());
    const log = new EventLog(session);
    session.setPaused('pump', true); // before open: no read is ever started
    await session.open();
    await pair.stop();
    const status = await log.wait<StatusEvent>((e) => e.type === 'status' && e.state === 'disconnected', 'disconnected status');
    expect(status).toMatchObject({ code: 'port-vanished' });
    // reading resumed on a hung-up tty must not hang or spin: the link is closed already
    session.setPaused('pump', false);
    expect(session.snapshot().state).toBe('disconnected');
  });

  it('counts queued bytes that could not go out when the port vanishes', async () => {
    const { session, log } = await openSession({ settings: { baud: 9600 } });
    // nobody reads ttyB: socat's buffers fill and writes stall, so bytes are queued when socat dies
    const big = pattern(4 * 1024 * 1024);
    session.write(big.subarray(0, 900 * 1024));
    await pair.stop();
    const err = await log.wait((e) => e.type === 'error' && e.code === 'not-sent', 'not-sent error');
    expect(err.type === 'error' && err.message).toMatch(/vanished.*: \d+ bytes not sent/);
  });

  it('with reconnect on, comes back when the pair is recreated at the same path, settings re-applied', async () => {
    const { session, log, data } = await openSession({ reconnect: true, settings: { baud: 9600 } });
    session.applySettings({ baud: 57600 });
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.baud.inEffect === 57600, 'baud 57600');
    await pair.stop();
    const lost = await log.wait<StatusEvent>((e) => e.type === 'status' && e.state === 'reconnecting', 'reconnecting');
    expect(lost.code).toBe('port-vanished');
    const mark = log.all.length;
    pair = await startPtyPair(dir.path); // same folder, same names: a new pty behind the same link
    await log.wait((e) => e.type === 'status' && e.state === 'connected', 'connected again', 20_000, mark);
    expect(stty(pair.a)).toMatch(/speed 57600 baud/);
    const peer = await peerOn(pair.b);
    session.write(Buffer.from('hello again'));
    expect((await peer.received.until(11)).toString()).toBe('hello again');
    peer.port.write(Buffer.from('welcome back'));
    expect((await data.until(12)).toString()).toBe('welcome back');
  });

  it('pauses reading while any owner holds a pause', async () => {
    const { session, data } = await openSession();
    const peer = await peerOn(pair.b);
    session.setPaused('pump', true);
    session.setPaused('log', true);
    peer.port.write(Buffer.from('held'));
    await new Promise<void>((r) => peer.port.drain(() => r()));
    session.setPaused('pump', false);
    // Proving that bytes did NOT arrive can only be done by waiting (no event exists for "nothing"):
    // 300 ms is hundreds of times what a pty needs to deliver 4 bytes to a reading port.
    await new Promise((r) => setTimeout(r, 300));
    expect(data.length).toBe(0);
    session.setPaused('log', false);
    expect((await data.until(4)).toString()).toBe('held');
  });
});
