/**
 * A TCP relay that puts line faults between a client (our session, raw TCP) and a real peer: it flips
 * bytes at chosen offsets of either direction's stream (a corrupted block, as line noise makes one) and
 * can cut the line mid-stream (both sockets destroyed at once, as a dropped modem or a pulled cable).
 * One client at a time; each new client gets a new upstream connection to `upstreamPort` (so a session
 * that reconnects after a cut reaches whatever listens there then).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FaultRelay {
  /** Where the client connects (127.0.0.1). */
  readonly port: number;
  /** Bytes forwarded so far toward the peer and from the peer (this connection, after faults). */
  readonly sent: { toPeer: number; fromPeer: number };
  /** XOR `mask` into the byte at stream offset `offset` (0-based, counted per connection) toward the peer. */
  flipToPeer(offset: number, mask?: number): void;
  /** The same for the peer's bytes toward the client. */
  flipFromPeer(offset: number, mask?: number): void;
  /** Resolve once at least `n` bytes went toward the peer (this connection). */
  whenToPeer(n: number): Promise<void>;
  /** Resolve once at least `n` bytes came from the peer (this connection). */
  whenFromPeer(n: number): Promise<void>;
  /** Drop the line: destroy both sockets. The next client connection starts a new upstream. */
  cut(): void;
  /** Upstream port for the next client connection. */
  setUpstream(port: number): void;
  stop(): Promise<void>;
}

type Direction = 'toPeer' | 'fromPeer';

/** Start a relay on a free port toward 127.0.0.1:`upstreamPort`. */
export async function startFaultRelay(upstreamPort: number): Promise<FaultRelay> {
  let upstream = upstreamPort;
  let pair: { client: Socket; peer: Socket } | null = null;
  const count = { toPeer: 0, fromPeer: 0 };
  const flips: Record<Direction, Map<number, number>> = { toPeer: new Map(), fromPeer: new Map() };
  const waiters: Array<{ dir: Direction; n: number; resolve: () => void }> = [];

  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (count[w.dir] >= w.n) w.resolve();
      else waiters.push(w);
    }
  };

  /** Apply the flips that fall in this chunk of `dir`'s stream, and count it. */
  const pass = (dir: Direction, chunk: Buffer): Buffer => {
    const start = count[dir];
    let out = chunk;
    for (const [offset, mask] of flips[dir]) {
      if (offset >= start && offset < start + chunk.length) {
        if (out === chunk) out = Buffer.from(chunk);
        out[offset - start]! ^= mask;
        flips[dir].delete(offset);
      }
    }
    count[dir] += chunk.length;
    return out;
  };

  const server: Server = createServer((client) => {
    pair?.client.destroy();
    pair?.peer.destroy();
    count.toPeer = 0;
    count.fromPeer = 0;
    client.pause();
    const peer = connect(upstream, '127.0.0.1', () => client.resume());
    const me = { client, peer };
    pair = me;
    client.on('data', (d: Buffer) => {
      if (!peer.write(pass('toPeer', d))) client.pause();
      wake();
    });
    peer.on('data', (d: Buffer) => {
      if (!client.write(pass('fromPeer', d))) peer.pause();
      wake();
    });
    peer.on('drain', () => client.resume());
    client.on('drain', () => peer.resume());
    const end = () => {
      client.destroy();
      peer.destroy();
      if (pair === me) pair = null;
    };
    client.on('close', end);
    peer.on('close', end);
    client.on('error', end);
    peer.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  const until = (dir: Direction, n: number) =>
    new Promise<void>((resolve) => {
      waiters.push({ dir, n, resolve });
      wake();
    });

  return {
    port,
    sent: count,
    flipToPeer: (offset, mask = 0x55) => void flips.toPeer.set(offset, mask),
    flipFromPeer: (offset, mask = 0x55) => void flips.fromPeer.set(offset, mask),
    whenToPeer: (n) => until('toPeer', n),
    whenFromPeer: (n) => until('fromPeer', n),
    cut() {
      pair?.client.destroy();
      pair?.peer.destroy();
      pair = null;
    },
    setUpstream: (p) => void (upstream = p),
    async stop() {
      pair?.client.destroy();
      pair?.peer.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
