/**
 * NetworkSession against sredird in its Cisco IOS compatibility mode (`sredird -i`) on a socat pty pair.
 * Like Cisco IOS 11.3, it answers the inbound flow-control SET-CONTROL (14, 15, 16) with value 0
 * (IAC SB 44 105 0 IAC SE): that is its reply, so no "no reply" warning may follow for inbound flow.
 * A tap between session and server shows the request and that reply on the wire.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { COMPORT_CODES, CONTROL, IAC, OPT_COM_PORT, SB, SE, SERVER_CODE_OFFSET } from '../../src-shared/protocol/constants.js';
import type { SessionEvent, WarningEvent } from '../../src-shared/session/events.js';
import { startSredirdCisco, type Peer } from '../harness/peers.js';
import { record, until, type Recorder } from './helpers.js';
import { startPtyRig, type PtyRig } from './pty-rig.js';

const ACK_TIMEOUT_MS = 800;
const SET_CONTROL = COMPORT_CODES['SET-CONTROL'];
const sessions: NetworkSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const isInboundNoAck = (ev: SessionEvent): ev is WarningEvent => ev.type === 'warning' && ev.code === 'no-ack' && /inbound flow/i.test(ev.message);
const setControl = (v: number) => Buffer.from([IAC, SB, OPT_COM_PORT, SET_CONTROL, v, IAC, SE]);
const setControlReply = (v: number) => Buffer.from([IAC, SB, OPT_COM_PORT, SET_CONTROL + SERVER_CODE_OFFSET, v, IAC, SE]);

function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** A TCP relay on a free loopback port to `port`, keeping what passes each way. */
async function tap(port: number): Promise<{ port: number; toServer: () => Buffer; toClient: () => Buffer; seen: EventEmitter; close: () => Promise<void> }> {
  const seen = new EventEmitter();
  let up = Buffer.alloc(0);
  let down = Buffer.alloc(0);
  const sockets: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    sockets.push(client, upstream);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('data', (b: Buffer) => {
      up = Buffer.concat([up, b]);
      upstream.write(b);
      seen.emit('data');
    });
    upstream.on('data', (b: Buffer) => {
      down = Buffer.concat([down, b]);
      client.write(b);
      seen.emit('data');
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    toServer: () => up,
    toClient: () => down,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** No 'no-ack' warning for inbound flow, once the ack timeout has surely passed (returns early on one). */
async function expectNoInboundNoAck(rec: Recorder): Promise<void> {
  await rec.waitForEvent(isInboundNoAck, ACK_TIMEOUT_MS + 500, 'an inbound-flow no-ack warning').catch(() => undefined);
  expect(rec.events.filter(isInboundNoAck)).toEqual([]);
}

describe('sredird -i (Cisco IOS mode) on a pty pair', () => {
  let rig: PtyRig<Peer & { port: number }> | undefined;
  let sredird: Peer & { port: number };
  beforeAll(async () => {
    rig = await startPtyRig(startSredirdCisco);
    ({ peer: sredird } = rig);
  });
  afterAll(() => rig?.stop());

  it('takes its value-0 answer to the inbound flow SET-CONTROL as the reply: no "no-ack" warning for inbound flow', async () => {
    const wire = await tap(sredird.port);
    try {
      const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: wire.port }, { ackTimeoutMs: ACK_TIMEOUT_MS });
      sessions.push(s);
      const rec = record(s);
      await s.open();

      const inbound = { xonxoff: CONTROL.INBOUND_FLOW_XONXOFF, rtscts: CONTROL.INBOUND_FLOW_HARDWARE, none: CONTROL.INBOUND_FLOW_NONE } as const;
      for (const flow of ['xonxoff', 'rtscts', 'none'] as const) {
        const replies = count(wire.toClient(), setControlReply(0));
        s.applySettings({ flow });
        // the request went out and sredird -i answered it with value 0
        await until(wire.seen, 'data', () => count(wire.toClient(), setControlReply(0)) > replies, 10_000, `IAC SB 44 105 0 IAC SE after flow ${flow}`);
        expect(wire.toServer().includes(setControl(inbound[flow]))).toBe(true);
        await expectNoInboundNoAck(rec);
      }
      expect(rec.events.filter((ev) => ev.type === 'error')).toEqual([]);
      expect(s.snapshot().state).toBe('connected');
    } finally {
      await Promise.all(sessions.splice(0).map((s) => s.close()));
      await wire.close();
    }
  });
});
