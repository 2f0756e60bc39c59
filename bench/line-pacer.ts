/**
 * A serial line at a baud rate, for benches: relays between two TCP ports (each a socat joined to a
 * pty) and lets bytes through each way no faster than the line would: one byte per 10 bits (8N1) at
 * `baud` bits/s, from the moment a byte is queued (an idle line starts at once), with up to
 * `BUFFER_BYTES` queued per direction before the sender is paused (a UART driver's buffer). A pty has
 * no baud rate of its own: without this, "115200" on a pty pair means nothing.
 *
 * Run as a child process (its own event loop, so the pacing does not share the measured one):
 *   node --import tsx bench/line-pacer.ts PORT_A PORT_B BAUD
 * Prints "pacing" on stdout once both sides are connected; ends when either side closes.
 */
import { connect, type Socket } from 'node:net';

const [portA, portB, baudArg] = process.argv.slice(2).map(Number);
if (!portA || !portB || !baudArg) {
  console.error('usage: line-pacer PORT_A PORT_B BAUD');
  process.exit(2);
}
/** Bytes per ms on the line: 8N1 takes 10 bits a byte. */
const BYTES_PER_MS = baudArg / 10 / 1000;
const BUFFER_BYTES = 4096;
const TICK_MS = 1;

/** One direction of the line: what waits to be sent, and when the line is free again (ms). */
class Direction {
  private queue: Buffer[] = [];
  private queued = 0;
  private freeAt = 0;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
  ) {
    from.on('data', (d: Buffer) => {
      if (this.queued === 0) this.freeAt = Math.max(this.freeAt, performance.now());
      this.queue.push(d);
      this.queued += d.length;
      if (this.queued > BUFFER_BYTES) from.pause();
    });
  }

  /** Send what the line has carried by now. */
  tick(now: number): void {
    if (this.queued === 0) return;
    let n = Math.floor((now - this.freeAt) * BYTES_PER_MS);
    if (n <= 0) return;
    n = Math.min(n, this.queued);
    this.freeAt += n / BYTES_PER_MS;
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const head = this.queue[0]!;
      if (head.length <= left) {
        parts.push(head);
        this.queue.shift();
        left -= head.length;
      } else {
        parts.push(head.subarray(0, left));
        this.queue[0] = head.subarray(left);
        left = 0;
      }
    }
    this.queued -= n;
    this.to.write(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    if (this.queued <= BUFFER_BYTES) this.from.resume();
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

const a = await open(portA);
const b = await open(portB);
a.setNoDelay(true);
b.setNoDelay(true);
const lines = [new Direction(a, b), new Direction(b, a)];
const timer = setInterval(() => {
  const now = performance.now();
  for (const l of lines) l.tick(now);
}, TICK_MS);
const end = () => {
  clearInterval(timer);
  a.destroy();
  b.destroy();
};
a.on('close', end);
b.on('close', end);
a.on('error', end);
b.on('error', end);
console.log('pacing');
