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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0') + ' ');
const ASCII = Array.from({ length: 256 }, (_, i) => (i >= 0x20 && i < 0x7f ? String.fromCharCode(i) : '.'));
/** Width of the hex column: 16 bytes of 'xx ' plus the gap after the 8th. */
const HEX_WIDTH = 16 * 3 + 1;

export class HexFormatter implements LogFormatter {
  readonly splittable = false;
  private rxOffset = 0;
  private txOffset = 0;

  constructor(private readonly o: FormatOptions) {}

  fileHeader(): null {
    return null;
  }

  private dump(mark: string, bytes: Uint8Array, offset: number, now: number): Buffer {
    const ts = timestampColumn(this.o.timestamps, now, this.o.startMs);
    let out = '';
    for (let row = 0; row < bytes.length; row += 16) {
      const end = Math.min(row + 16, bytes.length);
      let hex = '';
      let ascii = '';
      for (let i = row; i < end; i++) {
        const b = bytes[i]!;
        hex += HEX[b]!;
        if (i - row === 7) hex += ' ';
        ascii += ASCII[b]!;
      }
      out += `${(offset + row).toString(16).padStart(8, '0')} ${mark} ${ts}${hex.padEnd(HEX_WIDTH)} |${ascii}|\n`;
    }
    return Buffer.from(out, 'latin1'); // the line is pure ASCII
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
