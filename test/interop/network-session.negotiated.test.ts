/**
 * NetworkSession over a server that refuses BINARY: the link is up as soon as the engine says
 * 'negotiated', not after the ackTimeoutMs fallback, and data leaves under NVT rules (CR -> CR NUL).
 * Peer: a node:net server that answers our opening with refusals, because no server on this machine
 * refuses BINARY (ser2net, sredird, PortManager, gensio and the demo modem all agree to it); the bytes it
 * sends are the plain telnet refusals of RFC 854/856.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { NetworkKind } from '../../src-shared/session/target.js';
import { record, until } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Far longer than the test's own timeout: a session that waits for the fallback fails the test. */
const ACK_TIMEOUT_MS = 600_000;

/** A server that answers the client's first bytes with `answer`, and records what it receives. */
async function refusingServer(answer: number[]): Promise<{ port: number; got: () => Buffer; arrivals: EventEmitter }> {
  const chunks: Buffer[] = [];
  const arrivals = new EventEmitter();
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('error', () => undefined);
    sock.once('data', () => sock.write(Buffer.from(answer)));
    sock.on('data', (b) => {
      chunks.push(b);
      arrivals.emit('data');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, got: () => Buffer.concat(chunks), arrivals };
}

async function openAndSend(kind: NetworkKind, answer: number[]): Promise<void> {
  const far = await refusingServer(answer);
  const s = new NetworkSession({ kind, host: '127.0.0.1', port: far.port }, { ackTimeoutMs: ACK_TIMEOUT_MS });
  cleanups.push(() => s.close());
  const rec = record(s);
  await s.open();
  expect(s.snapshot().state).toBe('connected');
  expect(rec.events.some((ev) => ev.type === 'warning' && ev.code === 'no-ack')).toBe(false);
  s.write(Buffer.from('A\rB'));
  const nvt = Buffer.from([0x41, 0x0d, 0x00, 0x42]);
  await until(far.arrivals, 'data', () => far.got().includes(nvt), 20_000, 'A CR NUL B at the server');
}

describe('NetworkSession: a server that refuses BINARY', { timeout: 60_000 }, () => {
  it('rfc2217: DONT/WONT BINARY and DO COM-PORT -> connected at once; data goes as NVT (CR NUL)', async () => {
    // IAC DONT BINARY, IAC WONT BINARY, IAC DO COM-PORT-OPTION
    await openAndSend('rfc2217', [0xff, 0xfe, 0x00, 0xff, 0xfc, 0x00, 0xff, 0xfd, 0x2c]);
  });

  it('rfc2217: BINARY and COM-PORT both refused -> connected at once, settings unsupported', async () => {
    await openAndSend('rfc2217', [0xff, 0xfe, 0x00, 0xff, 0xfc, 0x00, 0xff, 0xfe, 0x2c]);
  });

  it('telnet: DONT/WONT BINARY -> connected at once', async () => {
    await openAndSend('telnet', [0xff, 0xfe, 0x00, 0xff, 0xfc, 0x00]);
  });
});
