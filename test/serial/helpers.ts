/**
 * Helpers for the serial tests: an event recorder that awaits events (no sleeps), byte collectors, and
 * a peer on the other end of a socat pty pair opened with serialport's own stream (a different code
 * path from SerialSession's binding-level link).
 */
import { SerialPort } from 'serialport';
import type { EventEmitter } from 'node:events';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Session } from '../../src-main/sessions/session.js';

/** Records a session's events; `next` awaits the first matching event after the cursor. */
export class EventLog {
  readonly all: SessionEvent[] = [];
  private waiters: { pred: (e: SessionEvent) => boolean; resolve: (e: SessionEvent) => void; from: number }[] = [];

  constructor(session: Session) {
    session.on('event', (e) => {
      this.all.push(e);
      for (const w of [...this.waiters]) {
        if (w.pred(e)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  }

  /** The first event matching `pred`, already seen (from index `from`) or still to come. */
  wait<T extends SessionEvent = SessionEvent>(pred: (e: SessionEvent) => boolean, what: string, timeoutMs = 20_000, from = 0): Promise<T> {
    const seen = this.all.slice(from).find(pred);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} after ${timeoutMs} ms; events: ${JSON.stringify(this.all)}`)), timeoutMs);
      this.waiters.push({ pred, from, resolve: (e) => (clearTimeout(timer), resolve(e as T)) });
    });
  }

  /** Await a future event (not one already seen). */
  next<T extends SessionEvent = SessionEvent>(pred: (e: SessionEvent) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
    return this.wait<T>(pred, what, timeoutMs, this.all.length);
  }

  of<K extends SessionEvent['type']>(type: K): Extract<SessionEvent, { type: K }>[] {
    return this.all.filter((e) => e.type === type) as Extract<SessionEvent, { type: K }>[];
  }
}

/** Accumulates 'data' bytes; `until(n)` resolves with the first n bytes once they have arrived. */
export class Collector {
  private chunks: Buffer[] = [];
  length = 0;
  private waiter: { n: number; resolve: () => void } | null = null;

  constructor(source: EventEmitter, event = 'data') {
    source.on(event, (b: Uint8Array) => {
      this.chunks.push(Buffer.from(b));
      this.length += b.length;
      if (this.waiter && this.length >= this.waiter.n) {
        const w = this.waiter;
        this.waiter = null;
        w.resolve();
      }
    });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  async until(n: number, timeoutMs = 60_000): Promise<Buffer> {
    if (this.length < n) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${this.length} of ${n} bytes after ${timeoutMs} ms`)), timeoutMs);
        this.waiter = { n, resolve: () => (clearTimeout(timer), resolve()) };
      });
    }
    return this.bytes().subarray(0, n);
  }
}

/** Open `path` with serialport's stream (the far end of a pty pair). */
export async function openPeer(path: string, baudRate = 115200): Promise<{ port: SerialPort; received: Collector; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const received = new Collector(port);
  port.on('error', () => undefined); // the pair may be torn down under it
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

/** Write `bytes` to a serialport stream, respecting its backpressure. */
export async function writeAll(port: SerialPort, bytes: Buffer): Promise<void> {
  for (let off = 0; off < bytes.length; off += 16384) {
    if (!port.write(bytes.subarray(off, off + 16384))) await new Promise<void>((r) => port.once('drain', () => r()));
  }
}

/** Write `bytes` to a session in chunks, waiting for 'drain' whenever write() says so. */
export async function writeSession(session: Session, bytes: Buffer, chunk = 16384): Promise<void> {
  for (let off = 0; off < bytes.length; off += chunk) {
    if (!session.write(bytes.subarray(off, off + chunk))) await new Promise<void>((r) => session.once('drain', () => r()));
  }
}

/** `n` bytes cycling through all 256 byte values, with a varying stride so runs are not periodic. */
export function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i + (i >> 8) * 7) & 0xff;
  return b;
}
