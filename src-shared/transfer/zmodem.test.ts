/**
 * ZMODEM: the framing (CRC vectors, ZDLE escaping of every byte value, headers as lrzsz writes them, the
 * reader over any split, its bounds), the auto-start detector over any split, and the engines against
 * each other on a simulated clock (transfer-pair.ts): the sizes around the subpacket edges, CRC-16 and
 * segmented receivers, resume and skip, faults (corrupted and lost chunks -> ZRPOS), cancels both ways,
 * the hand-back after "OO"; properties: any chunking of the peer's bytes gives the same result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16 } from './crc.js';
import { runPair, type PairOptions } from './transfer-pair.js';
import type { TransferEvent } from './types.js';
import { ZMODEM_ABORT } from './zmodem-engine.js';
import {
  CANFC32, CANFDX, CANOVIO, ZACK, ZBIN, ZBIN32, ZCRCE, ZCRCG, ZCRCQ, ZCRCW, ZDATA, ZDLE, ZFILE, ZFIN, ZRINIT, ZRPOS, ZRQINIT,
  ZdleEncoder, ZmodemDetector, ZmodemReader, binHeader, crc16Update, crc32, detectZmodemStart, hexHeader, posBytes, subpacket,
  type ReadItem,
} from './zmodem-frame.js';
import { ZmodemReceiver, safeFileName, type ZmodemReceiverOptions } from './zmodem-receiver.js';
import { ZmodemSender, type ZmodemSenderOptions } from './zmodem-sender.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const latin1 = (b: Uint8Array) => Array.from(b, (c) => String.fromCharCode(c)).join('');
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
/** Same bytes (one expect, not one per byte). */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Bytes of every value (0xFF, XON, XOFF, CAN, '@' CR included), shifting every 256. */
function pattern(n: number, seed = 0): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8) + seed) & 0xff;
  if (n >= 4) b.set([0x40, 0x0d, 0xc0, 0x8d], 0);
  return b;
}

/** Everything a reader finds in `bytes` fed in `pieces` (data copied). */
function readAll(reader: ZmodemReader, pieces: Uint8Array[]): ReadItem[] {
  const items: ReadItem[] = [];
  for (const p of pieces) {
    let i = 0;
    while (i < p.length) {
      i = reader.read(p, i);
      const it = reader.item;
      if (it) items.push(it.kind === 'data' ? { ...it, data: it.data.slice() } : it);
    }
  }
  return items;
}

/** Cut `b` at the sorted `cuts` (indices, any; out-of-range ignored). */
function cutAt(b: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of at) {
    out.push(b.subarray(prev, c));
    prev = c;
  }
  out.push(b.subarray(prev));
  return out.filter((p) => p.length > 0);
}

const last = (evs: TransferEvent[]) => evs[evs.length - 1];
const quiet = (evs: TransferEvent[]) => evs.filter((e) => e.type !== 'progress' && e.type !== 'data' && e.type !== 'retry');

describe('ZMODEM framing', () => {
  it('CRC-32 and CRC-16 match the catalogue vectors; the incremental CRC-16 is crc.ts one', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc16Update(0, ascii('123456789'))).toBe(0x31c3);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (b, cut) => {
      const k = cut % (b.length + 1);
      expect(crc16Update(crc16Update(0, b, 0, k), b, k)).toBe(crc16(b));
    }));
  });

  it('hex headers are the bytes lrzsz writes (ZRINIT of rz, ZRQINIT of sz; no XON after ZFIN and ZACK)', () => {
    expect(latin1(hexHeader(ZRINIT, [0, 0, 0, CANFDX | CANOVIO | CANFC32]))).toBe('**\x18B0100000023be50\r\x8a\x11');
    expect(latin1(hexHeader(ZRQINIT, [0, 0, 0, 0]))).toBe('**\x18B00000000000000\r\x8a\x11');
    expect(latin1(hexHeader(ZFIN, [0, 0, 0, 0]))).toBe('**\x18B0800000000022d\r\x8a');
    expect(hexHeader(ZACK, posBytes(5)).at(-1)).toBe(0x8a);
  });

  it('escaping: every byte value round-trips, and what must not be on the line is not (both modes, any split)', () => {
    const all = Uint8Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 255 - (i - 256)));
    for (const escapeAll of [false, true]) {
      for (const crc of [true, false]) {
        const enc = new ZdleEncoder(escapeAll);
        const wire = concat([binHeader(enc, ZDATA, posBytes(0), crc), subpacket(enc, all, 0, all.length, ZCRCE, crc)]);
        for (const bad of [0x11, 0x13, 0x91, 0x93, 0x10, 0x90, 0x98]) expect(wire.slice(3).includes(bad), `0x${bad.toString(16)}`).toBe(false);
        // CAN only as ZDLE, never twice in a row
        for (let i = 1; i < wire.length; i++) expect(wire[i - 1] === ZDLE && wire[i] === ZDLE).toBe(false);
        // CR never right after '@'
        for (let i = 1; i < wire.length; i++) expect((wire[i - 1]! & 0x7f) === 0x40 && (wire[i]! & 0x7f) === 0x0d).toBe(false);
        if (escapeAll) for (let i = 3; i < wire.length; i++) if ((wire[i]! & 0x60) === 0) expect(wire[i]).toBe(ZDLE);
        fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (cuts) => {
          const items = readAll(new ZmodemReader(), cutAt(wire, cuts));
          expect(items.map((i) => i.kind)).toEqual(['header', 'data']);
          expect(items[0]).toMatchObject({ type: ZDATA, format: crc ? 'bin32' : 'bin16' });
          expect(items[1]).toMatchObject({ kind: 'data', end: ZCRCE });
          expect(same((items[1] as { data: Uint8Array }).data, all)).toBe(true);
        }), { numRuns: 30 });
      }
    }
  });

  it('property: any data, subpacket ends and split come back as sent', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(ZCRCG, ZCRCQ)), { maxLength: 5 }),
      fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }),
      (packets, crc, escapeAll, cuts) => {
        const enc = new ZdleEncoder(escapeAll);
        const parts = [ascii('garbage *\x18 before'), binHeader(enc, ZFILE, [0, 0, 0, 1], crc)];
        for (const [d, end] of packets) parts.push(subpacket(enc, d, 0, d.length, end, crc));
        parts.push(subpacket(enc, ascii('last'), 0, 4, ZCRCW, crc), hexHeader(ZRPOS, posBytes(0x12345678)));
        const items = readAll(new ZmodemReader(), cutAt(concat(parts), cuts));
        expect(items.length).toBe(packets.length + 3);
        packets.forEach(([d, end], k) => expect(items[k + 1]).toEqual({ kind: 'data', data: d, end }));
        expect(items.at(-2)).toEqual({ kind: 'data', data: ascii('last'), end: ZCRCW });
        expect(items.at(-1)).toMatchObject({ kind: 'header', type: ZRPOS, b: posBytes(0x12345678), format: 'hex' });
      },
    ), { numRuns: 200 });
  });

  it('a flipped bit in a header or subpacket is reported, and the next frame is read', () => {
    const enc = new ZdleEncoder();
    const good = concat([binHeader(enc, ZDATA, posBytes(0), true), subpacket(enc, pattern(300), 0, 300, ZCRCE, true)]);
    const hdrLen = binHeader(new ZdleEncoder(), ZDATA, posBytes(0), true).length;
    for (const at of [4, hdrLen + 10, good.length - 2]) {
      const bad = good.slice();
      bad[at]! ^= 0x04;
      const items = readAll(new ZmodemReader(), [bad, hexHeader(ZFIN, [0, 0, 0, 0])]);
      expect(items.some((i) => i.kind === 'error')).toBe(true);
      expect(items.at(-1)).toMatchObject({ kind: 'header', type: ZFIN });
    }
    const hex = hexHeader(ZRINIT, [0, 0, 0, 0x23]);
    hex[6] = 0x37;
    expect(readAll(new ZmodemReader(), [hex])).toEqual([expect.objectContaining({ kind: 'error' })]);
  });

  it('is bounded: a subpacket longer than the limit is an error; five CANs are a cancel anywhere', () => {
    const enc = new ZdleEncoder();
    const long = concat([binHeader(enc, ZDATA, posBytes(0), false), subpacket(enc, pattern(2000), 0, 2000, ZCRCW, false)]);
    const items = readAll(new ZmodemReader(1024), [long]);
    expect(items[1]).toMatchObject({ kind: 'error', inData: true });
    expect(items.length).toBe(2);
    const mid = concat([binHeader(enc, ZDATA, posBytes(0), true), pattern(50), Uint8Array.of(0x18, 0x18, 0x18, 0x18, 0x18)]);
    expect(readAll(new ZmodemReader(), cutAt(mid, [3, 60]))).toContainEqual({ kind: 'cancel' });
    expect(readAll(new ZmodemReader(), [ascii('\x18\x18\x18\x18\x18\x08\x08')])).toEqual([{ kind: 'cancel' }]);
  });

  it('ZBIN (CRC-16) and ZBIN32 headers round-trip with their format', () => {
    for (const crc of [false, true]) {
      const h = binHeader(new ZdleEncoder(), ZRPOS, posBytes(0x18131191), crc);
      expect(h[2]).toBe(crc ? ZBIN32 : ZBIN);
      expect(readAll(new ZmodemReader(), [...h].map((b) => Uint8Array.of(b)))).toEqual([
        { kind: 'header', type: ZRPOS, b: posBytes(0x18131191), format: crc ? 'bin32' : 'bin16' },
      ]);
    }
  });
});

describe('auto-start detection', () => {
  const szStart = ascii('prompt$ sz f\r\nrz\r**\x18B00000000000000\r\x8a\x11');
  it('finds sz\'s ZRQINIT (receive) and rz\'s ZRINIT (send) at every split, once', () => {
    for (let cut = 0; cut <= szStart.length; cut++) {
      const d = new ZmodemDetector();
      const a = d.push(szStart.subarray(0, cut));
      const b = d.push(szStart.subarray(cut));
      const hit = a ?? b;
      expect(a === null || b === null).toBe(true);
      expect(hit?.kind).toBe('receive');
      const base = a ? 0 : cut;
      expect(base + hit!.start).toBe(17);
      expect(base + hit!.end).toBe(23);
    }
    expect(detectZmodemStart(hexHeader(ZRINIT, [0, 0, 0, 0x23]))).toEqual({ kind: 'send', start: 0, end: 6 });
    expect(detectZmodemStart(ascii('**\x18B02 **\x18C0 * * \x18B00'))).toBeNull();
  });
  it('property: byte by byte or in any pieces, each start is reported exactly once', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 10 }), (cuts) => {
      const stream = concat([szStart, ascii('text'), hexHeader(ZRINIT, [0, 0, 0, 0x23]), ascii('**\x18B0')]);
      const d = new ZmodemDetector();
      const kinds: string[] = [];
      for (let p of cutAt(stream, cuts)) {
        // one start per push: a caller that goes on scanning pushes what follows it
        for (let hit = d.push(p); hit; hit = d.push(p)) {
          kinds.push(hit.kind);
          p = p.subarray(hit.end);
        }
      }
      expect(kinds).toEqual(['receive', 'send']);
    }));
  });
});

describe('safeFileName', () => {
  it('keeps a base name and nothing that climbs out or controls the terminal', () => {
    expect(safeFileName('a.bin')).toBe('a.bin');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\x\\y.txt')).toBe('y.txt');
    expect(safeFileName('..')).toBe('_');
    expect(safeFileName('')).toBe('received.bin');
    expect(safeFileName('a\x1b[2Jb')).toBe('a_[2Jb');
  });
});

interface Case {
  sizes: number[];
  sender?: Partial<ZmodemSenderOptions>;
  receiver?: ZmodemReceiverOptions;
  pair?: PairOptions;
}

function transfer(c: Case) {
  const datas = c.sizes.map((n, k) => pattern(n, k));
  const sender = new ZmodemSender({ files: datas.map((d, k) => ({ name: `f${k}.bin`, size: d.length, bytes: d, mtime: 1_700_000_000 + k })), ...c.sender });
  const receiver = new ZmodemReceiver(c.receiver);
  const r = runPair(sender, receiver, c.pair);
  return { ...r, datas, want: concat(datas) };
}

describe('ZMODEM engine to engine', () => {
  it('every size around the subpacket edges, in one batch: data, names, sizes, mtimes and events', () => {
    const sizes = [0, 1, 127, 128, 129, 1023, 1024, 1025, 8191, 8192, 8193, 100_000];
    const r = transfer({ sizes });
    expect(same(r.received, r.want)).toBe(true);
    expect(last(r.receiverEvents)).toEqual({ type: 'done', files: sizes.length, bytes: r.want.length });
    expect(last(r.senderEvents)).toEqual({ type: 'done', files: sizes.length, bytes: r.want.length });
    expect(r.receiverEvents.filter((e) => e.type === 'file')).toEqual(sizes.map((n, k) => ({ type: 'file', name: `f${k}.bin`, size: n, mtime: 1_700_000_000 + k })));
    expect(r.receiverEvents.filter((e) => e.type === 'retry')).toEqual([]);
    expect(r.senderEvents.filter((e) => e.type === 'retry')).toEqual([]);
    expect(r.receiverRest.length + r.senderRest.length).toBe(0);
    expect(r.endMs).toBeLessThan(5000);
  });

  for (const [name, c] of [
    ['a CRC-16 receiver (ZRINIT without CANFC32)', {
      pair: { alter: (b: Uint8Array, dir: string) => (dir === 'toSender' && latin1(b).startsWith('**\x18B01') ? hexHeader(ZRINIT, [0, 0, 0, CANFDX | CANOVIO]) : b) },
    }],
    ['a receiver with a 4 KiB buffer (segmented: ZCRCW and ZACK)', { receiver: { bufferSize: 4096 } }],
    ['a half-duplex receiver (ZCRCW per subpacket)', {
      pair: { alter: (b: Uint8Array, dir: string) => (dir === 'toSender' && latin1(b).startsWith('**\x18B01') ? hexHeader(ZRINIT, [0, 0, 0, CANFC32]) : b) },
    }],
    ['an ESCCTL receiver, 8 KiB subpackets', { receiver: { escapeControls: true }, sender: { subpacketSize: 8192, windowBytes: 65536 } }],
    ['a chunk reader, 32-byte subpackets, a small window', { sender: { subpacketSize: 32, windowBytes: 96 }, reader: true }],
  ] as Array<[string, Case & { reader?: boolean }]>) {
    it(`works with ${name}`, () => {
      const sizes = [0, 5, 3000, 20_000];
      const datas = sizes.map((n, k) => pattern(n, k));
      const files = datas.map((d, k) => (c.reader
        ? { name: `f${k}`, size: d.length, read: (o: number, n: number) => d.slice(o, o + n) }
        : { name: `f${k}`, size: d.length, bytes: d }));
      const r = runPair(new ZmodemSender({ files, ...c.sender }), new ZmodemReceiver(c.receiver), c.pair);
      expect(same(r.received, concat(datas))).toBe(true);
      expect(last(r.senderEvents)?.type).toBe('done');
      expect(last(r.receiverEvents)?.type).toBe('done');
      if (name.includes('CRC-16')) {
        expect(latin1(r.toReceiver)).toContain('*\x18A');
        expect(latin1(r.toReceiver)).not.toContain('*\x18C');
      }
    });
  }

  it('the sender never runs more than its window ahead of the last ZACK (work per chunk is bounded)', () => {
    const data = pattern(300_000);
    const s = new ZmodemSender({ files: [{ name: 'x', size: data.length, bytes: data }], windowBytes: 16384 });
    s.start(0);
    s.receive(hexHeader(ZRINIT, [0, 0, 0, 0x23]), 1);
    const step = s.receive(hexHeader(ZRPOS, posBytes(0)), 2);
    const sent = step.out.reduce((n, o) => n + o.length, 0);
    expect(sent).toBeGreaterThan(16384);
    expect(sent).toBeLessThan(16384 * 2.2);
    expect(s.receive(new Uint8Array(0), 3).out).toEqual([]);
    const more = s.receive(hexHeader(ZACK, posBytes(4096)), 4).out.reduce((n, o) => n + o.length, 0);
    expect(more).toBeGreaterThan(4096);
    expect(more).toBeLessThan(4096 * 2.2);
  });

  it('resume: the receiver has 5000 bytes, asks for the rest (ZRPOS 5000); skip: ZSKIP, the sender goes on', () => {
    const r = transfer({ sizes: [12_000, 3000, 7000], receiver: { onFile: (f) => (f.name === 'f0.bin' ? 5000 : f.name === 'f1.bin' ? 'skip' : 0) } });
    const want = concat([r.datas[0]!.subarray(5000), r.datas[2]!]);
    expect(same(r.received, want)).toBe(true);
    expect(quiet(r.senderEvents)).toEqual([
      { type: 'file', name: 'f0.bin', size: 12_000, mtime: 1_700_000_000 },
      { type: 'fileEnd', name: 'f0.bin', bytes: 7000 },
      { type: 'file', name: 'f1.bin', size: 3000, mtime: 1_700_000_001 },
      { type: 'fileEnd', name: 'f1.bin', bytes: 0 },
      { type: 'file', name: 'f2.bin', size: 7000, mtime: 1_700_000_002 },
      { type: 'fileEnd', name: 'f2.bin', bytes: 7000 },
      { type: 'done', files: 3, bytes: 14_000 },
    ]);
    expect(quiet(r.receiverEvents).filter((e) => e.type === 'fileEnd')).toEqual([
      { type: 'fileEnd', name: 'f0.bin', bytes: 7000 },
      { type: 'fileEnd', name: 'f1.bin', bytes: 0 },
      { type: 'fileEnd', name: 'f2.bin', bytes: 7000 },
    ]);
  });

  it('ZCRESUM: the sender asks, the receiver\'s onFile is told', () => {
    const offers: boolean[] = [];
    transfer({ sizes: [10], sender: { resume: true }, receiver: { onFile: (f) => void offers.push(f.resume) } });
    expect(offers).toEqual([true]);
  });

  it('a corrupted subpacket: ZRPOS, the sender goes back there, the file arrives whole, once', () => {
    let n = 0;
    const r = transfer({
      sizes: [50_000],
      pair: {
        alter: (b, dir) => {
          if (dir !== 'toReceiver' || b.length < 500 || ++n !== 10) return b;
          const c = b.slice();
          c[200]! ^= 0x01;
          return c;
        },
      },
    });
    expect(same(r.received, r.want)).toBe(true);
    expect(r.receiverEvents.filter((e) => e.type === 'retry').length).toBeGreaterThanOrEqual(1);
    expect(r.senderEvents.some((e) => e.type === 'retry' && /ZRPOS/.test(e.reason))).toBe(true);
    expect(last(r.senderEvents)?.type).toBe('done');
    expect(latin1(r.toSender)).toContain('**\x18B09');
  });

  it('property: corrupted and lost chunks either way, at any place, still give the file whole', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(400), fc.nat(5000), fc.constantFrom('flip', 'drop')), { maxLength: 4 }),
      fc.array(fc.nat(60), { maxLength: 2 }),
      (faults, backFaults) => {
        let toR = 0;
        let toS = 0;
        const r = transfer({
          sizes: [0, 20_000, 777],
          pair: {
            alter: (b, dir) => {
              if (dir === 'toSender') {
                toS++;
                return backFaults.includes(toS) ? new Uint8Array(0) : b;
              }
              toR++;
              const f = faults.find(([k]) => k % 40 === toR);
              if (!f) return b;
              // a lost header; a subpacket that loses bytes (a whole subpacket lost cleanly between two others is
              // beyond ZMODEM's error model, as in lrzsz: each CRC covers its own subpacket only)
              if (f[2] === 'drop') return b[0] === 0x2a ? new Uint8Array(0) : concat([b.subarray(0, 1), b.subarray(Math.max(2, b.length >> 1))]);
              const c = b.slice();
              c[f[1] % c.length]! ^= 0x20;
              return c;
            },
          },
        });
        expect(same(r.received, r.want)).toBe(true);
        expect(last(r.receiverEvents)?.type).toBe('done');
        expect(['done']).toContain(last(r.senderEvents)?.type);
      },
    ), { numRuns: 60 });
  });

  it('property: any chunking of each side\'s bytes gives the same data, events and rest', () => {
    const ref = transfer({ sizes: [0, 1, 1025, 9000] });
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 6 }), fc.nat(), (sizes, seed) => {
      let k = seed;
      const split = (b: Uint8Array) => {
        const out: Uint8Array[] = [];
        for (let i = 0; i < b.length; ) {
          const n = sizes[k++ % sizes.length]!;
          out.push(b.subarray(i, i + n));
          i += n;
        }
        return out;
      };
      const r = transfer({ sizes: [0, 1, 1025, 9000], pair: { split } });
      expect(same(r.received, ref.want)).toBe(true);
      expect(quiet(r.receiverEvents)).toEqual(quiet(ref.receiverEvents));
      expect(quiet(r.senderEvents)).toEqual(quiet(ref.senderEvents));
      expect(r.receiverEvents.filter((e) => e.type === 'retry')).toEqual([]);
    }), { numRuns: 60 });
  });

  it('byte by byte both ways', () => {
    const r = transfer({ sizes: [3000, 0], pair: { split: (b) => [...b].map((x) => Uint8Array.of(x)) } });
    expect(same(r.received, r.want)).toBe(true);
    expect(last(r.receiverEvents)?.type).toBe('done');
  });
});

describe('ZMODEM ends', () => {
  /** Drive a receiver through one small file by hand; returns it waiting after our ZFIN. */
  function receiverAtFin() {
    const rx = new ZmodemReceiver();
    rx.start(0);
    const enc = new ZdleEncoder();
    const info = ascii('a\x003 0 0\x00');
    rx.receive(concat([binHeader(enc, ZFILE, [0, 0, 0, 1], true), subpacket(enc, info, 0, info.length, ZCRCW, true)]), 1);
    rx.receive(concat([binHeader(enc, ZDATA, posBytes(0), true), subpacket(enc, ascii('abc'), 0, 3, ZCRCE, true), binHeader(enc, 11, posBytes(3), true)]), 2);
    const fin = rx.receive(hexHeader(ZFIN, [0, 0, 0, 0]), 3);
    expect(fin.out.map(latin1)).toEqual(['**\x18B0800000000022d\r\x8a']);
    return rx;
  }

  it('the bytes after "OO" are the terminal\'s, however they are split', () => {
    const tail = ascii('OOprompt$ ');
    for (let cut = 0; cut <= tail.length; cut++) {
      const rx = receiverAtFin();
      const a = rx.receive(tail.subarray(0, cut), 4);
      const b = rx.receive(tail.subarray(cut), 5);
      expect(latin1(concat([a.rest, b.rest]))).toBe('prompt$ ');
      expect(last([...a.events, ...b.events])).toEqual({ type: 'done', files: 1, bytes: 3 });
    }
  });

  it('no "OO" (the sender lost it): the prompt still ends the transfer and is the terminal\'s; silence ends it after 2 s', () => {
    const rx = receiverAtFin();
    const s = rx.receive(ascii('\r\x8aprompt$ '), 4);
    expect(latin1(s.rest)).toBe('prompt$ ');
    expect(rx.finished).toBe(true);
    const quietRx = receiverAtFin();
    expect(quietRx.nextDeadlineMs()).toBe(3 + 2000);
    expect(quietRx.tick(2003).events).toEqual([{ type: 'done', files: 1, bytes: 3 }]);
  });

  it('the sender swallows the CR LF after the receiver\'s ZFIN and hands back what follows', () => {
    const r = transfer({ sizes: [10], pair: { alter: (b, dir) => (dir === 'toSender' && latin1(b).startsWith('**\x18B08') ? concat([b, ascii('$ ')]) : b) } });
    expect(latin1(r.senderRest)).toBe('$ ');
    expect(latin1(r.toReceiver).endsWith('OO')).toBe(true);
  });

  it('cancel by the receiver: 8 CAN 8 BS; the sender reports the peer\'s cancel; both end after a quiet line', () => {
    const r = transfer({
      sizes: [200_000],
      pair: { onEvent: (who, ev, c) => { if (who === 'receiver' && ev.type === 'progress' && ev.bytes > 50_000) c.cancel('receiver'); } },
    });
    expect(last(r.receiverEvents)).toEqual({ type: 'cancelled', by: 'local' });
    expect(last(r.senderEvents)).toEqual({ type: 'cancelled', by: 'peer' });
    expect(latin1(r.toSender).endsWith(latin1(ZMODEM_ABORT))).toBe(true);
  });

  it('cancel by the sender: the receiver reports the peer\'s cancel and keeps what came', () => {
    const r = transfer({
      sizes: [200_000],
      pair: { onEvent: (who, ev, c) => { if (who === 'sender' && ev.type === 'progress' && ev.bytes > 50_000) c.cancel('sender'); } },
    });
    expect(last(r.senderEvents)).toEqual({ type: 'cancelled', by: 'local' });
    expect(last(r.receiverEvents)).toEqual({ type: 'cancelled', by: 'peer' });
    expect(same(r.received, r.want.subarray(0, r.received.length))).toBe(true);
  });

  it('nobody there: the sender fails after startTimeoutMs (ZRQINIT repeated), the receiver likewise (ZRINIT repeated)', () => {
    const s = new ZmodemSender({ files: [{ name: 'x', size: 1, bytes: Uint8Array.of(1) }], startTimeoutMs: 10_000, startIntervalMs: 3000, quietMs: 100 });
    const first = s.start(0);
    expect(latin1(concat(first.out))).toBe('rz\r**\x18B00000000000000\r\x8a\x11');
    let now = 0;
    const evs: TransferEvent[] = [];
    let zrqinits = 0;
    while (!s.finished && now < 60_000) {
      now = s.nextDeadlineMs()!;
      const st = s.tick(now);
      zrqinits += st.out.filter((o) => latin1(o).startsWith('**\x18B00')).length;
      evs.push(...st.events);
    }
    expect(zrqinits).toBe(3);
    expect(last(evs)).toMatchObject({ type: 'failed', reason: expect.stringContaining('no ZRINIT') });
    const r = new ZmodemReceiver({ startTimeoutMs: 9000, startIntervalMs: 3000 });
    r.start(0);
    now = 0;
    while (!r.finished && now < 60_000) {
      now = r.nextDeadlineMs()!;
      evs.push(...r.tick(now).events);
    }
    expect(last(evs)).toMatchObject({ type: 'failed', reason: expect.stringContaining('no sender') });
  });

  it('an echoing shell in the way (our ZRQINIT comes back) does not confuse the sender', () => {
    const r = transfer({ sizes: [5000], pair: { alter: (b, dir) => (dir === 'toSender' && latin1(b).startsWith('**\x18B01') ? concat([hexHeader(ZRQINIT, [0, 0, 0, 0]), b]) : b) } });
    expect(same(r.received, r.want)).toBe(true);
  });
});
