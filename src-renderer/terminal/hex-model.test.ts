import { describe, expect, it } from 'vitest';
import { HexHistory, hexEventText, type HexChunk } from './hex-history.js';
import { HexModel, hexColumn, printableColumn, printableTable } from './hex-model.js';

const b = (...xs: number[]) => Uint8Array.from(xs);
const rx = (t: number, ...xs: number[]): HexChunk => ({ kind: 'rx', t, bytes: b(...xs) });
const tx = (t: number, ...xs: number[]): HexChunk => ({ kind: 'tx', t, bytes: b(...xs) });
const opts = { width: 8 as const, gapMs: 100 };

describe('HexHistory', () => {
  it('keeps chunks within its byte bound, oldest dropped, and the dropped bytes as the base offsets', () => {
    const h = new HexHistory(10);
    const heard: HexChunk[] = [];
    h.subscribe((c) => heard.push(c));
    h.add(rx(1, 1, 2, 3, 4));
    h.add(tx(2, 5, 6));
    expect(h.trimmed).toBe(false);
    h.add(rx(3, 7, 8, 9, 10, 11, 12));
    expect(h.trimmed).toBe(true); // the hex view's Find says older bytes are not kept
    const { chunks, base } = h.snapshot();
    expect(chunks.map((c) => c.t)).toEqual([2, 3]);
    expect(base).toEqual({ rx: 4, tx: 0 });
    expect(h.bytes).toBe(8);
    expect(heard).toHaveLength(3);
  });

  it('keeps the newest chunk even when it alone is over the bound', () => {
    const h = new HexHistory(4);
    h.add(rx(1, 1, 2, 3, 4, 5, 6));
    expect(h.snapshot().chunks).toHaveLength(1);
  });

  it('references received batches: one push per chunk, no copy', () => {
    const h = new HexHistory();
    const bytes = b(1, 2, 3);
    h.add({ kind: 'rx', t: 0, bytes });
    const c = h.snapshot().chunks[0]!;
    expect(c.kind !== 'event' && c.bytes).toBe(bytes);
  });
});

describe('HexModel', () => {
  it('starts a row at each change of direction and after the idle gap; the open row shows', () => {
    const m = HexModel.from([rx(0, 0x41, 0x54), rx(50, 0x0d), tx(60, 0x4f), rx(300, 1)], opts);
    const rows = Array.from({ length: m.endIndex }, (_, i) => m.row(i)!);
    expect(rows.map((r) => (r.kind === 'bytes' ? `${r.dir}@${r.offset}:${r.bytes.length}` : 'ev'))).toEqual(['rx@0:3', 'tx@0:1', 'rx@3:1']);
  });

  it('adds the history base to offsets and drops the oldest rows past its bound', () => {
    const chunks = Array.from({ length: 100 }, (_, i) => rx(i * 1000, i));
    const m = HexModel.from(chunks, opts, { rx: 4096, tx: 0 }, 10);
    expect(m.endIndex).toBe(100);
    expect(m.firstIndex).toBeGreaterThan(0);
    expect(m.endIndex - m.firstIndex).toBeLessThanOrEqual(12) // 10 kept, 1 of slack, the open row;
    const last = m.row(99)!;
    expect(last.kind === 'bytes' && last.offset).toBe(4096 + 99);
  });

  it('events come inline as rows of their own', () => {
    const m = HexModel.from([rx(0, 1, 2), { kind: 'event', t: 1, text: 'DCD on' }, rx(2, 3)], opts);
    expect(m.row(1)).toMatchObject({ kind: 'event', text: 'DCD on' });
    expect(m.row(2)).toMatchObject({ kind: 'bytes', offset: 2 });
  });

  it('copies a selection as hex (a line per row) and as text in the encoding', () => {
    const m = HexModel.from([rx(0, 0x41, 0x54, 0x0d, 0x0a, 0x4f, 0x4b, 0x0d, 0x0a, 0xe9), tx(1, 0x41)], { width: 8, gapMs: 100 });
    expect(m.copyHex(0, 2)).toBe('41 54 0d 0a 4f 4b 0d 0a\ne9\n41');
    expect(m.copyText(0, 1, 'latin1')).toBe('AT\r\nOK\r\né');
    expect(m.copyText(2, 0, 'latin1')).toBe('AT\r\nOK\r\néA');
  });

  it('finds a byte sequence across rows of one direction, next and previous, wrapping', () => {
    // rows: rx [0d 0a 41 42 43 44 45 0d] [0a 46] | tx [0d 0a] | rx [0d 0a]
    const m = HexModel.from([rx(0, 0x0d, 0x0a, 0x41, 0x42, 0x43, 0x44, 0x45, 0x0d, 0x0a, 0x46), tx(1, 0x0d, 0x0a), rx(2, 0x0d, 0x0a)], opts);
    const seq = b(0x0d, 0x0a);
    const a = m.find(seq, null)!;
    expect(a.start).toEqual({ row: 0, byte: 0 });
    const c = m.find(seq, a.start)!;
    expect(c.start).toEqual({ row: 0, byte: 7 });
    expect(c.spans).toEqual([
      { row: 0, from: 7, to: 8 },
      { row: 1, from: 0, to: 1 },
    ]);
    expect(m.find(seq, c.start)!.start).toEqual({ row: 2, byte: 0 });
    expect(m.find(seq, { row: 3, byte: 0 })!.start).toEqual({ row: 0, byte: 0 }); // wraps
    expect(m.find(seq, { row: 0, byte: 0 }, true)!.start).toEqual({ row: 3, byte: 0 }); // back, wrapping
    expect(m.find(seq, { row: 2, byte: 0 }, true)!.start).toEqual({ row: 0, byte: 7 });
    expect(m.find(b(0x45, 0x0d, 0x0a, 0x46, 0x0d), null)).toBeNull(); // not across directions
    expect(m.find(b(0xff, 0xff), null)).toBeNull();
  });
});

describe('columns', () => {
  it('pads the hex column to the row width with a gap after the eighth byte', () => {
    expect(hexColumn(b(1, 2), 16)).toBe(`01 02${' '.repeat(3 * 6)}  ${'   '.repeat(7)}  `);
    expect(hexColumn(b(0, 1, 2, 3, 4, 5, 6, 7, 8), 16).slice(0, 27)).toBe('00 01 02 03 04 05 06 07  08');
  });

  it('shows printable characters in the encoding, never a C0 or C1 control', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const enc of ['utf-8', 'latin1', 'cp437'] as const) {
      const col = printableColumn(all, enc);
      expect([...col]).toHaveLength(256);
      expect(col).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
      expect(col.slice(0x41, 0x44)).toBe('ABC');
    }
    expect(printableTable('utf-8')[0xe9]).toBe('.');
    expect(printableTable('latin1')[0xe9]).toBe('é');
    expect(printableTable('latin1')[0x85]).toBe('.');
    expect(printableTable('cp437')[0xc9]).toBe('╔');
    expect(printableTable('cp437')[0x0d]).toBe('.');
  });
});

describe('hexEventText', () => {
  it('says what changed on the modem lines and what the line saw', () => {
    expect(hexEventText({ type: 'modem', cts: true, dsr: false, ri: false, dcd: true, changed: ['dcd'] })).toBe('DCD on');
    expect(
      hexEventText({ type: 'line', breakDetect: true, overrunError: false, parityError: false, framingError: true, timeoutError: false, dataReady: true, transferHoldingRegisterEmpty: true, transferShiftRegisterEmpty: true }),
    ).toBe('BREAK received, framing error');
    expect(hexEventText({ type: 'control', action: 'dtr', value: false })).toBe('DTR off (set)');
    expect(hexEventText({ type: 'status', state: 'connected' })).toBe('connected');
    expect(hexEventText({ type: 'warning', code: 'no-ack', message: 'x' })).toBeNull();
  });
});
