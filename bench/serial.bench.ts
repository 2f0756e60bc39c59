/**
 * `npm run bench -- serial`: throughput of a local port through `dialtone connect serial:` (the CLI
 * process, stdin/stdout joined to the port) across a socat pty pair, compared in the same run with socat
 * itself moving the same bytes across a pty pair (the ceiling: socat's own copy loop in C).
 *
 * Each direction, each contender, RUNS times; medians in MB/s (10^6 bytes/s) and the ratio to socat.
 * The clock starts once the contender has the port open (dialtone: its "connected" event; socat: its
 * "starting data transfer loop"), so process start-up is not counted, and stops when the last byte
 * arrives at the far end. The relay socat of the pty pair is in the path for both contenders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, stop, waitOutput } from './support.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BYTES = 32 * 1024 * 1024;
const RUNS = 3;
const PAYLOAD = (() => {
  const b = Buffer.alloc(BYTES);
  for (let i = 0; i < BYTES; i++) b[i] = (i * 7 + (i >> 10)) & 0xff;
  return b;
})();

/** A socat pty pair (links ttyA, ttyB in a temp folder), as test/harness/peers.ts startPtyPair makes. */
async function ptyPair(): Promise<{ a: string; b: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-serial-'));
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  const relay = start('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`]);
  await waitOutput(relay, 'stderr', /starting data transfer loop/, 'socat pty pair (apt-get install socat)');
  return {
    a,
    b,
    async stop() {
      await stop(relay);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function start(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: false });
}

/** Resolve with the time (ms since `t0`) when `n` bytes have come out of `child`'s stdout. */
function countStdout(child: ChildProcess, n: number): Promise<number> {
  let got = 0;
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= n) resolve(performance.now());
    });
    child.once('exit', () => got < n && reject(new Error(`only ${got} of ${n} bytes arrived`)));
  });
}

function feed(child: ChildProcess, bytes: Buffer): void {
  child.stdin!.on('error', () => undefined);
  child.stdin!.write(bytes);
}

type Contender = 'dialtone' | 'socat';
type Direction = 'to-line' | 'from-line';

/** One run: move BYTES through the contender on ttyA, with a socat on ttyB as the other end. */
async function once(who: Contender, direction: Direction): Promise<number> {
  const socat = 'socat';
  const pair = await ptyPair();
  const children: ChildProcess[] = [];
  try {
    const contender =
      who === 'dialtone'
        ? start(process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'connect', `serial:${pair.a}`, '--events', '--linger', '60000'])
        : start(socat, ['-d', '-d', direction === 'to-line' ? '-u' : '-U', 'STDIO', `${pair.a},raw,echo=0`]);
    children.push(contender);
    contender.stdout!.resume();
    await waitOutput(contender, 'stderr', who === 'dialtone' ? /"state":"connected"/ : /starting data transfer loop/, who);
    const far = start(socat, ['-d', '-d', direction === 'to-line' ? '-U' : '-u', 'STDIO', `${pair.b},raw,echo=0`]);
    children.push(far);
    far.stdout!.resume();
    await waitOutput(far, 'stderr', /starting data transfer loop/, 'far socat');
    const [source, sink] = direction === 'to-line' ? [contender, far] : [far, contender];
    const done = countStdout(sink, BYTES);
    const t0 = performance.now();
    feed(source, PAYLOAD);
    const t1 = await done;
    return BYTES / 1e6 / ((t1 - t0) / 1000);
  } finally {
    for (const c of children) await stop(c);
    await pair.stop();
  }
}

export async function run(): Promise<void> {
  console.log(`${BYTES / 1024 / 1024} MiB per run, ${RUNS} runs each, across a socat pty pair; MB/s = 10^6 bytes/s`);
  for (const direction of ['to-line', 'from-line'] as const) {
    const results: Record<Contender, number[]> = { dialtone: [], socat: [] };
    for (let i = 0; i < RUNS; i++) {
      // interleaved, so load changes on the machine hit both contenders alike
      results.socat.push(await once('socat', direction));
      results.dialtone.push(await once('dialtone', direction));
    }
    const d = median(results.dialtone);
    const s = median(results.socat);
    const label = direction === 'to-line' ? 'stdin -> ttyA -> ttyB' : 'ttyB -> ttyA -> stdout';
    console.log(`${label}:`);
    console.log(`  socat (ceiling)            median ${s.toFixed(1)} MB/s  runs ${results.socat.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`  dialtone connect serial:   median ${d.toFixed(1)} MB/s  runs ${results.dialtone.map((x) => x.toFixed(1)).join(', ')}`);
    console.log(`  dialtone / socat = ${(d / s).toFixed(2)}`);
  }
}
