/**
 * `npm run bench -- logging`: a real NetworkSession's receive throughput with each log format on, as a
 * ratio to no log. A feeder child process serves 64 MB of console-like text on a loopback raw TCP port
 * (tcp://, so no telnet parsing blurs the log's cost); each run connects, receives everything, and
 * stops the log (file flushed and closed) before the clock stops. Formats run interleaved, 3 rounds,
 * medians printed. The log's backpressure is live: a format slower than the socket pauses it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startLog } from '../src-main/logging/session-log.js';
import type { LogFileFormat } from '../src-main/logging/formats.js';
import { createSession } from '../src-main/sessions/factory.js';
import { parseTarget } from '../src-shared/session/target.js';
import { median } from './support.js';

const TOTAL = 64 * 1024 * 1024;
const ROUNDS = 3;
const FORMATS: Array<LogFileFormat | 'none'> = ['none', 'raw', 'text', 'hex', 'asciicast', 'jsonl'];

/** Serves TOTAL bytes of console-like lines (with CR LF and a colour escape) to each connection. */
const FEEDER = `
const net = require('node:net');
const total = Number(process.argv[1]);
const line = Buffer.from('Nov 21 03:00:00 core-sw1 %LINEPROTO-5-UPDOWN: Line protocol on Interface Gi1/0/24, changed state to \\x1b[32mup\\x1b[0m\\r\\n');
const buf = Buffer.alloc(total);
for (let off = 0; off < total; off += line.length) line.copy(buf, off, 0, Math.min(line.length, total - off));
const srv = net.createServer((s) => { s.on('error', () => {}); s.end(buf); });
srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
`;

async function startFeeder(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', FEEDER, String(TOTAL)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    rl.once('line', (l) => resolve(Number(l)));
    child.once('exit', (code) => reject(new Error(`feeder exited ${code}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

/** One run: ms from open() to every byte received and the log closed. */
async function once(port: number, format: LogFileFormat | 'none', dir: string): Promise<number> {
  const session = await createSession(parseTarget(`tcp://127.0.0.1:${port}`), {});
  const file = join(dir, `bench.${format}`);
  const log = format === 'none' ? null : startLog(session, { file, format, timestamps: format === 'text' ? 'wall' : undefined, sent: true });
  let got = 0;
  const all = new Promise<void>((resolve) =>
    session.on('data', (b) => {
      got += b.length;
      if (got >= TOTAL) resolve();
    }),
  );
  const t0 = performance.now();
  await session.open();
  await all;
  await log?.stop();
  const ms = performance.now() - t0;
  if (log && log.status.state !== 'stopped') throw new Error(`log ${format} ${log.status.state}: ${log.status.error}`);
  await session.close();
  rmSync(file, { force: true });
  return ms;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-log-'));
  const feeder = await startFeeder();
  try {
    const times = new Map<string, number[]>(FORMATS.map((f) => [f, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const f of FORMATS) times.get(f)!.push(await once(feeder.port, f, dir));
    }
    const mbps = (ms: number) => TOTAL / 1e6 / (ms / 1000);
    const base = mbps(median(times.get('none')!));
    console.log(`receive throughput, ${TOTAL / 1024 / 1024} MiB of console text over tcp:// loopback, log on ${dir} (median of ${ROUNDS})`);
    console.log('format      MB/s (median)   runs (MB/s)                 ratio to no log');
    for (const f of FORMATS) {
      const ts = times.get(f)!;
      const m = mbps(median(ts));
      console.log(`${f.padEnd(11)} ${m.toFixed(1).padStart(8)}        ${ts.map((t) => mbps(t).toFixed(1)).join(', ').padEnd(26)}  ${(m / base).toFixed(2)}`);
    }
  } finally {
    feeder.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
