/**
 * Modem lines, the DTR/RTS/BREAK shadow and other port calls of SerialSession, on serialport's own
 * mock binding (@serialport/binding-mock) with get()/set()/update() instrumented.
 *
 * Why a mock here: no real peer can help. A pty has no modem lines (get/set fail with ENOTTY, see
 * lab/README.md), and a test of CTS/DSR/DCD changes or of exactly what set() receives needs a real UART,
 * which this machine does not have. Everything a pty CAN show is tested on ptys (pty-session.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import type { ControlFlags, SerialBinding, SerialOpenOptions } from '../../src-main/transports/serial.js';
import type { ModemEvent, SettingsEvent } from '../../src-shared/session/events.js';
import { EventLog } from './helpers.js';

const PATH = '/dev/ttyMOCK0';

/** MockBinding with the calls recorded and the modem inputs under the test's control. */
function instrumented() {
  const lines = { cts: false, dsr: false, dcd: false };
  const rec = {
    lines,
    sets: [] as ControlFlags[],
    opens: [] as SerialOpenOptions[],
    ports: [] as MockPortBinding[],
    getCalls: 0,
    getError: null as Error | null,
    updateError: null as Error | null,
    flushes: 0,
    drains: 0,
  };
  const binding: SerialBinding = {
    list: () => MockBinding.list(),
    async open(options) {
      rec.opens.push({ ...options });
      const port = await MockBinding.open(options);
      rec.ports.push(port);
      const set = port.set.bind(port);
      const update = port.update.bind(port);
      const flush = port.flush.bind(port);
      const drain = port.drain.bind(port);
      port.get = async () => {
        rec.getCalls++;
        if (rec.getError) throw rec.getError;
        return { ...lines };
      };
      port.set = async (flags) => {
        rec.sets.push({ dtr: flags.dtr!, rts: flags.rts!, brk: flags.brk! });
        return set(flags);
      };
      port.update = async (o) => {
        if (rec.updateError) throw rec.updateError;
        return update(o);
      };
      port.flush = async () => {
        rec.flushes++;
        return flush();
      };
      port.drain = async () => {
        rec.drains++;
        return drain();
      };
      return port;
    },
  };
  return { binding, rec };
}

let session: SerialSession | null = null;
beforeEach(() => {
  MockBinding.reset();
  MockBinding.createPort(PATH, { record: true });
});
afterEach(async () => {
  vi.useRealTimers();
  await session?.close();
  session = null;
});

async function open(options: ConstructorParameters<typeof SerialSession>[1] = {}) {
  const { binding, rec } = instrumented();
  session = new SerialSession({ kind: 'serial', path: PATH }, { binding, ...options });
  const log = new EventLog(session);
  await session.open();
  return { s: session, rec, log };
}

/** All bytes the mock ports (one per open) were given, in order. */
const recorded = (ports: MockPortBinding[]) => Buffer.concat(ports.map((p) => p.recording));

describe('modem-line poller (mock binding)', () => {
  it('reports the first reading, then only changes; RI is null; stops polling on close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { s, rec, log } = await open({ modemPollMs: 100 });
    const first = await log.wait<ModemEvent>((e) => e.type === 'modem', 'first modem event');
    expect(first).toEqual({ type: 'modem', cts: false, dsr: false, ri: null, dcd: false, changed: ['cts', 'dsr', 'dcd'] });

    rec.lines.cts = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(log.of('modem').at(-1)).toEqual({ type: 'modem', cts: true, dsr: false, ri: null, dcd: false, changed: ['cts'] });

    const calls = rec.getCalls;
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.getCalls).toBeGreaterThanOrEqual(calls + 9); // still polling at ~100 ms
    expect(log.of('modem')).toHaveLength(2); // but nothing changed, so nothing reported

    rec.lines.dsr = true;
    rec.lines.dcd = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(log.of('modem').at(-1)).toMatchObject({ dsr: true, dcd: true, changed: ['dsr', 'dcd'] });
    expect(s.snapshot().modem).toEqual({ cts: true, dsr: true, ri: null, dcd: true });

    await s.close();
    const atClose = rec.getCalls;
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.getCalls).toBe(atClose);
  });

  it('get() failing with ENOTTY: all lines null once, a warning, and no more polling', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const { binding, rec } = instrumented();
    rec.getError = new Error('Inappropriate ioctl for device, cannot get');
    session = new SerialSession({ kind: 'serial', path: PATH }, { binding, modemPollMs: 100 });
    const log = new EventLog(session);
    await session.open();
    await log.wait((e) => e.type === 'warning' && e.code === 'modem-lines-unavailable', 'modem-lines-unavailable');
    expect(log.of('modem')).toEqual([{ type: 'modem', cts: null, dsr: null, ri: null, dcd: null, changed: [] }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(rec.getCalls).toBe(1);
    expect(session.snapshot().state).toBe('connected');
  });
});

describe('DTR/RTS/BREAK shadow (mock binding)', () => {
  it('always passes dtr, rts and brk from the shadow', async () => {
    const { s, rec, log } = await open({ dtr: false });
    expect(rec.sets).toEqual([{ dtr: false, rts: true, brk: false }]); // set at open: DTR given
    s.setControlLines({ rts: false });
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.rts.inEffect === false && e.line.rts.state === 'confirmed', 'rts confirmed');
    expect(rec.sets.at(-1)).toEqual({ dtr: false, rts: false, brk: false });
    s.setBreak(true);
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.break.inEffect === true, 'break on');
    expect(rec.sets.at(-1)).toEqual({ dtr: false, rts: false, brk: true });
    s.setBreak(false);
    s.setControlLines({ dtr: true, rts: true });
    await log.wait((e) => e.type === 'settings' && e.line.break.inEffect === false && e.line.dtr.inEffect === true && e.line.dtr.state === 'confirmed', 'dtr+rts on', 20_000, log.all.length);
    // both lines went out in one call
    await vi.waitFor(() => expect(rec.sets).toHaveLength(5));
    expect(rec.sets.at(-1)).toEqual({ dtr: true, rts: true, brk: false });
    expect(log.of('control').map((c) => [c.action, c.value])).toEqual([
      ['rts', false],
      ['break', true],
      ['break', false],
      ['dtr', true],
      ['rts', true],
    ]);
  });

  it('sends BREAK as a timed pulse after pending output, with DTR/RTS kept', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { s, rec, log } = await open({ rts: false, breakMs: 300 });
    s.write(Buffer.from('AT'));
    s.sendBreak();
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.break.inEffect === true, 'BREAK on');
    expect(rec.sets.at(-1)).toEqual({ dtr: true, rts: false, brk: true });
    expect(rec.drains).toBeGreaterThanOrEqual(1); // output drained before BREAK went on
    expect(recorded(rec.ports).toString()).toBe('AT');
    const mark = log.all.length;
    await vi.advanceTimersByTimeAsync(299);
    expect(rec.sets.at(-1)!.brk).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.break.inEffect === false, 'BREAK off', 20_000, mark);
    expect(rec.sets.at(-1)).toEqual({ dtr: true, rts: false, brk: false });
    expect(log.of('control')).toContainEqual({ type: 'control', action: 'break-pulse', value: 300 });
  });

  it('safe open: no set() at open and HUPCL not requested; default open requests HUPCL', async () => {
    const safe = await open({ safeOpen: true, dtr: true });
    expect(safe.rec.opens[0]).toMatchObject({ hupcl: false, lock: true });
    expect(safe.rec.sets).toEqual([]);
    const ev = await safe.log.wait<SettingsEvent>((e) => e.type === 'settings', 'settings');
    expect(ev.line.dtr).toEqual({ asked: null, inEffect: null, state: 'unknown' }); // safe open: nothing set, nothing read back
    await safe.s.close();

    const plain = await open();
    expect(plain.rec.opens[0]).toMatchObject({ hupcl: true });
    expect(plain.rec.sets).toEqual([]); // nothing asked: lines left as the OS made them
  });

  it('a reopen for data bits keeps DTR/RTS and delivers writes made during it', async () => {
    const { s, rec, log } = await open();
    s.setControlLines({ dtr: false });
    s.write(Buffer.from('before '));
    s.applySettings({ dataBits: 7, parity: 'even', flow: 'rtscts' });
    s.write(Buffer.from('during'));
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.dataBits.inEffect === 7, 'dataBits 7');
    expect(rec.opens).toHaveLength(2);
    expect(rec.opens[1]).toMatchObject({ dataBits: 7, parity: 'even', rtscts: true, xon: false });
    expect(rec.sets.at(-1)).toEqual({ dtr: false, rts: true, brk: false });
    await vi.waitFor(() => expect(recorded(rec.ports).toString()).toBe('before during'));
  });

  it('baud goes through update() without a reopen; a refused baud keeps the one in effect', async () => {
    const { s, rec, log } = await open({ settings: { baud: 9600 } });
    s.applySettings({ baud: 38400 });
    await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.baud.inEffect === 38400, 'baud 38400');
    expect(rec.opens).toHaveLength(1);
    expect(rec.ports[0]!.port.openOpt?.baudRate).toBe(38400);
    rec.updateError = new Error('Error: Invalid argument || while setting custom baud rate of 12345');
    s.applySettings({ baud: 12345 });
    const ev = await log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.baud.state === 'unsupported', 'baud unsupported');
    expect(ev.line.baud.inEffect).toBe(38400);
    expect(log.of('warning').find((w) => w.code === 'setting-unsupported')?.message).toMatch(/baud 12345 is not supported.*in effect: 38400/);
  });
});

describe('writes and purge (mock binding)', () => {
  it('write() returns false above the bound and emits drain later; nothing is lost', async () => {
    const { s, rec } = await open();
    const big = Buffer.alloc(200 * 1024, 0x5a);
    expect(s.write(big)).toBe(false);
    await new Promise<void>((r) => s.once('drain', () => r()));
    await vi.waitFor(() => expect(recorded(rec.ports).length).toBe(big.length));
  });

  it('refuses bytes above maxPendingBytes with an error event, keeping what was queued', async () => {
    const { s, rec, log } = await open({ maxPendingBytes: 1000 });
    expect(s.write(Buffer.alloc(600, 1))).toBe(true);
    expect(s.write(Buffer.alloc(600, 2))).toBe(false);
    expect(log.of('error').at(-1)).toMatchObject({ code: 'queue-overflow' });
    expect(log.of('error').at(-1)!.message).toMatch(/600 bytes not queued/);
    await vi.waitFor(() => expect(recorded(rec.ports)).toEqual(Buffer.alloc(600, 1)));
  });

  it("purge 'tx' discards the queue (counted) and flushes; 'rx' drains output first", async () => {
    const { s, rec, log } = await open();
    s.write(Buffer.alloc(200 * 1024, 7)); // 64 KiB go to the port at once, the rest waits
    s.purge('tx');
    const w = await log.wait((e) => e.type === 'warning' && e.code === 'purge-discarded', 'purge-discarded');
    expect(w.type === 'warning' && w.message).toMatch(/139264 queued bytes discarded/);
    await vi.waitFor(() => expect(rec.flushes).toBe(1));
    expect(recorded(rec.ports).length).toBe(64 * 1024);
    const drains = rec.drains;
    s.purge('rx');
    await vi.waitFor(() => expect(rec.flushes).toBe(2));
    expect(rec.drains).toBe(drains + 1);
    expect(log.of('control').map((c) => c.value)).toEqual(['tx', 'rx']);
  });

  it('a settings change is not stuck behind output the device holds back (flow control)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { binding, rec } = instrumented();
    const stuck: SerialBinding = {
      list: binding.list,
      async open(options) {
        const port = await binding.open(options);
        if (rec.ports.length === 1) {
          // the first port takes no output, like a UART whose CTS stays low under rtscts; its close
          // cancels the write, as the Linux binding's close does
          let cancel: (err: Error) => void = () => undefined;
          const close = port.close.bind(port);
          port.write = () => new Promise<void>((_, reject) => (cancel = reject));
          port.drain = () => new Promise<void>(() => undefined);
          port.close = async () => {
            cancel(Object.assign(new Error('canceled'), { canceled: true }));
            return close();
          };
        }
        return port;
      },
    };
    session = new SerialSession({ kind: 'serial', path: PATH }, { binding: stuck, settings: { flow: 'rtscts' } });
    const log = new EventLog(session);
    await session.open();
    session.write(Buffer.from('held back'));
    session.applySettings({ flow: 'none' });
    session.write(Buffer.from('after'));
    const changed = log.wait<SettingsEvent>((e) => e.type === 'settings' && e.line.flow.inEffect === 'none', 'flow none');
    let done = false;
    void changed.then(() => (done = true));
    // STUCK_MS for the write in flight, then for tcdrain: move the clock until the reopen is through
    for (let i = 0; i < 40 && !done; i++) await vi.advanceTimersByTimeAsync(250);
    await changed;
    expect(log.of('error')).toContainEqual({
      type: 'error',
      code: 'not-sent',
      message: `9 bytes could not be written to ${PATH} (output blocked, flow control held?) and were discarded by the reopen`,
    });
    await vi.waitFor(() => expect(rec.ports[1]?.recording.toString()).toBe('after'));
  });

  it('bytes written before open are kept and sent on connect', async () => {
    const { binding, rec } = instrumented();
    session = new SerialSession({ kind: 'serial', path: PATH }, { binding });
    session.write(Buffer.from('typed early'));
    await session.open();
    await vi.waitFor(() => expect(recorded(rec.ports).toString()).toBe('typed early'));
  });
});
