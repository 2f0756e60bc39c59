// A path cut with data in flight: TCP keepalive does not run while sent data is unacknowledged, so the
// session probes with RFC 860 TIMING-MARK. The cut is made by a proxy between the session and a real
// access server (PortManager) that stops carrying bytes both ways without closing anything, as a cable
// pulled out of a switch does; to each end its socket looks alive.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { StatusEvent } from '../../src-shared/session/events.js';
import { startBusyboxTelnetd, startPortManager, tempDir, type Peer } from '../harness/peers.js';
import { record } from './helpers.js';
import { ManualClock } from '../harness/manual-clock.js';
import { chmodSync, writeFileSync } from 'node:fs';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A TCP proxy to 127.0.0.1:target whose path can be cut (bytes dropped both ways) and mended. */
async function cuttableProxy(target: number): Promise<{ port: number; cut(): void; mend(): void; close(): void }> {
  let cut = false;
  const pairs: Socket[] = [];
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    pairs.push(client, upstream);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('data', (b) => cut || upstream.write(b));
    upstream.on('data', (b) => cut || client.write(b));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    cut: () => {
      cut = true;
    },
    mend: () => {
      cut = false;
      for (const s of pairs.splice(0)) s.destroy(); // the old connections are gone for good; new ones carry
    },
    close: () => {
      for (const s of pairs) s.destroy();
      server.close();
    },
  };
}

const isStatus = (state: string) => (ev: { type: string; state?: string }): ev is StatusEvent => ev.type === 'status' && ev.state === state;

describe('a cut path with data in flight', () => {
  it('is declared lost within the keepalive time and the session reconnects, DTR re-applied', async () => {
    const pm: Peer & { port: number } = await startPortManager();
    cleanups.push(() => pm.stop());
    const proxy = await cuttableProxy(pm.port);
    cleanups.push(() => proxy.close());
    const keepaliveIdleMs = 1500;
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: proxy.port }, { reconnect: true, keepaliveIdleMs, dtr: true, ackTimeoutMs: 500 });
    cleanups.push(() => s.close());
    const rec = record(s);
    await s.open();
    // the first probe learns that PortManager answers TIMING-MARK (it says WONT); DTR is applied
    await rec.waitForEvent((ev) => ev.type === 'modem' && ev.dsr === true, 10_000, 'DSR on (DTR asked)');

    proxy.cut();
    const cutAt = performance.now();
    s.write(Buffer.from('one byte after the cut'));
    const lost = await rec.waitForEvent(isStatus('reconnecting'), keepaliveIdleMs + 5000, 'the loss');
    const detectedMs = performance.now() - cutAt;
    process.stdout.write(`half-open link detected in ${detectedMs.toFixed(0)} ms (keepalive ${keepaliveIdleMs} ms)\n`);
    expect(lost.code).toBe('timeout');
    expect(lost.reason).toMatch(/no answer .* while data was in flight/);
    expect(detectedMs).toBeLessThan(keepaliveIdleMs + 500);
    // no input line stays lit
    expect(s.snapshot().modem).toEqual({ cts: null, dsr: null, ri: null, dcd: null });

    proxy.mend();
    rec.reset();
    await rec.waitForEvent(isStatus('connected'), 15_000, 'connected again');
    await rec.waitForEvent((ev) => ev.type === 'modem' && ev.dsr === true, 10_000, 'DSR on again: DTR re-applied');
  });

  it('a server that ignores TIMING-MARK (BusyBox telnetd) is never declared lost for it', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const program = `${dir.path}/quiet.sh`;
    writeFileSync(program, '#!/bin/sh\nexec cat > /dev/null\n');
    chmodSync(program, 0o755);
    const bb = await startBusyboxTelnetd(dir.path, program);
    cleanups.push(() => bb.stop());
    // the session's timers on a manual clock: time passes exactly, without waiting for it
    const clock = new ManualClock();
    const keepaliveIdleMs = 300;
    const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port: bb.port }, { keepaliveIdleMs, clock });
    cleanups.push(() => s.close());
    const rec = record(s);
    const opening = s.open();
    // BusyBox never answers BINARY: once the link is up (its line model arrives), the engine's readiness
    // fallback (ackTimeoutMs, 3000) runs on the manual clock
    await rec.waitForEvent((ev) => ev.type === 'settings', 10_000, 'the link up');
    clock.advance(3000);
    await opening;
    clock.advance(keepaliveIdleMs); // the first probe is never answered: TIMING-MARK unsupported here
    // typing into a program that prints nothing, well past the keepalive time: still connected
    for (let i = 0; i < 8; i++) {
      s.write(Buffer.from(`line ${i}\r\n`));
      clock.advance(keepaliveIdleMs);
    }
    expect(rec.events.filter(isStatus('reconnecting'))).toEqual([]);
    expect(s.snapshot().state).toBe('connected');
  });
});
