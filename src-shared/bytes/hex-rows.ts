/**
 * The hex view's rows, from the raw bytes of both directions (issue 12): one stream of rows, each of one
 * direction, at most `width` bytes (8 or 16). A new row starts at every change of direction, after an
 * idle gap (`gapMs`: one burst reads as one frame, as tio does), and when the row is full. Events (DCD
 * on, BREAK received, settings changed) come inline as rows of their own. Used by the window's hex view
 * and by `dialtone connect --hex`, which print rows with formatHexRow().
 *
 * Work is per chunk and per row (a copy of each row's bytes), never per byte beyond that copy; the
 * builder keeps only the open row.
 */

/** Received from the line, or sent to it. */
export type HexDirection = 'rx' | 'tx';

/** A row of bytes. */
export interface HexBytesRow {
  kind: 'bytes';
  dir: HexDirection;
  /** Offset of the row's first byte in its direction's stream (bytes since the view began). */
  offset: number;
  /** When the row's first byte came, ms since the epoch. */
  t: number;
  /** 1..width bytes (the builder's copy). */
  bytes: Uint8Array;
}

/** An event between the bytes. */
export interface HexEventRow {
  kind: 'event';
  t: number;
  text: string;
}

export type HexRow = HexBytesRow | HexEventRow;

/** Row shape: bytes per row and the idle gap that starts a new row, ms. */
export interface HexRowOptions {
  width: 8 | 16;
  gapMs: number;
}

export class HexRowBuilder {
  private openRow: { dir: HexDirection; offset: number; t: number; buf: Uint8Array; length: number } | null = null;
  private lastAt = -Infinity;
  private readonly offsets = { rx: 0, tx: 0 };

  constructor(readonly options: HexRowOptions) {}

  /**
   * Bytes of one direction that came at `now` (ms). Returns the rows this completes (the open row is
   * kept for more bytes of the same burst; see open / closeIdle / flush).
   */
  push(dir: HexDirection, bytes: Uint8Array, now: number): HexRow[] {
    const done: HexRow[] = [];
    if (bytes.length === 0) return done;
    const row = this.openRow;
    if (row && (row.dir !== dir || now - this.lastAt >= this.options.gapMs)) this.close(done);
    this.lastAt = now;
    const width = this.options.width;
    let i = 0;
    while (i < bytes.length) {
      let open = this.openRow;
      if (!open) {
        open = { dir, offset: this.offsets[dir], t: now, buf: new Uint8Array(width), length: 0 };
        this.openRow = open;
      }
      const n = Math.min(width - open.length, bytes.length - i);
      open.buf.set(bytes.subarray(i, i + n), open.length);
      open.length += n;
      this.offsets[dir] += n;
      i += n;
      if (open.length === width) this.close(done);
    }
    return done;
  }

  /** An event at `now`: the open row ends, then the event's row. */
  event(text: string, now: number): HexRow[] {
    const done: HexRow[] = [];
    this.close(done);
    done.push({ kind: 'event', t: now, text });
    return done;
  }

  /** The row still being filled, or null (a view may show it as it grows). */
  get open(): HexBytesRow | null {
    const o = this.openRow;
    return o ? { kind: 'bytes', dir: o.dir, offset: o.offset, t: o.t, bytes: o.buf.subarray(0, o.length) } : null;
  }

  /** When the open row ends by the idle gap if nothing more comes (ms since the epoch), or null. */
  get idleAt(): number | null {
    return this.openRow ? this.lastAt + this.options.gapMs : null;
  }

  /** The open row, ended if `now` is past the idle gap. */
  closeIdle(now: number): HexRow[] {
    const done: HexRow[] = [];
    if (this.openRow && now - this.lastAt >= this.options.gapMs) this.close(done);
    return done;
  }

  /** The open row, ended now (the view stops, or the CLI exits). */
  flush(): HexRow[] {
    const done: HexRow[] = [];
    this.close(done);
    return done;
  }

  private close(into: HexRow[]): void {
    const o = this.openRow;
    if (!o) return;
    this.openRow = null;
    into.push({ kind: 'bytes', dir: o.dir, offset: o.offset, t: o.t, bytes: o.buf.subarray(0, o.length) });
  }
}

/** How rows are printed: times as wall clock (local time, ms) or as the delta since the previous row. */
export interface HexFormatOptions {
  width: 8 | 16;
  timestamps: 'wall' | 'delta' | 'none';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "12:34:56.789" in local time. */
export function wallClock(t: number): string {
  const d = new Date(t);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** "+0.123" seconds since `prevT` (or "+0.000" for the first). */
export function deltaSeconds(t: number, prevT: number | null): string {
  return `+${(Math.max(0, t - (prevT ?? t)) / 1000).toFixed(3)}`;
}

/**
 * One row as a line of text (no line end):
 *   00000000 < 12:34:56.789  41 54 0d 0a                                       |AT..|
 *            * 12:34:56.800  DCD on
 * Direction '<' received, '>' sent, '*' event; the printable column shows ASCII 0x20-0x7E, '.' otherwise.
 * `prevT` is the previous row's time (for delta stamps).
 */
export function formatHexRow(row: HexRow, o: HexFormatOptions, prevT: number | null): string {
  const stamp = o.timestamps === 'wall' ? `${wallClock(row.t)} ` : o.timestamps === 'delta' ? `${deltaSeconds(row.t, prevT).padStart(9)} ` : '';
  if (row.kind === 'event') return `${' '.repeat(8)} * ${stamp} ${row.text}`;
  let hex = '';
  let text = '';
  for (let i = 0; i < o.width; i++) {
    const b = row.bytes[i];
    hex += i === 8 ? ' ' : '';
    hex += b === undefined ? '   ' : `${b.toString(16).padStart(2, '0')} `;
    if (b !== undefined) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  }
  return `${row.offset.toString(16).padStart(8, '0')} ${row.dir === 'rx' ? '<' : '>'} ${stamp} ${hex}|${text}|`;
}
