/**
 * The TCP transport on loopback: SO_KEEPALIVE as the kernel reports it (`ss -tno` shows the keepalive
 * timer), abort, refused, and the mapping of errno codes to FailureCodes (pure).
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectTcp, ConnectionError, describeSocketError, hostPort } from './tcp.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function listen(): Promise<{ server: Server; port: number; accepted: Socket[] }> {
  const accepted: Socket[] = [];
  const server = createServer((s) => accepted.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => {
    for (const s of accepted) s.destroy();
    server.close();
  });
  return { server, port: (server.address() as { port: number }).port, accepted };
}

describe('connectTcp', () => {
  it('connects with SO_KEEPALIVE at the requested idle time (the kernel shows the keepalive timer)', async () => {
    const { port } = await listen();
    const socket = await connectTcp({ host: '127.0.0.1', port, keepaliveIdleMs: 7000 });
    cleanups.push(() => socket.destroy());
    const local = socket.localPort!;
    const ss = spawnSync('ss', ['-tno', 'state', 'established', `( sport = :${local} )`], { encoding: 'utf8' });
    expect(ss.status).toBe(0);
    // "timer:(keepalive,6.992ms,0)": armed, first probe due within the idle time. The number is seconds
    // (iproute2 6.1 labels it "ms"; others "sec"), so only the number is read.
    const m = /timer:\(keepalive,([\d.]+)/.exec(ss.stdout);
    expect(m, ss.stdout).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(7);
    expect(Number(m![1])).toBeGreaterThan(5);
  });

  it('keepaliveIdleMs 0 leaves keepalive off', async () => {
    const { port } = await listen();
    const socket = await connectTcp({ host: '127.0.0.1', port, keepaliveIdleMs: 0 });
    cleanups.push(() => socket.destroy());
    const ss = spawnSync('ss', ['-tno', 'state', 'established', `( sport = :${socket.localPort} )`], { encoding: 'utf8' });
    expect(ss.stdout).toContain(`:${socket.localPort}`);
    expect(ss.stdout).not.toContain('keepalive');
  });

  it('an aborted attempt rejects with the abort reason', async () => {
    const { port } = await listen();
    const abort = new AbortController();
    const attempt = connectTcp({ host: '127.0.0.1', port, signal: abort.signal });
    abort.abort(new Error('session closed'));
    await expect(attempt).rejects.toThrow('session closed');
  });

  it('refused connects reject with ConnectionError code refused naming host:port', async () => {
    const { server, port } = await listen();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const err = await connectTcp({ host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ code: 'refused', message: `connection refused by 127.0.0.1:${port}` });
  });
});

describe('describeSocketError (errno -> FailureCode)', () => {
  const errno = (code: string) => Object.assign(new Error(`x ${code}`), { code });
  it.each([
    ['ECONNREFUSED', 'connect', 'refused'],
    ['ENOTFOUND', 'connect', 'unknown-host'],
    ['EAI_AGAIN', 'connect', 'unknown-host'],
    ['EHOSTUNREACH', 'connect', 'unreachable'],
    ['ENETUNREACH', 'connect', 'unreachable'],
    ['ETIMEDOUT', 'connect', 'timeout'],
    ['ETIMEDOUT', 'established', 'timeout'],
    ['ECONNRESET', 'established', 'reset'],
    ['EPIPE', 'established', 'reset'],
  ] as const)('%s while %s -> %s', (code, phase, failure) => {
    const e = describeSocketError(errno(code), 'ts.example', 2001, phase);
    expect(e.code).toBe(failure);
    expect(e.message).toContain('ts.example:2001');
  });

  it('brackets IPv6 literals', () => {
    expect(hostPort('::1', 7001)).toBe('[::1]:7001');
    expect(describeSocketError(errno('ECONNREFUSED'), '::1', 7001, 'connect').message).toBe('connection refused by [::1]:7001');
  });
});
