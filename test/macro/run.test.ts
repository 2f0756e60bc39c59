/**
 * Macros against real peers (issue 14): the shipped "Dial echo and say hello" through `dialtone run`
 * against the demo modem (a real RFC 2217 server with a Hayes modem behind it); a failing wait says its
 * step and what came last (exit 1); the text form runs too; a DTR pulse through PortManager (pyserial's
 * RFC 2217 server on loop://, DSR follows DTR, modem lines polled every 5 ms) is seen as a DSR pulse of
 * the asked length, within 20 ms.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { macroSchema } from '../../src-shared/macro/macro.js';
import { runMacro } from '../../src-main/macro/runner.js';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
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
