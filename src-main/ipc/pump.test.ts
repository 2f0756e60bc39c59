// The pump against an in-memory source: the pump's contract is about counting and timing of its own
// buffer, which no real peer can drive deterministically; real sessions are covered by the e2e flood.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamPump } from './pump.js';

class FakeSource extends EventEmitter<{ data: [Uint8Array] }> {
  pauses: boolean[] = [];
  paused = false;
  setPaused(owner: string, paused: boolean) {
    expect(owner).toBe('pump');
    this.pauses.push(paused);
    this.paused = paused;
  }
}

const pumps: StreamPump[] = [];
afterEach(() => pumps.splice(0).forEach((p) => p.dispose()));

function setup(opts: ConstructorParameters<typeof StreamPump>[2] = {}) {
  const source = new FakeSource();
  const batches: Uint8Array[] = [];
  const pump = new StreamPump(source as never, (b) => batches.push(b), opts);
  pump.addConsumer('r');
  pumps.push(pump);
  return { source, batches, pump };
}

const bytes = (n: number, start = 0) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

describe('StreamPump', () => {
  it('batches small chunks and emits them at most the flush delay after the previous batch', () => {
    vi.useFakeTimers();
    try {
      const { source, batches } = setup({ flushMs: 5 });
      source.emit('data', bytes(1));
      vi.advanceTimersByTime(0);
      batches.length = 0; // a batch just went: the next waits the delay
      source.emit('data', bytes(10));
      vi.advanceTimersByTime(3);
      source.emit('data', bytes(10, 10));
      vi.advanceTimersByTime(1);
      expect(batches).toHaveLength(0);
      vi.advanceTimersByTime(1); // 5 ms after the first chunk
      expect(batches).toHaveLength(1);
      expect(batches[0]).toEqual(bytes(20));
    } finally {
      vi.useRealTimers();
    }
  });

  it("emits a quiet source's first bytes on the next timer turn, not after the flush delay (an echo)", () => {
    vi.useFakeTimers();
    try {
      const { source, batches } = setup({ flushMs: 10 });
      source.emit('data', bytes(1));
      vi.advanceTimersByTime(0);
      expect(batches).toEqual([bytes(1)]);
      vi.advanceTimersByTime(50); // quiet again
      source.emit('data', bytes(2));
      source.emit('data', bytes(3)); // the same turn: the same batch
      vi.advanceTimersByTime(0);
      expect(batches.slice(1)).toEqual([Uint8Array.from([0, 1, 0, 1, 2])]);
      // busy: 3 ms after that batch, the next waits out the rest of the 10 ms
      vi.advanceTimersByTime(3);
      source.emit('data', bytes(4));
      vi.advanceTimersByTime(6);
      expect(batches).toHaveLength(2);
      vi.advanceTimersByTime(1);
      expect(batches).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('emits at once when a batch reaches maxBatchBytes, with the buffer reset first', () => {
    const source = new FakeSource();
    let pumpRef: StreamPump | null = null;
    const seenPending: number[] = [];
    pumpRef = new StreamPump(source as never, () => seenPending.push(pumpRef!.pending), { maxBatchBytes: 100, highBytes: 10_000, lowBytes: 100 });
    pumps.push(pumpRef);
    source.emit('data', bytes(60));
    source.emit('data', bytes(60));
    expect(seenPending).toEqual([0]);
  });

  it('pauses the source at HIGH unacked and resumes only below LOW', () => {
    const { source, pump } = setup({ maxBatchBytes: 1000, highBytes: 4000, lowBytes: 1000 });
    for (let i = 0; i < 3; i++) source.emit('data', bytes(1000));
    expect(pump.unacked).toBe(3000);
    expect(source.pauses).toEqual([]);
    source.emit('data', bytes(1000));
    expect(source.pauses).toEqual([true]);
    pump.ack(2000, 'r'); // 2000 unacked: between the watermarks, still paused
    expect(source.paused).toBe(true);
    pump.ack(1000, 'r'); // 1000: not below LOW
    expect(source.paused).toBe(true);
    pump.ack(1, 'r'); // 999 < LOW
    expect(source.pauses).toEqual([true, false]);
    expect(pump.isPaused).toBe(false);
  });

  it('loses nothing and keeps order while paused; memory stays bounded with a slow consumer', () => {
    const { source, batches, pump } = setup({ maxBatchBytes: 4096, highBytes: 64 * 1024, lowBytes: 8 * 1024 });
    const total = 4 * 1024 * 1024;
    const chunk = 1500;
    let sent = 0;
    let consumed = 0;
    let maxUnacked = 0;
    const received: number[] = [];
    // the source honours pause: it only produces while not paused (as a socket would after pause())
    while (sent < total || consumed < sent) {
      if (!source.paused && sent < total) {
        const n = Math.min(chunk, total - sent);
        source.emit('data', bytes(n, sent));
        sent += n;
      } else {
        pump.flush();
        // the consumer takes one batch and acks it in 16 KiB pieces
        const b = batches.shift();
        if (b) {
          for (const x of b) received.push(x);
          for (let left = b.byteLength; left > 0; left -= 16 * 1024) pump.ack(Math.min(16 * 1024, left), 'r');
          consumed += b.byteLength;
        }
      }
      maxUnacked = Math.max(maxUnacked, pump.unacked);
    }
    expect(received.length).toBe(total);
    for (let i = 0; i < total; i += 997) expect(received[i]).toBe(i & 0xff);
    expect(maxUnacked).toBeLessThan(64 * 1024 + 4096 + chunk);
    expect(source.pauses.filter(Boolean).length).toBeGreaterThan(10);
  });

  it('copies chunks so a session may reuse its buffer', () => {
    const { source, batches, pump } = setup();
    const buf = bytes(8);
    source.emit('data', buf);
    buf.fill(0);
    pump.flush();
    expect(batches[0]).toEqual(bytes(8));
  });

  it('follows the slowest consumer; a consumer leaving releases its hold; none at all never pauses', () => {
    const { source, pump } = setup({ maxBatchBytes: 100, highBytes: 1000, lowBytes: 200 });
    pump.addConsumer('slow');
    for (let i = 0; i < 10; i++) source.emit('data', bytes(100));
    expect(source.paused).toBe(true);
    pump.ack(1000, 'r'); // the fast one is done, the slow one has acked nothing
    expect(pump.unacked).toBe(1000);
    expect(source.paused).toBe(true);
    pump.ack(900, 'nobody'); // not a consumer: ignored
    expect(source.paused).toBe(true);
    pump.removeConsumer('slow');
    expect(source.paused).toBe(false);
    // a consumer joining now owes only what is emitted from now on
    pump.addConsumer('late');
    source.emit('data', bytes(100));
    expect(pump.unacked).toBe(100);
    pump.removeConsumer('r');
    pump.removeConsumer('late');
    for (let i = 0; i < 30; i++) source.emit('data', bytes(100));
    expect(pump.unacked).toBe(0);
    expect(source.paused).toBe(false);
  });

  it('dispose flushes, stops listening and releases the pause', () => {
    const { source, batches, pump } = setup({ maxBatchBytes: 10, highBytes: 20, lowBytes: 5 });
    source.emit('data', bytes(30));
    expect(source.paused).toBe(true);
    pump.ack(30, 'r');
    expect(source.paused).toBe(false);
    source.emit('data', bytes(3));
    pump.dispose();
    expect(batches.map((b) => b.byteLength)).toEqual([30, 3]);
    source.emit('data', bytes(3));
    expect(batches).toHaveLength(2);
    expect(source.listenerCount('data')).toBe(0);
  });

  it('refuses watermarks that could never resume', () => {
    expect(() => new StreamPump(new FakeSource() as never, () => undefined, { highBytes: 10, lowBytes: 10 })).toThrow(/low watermark/);
  });
});
