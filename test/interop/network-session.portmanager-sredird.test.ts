/**
 * NetworkSession against pyserial's PortManager on loop:// (live modem lines: RTS drives CTS, DTR drives
 * DSR, CD on, data echoes) and against sredird on a socat pty pair (wrong acks, 8-byte baud replies).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { ModemEvent, SessionEvent, SettingsEvent } from '../../src-shared/session/events.js';
import { startPortManager, startSredird, type Peer } from '../harness/peers.js';
import { record, testPattern, writeAll, type PtyEnd } from './helpers.js';
import { startPtyRig, type PtyRig } from './pty-rig.js';

const sessions: NetworkSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function open(port: number, options: ConstructorParameters<typeof NetworkSession>[1] = {}): NetworkSession {
  const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port }, options);
  sessions.push(s);
  return s;
}
const isModem = (ev: SessionEvent): ev is ModemEvent => ev.type === 'modem';
const isSettings = (ev: SessionEvent): ev is SettingsEvent => ev.type === 'settings';

describe('pyserial PortManager on loop://', () => {
  let pm: Peer & { port: number };
  beforeAll(async () => {
    pm = await startPortManager('loop://', 0.05);
  });
  afterAll(async () => {
    await pm?.stop();
  });

  it('DTR and RTS changes come back as DSR and CTS in modem events, with `changed`', async () => {
    const s = open(pm.port, { ackTimeoutMs: 1000 });
    const rec = record(s);
    await s.open();
    s.setControlLines({ dtr: true, rts: true });
    const up = await rec.waitForEvent((ev): ev is ModemEvent => isModem(ev) && ev.dsr === true && ev.cts === true, 15_000, 'DSR and CTS on');
    expect(up.dcd).toBe(true);
    rec.reset();
    s.setControlLines({ rts: false });
    const ctsDown = await rec.waitForEvent((ev): ev is ModemEvent => isModem(ev) && ev.cts === false, 15_000, 'CTS off');
    expect(ctsDown.dsr).toBe(true);
    expect(ctsDown.changed).toEqual(['cts']);
    rec.reset();
    s.setControlLines({ dtr: false });
    const dsrDown = await rec.waitForEvent((ev): ev is ModemEvent => isModem(ev) && ev.dsr === false, 15_000, 'DSR off');
    expect(dsrDown.changed).toContain('dsr');
    expect(s.snapshot().modem).toEqual({ cts: false, dsr: false, ri: false, dcd: true });
  });

  it('BREAK pulse and PURGE-DATA: control events, and BREAK confirmed on then off by the server', async () => {
    const s = open(pm.port, { ackTimeoutMs: 2000 });
    const rec = record(s);
    await s.open();
    s.sendBreak(100);
    expect(rec.events).toContainEqual({ type: 'control', action: 'break-pulse', value: 100 });
    await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.break.inEffect === true && ev.line.break.state === 'confirmed', 15_000, 'BREAK on confirmed');
    // the one session timer ends the pulse
    const off = await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.break.inEffect === false && ev.line.break.state === 'confirmed', 15_000, 'BREAK off confirmed');
    expect(off.line.break).toEqual({ asked: false, inEffect: false, state: 'confirmed' });
    s.purge('both');
    expect(rec.events).toContainEqual({ type: 'control', action: 'purge', value: 'both' });
    expect(rec.events.filter((ev) => ev.type === 'error')).toEqual([]);
  });

  it('echo works byte-exact through the RFC 2217 escaping (every byte value)', async () => {
    const s = open(pm.port);
    const rec = record(s);
    await s.open();
    const out = testPattern(64 * 1024);
    await writeAll(s, out);
    const back = await rec.waitForBytes(out.length);
    expect(back.subarray(0, out.length).equals(out)).toBe(true);
  });
});

describe('sredird on a pty pair', () => {
  let rig: PtyRig<Peer & { port: number }> | undefined;
  let sredird: Peer & { port: number };
  let device: PtyEnd;
  beforeAll(async () => {
    rig = await startPtyRig(startSredird);
    ({ peer: sredird, device } = rig);
  });
  afterAll(() => rig?.stop());

  it('tolerates its wrong acks (DTR answered with the flow value, 8-byte baud) as warnings; data still flows', async () => {
    const s = open(sredird.port, { settings: { baud: 9600 }, ackTimeoutMs: 1000 });
    const rec = record(s);
    await s.open();
    const baud = await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.baud.state !== 'requested', 15_000, 'baud answered');
    expect(baud.line.baud).toEqual({ asked: 9600, inEffect: 9600, state: 'confirmed' });

    s.setControlLines({ dtr: true });
    const dtr = await rec.waitForEvent((ev): ev is SettingsEvent => isSettings(ev) && ev.line.dtr.state === 'unconfirmed', 15_000, 'DTR unconfirmed');
    expect(dtr.line.flow.inEffect).toBe('none'); // the wrong ack did not change flow control (it answered our query)
    expect(rec.events.some((ev) => ev.type === 'warning')).toBe(true);
    expect(rec.events.filter((ev) => ev.type === 'error')).toEqual([]);

    const out = testPattern(32 * 1024);
    await writeAll(s, out);
    // sredird leaks a 0xF0 onto the line when a SB carries a doubled 0xFF: the session must send none
    expect((await device.waitForBytes(out.length)).subarray(0, out.length).equals(out)).toBe(true);
    const back = Buffer.from('sredird says hello \xff\x00 ok', 'latin1');
    await device.write(back);
    expect((await rec.waitForBytes(back.length)).equals(back)).toBe(true);
  });
});
