/**
 * NetworkSession against gensio's RFC 2217 server (gensiot 2.6.2, Debian gensio-bin) on a socat pty
 * pair, started the plain way (no `--signature`). That server segfaults on an empty SIGNATURE request,
 * so a plain session must never send one: two sessions in a row use it fully and it still runs. A raw
 * socket that does send the request shows it is the request that takes the server down.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { COMPORT_CODES, DO, IAC, OPT_COM_PORT, SB, SE, WILL } from '../../src-shared/protocol/constants.js';
import type { SessionEvent, SettingsEvent } from '../../src-shared/session/events.js';
import { startGensioServer, stty, type PtyPair, type WatchedPeer } from '../harness/peers.js';
import { record, testPattern, until, writeAll } from './helpers.js';
import { startPtyRig, type PtyRig } from './pty-rig.js';

type Gensio = WatchedPeer & { port: number };
const sessions: NetworkSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const isSettings = (ev: SessionEvent): ev is SettingsEvent => ev.type === 'settings';
const settled = (state: string | undefined) => state === 'confirmed' || state === 'unconfirmed';

describe('gensiot -a --server (no --signature) on a pty pair', () => {
  let rig: PtyRig<Gensio> | undefined;
  let gensio: Gensio;
  let pair: PtyPair;
  beforeAll(async () => {
    rig = await startPtyRig((dir, tty) => startGensioServer(dir, tty, '9600n81'));
    ({ peer: gensio, pair } = rig);
  });
  afterAll(() => rig?.stop());

  /** One full session: baud change, DTR/RTS toggled, bytes both ways, close. */
  async function useOnce(baud: number, label: string): Promise<void> {
    const device = rig!.device;
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: gensio.port }, { settings: { baud: 9600 }, dtr: true, rts: true, ackTimeoutMs: 1000 });
    sessions.push(s);
    const rec = record(s);
    await s.open();

    s.applySettings({ baud });
    const confirmed = await rec.waitForEvent(
      (ev): ev is SettingsEvent => isSettings(ev) && ev.line.baud.inEffect === baud && ev.line.baud.state === 'confirmed',
      15_000,
      `${label}: baud ${baud} confirmed`,
    );
    expect(confirmed.line.baud).toEqual({ asked: baud, inEffect: baud, state: 'confirmed' });
    expect(stty(pair.a)).toMatch(new RegExp(`speed ${baud} baud`));

    // gensio, like ser2net, leaves SET-CONTROL DTR/RTS on a pty unanswered: 'unconfirmed' after the timeout
    s.setControlLines({ dtr: false, rts: false });
    await rec.waitForEvent((ev) => isSettings(ev) && ev.line.dtr.asked === false && ev.line.rts.asked === false && settled(ev.line.dtr.state) && settled(ev.line.rts.state), 15_000, `${label}: DTR/RTS off answered`);
    s.setControlLines({ dtr: true, rts: true });
    await rec.waitForEvent((ev) => isSettings(ev) && ev.line.dtr.asked === true && ev.line.rts.asked === true && settled(ev.line.dtr.state) && settled(ev.line.rts.state), 15_000, `${label}: DTR/RTS on answered`);

    const out = testPattern(16 * 1024);
    const base = device.receivedLength();
    await writeAll(s, out);
    expect((await device.waitForBytes(base + out.length)).subarray(base).equals(out)).toBe(true);
    const back = Buffer.concat([Buffer.from(`${label} from the device `), testPattern(8 * 1024)]);
    await device.write(back);
    expect((await rec.waitForBytes(back.length)).equals(back)).toBe(true);

    expect(rec.events.filter((ev) => ev.type === 'error')).toEqual([]);
    expect(s.snapshot().signature).toBeNull();
    await s.close();
    expect(gensio.exitStatus(), `gensiot ended after ${label}:\n${gensio.output()}`).toBeNull();
  }

  /** useOnce, and when it fails while gensiot has died, the failure says so. */
  async function useOnceWatched(baud: number, label: string): Promise<void> {
    try {
      await useOnce(baud, label);
    } catch (err) {
      const status = gensio.exitStatus();
      if (status === null) throw err;
      throw new Error(`gensiot died during the ${label} (${JSON.stringify(status)}): ${(err as Error).message}`, { cause: err });
    }
  }

  it('serves two sessions in a row (baud, DTR/RTS, bytes both ways) and is still running after both', async () => {
    await useOnceWatched(19200, 'first session');
    await useOnceWatched(57600, 'second session');
    expect(gensio.exitStatus()).toBeNull();
    expect(() => process.kill(gensio.pid, 0)).not.toThrow();
  });
});

describe('the request a plain session avoids', () => {
  let rig: PtyRig<Gensio> | undefined;
  let gensio: Gensio;
  beforeAll(async () => {
    rig = await startPtyRig((dir, tty) => startGensioServer(dir, tty, '9600n81'));
    ({ peer: gensio } = rig);
  });
  afterAll(() => rig?.stop());

  it('an empty SIGNATURE request crashes gensiot 2.6.2 (SIGSEGV); if this fails, gensio no longer crashes on it', async () => {
    const sock = connect({ host: '127.0.0.1', port: gensio.port });
    sock.on('error', () => undefined); // reset when the server dies
    let got = Buffer.alloc(0);
    sock.on('data', (b: Buffer) => (got = Buffer.concat([got, b])));
    await new Promise<void>((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    try {
      sock.write(Buffer.from([IAC, WILL, OPT_COM_PORT]));
      // the server agrees to COM-PORT and is alive: what follows is down to the request alone
      await until(sock, 'data', () => got.includes(Buffer.from([IAC, DO, OPT_COM_PORT])), 10_000, 'DO COM-PORT-OPTION from gensiot');
      expect(gensio.exitStatus()).toBeNull();

      sock.write(Buffer.from([IAC, SB, OPT_COM_PORT, COMPORT_CODES.SIGNATURE, IAC, SE]));
      const status = await gensio.waitForExit(10_000).catch((err: Error) => {
        throw new Error(`gensio no longer crashes on an empty SIGNATURE request (a documented 2.6.2 fault): ${err.message}`);
      });
      expect(status.signal).toBe('SIGSEGV');
    } finally {
      sock.destroy();
    }
  });
});
