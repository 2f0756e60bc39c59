/**
 * The hex view's rows (issue 12): built from a tab's history (hex-history.ts) with the shared
 * HexRowBuilder (one stream of both directions; a new row at each change of direction, after the idle
 * gap, when full; events inline), then grown chunk by chunk as bytes come. Rows have absolute indices
 * (selection and find survive the oldest rows going); at most HEX_MAX_ROWS are kept. Also: the printable
 * column in the tab's encoding, copy as hex or text, and find a byte sequence across rows.
 */
import { HexRowBuilder, type HexBytesRow, type HexRow, type HexRowOptions } from '../../src-shared/bytes/hex-rows.js';
import type { Encoding } from '../../src-shared/ipc/profile.js';
import { TerminalDecoder } from './codec.js';
import type { HexChunk } from './hex-history.js';

/** Most rows kept (a row holds a copy of its bytes): 1 MiB at 16 bytes a row. */
export const HEX_MAX_ROWS = 65_536;
/** Rows dropped at once when over the bound (amortises the array's shift). */
const TRIM_STEP = 4096;

/** A position in the rows: absolute row index and byte within the row. */
export interface HexPos {
  row: number;
  byte: number;
}

/** A found sequence: where it starts, and the bytes it covers per row. */
export interface HexMatch {
  start: HexPos;
  spans: Array<{ row: number; from: number; to: number }>;
}

export class HexModel {
  private rows: HexRow[] = [];
  /** Absolute index of rows[0]. */
  private first = 0;
  private readonly builder: HexRowBuilder;
  /** Changed since the view last drew (set by append). */
  version = 0;

  /**
   * @param base stream offsets of the first bytes given (per direction): the bytes the history dropped.
   */
  constructor(
    readonly options: HexRowOptions,
    readonly base: { rx: number; tx: number } = { rx: 0, tx: 0 },
    readonly maxRows = HEX_MAX_ROWS,
  ) {
    this.builder = new HexRowBuilder(options);
  }

  /** A model of `chunks` (oldest first). */
  static from(chunks: readonly HexChunk[], options: HexRowOptions, base?: { rx: number; tx: number }, maxRows?: number): HexModel {
    const m = new HexModel(options, base, maxRows);
    for (const c of chunks) m.append(c);
    return m;
  }

  append(chunk: HexChunk): void {
    const done = chunk.kind === 'event' ? this.builder.event(chunk.text, chunk.t) : this.builder.push(chunk.kind, chunk.bytes, chunk.t);
    for (const r of done) this.rows.push(r);
    if (this.rows.length > this.maxRows + Math.max(1, Math.min(TRIM_STEP, this.maxRows >> 4))) {
      const n = this.rows.length - this.maxRows;
      this.rows.splice(0, n);
      this.first += n;
    }
    this.version++;
  }

  /** Absolute index of the oldest row kept. */
  get firstIndex(): number {
    return this.first;
  }

  /** One past the newest row's absolute index (the open row, still filling, counts). */
  get endIndex(): number {
    return this.first + this.rows.length + (this.builder.open ? 1 : 0);
  }

  /** Rows ever made (the open one included): rows per second for the bench. */
  get total(): number {
    return this.endIndex;
  }

  /** The row at absolute index `i`, or null. Offsets are the stream's (base added). */
  row(i: number): HexRow | null {
    const k = i - this.first;
    if (k < 0) return null;
    const r = k < this.rows.length ? this.rows[k]! : k === this.rows.length ? this.builder.open : null;
    if (!r || r.kind === 'event') return r;
    const b = this.base[r.dir];
    return b === 0 ? r : { ...r, offset: r.offset + b };
  }

  /** The bytes rows in [a, b] (absolute, either order), in order. */
  private bytesRows(a: number, b: number): HexBytesRow[] {
    const out: HexBytesRow[] = [];
    const lo = Math.max(Math.min(a, b), this.first);
    const hi = Math.min(Math.max(a, b), this.endIndex - 1);
    for (let i = lo; i <= hi; i++) {
      const r = this.row(i);
      if (r?.kind === 'bytes') out.push(r);
    }
    return out;
  }

  /** Rows [a, b] as hex: each row's bytes "41 54 0d 0a", a line per row (events left out). */
  copyHex(a: number, b: number): string {
    return this.bytesRows(a, b)
      .map((r) => hexBytes(r.bytes))
      .join('\n');
  }

  /** Rows [a, b] as text in `encoding`: each run of one direction decoded whole (events left out). */
  copyText(a: number, b: number, encoding: Encoding): string {
    let out = '';
    let run: Uint8Array[] = [];
    let dir: string | null = null;
    const flush = () => {
      if (run.length === 0) return;
      const n = run.reduce((s, x) => s + x.length, 0);
      const all = new Uint8Array(n);
      let at = 0;
      for (const x of run) {
        all.set(x, at);
        at += x.length;
      }
      const d = new TerminalDecoder();
      out += d.decode(all, encoding) + (encoding === 'utf-8' ? d.decode(new Uint8Array(0), encoding) : '');
      run = [];
    };
    for (const r of this.bytesRows(a, b)) {
      if (r.dir !== dir) flush();
      dir = r.dir;
      run.push(r.bytes);
    }
    flush();
    return out;
  }

  /**
   * The next occurrence of `seq` after `from` (or before it, `backwards`), wrapping around; a sequence may
   * run across rows of one direction that follow each other. `from` null: from the start (or the end).
   */
  find(seq: Uint8Array, from: HexPos | null, backwards = false): HexMatch | null {
    const lo = this.first;
    const hi = this.endIndex - 1;
    if (seq.length === 0 || hi < lo) return null;
    const len = (i: number): number => {
      const r = this.row(i);
      return r?.kind === 'bytes' ? r.bytes.length : 0;
    };
    const sr = from ? Math.min(Math.max(from.row, lo), hi) : backwards ? hi : lo;
    if (!backwards) {
      const sb = from ? from.byte + 1 : 0;
      // from just past `from` to the end, then from the start up to `from`
      for (let i = sr; i <= hi; i++) for (let j = i === sr ? sb : 0, n = len(i); j < n; j++) {
        const m = this.matchAt(seq, i, j);
        if (m) return m;
      }
      for (let i = lo; i <= sr; i++) for (let j = 0, n = i === sr ? Math.min(sb, len(i)) : len(i); j < n; j++) {
        const m = this.matchAt(seq, i, j);
        if (m) return m;
      }
    } else {
      const sb = from ? from.byte - 1 : Number.MAX_SAFE_INTEGER;
      for (let i = sr; i >= lo; i--) for (let j = i === sr ? Math.min(sb, len(i) - 1) : len(i) - 1; j >= 0; j--) {
        const m = this.matchAt(seq, i, j);
        if (m) return m;
      }
      for (let i = hi; i >= sr; i--) for (let j = len(i) - 1, end = i === sr ? sb + 1 : 0; j >= end; j--) {
        const m = this.matchAt(seq, i, j);
        if (m) return m;
      }
    }
    return null;
  }

  private matchAt(seq: Uint8Array, i: number, j: number): HexMatch | null {
    const first = this.row(i) as HexBytesRow;
    if (first.bytes[j] !== seq[0]) return null;
    const spans: HexMatch['spans'] = [];
    let row = first;
    let ri = i;
    let at = j;
    let from = j;
    for (let k = 0; k < seq.length; k++, at++) {
      if (at >= row.bytes.length) {
        spans.push({ row: ri, from, to: at });
        const next = this.row(ri + 1);
        if (next?.kind !== 'bytes' || next.dir !== first.dir) return null;
        row = next;
        ri++;
        at = 0;
        from = 0;
      }
      if (row.bytes[at] !== seq[k]) return null;
    }
    spans.push({ row: ri, from, to: at });
    return { start: { row: i, byte: j }, spans };
  }
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** "41 54 0d 0a". */
export function hexBytes(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (i ? ' ' : '') + HEX[bytes[i]!];
  return s;
}

/** The hex column of a row of `width`: pairs with a wider gap after the eighth, padded to full width. */
export function hexColumn(bytes: Uint8Array, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    if (i) s += i === 8 ? '  ' : ' ';
    s += i < bytes.length ? HEX[bytes[i]!] : '  ';
  }
  return s;
}

const tables = new Map<Encoding, readonly string[]>();

/**
 * Each byte's character in the printable column for `encoding`: ASCII 0x20-0x7E always; Latin-1 also
 * 0xA0-0xFF; CP437 its glyphs for 0x80-0xFF; '.' for everything else (C0, DEL, C1 never shown).
 */
export function printableTable(encoding: Encoding): readonly string[] {
  let t = tables.get(encoding);
  if (t) return t;
  const high = encoding === 'cp437' ? new TerminalDecoder().decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i), 'cp437') : '';
  t = Array.from({ length: 256 }, (_, b) => {
    if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
    if (encoding === 'latin1' && b >= 0xa0) return b === 0xa0 ? ' ' : String.fromCharCode(b);
    if (encoding === 'cp437' && b >= 0x80) return b === 0xff ? ' ' : high[b - 0x80]!;
    return '.';
  });
  tables.set(encoding, t);
  return t;
}

/** The printable column of a row. */
export function printableColumn(bytes: Uint8Array, encoding: Encoding): string {
  const t = printableTable(encoding);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += t[bytes[i]!];
  return s;
}
