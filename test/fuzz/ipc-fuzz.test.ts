// Fuzz of every IPC channel over the browser host's WebSocket (`dialtone serve`, in this process so its
// event loop is measured), bounded and seeded: 10^4 well-framed requests with random names and payloads
// on one connection (each gets a reply; none reaches a handler unvalidated and makes it throw; the
// connection stays up), then malformed frames, each on its own connection (refused, closed; the host
// keeps serving). The event loop's delay stays within budget throughout: p99 < 20 ms, max < 100 ms.
// Channels that could reach the network or start a call (session.open, dial.*) get random payloads too,
// but only ones that fail their schema: a fuzzer never dials a random host. DIALTONE_FUZZ_SEED replays.
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServe, type ServeHandle } from '../../src-main/app/serve.js';
import { REQUEST_NAMES, requests, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { decodeMessage, encodeMessage } from '../../src-shared/ipc/wire.js';
import { tempDir } from '../harness/peers.js';

const SEED = Number(process.env.DIALTONE_FUZZ_SEED ?? Date.now() % 2 ** 31);
const MESSAGES = 10_000;
const GARBAGE = 200;
/** Channels whose valid payloads act on the outside world: fuzzed only with payloads their schema refuses. */
const OUTSIDE = new Set(['session.open', 'dial.start', 'dial.callback', 'log.start']);

let serve: ServeHandle;
const dir = tempDir('dialtone-fuzz-');
beforeAll(async () => {
  const renderer = join(dir.path, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  serve = await startServe({ configDir: join(dir.path, 'config'), logDir: join(dir.path, 'logs'), demo: false, rendererDir: renderer });
});
afterAll(async () => {
  await serve?.close();
  dir.remove();
});

function open(): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
  ws.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Payloads: anything, and objects shaped almost like the contract's (ids, bytes, numbers at the edges). */
const payload = fc.oneof(
  fc.anything({ maxDepth: 3, maxKeys: 6, withTypedArray: true }),
  fc.record(
    {
      sessionId: fc.oneof(fc.constantFrom('s1', 's9999', '', '../x'), fc.string({ maxLength: 80 })),
      bytes: fc.uint8Array({ maxLength: 256 }),
      ids: fc.array(fc.string({ maxLength: 10 }), { maxLength: 50 }),
      ms: fc.oneof(fc.integer(), fc.double()),
      on: fc.anything({ maxDepth: 1 }),
      settings: fc.dictionary(fc.constantFrom('baud', 'dataBits', 'parity', 'stopBits', 'flow', 'x'), fc.anything({ maxDepth: 1 })),
      json: fc.string({ maxLength: 200 }),
      id: fc.string({ maxLength: 70 }),
    },
    { requiredKeys: [] },
  ),
);
const name = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...REQUEST_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });

describe('IPC fuzz over the browser host', () => {
  it(`${MESSAGES} random requests and ${GARBAGE} malformed frames: every request answered, no handler throws, the loop stays responsive`, async () => {
    process.stdout.write(`ipc fuzz: seed ${SEED} (replay with DIALTONE_FUZZ_SEED=${SEED})\n`);
    const samples = fc
      .sample(fc.tuple(name, payload), { seed: SEED, numRuns: MESSAGES * 2 })
      .filter(([n, p]) => !OUTSIDE.has(n) || !requests[n as keyof typeof requests].request.safeParse(p).success)
      .slice(0, MESSAGES);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const ws = await open();
    const replies = new Map<number, ReplyEnvelope>();
    let wake: (() => void) | null = null;
    ws.on('message', (data: Buffer) => {
      const msg = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (msg.t === 'res') replies.set(msg.id, msg.reply);
      wake?.();
    });
    let closed = false;
    ws.on('close', () => (closed = true));
    // at most 64 requests in flight, like a busy renderer
    let next = 0;
    while (replies.size < samples.length && !closed) {
      while (next < samples.length && next - replies.size < 64) {
        const [n, p] = samples[next]!;
        ws.send(encodeMessage({ t: 'req', id: next, name: n, payload: p }));
        next++;
      }
      await new Promise<void>((r) => (wake = r));
    }
    expect(closed).toBe(false);
    expect(replies.size).toBe(samples.length);
    const crashes = [...replies.values()].filter((r) => !r.ok && /TypeError|Cannot read|is not a function|undefined is not/.test(r.error));
    expect(crashes).toEqual([]);
    const byCode = new Map<string, number>();
    for (const r of replies.values()) {
      const code = r.ok ? 'ok' : (r.code ?? 'failed');
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    ws.close();

    // malformed frames: random bytes, a truncated header, text frames; each closes its own connection
    const garbage = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 512 }), { seed: SEED + 1, numRuns: GARBAGE });
    let refused = 0;
    for (const [i, bytes] of garbage.entries()) {
      const g = await open();
      const gone = new Promise<number>((r) => g.once('close', (code) => r(code)));
      if (i % 10 === 0) g.send('text, not binary');
      else g.send(bytes);
      const code = await gone;
      if (code === 1003 || code === 1007) refused++;
    }
    expect(refused).toBe(GARBAGE);
    // the host still serves
    const after = await open();
    const info = new Promise<ReplyEnvelope>((r) => after.once('message', (d: Buffer) => r((decodeMessage(new Uint8Array(d)) as { reply: ReplyEnvelope }).reply)));
    after.send(encodeMessage({ t: 'req', id: 1, name: 'app.info', payload: {} }));
    expect((await info).ok).toBe(true);
    after.close();
    delay.disable();
    const p99 = delay.percentile(99) / 1e6;
    const max = delay.max / 1e6;
    process.stdout.write(`ipc fuzz: ${samples.length} requests (${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}), ${GARBAGE} frames refused; event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms\n`);
    expect(p99).toBeLessThan(20);
    expect(max).toBeLessThan(100);
  }, 180_000);
});
