import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHexRow, HexRowBuilder, type HexDirection, type HexRow } from './hex-rows.js';

const chunk = fc.record({
  dir: fc.constantFrom<HexDirection>('rx', 'tx'),
  bytes: fc.uint8Array({ minLength: 0, maxLength: 40 }),
  gap: fc.integer({ min: 0, max: 250 }),
});

describe('HexRowBuilder (properties)', () => {
  it('any bytes, any split, any interleaving: the rows are exactly the bytes, in order, each in its direction', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 40 }), fc.constantFrom<8 | 16>(8, 16), (chunks, width) => {
        const b = new HexRowBuilder({ width, gapMs: 100 });
        const rows: HexRow[] = [];
        let now = 1_000_000;
        const sent: number[] = [];
        const got: number[] = [];
        const sentByDir = { rx: [] as number[], tx: [] as number[] };
        for (const c of chunks) {
          now += c.gap;
          rows.push(...b.push(c.dir, c.bytes, now));
          for (const x of c.bytes) {
            sent.push(c.dir === 'rx' ? x : x + 256);
            sentByDir[c.dir].push(x);
          }
        }
        rows.push(...b.flush());
        const offsets = { rx: 0, tx: 0 };
        for (const r of rows) {
          if (r.kind !== 'bytes') continue;
          expect(r.bytes.length).toBeGreaterThan(0);
          expect(r.bytes.length).toBeLessThanOrEqual(width);
          expect(r.offset).toBe(offsets[r.dir]); // offsets count each direction's bytes
          offsets[r.dir] += r.bytes.length;
          for (const x of r.bytes) got.push(r.dir === 'rx' ? x : x + 256);
        }
        expect(got).toEqual(sent);
      }),
      { seed: 1201, numRuns: 400 },
    );
  });

  it('a row never spans a change of direction or an idle gap', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (chunks) => {
        const b = new HexRowBuilder({ width: 16, gapMs: 100 });
        let now = 0;
        // each byte tagged with the "frame" it belongs to: a new frame at each direction change or gap
        let frame = 0;
        let last: { dir: HexDirection; at: number } | null = null;
        const frameOf: number[] = [];
        const rows: HexRow[] = [];
        for (const c of chunks) {
          now += c.gap;
          if (c.bytes.length === 0) continue;
          if (last && (last.dir !== c.dir || now - last.at >= 100)) frame++;
          last = { dir: c.dir, at: now };
          for (let i = 0; i < c.bytes.length; i++) frameOf.push(frame);
          rows.push(...b.push(c.dir, c.bytes, now));
        }
        rows.push(...b.flush());
        let k = 0;
        for (const r of rows) {
          if (r.kind !== 'bytes') continue;
          const frames = new Set(frameOf.slice(k, k + r.bytes.length));
          expect(frames.size).toBe(1);
          k += r.bytes.length;
        }
      }),
      { seed: 1202, numRuns: 300 },
    );
  });
});

describe('HexRowBuilder', () => {
  it('ends the open row after the idle gap, and puts events between rows', () => {
    const b = new HexRowBuilder({ width: 16, gapMs: 100 });
    expect(b.push('rx', Uint8Array.from([0x41, 0x54]), 0)).toEqual([]);
    expect(b.open?.bytes).toEqual(Uint8Array.from([0x41, 0x54]));
    expect(b.idleAt).toBe(100);
    expect(b.closeIdle(99)).toEqual([]);
    expect(b.closeIdle(100)).toMatchObject([{ kind: 'bytes', dir: 'rx', offset: 0, t: 0 }]);
    b.push('rx', Uint8Array.from([0x0d]), 150);
    expect(b.event('DCD on', 160)).toMatchObject([{ kind: 'bytes', offset: 2 }, { kind: 'event', text: 'DCD on', t: 160 }]);
  });

  it('formats a row as the log does: offset, direction, time, hex in two groups, printable column', () => {
    const row: HexRow = { kind: 'bytes', dir: 'tx', offset: 0x10, t: 1500, bytes: Uint8Array.from([0x41, 0x54, 0x0d, 0xff, 0, 1, 2, 3, 4]) };
    expect(formatHexRow(row, { width: 16, timestamps: 'delta' }, 1000)).toBe(
      '00000010 >    +0.500  41 54 0d ff 00 01 02 03  04                      |AT.......|',
    );
    expect(formatHexRow({ kind: 'event', t: 1500, text: 'BREAK received' }, { width: 8, timestamps: 'none' }, null)).toBe('         *  BREAK received');
  });
});
