/**
 * Connection failures, each with its FailureCode and a message naming host:port.
 * Peers: a closed port (refused), a name under .invalid (RFC 6761: never resolves), a listener that never
 * accepts (timeout: a Python socket with backlog 0 whose queue the test fills, so the kernel drops further
 * SYNs on loopback; node:net cannot make a listener that does not accept), and a net.Server that resets
 * (socket.resetAndDestroy sends RST; the test controls when).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { SessionFailure } from '../../src-main/sessions/session-core.js';
import type { SessionEvent, StatusEvent } from '../../src-shared/session/events.js';
import { freePort, PYTHON, requireCommand } from '../harness/peers.js';
import { record, until } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function session(host: string, port: number, options: ConstructorParameters<typeof NetworkSession>[1] = {}): NetworkSession {
  const s = new NetworkSession({ kind: 'rfc2217', host, port }, options);
  cleanups.push(() => s.close());
  return s;
}

async function openFails(s: NetworkSession): Promise<SessionFailure> {
  const err = await s.open().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SessionFailure);
  return err as SessionFailure;
}

const disconnected = (ev: SessionEvent): ev is StatusEvent => ev.type === 'status' && ev.state === 'disconnected';

describe('connect failures', () => {
  it('refused: nothing listens on the port', async () => {
    const port = await freePort();
    const s = session('127.0.0.1', port);
    const rec = record(s);
    const err = await openFails(s);
    expect(err.code).toBe('refused');
    expect(err.message).toBe(`connection refused by 127.0.0.1:${port}`);
    expect(rec.events.find(disconnected)).toMatchObject({ code: 'refused', reason: err.message });
  });

  it('unknown-host: a name under .invalid', async () => {
    const s = session('no-such-access-server.invalid', 7001);
    const err = await openFails(s);
    expect(err.code).toBe('unknown-host');
    expect(err.message).toContain('no-such-access-server.invalid:7001');
  });

  it('timeout: a listener whose accept queue is full never completes the handshake', async () => {
    requireCommand(PYTHON);
    const py: ChildProcess = spawn(PYTHON, ['-c', "import socket,sys,time\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()"], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    cleanups.push(() => {
      py.kill();
    });
    const port = await new Promise<number>((resolve) => py.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    // fill the backlog: this connection completes (queued, never accepted); later SYNs are dropped
    const filler: Socket = connect({ host: '127.0.0.1', port });
    cleanups.push(() => {
      filler.destroy();
    });
    await new Promise<void>((resolve, reject) => filler.once('connect', () => resolve()).once('error', reject));

    const s = session('127.0.0.1', port, { connectTimeoutMs: 700 });
    const started = Date.now();
    const err = await openFails(s);
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`no answer from 127.0.0.1:${port} within 700 ms (connect timeout)`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });
});

describe('losing an established connection', () => {
  async function server(onConnection: (sock: Socket) => void): Promise<number> {
    const srv = createServer(onConnection);
    const sockets: Socket[] = [];
    srv.on('connection', (s) => sockets.push(s));
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          srv.close(() => resolve());
        }),
    );
    return (srv.address() as { port: number }).port;
  }

  it('reset: the far end sends RST', async () => {
    let far: Socket | null = null;
    const port = await server((sock) => (far = sock));
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    (far as Socket | null)!.resetAndDestroy();
    const ev = await rec.waitForEvent(disconnected, 10_000, 'disconnected');
    expect(ev.code).toBe('reset');
    expect(ev.reason).toBe(`connection to 127.0.0.1:${port} was reset (ECONNRESET)`);
  });

  it('closed-by-peer: the far end closes (FIN)', async () => {
    const port = await server((sock) => sock.end());
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    const ev = await rec.waitForEvent(disconnected, 10_000, 'disconnected');
    expect(ev).toMatchObject({ code: 'closed-by-peer', reason: `connection closed by 127.0.0.1:${port}` });
    expect(s.snapshot().state).toBe('disconnected');
  });

  it('an rfc2217 server that never negotiates COM-PORT: data flows after ackTimeoutMs with a warning', async () => {
    const got: Buffer[] = [];
    const arrivals = new EventEmitter();
    const port = await server((sock) =>
      sock.on('data', (b) => {
        got.push(b);
        arrivals.emit('data');
      }),
    );
    const s = session('127.0.0.1', port, { ackTimeoutMs: 300 });
    const rec = record(s);
    await s.open();
    const warning = rec.events.find((ev) => ev.type === 'warning' && ev.code === 'no-ack');
    expect(warning && 'message' in warning ? warning.message : '').toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}: .*COM-PORT`));
    s.write(Buffer.from('data'));
    await until(arrivals, 'data', () => Buffer.concat(got).includes(Buffer.from('data')), 10_000, 'data at the server');
    expect(s.snapshot().state).toBe('connected');
  });
});
