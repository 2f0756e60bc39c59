/**
 * Helpers for the interop tests: open a pty end as a stream, record what a Session reports, wait for
 * events and byte counts with bounds (never sleep), and make test data that exercises every byte value.
 */
import { constants, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Session } from '../../src-main/sessions/session.js';

/**
 * `n` bytes containing every byte value: IAC runs and IAC-before-command-byte pairs first (the cases a
 * telnet escaper gets wrong), then a counting pattern whose alignment shifts every 256 bytes.
 */
export function testPattern(n: number): Buffer {
  const head = [0xff, 0xff, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xfa, 0xff, 0xfb, 0xff, 0xfd, 0x0d, 0x00, 0x0d, 0x0a, 0xff];
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = i < head.length ? head[i]! : (i + (i >> 8)) & 0xff;
  return out;
}

/** Wait until `check()` is true, re-checking whenever `emitter` emits `event`. Rejects after `ms` with `what`. */
export function until(emitter: NodeJS.EventEmitter, event: string, check: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) {
      resolve();
      return;
    }
    const onEvent = () => {
      if (!check()) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve();
    };
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    emitter.on(event, onEvent);
  });
}

/** Everything a session reported, with waits on it. */
export interface Recorder {
  events: SessionEvent[];
  received(): Buffer;
  receivedLength(): number;
  /** Resolve with the first event (already seen or future) matching `pred`. */
  waitForEvent<T extends SessionEvent>(pred: (ev: SessionEvent) => ev is T, ms?: number, what?: string): Promise<T>;
  waitForEvent(pred: (ev: SessionEvent) => boolean, ms?: number, what?: string): Promise<SessionEvent>;
  /** Resolve once at least `n` bytes arrived. */
  waitForBytes(n: number, ms?: number): Promise<Buffer>;
  /** Forget what was seen so far (events and bytes). */
  reset(): void;
}

export function record(session: Session): Recorder {
  let events: SessionEvent[] = [];
  let chunks: Buffer[] = [];
  let length = 0;
  session.on('event', (ev) => events.push(ev));
  session.on('data', (b) => {
    chunks.push(Buffer.from(b));
    length += b.length;
  });
  const rec = {
    get events() {
      return events;
    },
    received: () => Buffer.concat(chunks),
    receivedLength: () => length,
    async waitForEvent(pred: (ev: SessionEvent) => boolean, ms = 15_000, what = 'an event') {
      let found: SessionEvent | undefined;
      await until(session, 'event', () => (found = events.find(pred)) !== undefined, ms, `${what}; saw ${JSON.stringify(events)}`);
      return found!;
    },
    async waitForBytes(n: number, ms = 30_000) {
      await until(session, 'data', () => length >= n, ms, `${n} bytes (got ${length})`);
      return Buffer.concat(chunks);
    },
    reset() {
      events = [];
      chunks = [];
      length = 0;
    },
  };
  return rec as Recorder;
}

/** One end of a pty pair opened as non-blocking streams (the test plays the serial device). */
export interface PtyEnd {
  received(): Buffer;
  receivedLength(): number;
  waitForBytes(n: number, ms?: number): Promise<Buffer>;
  write(bytes: Uint8Array): Promise<void>;
  close(): void;
}

export function openPty(path: string): PtyEnd {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  const chunks: Buffer[] = [];
  let length = 0;
  input.on('data', (b: Buffer) => {
    chunks.push(b);
    length += b.length;
  });
  input.on('error', () => undefined); // EIO when the pair goes away at the end of a test
  output.on('error', () => undefined);
  return {
    received: () => Buffer.concat(chunks),
    receivedLength: () => length,
    async waitForBytes(n, ms = 30_000) {
      await until(input, 'data', () => length >= n, ms, `${n} bytes on ${path} (got ${length})`);
      return Buffer.concat(chunks);
    },
    write: (bytes) => new Promise((resolve, reject) => output.write(bytes, (err) => (err ? reject(err) : resolve()))),
    close() {
      input.destroy();
      output.destroy();
    },
  };
}

/** Write `bytes` through a session in chunks, honouring write() === false / 'drain'. */
export async function writeAll(session: Session, bytes: Uint8Array, chunk = 16 * 1024): Promise<void> {
  for (let i = 0; i < bytes.length; i += chunk) {
    if (!session.write(bytes.subarray(i, i + chunk))) {
      await new Promise<void>((resolve) => session.once('drain', () => resolve()));
    }
  }
}
