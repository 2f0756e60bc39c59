/**
 * hex log: every chunk of bytes as rows of up to 16 bytes, events inline.
 *
 *   00000000 < 2026-11-21T19:33:24.123Z 41 54 0d 0a 4f 4b 0d 0a                          |AT..OK..|
 *   00000008 > 2026-11-21T19:33:24.200Z 41 54 44 54 35 35 35 0d                          |ATDT555.|
 *            * 2026-11-21T19:33:25.001Z modem CTS on DSR on RI off DCD on (changed: DCD)
 *
 * Columns: offset (hex, counted per direction from the start of the log: received offsets are offsets
 * into the raw log), direction ('<' received, '>' sent, '*' event), timestamp (per the timestamps option),
 * 16 hex bytes in two groups of 8, then the printable ASCII (others as '.'). Each chunk starts a row, so
 * rows show when bytes arrived.
 */
import { describeEvent } from './describe-event.js';
import { timestampColumn, type FormatOptions, type LogEventRecord, type LogFormatter } from './formats.js';

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Width of the hex column: 16 bytes of 'xx ' plus the gap after the 8th. */
const HEX_WIDTH = 16 * 3 + 1;
const SPACE = 0x20;
const BAR = 0x7c;
const DOT = 0x2e;
const LF = 0x0a;

export class HexFormatter implements LogFormatter {
  readonly splittable = false;
  private rxOffset = 0;
  private txOffset = 0;

  constructor(private readonly o: FormatOptions) {}

  fileHeader(): null {
    return null;
  }

  /** The rows for one chunk, written straight into one buffer (the hex log is the costliest format). */
  private dump(mark: string, bytes: Uint8Array, offset: number, now: number): Buffer {
    const ts = Buffer.from(timestampColumn(this.o.timestamps, now, this.o.startMs), 'latin1');
    const width = Math.max(8, (offset + bytes.length).toString(16).length);
    const rows = Math.ceil(bytes.length / 16);
    // per row: offset, ' < ', timestamp, hex column, ' |', ASCII (one per byte, counted below), '|\n'
    const out = Buffer.allocUnsafe(rows * (width + 3 + ts.length + HEX_WIDTH + 4) + bytes.length);
    const markCode = mark.charCodeAt(0);
    let p = 0;
    for (let row = 0; row < bytes.length; row += 16) {
      let off = offset + row;
      for (let d = width - 1; d >= 0; d--) {
        out[p + d] = HEX_DIGITS[off % 16]!;
        off = Math.floor(off / 16);
      }
      p += width;
      out[p++] = SPACE;
      out[p++] = markCode;
      out[p++] = SPACE;
      p += ts.copy(out, p);
      out.fill(SPACE, p, p + HEX_WIDTH);
      const end = Math.min(row + 16, bytes.length);
      for (let i = row; i < end; i++) {
        const b = bytes[i]!;
        const k = i - row;
        const at = p + k * 3 + (k >= 8 ? 1 : 0);
        out[at] = HEX_DIGITS[b >> 4]!;
        out[at + 1] = HEX_DIGITS[b & 15]!;
      }
      p += HEX_WIDTH;
      out[p++] = SPACE;
      out[p++] = BAR;
      for (let i = row; i < end; i++) {
        const b = bytes[i]!;
        out[p++] = b >= 0x20 && b < 0x7f ? b : DOT;
      }
      out[p++] = BAR;
      out[p++] = LF;
    }
    return out.subarray(0, p);
  }

  received(bytes: Uint8Array, now: number): Buffer | null {
    if (bytes.length === 0) return null;
    const out = this.dump('<', bytes, this.rxOffset, now);
    this.rxOffset += bytes.length;
    return out;
  }

  sent(bytes: Uint8Array, now: number): Buffer | null {
    if (!this.o.sent || bytes.length === 0) return null;
    const out = this.dump('>', bytes, this.txOffset, now);
    this.txOffset += bytes.length;
    return out;
  }

  event(ev: LogEventRecord, now: number): Buffer | null {
    if (!this.o.events) return null;
    const text = ev.type === 'note' ? ev.text : describeEvent(ev);
    const oneLine = text.replace(/[\r\n]/g, ' ');
    return Buffer.from(`${' '.repeat(8)} * ${timestampColumn(this.o.timestamps, now, this.o.startMs)}${oneLine}\n`);
  }

  flush(): null {
    return null;
  }
}
