/**
 * Protocol engine throughput: decode (receive) and encode (sendData + takeOutput) in MB/s of input,
 * 64 MiB per run in 64 KiB chunks, median of 7 runs, for IAC-free data (BINARY and NVT), bytes 0..255
 * repeated, text lines with CR LF under NVT rules, and all 0xFF. A plain copy of the same bytes
 * (Uint8Array.slice) is printed as the ceiling to compare with.
 * Targets: decode >= 1000 MB/s IAC-free, >= 200 MB/s all 0xFF.
 */
import { TelnetClientEngine } from '../src-shared/protocol/index.js';
import { median } from './support.js';

const CHUNK = 64 * 1024;
const TOTAL = 64 * 1024 * 1024;
const RUNS = 7;

function client(binary: boolean): TelnetClientEngine {
  const c = new TelnetClientEngine({ comPort: false });
  if (binary) {
    c.start(0);
    // the server agrees to BINARY both ways
    c.receive(Uint8Array.from([255, 251, 0, 255, 253, 0]), 0);
  }
  c.takeOutput();
  return c;
}

/** MB/s (10^6 bytes/s) of `bytesPerRun` for the median of RUNS runs of `fn`. */
function measure(bytesPerRun: number, fn: () => void): number {
  fn(); // warm up the JIT
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    fn();
    const ms = performance.now() - t0;
    rates.push(bytesPerRun / 1e6 / (ms / 1000));
  }
  return median(rates);
}

function fill(f: (i: number) => number): Uint8Array {
  const b = new Uint8Array(CHUNK);
  for (let i = 0; i < CHUNK; i++) b[i] = f(i);
  return b;
}

const inputs: { name: string; chunk: Uint8Array; binary: boolean }[] = [
  { name: 'IAC-free data (BINARY)', chunk: fill((i) => 0x20 + (i % 95)), binary: true },
  { name: 'IAC-free data (NVT: CR scan too)', chunk: fill((i) => 0x20 + (i % 95)), binary: false },
  { name: 'text, CR LF every 80 bytes (NVT)', chunk: fill((i) => (i % 80 === 78 ? 13 : i % 80 === 79 ? 10 : 0x41 + (i % 26))), binary: false },
  { name: 'bytes 0..255 repeated (BINARY)', chunk: fill((i) => i % 256), binary: true },
  { name: 'all 0xFF (BINARY)', chunk: fill(() => 0xff), binary: true },
];

const pad = (s: string, n: number): string => s.padEnd(n);
const fmt = (x: number): string => x.toFixed(0).padStart(7);

export async function run(): Promise<void> {
  const n = TOTAL / CHUNK;
  console.log(`64 MiB per run in 64 KiB chunks, median of ${RUNS} runs, MB/s of input bytes`);
  console.log(`${pad('input', 36)} ${'decode'.padStart(7)} ${'encode'.padStart(7)} ${'copy'.padStart(7)}  decode/copy`);
  for (const { name, chunk, binary } of inputs) {
    const rx = client(binary);
    // Decode: the chunk as it arrives on the wire (all 0xFF = escaped 0xFF pairs).
    const decode = measure(TOTAL, () => {
      let got = 0;
      for (let i = 0; i < n; i++) for (const ev of rx.receive(chunk, 0)) if (ev.type === 'data') got += ev.bytes.length;
      if (got === 0) throw new Error('no data decoded');
    });
    const tx = client(binary);
    const encode = measure(TOTAL, () => {
      let sent = 0;
      for (let i = 0; i < n; i++) {
        tx.sendData(chunk);
        sent += tx.takeOutput()?.length ?? 0;
      }
      if (sent < TOTAL) throw new Error('encode lost bytes');
    });
    const copy = measure(TOTAL, () => {
      let s = 0;
      for (let i = 0; i < n; i++) s += chunk.slice().length;
      if (s !== TOTAL) throw new Error('copy');
    });
    console.log(`${pad(name, 36)} ${fmt(decode)} ${fmt(encode)} ${fmt(copy)}  ${(decode / copy).toFixed(2)}`);
  }
  await Promise.resolve();
}
