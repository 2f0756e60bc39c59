// Fuzz of every IPC channel over the browser host's WebSocket, bounded and seeded: `dialtone serve` runs
// in this process (so its event loop is measured) and a client process (ipc-fuzz-client.ts) sends 10^4
// well-framed requests with random names and payloads on one connection (each gets a reply; none
// reaches a handler unvalidated and makes it throw; the connection stays up), then malformed frames,
// each on its own connection (refused and closed; the host keeps serving). The event loop's delay
// while the requests are handled stays within budget: p99 < 20 ms, max < 100 ms. Channels that could
// reach the network or start a call (session.open, dial.*) get only payloads their schema refuses: a
// fuzzer never dials a random host. DIALTONE_FUZZ_SEED replays a run.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeHandle } from '../../src-main/app/serve.js';
import { tempDir } from '../harness/peers.js';

const SEED = Number(process.env.DIALTONE_FUZZ_SEED ?? Date.now() % 2 ** 31);
const MESSAGES = 10_000;
const GARBAGE = 200;

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

describe('IPC fuzz over the browser host', () => {
  it(`${MESSAGES} random requests and ${GARBAGE} malformed frames: every request answered, no handler throws, the loop stays responsive`, async () => {
    process.stdout.write(`ipc fuzz: seed ${SEED} (replay with DIALTONE_FUZZ_SEED=${SEED})\n`);
    const args = { url: `ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, origin: serve.origin, seed: SEED, messages: MESSAGES, garbage: GARBAGE };
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ipc-fuzz-client.ts'), JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    expect((await lines.next()).value).toBe('ready'); // its payloads are drawn: measure from here
    const delay = monitorEventLoopDelay({ resolution: 1 }); // ms: enough samples for a p99 over about a second
    delay.enable();
    child.stdin!.end('go\n');
    expect((await lines.next()).value).toBe('requests done');
    delay.disable(); // the budget is for the requests; each malformed frame below costs a connection
    const result = JSON.parse((await lines.next()).value as string) as {
      replies: number; byCode: Record<string, number>; crashes: string[]; closed: boolean; refused: number; infoOk: boolean; requestsMs: number;
    };
    const p99 = delay.percentile(99) / 1e6;
    const max = delay.max / 1e6;
    process.stdout.write(`ipc fuzz: ${result.replies} requests answered in ${result.requestsMs.toFixed(0)} ms (${Object.entries(result.byCode).map(([c, n]) => `${c} ${n}`).join(', ')}), ${result.refused} malformed frames refused; event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms\n`);
    expect(result.closed).toBe(false);
    expect(result.replies).toBe(MESSAGES);
    expect(result.crashes).toEqual([]);
    expect(result.refused).toBe(GARBAGE);
    expect(result.infoOk).toBe(true);
    expect(p99).toBeLessThan(20);
    expect(max).toBeLessThan(100);
  }, 180_000);
});
