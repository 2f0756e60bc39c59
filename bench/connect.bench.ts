/**
 * `npm run bench -- connect`: receive throughput of three RFC 2217 clients, each a separate process whose
 * stdout is counted here, all fed by the same local feeder in the same run:
 *   - dialtone:  `node bin/dialtone.mjs connect rfc2217://127.0.0.1:P` (the CLI, stdout to the counter)
 *   - gensiot:   `gensiot 'telnet(rfc2217),tcp,127.0.0.1,P'`
 *   - pyserial:  /usr/bin/python3, serial.serial_for_url('rfc2217://127.0.0.1:P?ign_set_control'), read
 *                and written to stdout
 *
 * The feeder is a small RFC 2217 server in this file (node:net): it agrees to BINARY, SGA and the client's
 * WILL COM-PORT, answers every COM-PORT command with its value (code + 100), and once the client has sent
 * WILL COM-PORT (and then been quiet for 300 ms) streams N bytes of 0..255 repeated with IAC doubled (1/256 of the bytes escaped), honouring
 * TCP backpressure. Why a feeder and not ser2net on a pty: ser2net is capped by the pty and its 2-char-time
 * forwarding (15-18 MB/s measured here), so it would measure ser2net; the feeder measures the clients.
 *
 * Rate = bytes / (time of the last byte - time of the first byte) on the client's stdout, so process
 * start-up (tsx, Python) is not counted. Runs interleave the clients; medians of RUNS runs are printed,
 * with the ratios dialtone/gensiot and dialtone/pyserial. pyserial gets fewer bytes per run (it manages
 * about 0.7 MB/s; a rate needs no more). Targets: dialtone >= gensiot, >= 10x pyserial.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';
const RUNS = 5;
const BIG = 128 * 1024 * 1024;
const SMALL = 2 * 1024 * 1024;
/** The feeder starts streaming after the client has been silent this long, ms. */
const QUIET_MS = 300;

const IAC = 255, WILL = 251, WONT = 252, DO = 253, DONT = 254, SB = 250, SE = 240;
const BINARY = 0, SGA = 3, COM_PORT = 44;

/** N bytes of 0..255 repeated, escaped for telnet (IAC doubled), in 64 KiB wire chunks. */
function wireChunks(n: number): Buffer[] {
  const plain = Buffer.alloc(64 * 1024);
  for (let i = 0; i < plain.length; i++) plain[i] = i & 0xff;
  const escaped: number[] = [];
  for (const b of plain) {
    escaped.push(b);
    if (b === IAC) escaped.push(IAC);
  }
  const chunk = Buffer.from(escaped);
  return Array.from({ length: Math.ceil(n / plain.length) }, () => chunk);
}

/**
 * The feeder: a minimal RFC 2217 server that streams `n` data bytes to each client; inside TLS when
 * `tls` gives a key and certificate (PEM), for the TLS bench (bench/tls.bench.ts).
 */
export function startFeeder(n: number, tls?: { key: Buffer; cert: Buffer }): Promise<{ server: Server; port: number }> {
  const chunks = wireChunks(n);
  const serve = (sock: Socket) => {
    sock.setNoDelay(true);
    const sent = new Set<string>();
    const reply = (verb: number, opt: number) => {
      const key = `${verb}/${opt}`;
      if (sent.has(key)) return; // answer each option once: no negotiation loops
      sent.add(key);
      sock.write(Buffer.from([IAC, verb, opt]));
    };
    let streaming = false;
    const stream = async () => {
      if (streaming) return;
      streaming = true;
      for (const c of chunks) {
        if (sock.destroyed) return;
        if (!sock.write(c)) await new Promise((r) => sock.once('drain', r));
      }
    };
    // a tiny parser of what clients send: negotiation and COM-PORT subnegotiations
    let state = 0;
    let verb = 0;
    let sb: number[] = [];
    // Stream once the client has WILL COM-PORT and has been quiet for QUIET_MS: its settings and their
    // acks then precede the data (pyserial gives up when its acks queue behind megabytes of data).
    let comPort = false;
    let quiet: NodeJS.Timeout | null = null;
    sock.on('close', () => quiet && clearTimeout(quiet));
    sock.on('data', (data: Buffer) => {
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(() => comPort && void stream(), QUIET_MS);
      for (const b of data) {
        if (state === 0) {
          if (b === IAC) state = 1;
        } else if (state === 1) {
          if (b >= WILL && b <= DONT) {
            verb = b;
            state = 2;
          } else if (b === SB) {
            sb = [];
            state = 3;
          } else state = 0;
        } else if (state === 2) {
          state = 0;
          if (verb === WILL) {
            reply([BINARY, SGA, COM_PORT].includes(b) ? DO : DONT, b);
            if (b === COM_PORT) comPort = true;
          } else if (verb === DO) reply([BINARY, SGA].includes(b) ? WILL : WONT, b);
        } else if (state === 3) {
          if (b === IAC) state = 4;
          else sb.push(b);
        } else if (state === 4) {
          if (b === SE) {
            state = 0;
            const [opt, code, ...value] = sb;
            if (opt === COM_PORT && code !== undefined && code <= 12) {
              const body = code === 0 ? [...Buffer.from('feeder')] : value;
              const escaped = body.flatMap((v) => (v === IAC ? [IAC, IAC] : [v]));
              sock.write(Buffer.from([IAC, SB, COM_PORT, code + 100, ...escaped, IAC, SE]));
            }
          } else {
            sb.push(b);
            state = 3;
          }
        }
      }
    });
    sock.on('error', () => undefined);
  };
  const server: Server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, serve) : createServer(serve);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

export interface Client {
  name: string;
  bytes: number;
  command(port: number, n: number): [string, string[]];
}

const PY_CLIENT = `
import sys, serial
s = serial.serial_for_url('rfc2217://127.0.0.1:%s?ign_set_control' % sys.argv[1], timeout=1)
n, got, out = int(sys.argv[2]), 0, sys.stdout.buffer
while got < n:
    d = s.read(max(1, s.in_waiting))
    if d:
        out.write(d)
        out.flush()
        got += len(d)
`;

const CLIENTS: Client[] = [
  { name: 'dialtone', bytes: BIG, command: (p) => [process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'connect', `rfc2217://127.0.0.1:${p}`]] },
  { name: 'gensiot', bytes: BIG, command: (p) => ['gensiot', [`telnet(rfc2217),tcp,127.0.0.1,${p}`]] },
  { name: 'pyserial', bytes: SMALL, command: (p, n) => [PYTHON, ['-c', PY_CLIENT, String(p), String(n)]] },
];

/** One run: start the client against the feeder (in TLS with `tls`), count its stdout until `n` bytes; MB/s (10^6 B/s). */
export async function measure(client: Client, tls?: { key: Buffer; cert: Buffer }): Promise<number> {
  const { server, port } = await startFeeder(client.bytes, tls);
  const [cmd, args] = client.command(port, client.bytes);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    return await new Promise<number>((resolve, reject) => {
      let count = 0;
      let first = 0;
      let firstBytes = 0;
      const timer = setTimeout(() => reject(new Error(`${client.name}: ${count} of ${client.bytes} bytes after 180 s\n${stderr}`)), 180_000);
      child.stdout!.on('data', (d: Buffer) => {
        if (count === 0) {
          first = performance.now();
          firstBytes = d.length;
        }
        count += d.length;
        if (count >= client.bytes) {
          clearTimeout(timer);
          const s = (performance.now() - first) / 1000;
          resolve((count - firstBytes) / 1e6 / s);
        }
      });
      child.once('exit', (code) => {
        if (count < client.bytes) {
          clearTimeout(timer);
          reject(new Error(`${client.name} exited ${code} after ${count} bytes\n${stderr}`));
        }
      });
    });
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    server.close();
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function run(): Promise<void> {
  const rates: Record<string, number[]> = Object.fromEntries(CLIENTS.map((c) => [c.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const c of CLIENTS) rates[c.name]!.push(await measure(c));
  }
  console.log(`receive throughput, RFC 2217 from one local feeder, median of ${RUNS} runs (MB/s = 10^6 bytes/s)`);
  for (const c of CLIENTS) {
    const rs = rates[c.name]!;
    console.log(`  ${c.name.padEnd(9)} ${median(rs).toFixed(1).padStart(7)} MB/s   runs: ${rs.map((x) => x.toFixed(1)).join(', ')}   (${c.bytes / 1024 / 1024} MiB per run)`);
  }
  const d = median(rates['dialtone']!);
  console.log(`  dialtone/gensiot  ${(d / median(rates['gensiot']!)).toFixed(2)}x   (target >= 1)`);
  console.log(`  dialtone/pyserial ${(d / median(rates['pyserial']!)).toFixed(1)}x   (target >= 10)`);
}
