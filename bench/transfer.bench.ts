/**
 * `npm run bench -- transfer`: file transfer throughput on a 115200-baud line, as a fraction of the line
 * rate (11520 bytes/s at 8N1), against lrzsz in the same run. A pty pair has no baud rate, so the line
 * is two ptys joined by a pacer (bench/line-pacer.ts: the bytes each way no faster than 115200 8N1, a
 * 4 KiB buffer a side): ttyA ... pacer ... ttyB.
 *
 * Per protocol (XMODEM CRC 128-byte blocks, XMODEM-1K, YMODEM, YMODEM-g, ZMODEM), RUNS times each, interleaved:
 *   - lrzsz -> lrzsz: sx/sb/sz on ttyA, rx/rb/rz on ttyB (the reference);
 *   - dialtone sends: our engine on a SerialSession on ttyA (as the app runs it), lrzsz receives on ttyB;
 *   - dialtone receives: lrzsz sends on ttyB, our engine receives on ttyA.
 * Time runs from starting the lrzsz process(es) to the end of both sides (the engine's last event and
 * lrzsz's exit); the line is set up before. Medians of file bytes / time / 11520, and the ratio to
 * lrzsz -> lrzsz (aim: at least 0.95). The received file is checked (SHA-256) every run. YMODEM-g:
 * lrzsz's rb never asks for it, so there is no lrzsz pair to compare with: only our receiver (asking
 * sb with 'G') is measured, as a fraction of the line rate (its aim: near 1).
 * FILE_KIB (environment DIALTONE_BENCH_TRANSFER_KIB, default 64) of random bytes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SerialSession } from '../src-main/sessions/serial-session.js';
import { runTransfer } from '../src-main/transfer/run-transfer.js';
import { exited, freePort, median, stop, waitOutput } from './support.js';
import { XmodemReceiver, XmodemSender, ZmodemReceiver, ZmodemSender, type TransferEngine, type TransferEvent } from '../src-shared/transfer/index.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const BAUD = 115200;
const LINE_BYTES_PER_S = BAUD / 10;
const FILE_BYTES = Number(process.env.DIALTONE_BENCH_TRANSFER_KIB ?? 64) * 1024;
const RUNS = 3;
const NAME = 'bench.bin';

/** One protocol's contenders: lrzsz's programs (argv) for each side, and our engines for each side. */
interface Protocol {
  label: string;
  send: [string, string[]];
  receive: [string, string[]];
  sender: (data: Buffer) => TransferEngine;
  receiver: () => TransferEngine;
  /** XMODEM pads the file to its block: compare only the original length. */
  padded: boolean;
  /** Who is measured (default all three). */
  contenders?: Contender[];
}

const PROTOCOLS: Protocol[] = [
  {
    label: 'XMODEM (CRC, 128)',
    send: ['sx', ['-q', NAME]],
    receive: ['rx', ['-c', '-q', NAME]],
    sender: (data) => new XmodemSender({ protocol: 'xmodem', blocks: '128', files: [{ name: NAME, data }] }),
    receiver: () => new XmodemReceiver({ protocol: 'xmodem', check: 'crc' }),
    padded: true,
  },
  {
    label: 'XMODEM-1K',
    send: ['sx', ['-k', '-q', NAME]],
    receive: ['rx', ['-c', '-q', NAME]],
    sender: (data) => new XmodemSender({ protocol: 'xmodem', blocks: '1k', files: [{ name: NAME, data }] }),
    receiver: () => new XmodemReceiver({ protocol: 'xmodem', check: 'crc' }),
    padded: true,
  },
  {
    label: 'YMODEM',
    send: ['sb', ['-q', NAME]],
    receive: ['rb', ['-q']],
    sender: (data) => new XmodemSender({ protocol: 'ymodem', blocks: '1k', files: [{ name: NAME, data }] }),
    receiver: () => new XmodemReceiver({ protocol: 'ymodem', check: 'crc' }),
    padded: false,
  },
  {
    label: 'YMODEM-g',
    send: ['sb', ['-q', NAME]],
    receive: ['rb', ['-q']],
    sender: (data) => new XmodemSender({ protocol: 'ymodem', blocks: '1k', files: [{ name: NAME, data }] }),
    receiver: () => new XmodemReceiver({ protocol: 'ymodem', streaming: true }),
    padded: false,
    contenders: ['dialtone receives'],
  },
  {
    label: 'ZMODEM',
    send: ['sz', ['-q', NAME]],
    receive: ['rz', ['-q', '-y']],
    sender: (data) => new ZmodemSender({ files: [{ name: NAME, size: data.length, bytes: data, mtime: 1_700_000_000 }] }),
    receiver: () => new ZmodemReceiver(),
    padded: false,
  },
];

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** ttyA and ttyB in `dir`, joined by the pacer at BAUD; both held open until stop(). */
async function pacedLine(dir: string): Promise<{ a: string; b: string; stop(): Promise<void> }> {
  const a = join(dir, 'ttyA');
  const b = join(dir, 'ttyB');
  const [pa, pb] = [await freePort(), await freePort()];
  const sides = [
    spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `TCP-LISTEN:${pa},bind=127.0.0.1,reuseaddr`], { stdio: ['ignore', 'ignore', 'pipe'] }),
    spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${b}`, `TCP-LISTEN:${pb},bind=127.0.0.1,reuseaddr`], { stdio: ['ignore', 'ignore', 'pipe'] }),
  ];
  await Promise.all(sides.map((s) => waitOutput(s, 'stderr', /listening on/, 'socat pty (apt-get install socat)')));
  const pacer = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'line-pacer.ts'), String(pa), String(pb), String(BAUD)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await waitOutput(pacer, 'stdout', /pacing/, 'line pacer');
  // hold both ptys open: a pty whose last holder closes hangs up, and lrzsz's last ACK is lost with it
  const held = [a, b].map((p) => openSync(p, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK));
  return {
    a,
    b,
    async stop() {
      for (const fd of held) closeSync(fd);
      for (const c of [pacer, ...sides]) await stop(c);
    },
  };
}

/** lrzsz `program` on `tty` in `cwd`, through socat (a socketpair as its stdio, as test/transfer/lrzsz.ts). */
function lrzsz([program, args]: [string, string[]], tty: string, cwd: string): ChildProcess {
  return spawn('socat', [`FILE:${tty},raw,echo=0`, `EXEC:${[program, ...args].join(' ')}`], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Who runs a round: lrzsz both sides, or our engine on one side and lrzsz on the other. */
type Contender = 'lrzsz' | 'dialtone sends' | 'dialtone receives';
const ALL: Contender[] = ['lrzsz', 'dialtone sends', 'dialtone receives'];

/** One transfer of `data` with `p` by `who`; returns the fraction of the line rate. */
async function once(p: Protocol, who: Contender, data: Buffer): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-xfer-'));
  const src = join(dir, 'src');
  const dst = join(dir, 'dst');
  mkdirSync(src);
  mkdirSync(dst);
  writeFileSync(join(src, NAME), data);
  const line = await pacedLine(dir);
  let session: SerialSession | null = null;
  try {
    let received: Uint8Array;
    let ms: number;
    if (who === 'lrzsz') {
      const t0 = performance.now();
      const sender = lrzsz(p.send, line.a, src);
      const receiver = lrzsz(p.receive, line.b, dst);
      const codes = await Promise.all([exited(sender), exited(receiver)]);
      ms = performance.now() - t0;
      if (codes.some((c) => c !== 0)) throw new Error(`lrzsz -> lrzsz (${p.label}) exited ${codes.join(', ')}`);
      received = readFileSync(join(dst, NAME));
    } else {
      session = new SerialSession({ kind: 'serial', path: line.a }, { settings: { baud: BAUD } });
      await session.open();
      const chunks: Uint8Array[] = [];
      const onEvent = (ev: TransferEvent) => void (ev.type === 'data' && chunks.push(ev.bytes));
      const t0 = performance.now();
      const peer = who === 'dialtone sends' ? lrzsz(p.receive, line.b, dst) : lrzsz(p.send, line.b, src);
      const engine = who === 'dialtone sends' ? p.sender(data) : p.receiver();
      const [outcome, code] = await Promise.all([runTransfer(session, engine, { onEvent }), exited(peer)]);
      ms = performance.now() - t0;
      if (outcome.result !== 'done' || code !== 0) throw new Error(`${who} (${p.label}): ${outcome.result} ${outcome.reason ?? ''}, lrzsz exited ${code}`);
      received = who === 'dialtone sends' ? readFileSync(join(dst, NAME)) : Buffer.concat(chunks);
    }
    const got = p.padded ? received.subarray(0, data.length) : received;
    if (sha(got) !== sha(data) || received.length < data.length) throw new Error(`${who} (${p.label}): the file arrived changed`);
    return data.length / (ms / 1000) / LINE_BYTES_PER_S;
  } finally {
    await session?.close();
    await line.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run every protocol's rounds and print the medians (fractions of the line rate) and ratios to lrzsz. @throws Error when a run fails or a received file differs. */
export async function run(): Promise<void> {
  const data = randomBytes(FILE_BYTES);
  console.log(`${FILE_BYTES / 1024} KiB of random bytes, ${RUNS} runs each, on a paced 115200-baud pty line (8N1: ${LINE_BYTES_PER_S} bytes/s); figures are fractions of the line rate`);
  for (const p of PROTOCOLS) {
    const contenders = p.contenders ?? ALL;
    const results: Record<Contender, number[]> = { lrzsz: [], 'dialtone sends': [], 'dialtone receives': [] };
    for (let i = 0; i < RUNS; i++) for (const who of contenders) results[who].push(await once(p, who, data));
    const ref = contenders.includes('lrzsz') ? median(results.lrzsz) : null;
    console.log(`${p.label}:`);
    for (const who of contenders) {
      const m = median(results[who]);
      const ratio = who === 'lrzsz' || ref === null ? '' : `  / lrzsz = ${(m / ref).toFixed(3)}`;
      console.log(`  ${who.padEnd(18)} median ${m.toFixed(3)}  runs ${results[who].map((x) => x.toFixed(3)).join(', ')}${ratio}`);
    }
  }
}
