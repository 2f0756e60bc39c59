/**
 * asciicast v2 (the asciinema file format, https://docs.asciinema.org/manual/asciicast/v2/): a header
 * line {"version":2,"width":W,"height":H,"timestamp":unix seconds,...}, then one event per line
 * [seconds since the file's start, code, data]: "o" output (received text), "i" input (sent text, when
 * sent is on), "m" marker (session events and notes, when events are on), "r" resize ("COLSxROWS", when
 * the pane's size changes; the header has the size when the file began). `asciinema play FILE` replays it
 * with its timing. Each rotated file starts with its own header and its own time base, so each plays alone.
 */
import { describeEvent } from './describe-event.js';
import { createDecoder, type FormatOptions, type LogEventRecord, type LogFormatter } from './formats.js';

export class AsciicastFormatter implements LogFormatter {
  readonly splittable = false;
  private fileStart: number;
  private width: number;
  private height: number;
  private readonly decodeRx;
  private readonly decodeTx;

  constructor(private readonly o: FormatOptions) {
    this.fileStart = o.startMs;
    this.width = o.width;
    this.height = o.height;
    this.decodeRx = createDecoder(o.encoding);
    this.decodeTx = createDecoder(o.encoding);
  }

  fileHeader(now: number): Buffer {
    this.fileStart = now;
    const header: Record<string, unknown> = {
      version: 2,
      width: this.width,
      height: this.height,
      timestamp: Math.floor(now / 1000),
      env: { TERM: 'xterm-256color' },
    };
    if (this.o.title) header.title = this.o.title;
    return Buffer.from(`${JSON.stringify(header)}\n`);
  }

  resize(cols: number, rows: number, now: number): Buffer | null {
    if (cols === this.width && rows === this.height) return null;
    this.width = cols;
    this.height = rows;
    return this.line(now, 'r', `${cols}x${rows}`);
  }

  private line(now: number, code: 'o' | 'i' | 'm' | 'r', data: string): Buffer | null {
    if (data === '') return null; // a UTF-8 character split across chunks waits for its end
    const seconds = Math.round(Math.max(0, now - this.fileStart) * 1000) / 1e6;
    return Buffer.from(`${JSON.stringify([seconds, code, data])}\n`);
  }

  received(bytes: Uint8Array, now: number): Buffer | null {
    return this.line(now, 'o', this.decodeRx(bytes));
  }

  sent(bytes: Uint8Array, now: number): Buffer | null {
    return this.o.sent ? this.line(now, 'i', this.decodeTx(bytes)) : null;
  }

  event(ev: LogEventRecord, now: number): Buffer | null {
    if (!this.o.events) return null;
    return this.line(now, 'm', ev.type === 'note' ? ev.text : describeEvent(ev));
  }

  flush(): null {
    return null;
  }
}
