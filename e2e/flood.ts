/**
 * The flood peer for e2e/flood.spec.ts and bench/flood.bench.ts: a raw TCP server on a free loopback port
 * that, once started, sends `totalBytes` of numbered text lines as fast as the connection takes them
 * (writing the next 64 KiB only on 'drain', so its own queue stays short), and echoes each byte it
 * receives at once, wrapped as ESC[7m byte ESC[0m so the echo can be found in the stream (the flood has no
 * ESC). It keeps the count and Adler-32 (RFC 1950) of everything it wrote, in order.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { freePort } from '../test/harness/peers.js';

const MOD_ADLER = 65521;

export class Adler32 {
  private a = 1;
  private b = 0;
  update(bytes: Uint8Array): void {
    let { a, b } = this;
    for (let i = 0; i < bytes.length; ) {
      const end = Math.min(bytes.length, i + 4096);
      for (; i < end; i++) {
        a += bytes[i]!;
        b += a;
      }
      a %= MOD_ADLER;
      b %= MOD_ADLER;
    }
    this.a = a;
    this.b = b;
  }
  get value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

/** The key the specs type: it never occurs in the flood or in a frame's JSON header, so each one seen is an echo. */
export const ECHO_KEY = '~';
export const ECHO_OPEN = Buffer.from('\x1b[7m');
export const ECHO_CLOSE = Buffer.from('\x1b[0m');

export interface FloodServer {
  port: number;
  /** Bytes written so far (flood + echoes) and their Adler-32. */
  readonly written: number;
  readonly checksum: number;
  /** Echoes sent. */
  readonly echoes: number;
  /** Wall-clock time (Date.now(), ms) each received byte arrived, in order. */
  readonly receivedAt: number[];
  /** For each received byte: the stream offset (bytes written before it) where its echo starts and ends. */
  readonly echoAt: Array<{ start: number; end: number }>;
  /** Resolves once `n` bytes have been received (and echoed). */
  received(n: number): Promise<void>;
  /** Start the flood on the connected client; resolves when every flood byte has been handed to the socket. */
  flood(totalBytes: number): Promise<{ ms: number }>;
  /** Resolves once a client is connected. */
  connected(): Promise<void>;
  close(): Promise<void>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The 62 possible lines without their number (the letters rotate with the line number). */
const TEMPLATES = Array.from({ length: LETTERS.length }, (_, r) => {
  const line = Buffer.alloc(80, 0x20);
  for (let i = 9; i < 78; i++) line[i] = LETTERS.charCodeAt((r + i) % LETTERS.length);
  line[78] = 0x0d;
  line[79] = 0x0a;
  return line;
});

/** 80-byte lines: an 8-digit line number, a rotating run of letters, CR LF (built from templates: the
 * server shares the 2 cores with what it measures, so it keeps its own cost low). */
function makeChunk(startLine: number, lines: number): Buffer {
  const buf = Buffer.allocUnsafe(lines * 80);
  for (let l = 0; l < lines; l++) {
    const at = l * 80;
    let n = startLine + l;
    TEMPLATES[n % LETTERS.length]!.copy(buf, at);
    for (let d = 7; d >= 0; d--, n = Math.floor(n / 10)) buf[at + d] = 0x30 + (n % 10);
  }
  return buf;
}

export async function startFloodServer(): Promise<FloodServer> {
  const port = await freePort();
  const sum = new Adler32();
  let written = 0;
  let echoes = 0;
  const receivedAt: number[] = [];
  const echoAt: Array<{ start: number; end: number }> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let client: Socket | null = null;
  let onClient: (() => void) | null = null;
  const send = (bytes: Buffer): boolean => {
    sum.update(bytes);
    written += bytes.byteLength;
    return client!.write(bytes);
  };
  const server = createServer((socket) => {
    if (client) {
      socket.destroy();
      return;
    }
    client = socket;
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      const now = Date.now();
      for (const byte of d) {
        receivedAt.push(now);
        const start = written;
        send(Buffer.concat([ECHO_OPEN, Buffer.from([byte]), ECHO_CLOSE]));
        echoAt.push({ start, end: written });
        echoes++;
      }
      for (const w of waiters.filter((x) => receivedAt.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    });
    socket.on('error', () => undefined);
    onClient?.();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    port,
    get written() {
      return written;
    },
    get checksum() {
      return sum.value;
    },
    get echoes() {
      return echoes;
    },
    receivedAt,
    echoAt,
    received(n) {
      return receivedAt.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
    connected() {
      return client ? Promise.resolve() : new Promise<void>((resolve) => (onClient = resolve));
    },
    async flood(totalBytes) {
      const started = performance.now();
      const linesPerChunk = Math.floor((64 * 1024) / 80);
      let line = 0;
      let left = totalBytes;
      while (left > 0) {
        const lines = Math.min(linesPerChunk, Math.ceil(left / 80));
        let chunk = makeChunk(line, lines);
        if (chunk.byteLength > left) chunk = chunk.subarray(0, left);
        line += lines;
        left -= chunk.byteLength;
        if (!send(chunk)) await new Promise<void>((resolve) => client!.once('drain', () => resolve()));
        // let echoes in between chunks
        else await new Promise<void>((resolve) => setImmediate(resolve));
      }
      return { ms: performance.now() - started };
    },
    async close() {
      client?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Resident memory of a process (Linux /proc VmRSS): the first sample, the peak and the last, sampled every `everyMs` until stopped. */
export function watchRss(pid: number, everyMs = 100): { stop(): { baselineMiB: number; peakMiB: number; lastMiB: number } } {
  let peak = 0;
  let last = 0;
  let baseline = -1;
  const sample = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) {
        last = Number(m[1]) / 1024;
        peak = Math.max(peak, last);
        if (baseline < 0) baseline = last;
      }
    } catch {
      // the process is gone
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { baselineMiB: Math.round(baseline), peakMiB: Math.round(peak), lastMiB: Math.round(last) };
    },
  };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
