/**
 * The far ends of bench/load.bench.ts, in a process of their own (so their CPU is neither the serve
 * process's nor the measuring client's): `node --import tsx bench/load-peer.ts N`.
 *
 * Listens on 127.0.0.1 only, each on a port of its own (so a session is known by the port it reached):
 *   - N flood ports: a minimal RFC 2217 server each (agrees to BINARY, SGA and the client's WILL
 *     COM-PORT, answers COM-PORT commands with code + 100, answers every DO TIMING-MARK with WILL, and
 *     honours FLOWCONTROL-SUSPEND / RESUME). Idle until told to flood; then sends `bytes` of deterministic
 *     pseudo-random data (xorshift32 seeded by the port's index; IAC doubled on the wire), honouring TCP
 *     backpressure and SUSPEND, with the SHA-256 of the data computed here as it is sent.
 *   - 1 echo port: the same server, echoing each data byte it receives at once (the interactive session).
 *   - 1 ceiling port: raw TCP; a client sends one byte (its index i) and gets the same `bytes` as flood
 *     port i, without telnet escaping (the plain-socket ceiling).
 *
 * `node --import tsx bench/load-peer.ts N raw`: the same with raw TCP far ends (no telnet, no SUSPEND).
 *
 * Control: JSON lines. stdout: {type:'ready', flood:[ports], echo, ceiling}; {type:'sent', i, bytes,
 * sha256, ms} per flood stream done; {type:'ceilingSent', i, ...}; {type:'echoTimes', at, eldP99,
 * eldMax} (when each byte reached the echo server, performance.timeOrigin + now() in ms; this process's
 * event-loop delay since the flood began). stdin: {cmd:'flood', bytes} (also starts the
 * event-loop delay histogram), {cmd:'watch'} (starts it alone), {cmd:'echoTimes'}, {cmd:'ceiling', bytes}, {cmd:'exit'}. Ends when stdin closes.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { DO, DONT, IAC, OPT_BINARY, OPT_COM_PORT, OPT_SGA, OPT_TIMING_MARK, SB, SE, WILL, WONT } from '../src-shared/protocol/constants.js';

const CHUNK = 64 * 1024;
const SUSPEND = 8;
const RESUME = 9;
const IAC_BYTE = Buffer.from([IAC]);

/** Deterministic pseudo-random bytes: xorshift32, one stream per index. */
class Prng {
  private x: number;
  constructor(index: number) {
    this.x = (Math.imul(index + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1;
  }
  /** A fresh buffer of `n` bytes (the socket may keep it). */
  next(n: number): Buffer {
    const buf = Buffer.alloc(Math.ceil(n / 4) * 4);
    const u = new Uint32Array(buf.buffer, buf.byteOffset, buf.length / 4);
    let x = this.x;
    for (let i = 0; i < u.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      u[i] = x >>> 0;
    }
    this.x = x >>> 0;
    return buf.length === n ? buf : buf.subarray(0, n);
  }
}

/** `b` with every IAC doubled (telnet data). */
function escapeIac(b: Buffer): Buffer {
  let i = b.indexOf(IAC);
  if (i < 0) return b;
  const parts: Buffer[] = [];
  let from = 0;
  while (i >= 0) {
    parts.push(b.subarray(from, i + 1), IAC_BYTE);
    from = i + 1;
    i = b.indexOf(IAC, from);
  }
  parts.push(b.subarray(from));
  return Buffer.concat(parts);
}

interface Peer {
  sock: Socket;
  /** The client asked us to stop sending (FLOWCONTROL-SUSPEND). */
  suspended: boolean;
  /** Called when SUSPEND is lifted or the socket closes. */
  wake: (() => void) | null;
  closed: boolean;
  /** Telnet (IAC doubled on the wire), else raw TCP. */
  telnet: boolean;
}

/** A raw TCP far end (tcp:// targets): `onData` gets what the client sends. */
function rawPeer(sock: Socket, onData?: (bytes: Buffer) => void): Peer {
  const peer: Peer = { sock, suspended: false, wake: null, closed: false, telnet: false };
  sock.setNoDelay(true);
  sock.on('data', (d: Buffer) => onData?.(d));
  sock.on('close', () => {
    peer.closed = true;
    peer.wake?.();
  });
  sock.on('error', () => undefined);
  return peer;
}

/** A minimal RFC 2217 server on `sock`; `onData` gets the data bytes the client sends. */
function telnetPeer(sock: Socket, onData?: (bytes: Buffer) => void): Peer {
  const peer: Peer = { sock, suspended: false, wake: null, closed: false, telnet: true };
  sock.setNoDelay(true);
  const sent = new Set<string>();
  const reply = (verb: number, opt: number) => {
    const key = `${verb}/${opt}`;
    if (sent.has(key)) return; // each option answered once: no negotiation loops
    sent.add(key);
    sock.write(Buffer.from([IAC, verb, opt]));
  };
  let state = 0;
  let verb = 0;
  let sb: number[] = [];
  sock.on('data', (data: Buffer) => {
    const plain: number[] = [];
    for (const b of data) {
      if (state === 0) {
        if (b === IAC) state = 1;
        else plain.push(b);
      } else if (state === 1) {
        if (b === IAC) {
          plain.push(IAC);
          state = 0;
        } else if (b >= WILL && b <= DONT) {
          verb = b;
          state = 2;
        } else if (b === SB) {
          sb = [];
          state = 3;
        } else state = 0;
      } else if (state === 2) {
        state = 0;
        if (verb === WILL) reply([OPT_BINARY, OPT_SGA, OPT_COM_PORT].includes(b) ? DO : DONT, b);
        else if (verb === DO && b === OPT_TIMING_MARK) sock.write(Buffer.from([IAC, WILL, OPT_TIMING_MARK])); // every probe answered
        else if (verb === DO) reply([OPT_BINARY, OPT_SGA].includes(b) ? WILL : WONT, b);
      } else if (state === 3) {
        if (b === IAC) state = 4;
        else sb.push(b);
      } else if (state === 4) {
        if (b === SE) {
          state = 0;
          const [opt, code, ...value] = sb;
          if (opt === OPT_COM_PORT && code === SUSPEND) peer.suspended = true;
          else if (opt === OPT_COM_PORT && code === RESUME) {
            peer.suspended = false;
            peer.wake?.();
          } else if (opt === OPT_COM_PORT && code !== undefined && code <= 12) {
            const body = code === 0 ? [...Buffer.from('load-peer')] : value;
            const escaped = body.flatMap((v) => (v === IAC ? [IAC, IAC] : [v]));
            sock.write(Buffer.from([IAC, SB, OPT_COM_PORT, code + 100, ...escaped, IAC, SE]));
          }
        } else {
          sb.push(b);
          state = 3;
        }
      }
    }
    if (plain.length && onData) onData(Buffer.from(plain));
  });
  sock.on('close', () => {
    peer.closed = true;
    peer.wake?.();
  });
  sock.on('error', () => undefined);
  return peer;
}

/** Send `n` bytes of stream `index` on `sock` (escaped when `peer` is a telnet one); SHA-256 of the data. */
async function stream(sock: Socket, index: number, n: number, peer: Peer | null): Promise<{ bytes: number; sha256: string; ms: number }> {
  const t0 = performance.now();
  const prng = new Prng(index);
  const hash = createHash('sha256');
  let sent = 0;
  const wait = (ev: 'drain' | 'resume') =>
    new Promise<void>((resolve) => {
      if (ev === 'resume') {
        peer!.wake = () => {
          peer!.wake = null;
          resolve();
        };
      } else {
        const done = () => {
          sock.off('drain', done);
          sock.off('close', done);
          resolve();
        };
        sock.on('drain', done);
        sock.on('close', done);
      }
    });
  while (sent < n && !sock.destroyed) {
    if (peer?.suspended && !peer.closed) {
      await wait('resume');
      continue;
    }
    const data = prng.next(Math.min(CHUNK, n - sent));
    hash.update(data);
    sent += data.length;
    if (!sock.write(peer?.telnet ? escapeIac(data) : data)) await wait('drain');
    // a turn of the event loop between chunks: a write the kernel takes at once completes through
    // nextTick and microtasks alone, and 64 such streams would never let the echo socket be read
    await new Promise((r) => setImmediate(r));
  }
  return { bytes: sent, sha256: hash.digest('hex'), ms: performance.now() - t0 };
}

const say = (msg: object) => process.stdout.write(JSON.stringify(msg) + '\n');
const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

const count = Number(process.argv[2] ?? 64);
const makePeer = process.argv[3] === 'raw' ? rawPeer : telnetPeer;
const peers: Array<Peer | null> = Array.from({ length: count }, () => null);
const servers: Server[] = [];
const floodPorts: number[] = [];
for (let i = 0; i < count; i++) {
  const server = createServer((sock) => (peers[i] = makePeer(sock)));
  servers.push(server);
  floodPorts.push(await listen(server));
}
/** When each byte reached the echo server (performance.timeOrigin + now(), ms: comparable across processes). */
const echoedAt: number[] = [];
const echoServer = createServer((sock) => {
  makePeer(sock, (bytes) => {
    const at = performance.timeOrigin + performance.now();
    for (let k = 0; k < bytes.length; k++) echoedAt.push(at);
    sock.write(makePeer === telnetPeer ? escapeIac(bytes) : bytes);
  });
});
servers.push(echoServer);
const echo = await listen(echoServer);
let ceilingBytes = 0;
const ceilingServer = createServer((sock) => {
  sock.setNoDelay(true);
  sock.on('error', () => undefined);
  sock.once('data', (d: Buffer) => {
    const i = d[0]!;
    void stream(sock, i, ceilingBytes, null).then((r) => {
      say({ type: 'ceilingSent', i, ...r });
      sock.end();
    });
  });
});
servers.push(ceilingServer);
const ceiling = await listen(ceilingServer);
say({ type: 'ready', flood: floodPorts, echo, ceiling });

const quit = () => {
  for (const s of servers) s.close();
  for (const p of peers) p?.sock.destroy();
  process.exit(0);
};
const lines = createInterface({ input: process.stdin });
/** This process's event-loop delay from the flood on (its echo times include it). */
const eld = monitorEventLoopDelay({ resolution: 1 });
lines.on('line', (line) => {
  const msg = JSON.parse(line) as { cmd: string; bytes?: number };
  if (msg.cmd === 'flood') {
    eld.enable();
    peers.forEach((p, i) => {
      if (!p) return say({ type: 'sent', i, bytes: 0, sha256: '', ms: 0, error: 'no connection' });
      void stream(p.sock, i, msg.bytes!, p).then((r) => say({ type: 'sent', i, ...r }));
    });
  } else if (msg.cmd === 'watch') eld.enable();
  else if (msg.cmd === 'echoTimes') {
    eld.disable();
    say({ type: 'echoTimes', at: echoedAt, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6 });
  }
  else if (msg.cmd === 'ceiling') ceilingBytes = msg.bytes!;
  else if (msg.cmd === 'exit') quit();
});
lines.on('close', quit);
