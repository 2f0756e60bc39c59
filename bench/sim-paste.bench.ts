/**
 * `npm run bench -- sim-paste`: a paste through the demo modem (`dialtone sim`'s simulated Hayes modem,
 * src-main/sim) and what it costs the process that hosts it. The real demo access server runs in this
 * process; a raw telnet client in this process dials the echo number (555-0100) and pastes N bytes
 * (0..255 scrambled, IAC doubled); perf_hooks.monitorEventLoopDelay (1 ms resolution) watches this
 * event loop meanwhile. Printed per case: seconds until the last byte is echoed (or the share echoed
 * when the case has a time limit), event-loop delay p50 / p99 / max in ms, and whether the echo matched.
 *
 * Cases:
 *   - 256 KiB and 2 MiB on a 16 Mbit/s line (server option maxLineRate, SET-BAUDRATE 16000000): the
 *     modem's own cost, the line's pacing (1.6 MB/s) no limit to speak of;
 *   - 256 KiB at the demo's own rate (115200 DTE, V.34 33600 carrier: 3360 bytes/s), watched for 5 s:
 *     what a user pasting into the demo modem gets (the echo itself takes 78 s at that rate).
 */
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimServer } from '../src-main/sim/server.js';
import { DO, IAC, OPT_BINARY as BINARY, OPT_COM_PORT as COM, SB, SE, WILL } from '../src-shared/protocol/constants.js';

const timing = { dialToneMs: 20, toneDigitMs: 5, ringOnMs: 200, ringOffMs: 200, handshakeMs: 100, busyMs: 100 };

/** Data bytes from the server (telnet commands dropped, IAC IAC undone); counts COM-PORT replies. */
class Client {
  received = 0;
  replies = 0;
  private chunks: Buffer[] = [];
  private pending = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.parse(this.pending.length ? Buffer.concat([this.pending, d]) : d);
      for (const w of this.waiters.splice(0)) w();
    });
  }
  private data(b: Buffer) {
    if (b.length === 0) return;
    this.chunks.push(b);
    this.received += b.length;
  }
  private parse(b: Buffer) {
    let i = 0;
    while (i < b.length) {
      const iac = b.indexOf(IAC, i);
      if (iac < 0) {
        this.data(b.subarray(i));
        i = b.length;
        break;
      }
      this.data(b.subarray(i, iac));
      i = iac;
      if (i + 1 >= b.length) break;
      const cmd = b[i + 1]!;
      if (cmd === IAC) {
        this.data(b.subarray(i + 1, i + 2));
        i += 2;
      } else if (cmd === SB) {
        let j = i + 2;
        while (j + 1 < b.length && !(b[j] === IAC && b[j + 1] === SE)) j += b[j] === IAC ? 2 : 1;
        if (j + 1 >= b.length) break;
        if (b[i + 2] === COM && b[i + 3]! >= 100) this.replies++;
        i = j + 2;
      } else if (cmd >= WILL) {
        if (i + 2 >= b.length) break;
        i += 3;
      } else i += 2;
    }
    this.pending = Buffer.from(b.subarray(i));
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  send(data: Buffer | string) {
    const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const parts: Buffer[] = [];
    let i = 0;
    for (let at = b.indexOf(IAC); at >= 0; at = b.indexOf(IAC, i)) {
      parts.push(b.subarray(i, at + 1), Buffer.of(IAC));
      i = at + 1;
    }
    parts.push(b.subarray(i));
    this.socket.write(Buffer.concat(parts));
  }
  until(pred: () => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          resolve(true);
        } else this.waiters.push(check);
      };
      check();
    });
  }
}

function payload(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  b[n - 1] = 0x41;
  return b;
}

async function paste(label: string, bytes: number, lineRate: number | null, limitMs: number): Promise<void> {
  const server = await startSimServer({ port: 0, timing, maxLineRate: lineRate ?? undefined });
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const c = new Client(socket);
  try {
    socket.write(Buffer.from([IAC, WILL, COM, IAC, WILL, BINARY, IAC, DO, BINARY]));
    if (lineRate !== null) {
      socket.write(Buffer.from([IAC, SB, COM, 1, (lineRate >>> 24) & 0xff, (lineRate >>> 16) & 0xff, (lineRate >>> 8) & 0xff, lineRate & 0xff, IAC, SE]));
      await c.until(() => c.replies > 0, 10_000);
    }
    c.send('ATE0\r');
    await c.until(() => c.bytes().includes('OK\r\n'), 10_000);
    c.send('ATDT5550100\r');
    if (!(await c.until(() => c.bytes().includes('CONNECT'), 10_000))) throw new Error('no CONNECT');
    await new Promise((r) => setTimeout(r, 50)); // the rest of the CONNECT line
    const start = c.received;
    const data = payload(bytes);
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    c.send(data);
    const done = await c.until(() => c.received - start >= bytes, limitMs);
    const s = (performance.now() - t0) / 1000;
    h.disable();
    const echoed = c.received - start;
    const ok = c.bytes().subarray(start, start + bytes).equals(data.subarray(0, Math.min(echoed, bytes)));
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    const time = done ? `echoed in ${s.toFixed(2)} s` : `${((echoed / bytes) * 100).toFixed(1)} % echoed in ${s.toFixed(1)} s`;
    console.log(`  ${label.padEnd(34)} ${time.padEnd(26)} event-loop delay p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; echo ${ok ? 'in order' : 'WRONG'}`);
  } finally {
    socket.destroy();
    await server.close();
  }
}

export async function run(): Promise<void> {
  await paste('256 KiB, 16 Mbit/s line', 256 * 1024, 16_000_000, 120_000);
  await paste('2 MiB, 16 Mbit/s line', 2 * 1024 * 1024, 16_000_000, 120_000);
  await paste('256 KiB, demo rate (33600), 5 s', 256 * 1024, null, 5_000);
}
