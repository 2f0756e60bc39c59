// A really cut path with data in flight: the far end of a veth pair goes down (test/harness/netns.ts), so
// frames are dropped, nothing is closed and TCP retransmits for about 15 minutes. Links that cannot be
// probed with TIMING-MARK (raw TCP; BusyBox telnetd, which ignores it) are watched through the kernel's
// send queue; an RFC 2217 server that answers TIMING-MARK (PortManager) is probed. Each is declared lost
// within the keepalive time and reconnects once the path is mended.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { StatusEvent } from '../../src-shared/session/events.js';
import type { NetworkKind } from '../../src-shared/session/target.js';
import { netnsHost, waitForTcp, type NetnsHost } from '../harness/netns.js';
import { PYTHON, requireCommand, tempDir } from '../harness/peers.js';
import { record, until } from './helpers.js';

const host = netnsHost(1);
const unavailable = typeof host === 'string' ? host : null;
const KEEPALIVE_MS = 1500;

const isStatus = (state: string) => (ev: { type: string; state?: string }): ev is StatusEvent => ev.type === 'status' && ev.state === state;

describe.skipIf(unavailable !== null)(`a cut path with data in flight${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const h = host as NetnsHost;
  const dir = tempDir();
  const ports = { raw: 7101, telnet: 7102, rfc2217: 7103 };

  beforeAll(async () => {
    const echo = join(dir.path, 'echo.sh');
    writeFileSync(echo, '#!/bin/sh\nexec cat\n');
    chmodSync(echo, 0o755);
    // raw TCP: an echo server; telnet: BusyBox telnetd running cat; rfc2217: pyserial's PortManager
    h.start([requireCommand('socat'), `TCP-LISTEN:${ports.raw},bind=${h.address},reuseaddr,fork`, 'EXEC:cat']);
    h.start([requireCommand('busybox'), 'telnetd', '-F', '-p', String(ports.telnet), '-b', h.address, '-l', echo, '-f', '/dev/null']);
    h.start([PYTHON, join(import.meta.dirname, '../harness/portmanager-server.py'), '--port', String(ports.rfc2217), '--host', h.address, '--poll', '0.05']);
    await Promise.all(Object.values(ports).map((p) => waitForTcp(h.address, p)));
  });
  afterAll(() => {
    h.remove();
    dir.remove();
  });

  const kinds: Array<[NetworkKind, string]> = [
    ['raw', 'raw TCP (kernel send queue)'],
    ['telnet', 'BusyBox telnetd, which ignores TIMING-MARK (kernel send queue)'],
    ['rfc2217', 'PortManager, which answers TIMING-MARK (probe)'],
  ];
  for (const [kind, what] of kinds) {
    it(`${what}: lost within the keepalive time, then reconnected`, async () => {
      const port = kind === 'rfc2217' ? ports.rfc2217 : kind === 'telnet' ? ports.telnet : ports.raw;
      const s = new NetworkSession({ kind, host: h.address, port }, { reconnect: true, keepaliveIdleMs: KEEPALIVE_MS, ackTimeoutMs: 500, backoff: { initialMs: 100, maxMs: 300 } });
      const rec = record(s);
      try {
        await s.open();
        // the link carries bytes both ways before the cut (and the probe has learned what the server does)
        s.write(Buffer.from('before\r\n'));
        await until(s, 'data', () => rec.received().includes('before'), 10_000, 'the echo before the cut');
        h.cut();
        const cutAt = performance.now();
        s.write(Buffer.from('one line after the cut\r\n'));
        const lost = await rec.waitForEvent(isStatus('reconnecting'), KEEPALIVE_MS + 5000, 'the loss');
        const detectedMs = performance.now() - cutAt;
        process.stdout.write(`${what}: cut path detected in ${detectedMs.toFixed(0)} ms (keepalive ${KEEPALIVE_MS} ms)\n`);
        expect(lost.code).toBe('timeout');
        expect(lost.reason).toMatch(/while .*in flight/);
        expect(detectedMs).toBeLessThan(KEEPALIVE_MS + 1500);

        h.mend();
        rec.reset();
        await rec.waitForEvent(isStatus('connected'), 20_000, 'connected again');
        s.write(Buffer.from('after\r\n'));
        await until(s, 'data', () => rec.received().includes('after'), 10_000, 'the echo after mending');
      } finally {
        h.mend();
        await s.close();
      }
    });
  }
});
