/**
 * The transfer driver's pacing and its end, with a session whose line the test holds: a YMODEM-g stream
 * is fed only as the line takes it ('sent'), and a peer's cancel drops the stream still queued. The
 * engines themselves are checked against lrzsz in test/transfer; here the session is a stand-in
 * because no real line can be held still at a chosen byte. Then the whole path for real: our YMODEM-g
 * sender to our YMODEM-g receiver (lrzsz's rb never asks for 'G'), each on a SerialSession at either
 * end of a socat pty pair.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import type { Session } from '../../src-main/sessions/session.js';
import { runTransfer } from '../../src-main/transfer/run-transfer.js';
import { XmodemReceiver, XmodemSender, type TransferEvent } from '../../src-shared/transfer/index.js';
import { ManualClock } from '../harness/manual-clock.js';
import { startPtyPair, tempDir } from '../harness/peers.js';

const CAN = 0x18;
const G = 0x47;

/** A connected session that keeps what is written; write() takes more until `limit` bytes were written. */
class HeldLine extends EventEmitter {
  readonly written: Uint8Array[] = [];
  limit = Infinity;
  /** Report 'sent' inside write(), as a network session does. */
  sentAtOnce = false;
  snapshot() {
    return { state: 'connected', line: { flow: { state: 'unsupported', asked: null, inEffect: null } } } as unknown as ReturnType<Session['snapshot']>;
  }
  applySettings() {}
  write(bytes: Uint8Array): boolean {
    this.written.push(bytes.slice());
    if (this.sentAtOnce) this.emit('sent', bytes);
    return this.total() < this.limit;
  }
  total(): number {
    return this.written.reduce((n, b) => n + b.length, 0);
  }
  /** The far end's bytes, as the line delivers them. */
  deliver(...bytes: number[]) {
    this.emit('data', Uint8Array.from(bytes));
  }
}

const file = { name: 'fw.bin', data: new Uint8Array(256 * 1024).fill(0x5a), mtime: null };

/** Start a YMODEM sender and get it streaming (the receiver's 'G' for block 0, then for the data). */
async function streaming(line: HeldLine, data = file.data) {
  const abort = new AbortController();
  const clock = new ManualClock();
  const outcome = runTransfer(line as unknown as Session, new XmodemSender({ protocol: 'ymodem', files: [{ ...file, data }] }), { signal: abort.signal, clock });
  // a serial line has no BINARY to wait for: the driver listens once runTransfer's first await returns
  await new Promise(setImmediate);
  line.deliver(G);
  clock.advance(1000); // the start settles: block 0 goes
  line.deliver(G); // YMODEM-g: the data streams
  return { outcome, abort, clock };
}

describe('runTransfer', () => {
  it('feeds a YMODEM-g stream as the line takes it: about 4 KiB ahead of what was sent, more after each sent', async () => {
    const line = new HeldLine();
    const { outcome, abort, clock } = await streaming(line);
    const before = line.total();
    // block 0 plus one slice: never the 256 KiB file at once
    expect(before).toBeGreaterThan(4096);
    expect(before).toBeLessThan(10 * 1024);
    for (const b of line.written.splice(0)) line.emit('sent', b);
    expect(line.total()).toBeGreaterThan(4096);
    expect(line.total()).toBeLessThan(10 * 1024);
    abort.abort();
    clock.advance(120_000); // the receiver's drain after CAN CAN: nothing more comes
    expect((await outcome).result).toBe('cancelled');
  });

  it("a session that reports 'sent' inside write() (a network session) streams a large file in one loop, not one call deep per block", async () => {
    const line = new HeldLine();
    line.sentAtOnce = true;
    const big = new Uint8Array(16 * 1024 * 1024).fill(0x5a);
    const { outcome } = await streaming(line, big);
    // every block went out without a stack overflow; the EOT waits for its ACK
    expect(line.total()).toBeGreaterThan(big.length);
    expect(line.written.at(-1)).toEqual(Uint8Array.of(0x04));
    line.deliver(0x06); // ACK the EOT
    line.deliver(G); // the next block 0: the empty one ends the batch
    expect((await outcome).result).toBe('done');
  });

  it("a peer's CAN CAN mid-stream drops the blocks still queued behind a full line", async () => {
    const line = new HeldLine();
    line.limit = 1500; // block 0 and two data blocks fill the line: the rest of the slice waits in the driver
    const { outcome, clock } = await streaming(line);
    const queuedAt = line.written.length;
    line.deliver(CAN, CAN);
    clock.advance(120_000); // the peer's cancel tail: nothing more comes
    const end = await outcome;
    expect(end).toMatchObject({ result: 'cancelled', reason: 'peer' });
    // nothing after the cancel: the queued data blocks never reach the line
    expect(line.written.slice(queuedAt).filter((b) => b.length > 100)).toEqual([]);
  });
});

describe('YMODEM-g end to end', () => {
  it('our streaming sender to our streaming receiver over a pty pair: the file whole, no retry', async () => {
    const dir = tempDir('dialtone-ymodem-g-');
    const pair = await startPtyPair(dir.path);
    const a = new SerialSession({ kind: 'serial', path: pair.a }, { settings: { baud: 115200 } });
    const b = new SerialSession({ kind: 'serial', path: pair.b }, { settings: { baud: 115200 } });
    try {
      await a.open();
      await b.open();
      const data = randomBytes(200 * 1024);
      const got: Uint8Array[] = [];
      const events: TransferEvent[] = [];
      const receiving = runTransfer(b, new XmodemReceiver({ protocol: 'ymodem', streaming: true }), {
        onEvent: (ev) => {
          events.push(ev);
          if (ev.type === 'data') got.push(ev.bytes.slice());
        },
      });
      const sending = runTransfer(a, new XmodemSender({ protocol: 'ymodem', files: [{ name: 'fw.bin', data, mtime: null }] }));
      const [sent, received] = await Promise.all([sending, receiving]);
      expect(sent.result).toBe('done');
      expect(received.result).toBe('done');
      const sha = (x: Uint8Array) => createHash('sha256').update(x).digest('hex');
      expect(sha(Buffer.concat(got))).toBe(sha(data));
      expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      await pair.stop();
      dir.remove();
    }
  }, 60_000);
});
