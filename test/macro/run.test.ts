/**
 * Macros against real peers (issue 14): the shipped "Dial echo and say hello" through `dialtone run`
 * against the demo modem (a real RFC 2217 server with a Hayes modem behind it); a failing wait says its
 * step and what came last (exit 1); the text form runs too; a DTR pulse through PortManager (pyserial's
 * RFC 2217 server on loop://, DSR follows DTR, modem lines polled every 5 ms) is seen as a DSR pulse of
 * the asked length, within 20 ms.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MacroStatus } from '../../src-shared/ipc/contract.js';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { macroSchema } from '../../src-shared/macro/macro.js';
import { runMacro } from '../../src-main/macro/runner.js';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { MacroService } from '../../src-main/macro/service.js';
import { startSimServer, type SimServer } from '../../src-main/sim/server.js';
import { startPortManager, tempDir } from '../harness/peers.js';
import { dialtone } from '../interop/cli.js';
import { record } from '../interop/helpers.js';

const dir = tempDir('dialtone-macro-');
let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ port: 0, timing: { dialToneMs: 20, toneDigitMs: 5, ringOnMs: 100, ringOffMs: 100, handshakeMs: 50, busyMs: 50 } });
});
afterAll(async () => {
  await sim.close();
  dir.remove();
});

describe('dialtone run', () => {
  it('runs the shipped dial macro against the demo modem: CONNECT, then the echo of hello (exit 0)', async () => {
    const file = join(dir.path, 'macros.json');
    const dial = exampleMacros.find((m) => m.name === 'Dial echo and say hello')!;
    writeFileSync(file, JSON.stringify({ dialtone: 'macros', version: 1, macros: [dial] }));
    const cli = dialtone(['run', file, '--via', `rfc2217://127.0.0.1:${sim.port}`]);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout().toString('latin1')).toMatch(/CONNECT[\s\S]*hello from dialtone/);
    expect(cli.stderr()).toMatch(/step 4\/4: wait[\s\S]*done/);
  });

  it('a wait that never matches fails with its step and the last bytes received (exit 1); the text form runs', async () => {
    const file = join(dir.path, 'fail.macro');
    writeFileSync(file, 'name "fails"\nsend text "AT" cr\nwait text "NEVER" 500 abort "ERROR"\n');
    const cli = dialtone(['run', file, '--via', `rfc2217://127.0.0.1:${sim.port}`]);
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/step 2 \(wait\): no "NEVER" within the timeout; last received: ".*OK/);
    const bad = join(dir.path, 'bad.macro');
    writeFileSync(bad, 'name "bad"\nsned text "AT"\n');
    const usage = dialtone(['run', bad, '--via', `rfc2217://127.0.0.1:${sim.port}`]);
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toContain('line 2: unknown step "sned"');
  });
});

describe('a DTR pulse through an RFC 2217 server', () => {
  it('is seen at the far end as a DSR pulse of the asked length, within 20 ms (median of three)', async () => {
    const pm = await startPortManager('loop://', 0.005);
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: pm.port }, { dtr: false });
    try {
      const rec = record(s);
      await s.open();
      await rec.waitForEvent((ev) => ev.type === 'modem' && ev.dsr === false, 10_000, 'DSR off');
      const edges: Array<{ on: boolean; t: number }> = [];
      s.on('event', (ev) => {
        if (ev.type === 'modem' && ev.changed?.includes('dsr') && ev.dsr !== null) edges.push({ on: ev.dsr, t: performance.now() });
      });
      // three pulses; the median of their errors (one pulse seen late on a loaded machine is not the rule)
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        edges.length = 0;
        const result = await runMacro(s, macroSchema.parse({ name: 'pulse', steps: [{ kind: 'control', line: 'dtr', action: 'pulse-on', ms: 300 }, { kind: 'delay', ms: 200 }] }));
        expect(result).toEqual({ ok: true });
        expect(edges.map((e) => e.on)).toEqual([true, false]);
        seen.push(edges[1]!.t - edges[0]!.t);
      }
      const median = [...seen].sort((a, b) => a - b)[1]!;
      process.stdout.write(`DTR pulses of 300 ms seen as DSR on for ${seen.map((x) => x.toFixed(1)).join(', ')} ms (median ${median.toFixed(1)})\n`);
      expect(Math.abs(median - 300)).toBeLessThan(20);
    } finally {
      await s.close();
      await pm.stop();
    }
  });
});

describe('MacroService on a real line', () => {
  it('a line lost mid-macro fails the step as "the line was lost", not as a wait timeout; a run on the lost session is refused with why', async () => {
    // a raw TCP far end that hangs up once it has the macro's first bytes
    const heard: string[] = [];
    const server = createServer((socket) => {
      socket.on('data', (d) => {
        heard.push(d.toString('latin1'));
        socket.destroy();
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port }, { reconnect: false });
    const macro = macroSchema.parse({ id: 'at', name: 'AT', steps: [{ kind: 'send', data: 'AT', lineEnd: 'cr' }, { kind: 'wait', text: 'OK', timeoutMs: 20_000 }] });
    const statuses: MacroStatus[] = [];
    const service = new MacroService({ session: (id) => (id === 's1' ? s : undefined), macro: (id) => (id === 'at' ? macro : undefined), emit: (st) => statuses.push(st) });
    try {
      await s.open();
      const t0 = performance.now();
      service.run('s1', 'at');
      await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('failed'), { timeout: 10_000, interval: 10 });
      expect(heard.join('')).toBe('AT\r');
      expect(statuses.at(-1)).toMatchObject({ step: 2, message: expect.stringMatching(/^step 2 \(wait\): the line was lost \(.+\)$/) });
      expect(performance.now() - t0).toBeLessThan(5_000); // at once, not at the wait's 20 s timeout
      expect(s.snapshot().state).toBe('disconnected');

      expect(() => service.run('s1', 'at')).toThrow('this session is not connected: a macro can run once it is (Connect first)');
      expect(service.running('s1')).toBeUndefined();
    } finally {
      await s.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
