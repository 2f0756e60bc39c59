/**
 * NetworkSession against ser2net (Debian 4.x) on a socat pty pair: the test plays the serial device on
 * the pair's far end. RFC 2217 (rfc2217://) and ser2net's raw accepter (tcp://).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { SessionEvent, SettingsEvent, WarningEvent } from '../../src-shared/session/events.js';
import { startSer2net, stty, type PtyPair, type Ser2net } from '../harness/peers.js';
import { record, testPattern, writeAll, type PtyEnd } from './helpers.js';
import { startPtyRig, type PtyRig } from './pty-rig.js';

const MB = 1024 * 1024;
let rig: PtyRig<Ser2net> | undefined;
let pair: PtyPair;
let ser2net: Ser2net;
let device: PtyEnd;
const sessions: NetworkSession[] = [];

beforeAll(async () => {
  rig = await startPtyRig(startSer2net);
  ({ pair, peer: ser2net, device } = rig);
});
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});
afterAll(() => rig?.stop());

function session(kind: 'rfc2217', options: ConstructorParameters<typeof NetworkSession>[1] = {}): NetworkSession {
  const s = new NetworkSession({ kind, host: '127.0.0.1', port: ser2net.rfc2217Port }, options);
  sessions.push(s);
  return s;
}

const isSettings = (ev: SessionEvent): ev is SettingsEvent => ev.type === 'settings';

describe('rfc2217:// to ser2net', () => {
  it('carries every byte value both ways, byte-exact, about 1 MB each way (0xFF doubled on the wire)', async () => {
    const s = session('rfc2217');
    const rec = record(s);
    await s.open();
    const out = testPattern(MB);
    const base = device.receivedLength();
    await writeAll(s, out);
    const got = (await device.waitForBytes(base + out.length)).subarray(base);
    expect(got.length).toBe(out.length);
    expect(got.equals(out)).toBe(true);

    const back = testPattern(MB + 17).subarray(17);
    await device.write(back);
    const received = await rec.waitForBytes(back.length);
    expect(received.length).toBe(back.length);
    expect(received.equals(back)).toBe(true);
    expect(s.snapshot().bytesReceived).toBe(back.length);
    expect(s.snapshot().bytesSent).toBe(out.length);
  });

  it('applies the baud rate on connect: confirmed in settings events and visible on the pty with stty', async () => {
    const s = session('rfc2217', { settings: { baud: 9600 } });
    const rec = record(s);
    await s.open();
    const confirmed = await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.baud.state === 'confirmed', 15_000, 'baud confirmed');
    expect(confirmed.line.baud).toEqual({ asked: 9600, inEffect: 9600, state: 'confirmed' });
    expect(stty(pair.a)).toMatch(/speed 9600 baud/);

    // a live change, and the settings event carries the values in effect
    s.applySettings({ baud: 57600, dataBits: 7, parity: 'even' });
    const live = await rec.waitForEvent(
      (ev): ev is SettingsEvent => isSettings(ev) && ev.line.baud.inEffect === 57600 && ev.line.baud.state === 'confirmed' && ev.line.parity.state === 'confirmed',
      15_000,
      '57600 7E confirmed',
    );
    expect(live.line).toMatchObject({ baud: { inEffect: 57600 }, dataBits: { inEffect: 7 }, parity: { inEffect: 'even' } });
    expect(stty(pair.a)).toMatch(/speed 57600 baud/);
    expect(s.snapshot().line).toMatchObject({ baud: { inEffect: 57600 }, parity: { inEffect: 'even' } });
  });

  it('shows the baud the port really runs at, as ser2net reports it, when nobody asked for one', async () => {
    // a ser2net whose port runs at 9600 (its configuration): the old engine showed its own 115200 as confirmed
    const slow = await startPtyRig((d, tty) => startSer2net(d, tty, '9600n81'));
    try {
      const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: slow.peer.rfc2217Port }, { ackTimeoutMs: 1000 });
      sessions.push(s);
      const rec = record(s);
      await s.open();
      const known = await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.baud.state === 'confirmed', 15_000, 'baud reported');
      expect(known.line.baud).toEqual({ asked: null, inEffect: 9600, state: 'confirmed' });
      expect(stty(slow.pair.a)).toMatch(/speed 9600 baud/);
      await s.close();
    } finally {
      await slow.stop();
    }
  });

  it('shows DTR and RTS as unknown, never confirmed, when nobody asked (ser2net answers their queries with the query code)', async () => {
    const s = session('rfc2217', { ackTimeoutMs: 500 });
    const rec = record(s);
    await s.open();
    await rec.waitForEvent((ev) => isSettings(ev) && ev.line.baud.state === 'confirmed', 15_000, 'the queries answered');
    // nothing is shown as confirmed that ser2net did not report: DTR/RTS stay unknown (it answers the query with the query code)
    expect(s.snapshot().line.dtr).toEqual({ asked: null, inEffect: null, state: 'unknown' });
    expect(s.snapshot().line.rts).toEqual({ asked: null, inEffect: null, state: 'unknown' });
  });

  it('DTR/RTS: ser2net never acks them, so they end "unconfirmed" with warnings, never errors', async () => {
    const s = session('rfc2217', { ackTimeoutMs: 500 });
    const rec = record(s);
    await s.open();
    s.setControlLines({ dtr: true, rts: false });
    expect(rec.events).toContainEqual({ type: 'control', action: 'dtr', value: true });
    expect(rec.events).toContainEqual({ type: 'control', action: 'rts', value: false });
    const settled = await rec.waitForEvent(
      (ev): ev is SettingsEvent => isSettings(ev) && ev.line.dtr.state === 'unconfirmed' && ev.line.rts.state === 'unconfirmed',
      15_000,
      'DTR and RTS unconfirmed',
    );
    // asked, never reported: the value in effect stays unknown
    expect(settled.line).toMatchObject({ dtr: { asked: true, inEffect: null }, rts: { asked: false, inEffect: null } });
    const warnings = rec.events.filter((ev): ev is WarningEvent => ev.type === 'warning');
    expect(warnings.some((w) => w.code === 'no-ack' && /DTR/.test(w.message) && w.message.includes(`127.0.0.1:${ser2net.rfc2217Port}`))).toBe(true);
    expect(rec.events.filter((ev) => ev.type === 'error')).toEqual([]);
    expect(s.snapshot().state).toBe('connected');
  });

  it('reports a first modem state (all lines off on a pty) without asking for the SIGNATURE', async () => {
    const s = session('rfc2217');
    const rec = record(s);
    await s.open();
    const modem = await rec.waitForEvent((ev) => ev.type === 'modem', 15_000, 'modem');
    expect(modem).toMatchObject({ cts: false, dsr: false, ri: false, dcd: false });
    expect(s.snapshot().signature).toBeNull();
  });
});

describe('telnet:// to ser2net (telnet without COM-PORT)', () => {
  it('carries bytes both ways; line control unsupported (warning), bad settings rejected up front', async () => {
    const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port: ser2net.rfc2217Port });
    sessions.push(s);
    const rec = record(s);
    const sent: Buffer[] = [];
    s.on('sent', (b) => sent.push(Buffer.from(b)));
    await s.open();
    const out = testPattern(100_000);
    const base = device.receivedLength();
    await writeAll(s, out);
    expect((await device.waitForBytes(base + out.length)).subarray(base).equals(out)).toBe(true);
    expect(Buffer.concat(sent).equals(out)).toBe(true);
    const back = testPattern(50_000);
    await device.write(back);
    expect((await rec.waitForBytes(back.length)).equals(back)).toBe(true);

    expect(rec.events.find(isSettings)?.line.baud.state).toBe('unsupported');
    s.applySettings({ baud: 9600 });
    expect(rec.events.some((ev) => ev.type === 'warning' && ev.code === 'setting-unsupported')).toBe(true);
    expect(() => s.applySettings({ baud: -5 })).toThrow(RangeError);
  });
});

describe('tcp:// to ser2net raw', () => {
  // Its own ser2net and pty pair: ser2net refuses (closes) a connection to a device whose previous
  // connection is still shutting down, so a raw connect right after the tests above could meet that.
  let rawRig: PtyRig<Ser2net> | undefined;
  let rawSer2net: Ser2net;
  let rawDevice: PtyEnd;
  beforeAll(async () => {
    rawRig = await startPtyRig(startSer2net);
    ({ peer: rawSer2net, device: rawDevice } = rawRig);
  });
  afterAll(() => rawRig?.stop());

  it('carries bytes both ways; no lamps, settings unsupported', async () => {
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: rawSer2net.rawPort });
    sessions.push(s);
    const device = rawDevice;
    const rec = record(s);
    await s.open();
    const out = testPattern(256 * 1024);
    const base = device.receivedLength();
    await writeAll(s, out);
    const got = (await device.waitForBytes(base + out.length)).subarray(base);
    expect(got.equals(out)).toBe(true);
    const back = testPattern(300_000);
    await device.write(back);
    expect((await rec.waitForBytes(back.length)).equals(back)).toBe(true);

    const settings = rec.events.find(isSettings);
    expect(settings?.line.baud.state).toBe('unsupported');
    expect(settings?.line.dtr).toEqual({ asked: null, inEffect: null, state: 'unsupported' });
    expect(s.snapshot().modem).toEqual({ cts: null, dsr: null, ri: null, dcd: null });
    s.setControlLines({ dtr: true });
    expect(rec.events.at(-2)).toMatchObject({ type: 'warning', code: 'setting-unsupported' });
  });
});
