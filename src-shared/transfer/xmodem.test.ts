/**
 * The XMODEM/YMODEM engines against each other on a simulated clock (transfer-pair.ts): every
 * protocol, check and block choice over the sizes around the block edges; the protocol's corner cases
 * (stale 'C's, EOT-NAK-EOT, NAKed, corrupted and lost blocks, cancels both ways, a sender that never
 * answers); and properties: any chunking of the peer's bytes gives the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBlock, encodeBlock0, parseBlock0, utf8Decode, utf8Encode } from './blocks.js';
import { crc16, sum8 } from './crc.js';
import { runPair, type PairOptions } from './transfer-pair.js';
import { ACK, CAN, EOT, NAK, SOH, STX, SUB, type TransferEvent } from './types.js';
import { XmodemReceiver } from './xmodem-receiver.js';
import { XmodemSender, type BlockChoice } from './xmodem-sender.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Bytes of every value, 0xFF, XON, XOFF and CAN included, in a pattern that shifts every 256. */
function pattern(n: number, seed = 0): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8) + seed) & 0xff;
  return b;
}

const last = (evs: TransferEvent[]) => evs[evs.length - 1];
/** The pieces of a step's output as one array. */
const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('checks', () => {
  it('CRC-16/XMODEM matches the catalogue vector and the empty input', () => {
    expect(crc16(ascii('123456789'))).toBe(0x31c3);
    expect(crc16(new Uint8Array(0))).toBe(0);
    expect(crc16(Uint8Array.of(0x41))).toBe(0x58e5);
  });
  it('the 8-bit sum wraps', () => {
    expect(sum8(Uint8Array.of(0xff, 0x02))).toBe(1);
    expect(sum8(ascii('123456789'))).toBe(0xdd);
  });
  it('a block is header, number, complement, padded data, check (CRC high byte first)', () => {
    const b = buildBlock(1, 128, ascii('AB'), 0, 2, 'crc');
    expect(b.length).toBe(133);
    expect([b[0], b[1], b[2], b[3], b[4], b[5], b[130]]).toEqual([SOH, 1, 254, 0x41, 0x42, SUB, SUB]);
    const c = crc16(b, 3, 131);
    expect([b[131], b[132]]).toEqual([c >> 8, c & 0xff]);
    const k = buildBlock(256 + 7, 1024, pattern(1024), 0, 1024, 'checksum');
    expect([k[0], k[1], k[2], k.length, k[1027]]).toEqual([STX, 7, 248, 1028, sum8(pattern(1024))]);
  });
});

describe('YMODEM block 0', () => {
  it('round-trips name, size and mtime; the empty block ends the batch', () => {
    const d = encodeBlock0({ name: 'fw-ü.bin', size: 1025, mtime: 0o14157044725 });
    expect(d.length).toBe(128);
    expect(utf8Decode(d.subarray(0, d.indexOf(0)))).toBe('fw-ü.bin');
    expect(ascii('1025 14157044725').every((c, i) => d[utf8Encode('fw-ü.bin').length + 1 + i] === c)).toBe(true);
    expect(parseBlock0(d)).toEqual({ name: 'fw-ü.bin', size: 1025, mtime: 0o14157044725 });
    expect(parseBlock0(encodeBlock0(null))).toBeNull();
    expect(encodeBlock0({ name: 'x'.repeat(200), size: 1, mtime: null }).length).toBe(1024);
  });
  it('reads what lrzsz writes (size, mtime, mode, serial) and survives missing fields', () => {
    const d = new Uint8Array(128);
    d.set(ascii('a.txt\x00127 14157044725 100644 0 1 127'));
    expect(parseBlock0(d)).toEqual({ name: 'a.txt', size: 127, mtime: 0o14157044725 });
    const bare = new Uint8Array(128);
    bare.set(ascii('b'));
    expect(parseBlock0(bare)).toEqual({ name: 'b', size: null, mtime: null });
  });
  it('names that are not UTF-8 read as Latin-1', () => {
    expect(utf8Decode(Uint8Array.of(0x66, 0xe9))).toBe('fé');
  });
});

function xmodem(data: Uint8Array, blocks: BlockChoice, check: 'crc' | 'checksum', options: PairOptions = {}) {
  const s = new XmodemSender({ protocol: 'xmodem', files: [{ name: 'f', data }], blocks });
  const r = new XmodemReceiver({ protocol: 'xmodem', check });
  return runPair(s, r, options);
}

function ymodem(files: Array<{ name: string; data: Uint8Array }>, blocks?: BlockChoice, options: PairOptions = {}) {
  const s = new XmodemSender({ protocol: 'ymodem', files, blocks });
  const r = new XmodemReceiver({ protocol: 'ymodem' });
  return runPair(s, r, options);
}

const SIZES = [0, 1, 127, 128, 129, 895, 896, 897, 1023, 1024, 1025, 70_000];

describe('XMODEM between our engines', () => {
  for (const check of ['crc', 'checksum'] as const) {
    for (const blocks of ['128', '1k', 'force-1k'] as const) {
      it(`${check}, blocks ${blocks}: every size arrives whole, padded with SUB to the block`, () => {
        for (const n of SIZES) {
          const data = pattern(n, n);
          const r = xmodem(data, blocks, check);
          expect(last(r.senderEvents)).toEqual({ type: 'done', files: 1, bytes: n });
          expect(last(r.receiverEvents)?.type).toBe('done');
          expect(r.received.subarray(0, n)).toEqual(data);
          expect(r.received.length % 128).toBe(0);
          expect(r.received.length - n).toBeLessThan(blocks === 'force-1k' ? 1024 : 128);
          expect(r.received.subarray(n).every((b) => b === SUB)).toBe(true);
        }
      });
    }
  }

  it('the receiver\'s choice is honoured (132-byte checksum blocks, 133/1029-byte CRC blocks); "1k" ends with 128-byte blocks for a tail of <= 896 bytes', () => {
    const sum = xmodem(pattern(300), '1k', 'checksum');
    expect(sum.toReceiver.length).toBe(3 * 132 + 1);
    const crc = xmodem(pattern(2048 + 300), '1k', 'crc');
    expect(crc.toReceiver.length).toBe(2 * 1029 + 3 * 133 + 1);
    const big = xmodem(pattern(2048 + 900), '1k', 'crc');
    expect(big.toReceiver.length).toBe(3 * 1029 + 1);
    const forced = xmodem(pattern(300), 'force-1k', 'checksum');
    expect(forced.toReceiver.length).toBe(1028 + 1);
  });
});

describe('YMODEM between our engines', () => {
  it('every size keeps its name and exact size; a batch of files in order', () => {
    for (const n of SIZES) {
      const data = pattern(n, 3);
      const r = ymodem([{ name: `f${n}.bin`, data }]);
      expect(last(r.senderEvents)).toEqual({ type: 'done', files: 1, bytes: n });
      expect(r.receiverEvents.find((e) => e.type === 'file')).toEqual({ type: 'file', name: `f${n}.bin`, size: n, mtime: null });
      expect(r.receiverEvents.find((e) => e.type === 'fileEnd')).toEqual({ type: 'fileEnd', name: `f${n}.bin`, bytes: n });
      expect(r.received).toEqual(data);
      expect(last(r.receiverEvents)).toEqual({ type: 'done', files: 1, bytes: n });
    }
    const files = [{ name: 'a', data: pattern(5000) }, { name: 'b', data: new Uint8Array(0) }, { name: 'c', data: pattern(129, 9) }];
    const r = ymodem(files, 'force-1k');
    expect(r.receiverEvents.filter((e) => e.type === 'file' || e.type === 'fileEnd').map((e) => ('name' in e ? e.name : ''))).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
    expect(r.received).toEqual(Uint8Array.from([...files[0]!.data, ...files[2]!.data]));
    expect(last(r.receiverEvents)).toEqual({ type: 'done', files: 3, bytes: 5129 });
  });

  it('sends mtime and returns the bytes that follow the end of the batch to the caller', () => {
    const s = new XmodemSender({ protocol: 'ymodem', files: [{ name: 'm', data: pattern(10), mtime: 1_700_000_000 }] });
    const r = new XmodemReceiver({ protocol: 'ymodem' });
    let tail = false;
    const res = runPair(s, r, {
      alter: (b, dir) => {
        // the receiver's last ACK is followed by a prompt from the device
        if (dir === 'toSender' && r.finished && !tail) {
          tail = true;
          return Uint8Array.from([...b, ...ascii('=> ')]);
        }
        return b;
      },
    });
    expect(res.receiverEvents.find((e) => e.type === 'file')).toMatchObject({ mtime: 1_700_000_000 });
    expect(Array.from(res.senderRest)).toEqual(Array.from(ascii('=> ')));
  });
});

describe('the protocol corners', () => {
  it("stale 'C's queued before the start are drained: one block 1 goes out, after the last", () => {
    const s = new XmodemSender({ protocol: 'xmodem', files: [{ name: 'f', data: pattern(10) }] });
    s.start(0);
    expect(s.receive(ascii('CCC'), 0).out).toEqual([]);
    expect(s.receive(ascii('C'), 50).out).toEqual([]);
    expect(s.tick(120).out).toEqual([]); // quiet only since 50
    const first = s.tick(150);
    expect(first.out.length).toBe(1);
    expect(first.out[0]![0]).toBe(SOH);
    expect(first.out[0]!.length).toBe(133);
    // another stale 'C' does not resend the block (it would be acknowledged twice)
    expect(s.receive(ascii('C'), 160).out).toEqual([]);
    expect(s.receive(Uint8Array.of(ACK), 170).out).toEqual([Uint8Array.of(EOT)]);
  });

  it('EOT, NAK, EOT, ACK: the first NAK to EOT is answered with EOT and is no retry', () => {
    const s = new XmodemSender({ protocol: 'xmodem', files: [{ name: 'f', data: pattern(1) }] });
    s.start(0);
    s.receive(Uint8Array.of(NAK), 0);
    s.tick(100);
    expect(s.receive(Uint8Array.of(ACK), 110).out).toEqual([Uint8Array.of(EOT)]);
    const again = s.receive(Uint8Array.of(NAK), 120);
    expect(again.out).toEqual([Uint8Array.of(EOT)]);
    expect(again.events).toEqual([]);
    const end = s.receive(Uint8Array.of(ACK), 130);
    expect(end.events).toEqual([{ type: 'fileEnd', name: 'f', bytes: 1 }, { type: 'done', files: 1, bytes: 1 }]);
  });

  it('a receiver NAKing block 3 once gets it again; the file arrives whole', () => {
    let naks = 0;
    let acks = 0;
    const r = xmodem(pattern(1000), '128', 'crc', {
      alter: (b, dir) => {
        if (dir === 'toSender' && b.length === 1 && b[0] === ACK && ++acks === 2 && naks++ === 0) return Uint8Array.of(NAK);
        return b;
      },
    });
    expect(r.received.subarray(0, 1000)).toEqual(pattern(1000));
    // the sender took the NAK as "block 2 again"; the receiver saw a repeat and acknowledged it
    expect(r.senderEvents.filter((e) => e.type === 'retry')).toEqual([{ type: 'retry', reason: 'NAK for block 2 (file offset 128)', retries: 1 }]);
  });

  it('a corrupted block (a byte flipped) is NAKed after the line is quiet, resent, and the data is right', () => {
    for (const check of ['crc', 'checksum'] as const) {
      let n = 0;
      const r = xmodem(pattern(4000), '1k', check, {
        alter: (b, dir) => {
          if (dir !== 'toReceiver' || b.length < 100 || ++n !== 2) return b;
          const c = b.slice();
          c[c.length - 10]! ^= 0x40;
          return c;
        },
      });
      expect(last(r.senderEvents)?.type).toBe('done');
      expect(r.received.subarray(0, 4000)).toEqual(pattern(4000));
      expect(r.receiverEvents.filter((e) => e.type === 'retry')).toEqual([
        { type: 'retry', reason: `block 2: ${check === 'crc' ? 'CRC' : 'checksum'} wrong`, retries: 1 },
      ]);
    }
  });

  it('a block cut short is NAKed after blockTimeoutMs; a lost ACK makes a repeat that is acknowledged, not delivered twice', () => {
    let n = 0;
    let m = 0;
    const r = ymodem([{ name: 'x', data: pattern(3000) }], '1k', {
      alter: (b, dir) => {
        if (dir === 'toReceiver' && b.length > 1000 && ++n === 1) return b.subarray(0, 600);
        if (dir === 'toSender' && b[0] === ACK && ++m === 4) return new Uint8Array(0);
        return b;
      },
    });
    expect(r.received).toEqual(pattern(3000));
    expect(r.receiverEvents.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual([
      'block incomplete: 599 of 1028 bytes, then 1000 ms of silence',
    ]);
    expect(r.senderEvents.filter((e) => e.type === 'retry').map((e) => (e as { reason: string }).reason)).toEqual([
      'NAK for block 1 (file offset 0)',
      'no answer to block 3 (file offset 2048) within 10000 ms',
    ]);
  });

  it('a line that goes dead: the sender fails after maxRetries, sending CAN CAN', () => {
    let dead = false;
    const r = xmodem(pattern(5000), '1k', 'crc', {
      alter: (b) => (dead ? new Uint8Array(0) : b),
      onEvent: (_who, e) => {
        if (e.type === 'progress' && e.bytes >= 2048) dead = true;
      },
    });
    expect(last(r.senderEvents)).toEqual({ type: 'failed', reason: expect.stringMatching(/gave up after 10 tries$/) });
    expect(last(r.receiverEvents)).toEqual({ type: 'failed', reason: expect.stringMatching(/^no block within 10000 ms; gave up after 10 tries$/) });
    expect(Array.from(r.toReceiver.subarray(-2))).toEqual([CAN, CAN]);
  });

  it('Cancel on the sender: CAN CAN; the receiver reports the peer cancelled; the line stays usable after', () => {
    const r = xmodem(pattern(20_000), '1k', 'crc', {
      onEvent: (who, e, c) => {
        if (who === 'sender' && e.type === 'progress' && e.blocks === 3) c.cancel('sender');
      },
    });
    expect(last(r.senderEvents)).toEqual({ type: 'cancelled', by: 'local' });
    expect(last(r.receiverEvents)).toEqual({ type: 'cancelled', by: 'peer' });
    // block 4 went out with the third ACK's step, before the cancel: it arrived, then CAN CAN
    expect(r.received.length).toBe(4 * 1024);
  });

  it('Cancel on the receiver: CAN CAN between blocks; the sender stops; a cancel before start is immediate', () => {
    const r = ymodem([{ name: 'c', data: pattern(20_000) }], '1k', {
      onEvent: (who, e, c) => {
        if (who === 'receiver' && e.type === 'progress' && e.blocks === 2) c.cancel('receiver');
      },
    });
    expect(last(r.receiverEvents)).toEqual({ type: 'cancelled', by: 'local' });
    expect(last(r.senderEvents)).toEqual({ type: 'cancelled', by: 'peer' });
    const idle = new XmodemReceiver({ protocol: 'xmodem' });
    expect(idle.cancel(0)).toEqual({ out: [], events: [{ type: 'cancelled', by: 'local' }], rest: new Uint8Array(0) });
  });

  it("the peer's cancel as lrzsz sends it (10 CAN, 10 BS) then its text: 'cancelled' by the peer at the text's first byte, the text the terminal's, in any split", () => {
    const text = ascii('\r\n## aborted\r\n=> ');
    const reply = Uint8Array.from([...new Array<number>(10).fill(CAN), ...new Array<number>(10).fill(0x08), ...text]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: reply.length }), { minLength: 1, maxLength: 8 }), (cuts) => {
        const s = new XmodemSender({ protocol: 'xmodem', blocks: '128', files: [{ name: 'f', data: pattern(1000) }] });
        s.start(0);
        s.receive(ascii('C'), 0);
        s.tick(200); // block 1 goes out once the line is quiet
        const events: TransferEvent[] = [];
        const rest: number[] = [];
        let at = 0;
        for (const n of [...cuts.map((c) => Math.min(c, reply.length)), reply.length]) {
          if (at >= reply.length) break;
          const step = s.receive(reply.subarray(at, Math.min(reply.length, at + n)), 300);
          at = Math.min(reply.length, at + n);
          events.push(...step.events);
          rest.push(...step.rest);
        }
        expect(events).toEqual([
          { type: 'ending', reason: 'cancelled by the far end' },
          { type: 'cancelled', by: 'peer' },
        ]);
        expect(Uint8Array.from(rest)).toEqual(text);
        expect(s.finished).toBe(true);
      }),
    );
    // a cancel with nothing after it ends once the line has been quiet
    const q = new XmodemSender({ protocol: 'xmodem', blocks: '128', files: [{ name: 'f', data: pattern(1000) }] });
    q.start(0);
    q.receive(ascii('C'), 0);
    q.tick(200);
    expect(q.receive(Uint8Array.of(CAN, CAN, CAN), 300).events).toEqual([{ type: 'ending', reason: 'cancelled by the far end' }]);
    expect(q.tick(q.nextDeadlineMs()!).events).toEqual([{ type: 'cancelled', by: 'peer' }]);
  });

  it('YMODEM: an EOT before the size block 0 told is a file cut short, failed, never done', () => {
    const r = new XmodemReceiver({ protocol: 'ymodem' });
    r.start(0);
    const header = encodeBlock0({ name: 'f', size: 200, mtime: null });
    r.receive(buildBlock(0, 128, header, 0, header.length, 'crc'), 1);
    r.receive(buildBlock(1, 128, pattern(128), 0, 128, 'crc'), 2);
    const step = r.receive(Uint8Array.of(EOT), 3);
    expect(step.out).toEqual([Uint8Array.of(CAN, CAN)]);
    expect(step.events).toEqual([{ type: 'ending', reason: 'the file ended at 128 of its 200 bytes (EOT before its last block)' }]);
    expect(r.tick(r.nextDeadlineMs()!).events.at(-1)).toMatchObject({ type: 'failed' });
  });

  it('a block out of sequence is fatal: CAN CAN and failed', () => {
    const r = new XmodemReceiver({ protocol: 'xmodem' });
    expect(r.start(0).out).toEqual([ascii('C')]);
    const step = r.receive(buildBlock(3, 128, pattern(128), 0, 128, 'crc'), 10);
    expect(step.out).toEqual([Uint8Array.of(CAN, CAN)]);
    expect(step.events).toEqual([{ type: 'ending', reason: 'block 3 out of sequence (expected 1)' }]);
    const end = r.tick(200);
    expect(end.events).toEqual([{ type: 'failed', reason: 'block 3 out of sequence (expected 1)' }]);
  });

  it('no sender: the receiver repeats its start character every startIntervalMs, then fails', () => {
    const r = new XmodemReceiver({ protocol: 'ymodem', startIntervalMs: 1000, startTimeoutMs: 3500 });
    const outs = [r.start(0).out];
    for (let t = 1000; t <= 4000 && !r.finished; t = r.nextDeadlineMs()!) outs.push(r.tick(t).out);
    expect(outs.slice(0, 4)).toEqual([[ascii('C')], [ascii('C')], [ascii('C')], [ascii('C')]]);
    expect(last(r.tick(r.nextDeadlineMs()!).events) ?? { type: 'failed' }).toMatchObject({ type: 'failed' });
  });

  it('no receiver: the sender fails after startTimeoutMs', () => {
    const s = new XmodemSender({ protocol: 'xmodem', files: [{ name: 'f', data: pattern(1) }], startTimeoutMs: 5000 });
    s.start(0);
    expect(s.nextDeadlineMs()).toBe(5000);
    expect(s.tick(5000).events).toEqual([{ type: 'ending', reason: "no receiver: no 'C' or NAK within 5000 ms" }]);
    expect(s.tick(5100).events).toEqual([{ type: 'failed', reason: "no receiver: no 'C' or NAK within 5000 ms" }]);
  });
});

describe('YMODEM-g between our engines', () => {
  const g = (files: Array<{ name: string; data: Uint8Array }>, options: PairOptions = {}) =>
    runPair(new XmodemSender({ protocol: 'ymodem', files }), new XmodemReceiver({ protocol: 'ymodem', streaming: true }), options);

  it("'G' streams every size and a batch whole, with no ACK for block 0 or data blocks; EOT is ACKed; the empty block 0 is not answered", () => {
    for (const n of SIZES) {
      const data = pattern(n, 5);
      const r = g([{ name: `g${n}`, data }]);
      expect(last(r.senderEvents), `size ${n}`).toEqual({ type: 'done', files: 1, bytes: n });
      expect(last(r.receiverEvents)).toEqual({ type: 'done', files: 1, bytes: n });
      expect(r.received).toEqual(data);
      // the receiver said: G (start), G (data), ACK (EOT), G (next block 0): nothing else
      expect(Array.from(r.toSender)).toEqual([0x47, 0x47, ACK, 0x47]);
    }
    const files = [{ name: 'a', data: pattern(70_000) }, { name: 'b', data: new Uint8Array(0) }, { name: 'c', data: pattern(129, 9) }];
    const r = g(files);
    expect(r.received).toEqual(Uint8Array.from([...files[0]!.data, ...files[2]!.data]));
    expect(last(r.receiverEvents)).toEqual({ type: 'done', files: 3, bytes: 70_129 });
  });

  it('the stream goes out a slice at a time (more()), never the whole file in one step', () => {
    const s = new XmodemSender({ protocol: 'ymodem', files: [{ name: 'big', data: pattern(100_000) }] });
    s.start(0);
    s.receive(Uint8Array.of(0x47), 0);
    expect(s.tick(200).out.map((c) => c.length)).toEqual([133]); // block 0
    expect(s.receive(Uint8Array.of(0x47), 210).out).toEqual([]);
    const slice = s.more(220).out.reduce((n, c) => n + c.length, 0);
    expect(slice).toBeGreaterThan(0);
    expect(slice).toBeLessThanOrEqual(9 * 1029);
  });

  it('a corrupted block cannot be sent again: the receiver cancels (CAN CAN) and reports why; the sender reports the peer cancelled', () => {
    let n = 0;
    const r = g([{ name: 'x', data: pattern(20_000) }], {
      alter: (b, dir) => {
        if (dir === 'toReceiver' && b.length > 1000 && ++n === 2) {
          const c = b.slice();
          c[500] = c[500]! ^ 0x20;
          return c;
        }
        return b;
      },
    });
    expect(last(r.receiverEvents)).toMatchObject({ type: 'failed', reason: expect.stringMatching(/^YMODEM-g: block \d+: CRC wrong; a streamed block cannot be sent again$/) });
    expect(last(r.senderEvents)).toEqual({ type: 'cancelled', by: 'peer' });
  });

  it("after a bad streamed block, each EOT the sender then waits on gets the cancel again (lrzsz's sb re-sends EOT); an 0x04 inside the stream does not", () => {
    const r = new XmodemReceiver({ protocol: 'ymodem', streaming: true });
    r.start(0);
    const b0 = encodeBlock0({ name: 'x', size: 4096, mtime: null });
    expect(r.receive(buildBlock(0, 128, b0, 0, b0.length, 'crc', 0), 10).out).toEqual([ascii('G')]);
    const data = new Uint8Array(4096).fill(EOT);
    const bad = buildBlock(1, 1024, data, 0, 1024, 'crc');
    bad[100] = bad[100]! ^ 1;
    const failed = r.receive(bad, 20);
    expect(failed.discardQueued).toBe(true);
    const abort = concat(failed.out);
    expect(abort[0]).toBe(CAN);
    // the stream goes on; a piece ends on a data byte 0x04 but more follows before the line is quiet
    const block2 = buildBlock(2, 1024, data, 1024, 2048, 'crc');
    expect(r.receive(block2.subarray(0, 500), 30).out).toEqual([]);
    expect(r.receive(block2.subarray(500), 40).out).toEqual([]);
    let t = 50;
    for (let i = 0; i < 12; i++) {
      expect(r.receive(Uint8Array.of(EOT), t).out).toEqual([]);
      t += 100;
      expect(concat(r.tick(t).out)).toEqual(abort);
      expect(r.finished).toBe(false);
    }
    // answered enough: the next quiet ends it
    r.receive(Uint8Array.of(EOT), t);
    const end = r.tick(t + 100);
    expect(end.out).toEqual([]);
    expect(last(end.events)).toMatchObject({ type: 'failed', reason: expect.stringMatching(/CRC wrong/) });
  });

  it('Cancel mid-stream drains the stream for as long as it flows (past 60 s), then ends cancelled; a second Cancel ends it at once', () => {
    const r = new XmodemReceiver({ protocol: 'ymodem', streaming: true });
    r.start(0);
    const b0 = encodeBlock0({ name: 'x', size: 1 << 20, mtime: null });
    r.receive(buildBlock(0, 128, b0, 0, b0.length, 'crc', 0), 10);
    const data = new Uint8Array(1024).fill(0x41);
    r.receive(buildBlock(1, 1024, data, 0, 1024, 'crc'), 20);
    const cancelled = r.cancel(30);
    expect(cancelled.out[0]![0]).toBe(CAN);
    expect(cancelled.discardQueued).toBe(true);
    // sb does not read while it streams: its blocks keep coming for two minutes, 50 ms apart
    let t = 30;
    for (let n = 2; t < 120_000; n++) {
      t += 50;
      r.tick(t);
      r.receive(buildBlock(n & 0xff, 1024, data, 0, 1024, 'crc'), t);
      expect(r.finished).toBe(false);
    }
    // the line goes quiet: cancelled, by us
    const end = r.tick(t + 100);
    expect(last(end.events)).toEqual({ type: 'cancelled', by: 'local' });

    // a second Cancel does not wait for the tail
    const q = new XmodemReceiver({ protocol: 'ymodem', streaming: true });
    q.start(0);
    q.receive(buildBlock(0, 128, b0, 0, b0.length, 'crc', 0), 10);
    q.receive(buildBlock(1, 1024, data, 0, 1024, 'crc'), 20);
    q.cancel(30);
    q.receive(buildBlock(2, 1024, data, 0, 1024, 'crc'), 40);
    expect(last(q.cancel(50).events)).toEqual({ type: 'cancelled', by: 'local' });
    expect(q.finished).toBe(true);
  });

  it('YMODEM-g is YMODEM with CRC only', () => {
    expect(() => new XmodemReceiver({ protocol: 'xmodem', streaming: true })).toThrow(RangeError);
    expect(() => new XmodemReceiver({ protocol: 'ymodem', check: 'checksum', streaming: true })).toThrow(RangeError);
  });
});

describe('properties', () => {
  /** Cut `b` at random points. */
  const cutter = (seed: number) => {
    let x = seed >>> 0 || 1;
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0), x / 2 ** 32);
    return (b: Uint8Array) => {
      const out: Uint8Array[] = [];
      let i = 0;
      while (i < b.length) {
        const n = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 4 : 700));
        out.push(b.subarray(i, i + n));
        i += n;
      }
      return out.length > 0 ? out : [b];
    };
  };
  const strip = (r: ReturnType<typeof runPair>) => ({
    s: r.senderEvents,
    r: r.receiverEvents.filter((e) => e.type !== 'data'),
    data: r.received,
    up: r.toReceiver,
    down: r.toSender,
  });

  it('any chunking of either side\'s bytes gives the same transfer (XMODEM, YMODEM and YMODEM-g, every check and block choice)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('xmodem', 'ymodem', 'ymodem-g'),
        fc.constantFrom('crc', 'checksum'),
        fc.constantFrom<BlockChoice>('128', '1k', 'force-1k'),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer(),
        (kind, check, blocks, n, seed) => {
          const protocol = kind === 'xmodem' ? 'xmodem' : 'ymodem';
          const streaming = kind === 'ymodem-g';
          const run = (split?: PairOptions['split']) =>
            runPair(
              new XmodemSender({ protocol, files: [{ name: 'p', data: pattern(n, seed) }], blocks }),
              new XmodemReceiver({ protocol, check: streaming ? 'crc' : check, streaming }),
              { split },
            );
          const whole = run();
          const cut = run(cutter(seed));
          expect(strip(cut)).toEqual(strip(whole));
          expect(last(whole.senderEvents)?.type).toBe('done');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('any chunking with noise and faults: each side ends in the same state as with whole chunks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4000 }), fc.integer(), fc.integer({ min: 1, max: 6 }), (n, seed, every) => {
        const fault = () => {
          let k = 0;
          return (b: Uint8Array, dir: string) => {
            k++;
            if (dir === 'toReceiver' && b.length > 10 && k % (every + 2) === 0) {
              const c = b.slice();
              c[(seed >>> 0) % c.length]! ^= 0x01;
              return c;
            }
            return b;
          };
        };
        const run = (split?: PairOptions['split']) =>
          runPair(new XmodemSender({ protocol: 'ymodem', files: [{ name: 'q', data: pattern(n, seed) }] }), new XmodemReceiver({ protocol: 'ymodem' }), {
            split,
            alter: fault(),
          });
        const whole = run();
        expect(strip(run(cutter(seed))).r).toEqual(strip(whole).r);
        if (last(whole.senderEvents)?.type === 'done') expect(whole.received).toEqual(pattern(n, seed));
      }),
      { numRuns: 40 },
    );
  });
});
