/**
 * text log: decoded lines, one per line received, with optional per-line timestamps, the sent bytes
 * (optional) and events inline.
 *
 * Layout of a line: [timestamp ][mark ]text, where the mark column is there when sent bytes or events
 * are logged: '< ' received, '> ' sent, '* ' event or note. A line's timestamp is when its first byte
 * arrived. Received lines end at LF (CRs just before it are dropped: CR LF, a modem's echoed CR CR LF);
 * sent lines end at CR, LF or CR LF (what Enter sends). A partial line is written when the other
 * direction or an event comes between, and when the log stops. A received partial line that has waited
 * for an idle second (a prompt: "login: ") is written without its line end (idle()); the rest of the
 * line follows it on the same line. Control characters other than TAB are shown as \xNN: the text log is for reading; the
 * raw and hex logs keep the exact bytes.
 */
import { describeEvent } from './describe-event.js';
import { createDecoder, timestampColumn, type FormatOptions, type LogEventRecord, type LogFormatter } from './formats.js';

interface Line {
  text: string;
  /** When its first character arrived, ms. */
  t: number;
}

/** Splits a stream of text into lines; survives any split of the input (a CR LF across two calls). */
export class LineSplitter {
  private partial = '';
  private partialT = 0;
  private swallowLf = false;

  /** @param crEndsLine a lone CR ends a line (sent text), otherwise only LF does (received text). */
  constructor(private readonly crEndsLine: boolean) {}

  /**
   * Complete lines in `text`, without their line ends. `firstT` is when the first character of `text`
   * arrived (earlier than `now` when the decoder held back the start of a split character).
   */
  push(text: string, now: number, firstT: number = now): Line[] {
    const lines: Line[] = [];
    let i = 0;
    if (this.swallowLf && text.length > 0) {
      if (text[0] === '\n') i = 1;
      this.swallowLf = false;
    }
    const ends = this.crEndsLine ? /[\r\n]/g : /\n/g;
    while (i < text.length) {
      ends.lastIndex = i;
      const m = ends.exec(text);
      const arrived = i === 0 ? firstT : now;
      if (!m) {
        if (this.partial === '') this.partialT = arrived;
        this.partial += text.slice(i);
        break;
      }
      const j = m.index;
      let line = this.partial + text.slice(i, j);
      const t = this.partial === '' ? arrived : this.partialT;
      this.partial = '';
      if (!this.crEndsLine) line = line.replace(/\r+$/, ''); // CR LF, and a modem's echo CR CR LF
      i = j + 1;
      if (this.crEndsLine && text[j] === '\r') {
        if (i < text.length) {
          if (text[i] === '\n') i++;
        } else {
          this.swallowLf = true;
        }
      }
      lines.push({ text: line, t });
    }
    return lines;
  }

  /** The partial line, if any, as a line of its own. */
  takePartial(): Line | null {
    if (this.partial === '') return null;
    const line = { text: this.partial, t: this.partialT };
    this.partial = '';
    return line;
  }
}

/** C0 controls except TAB, DEL and C1 controls, shown as \xNN. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
const escapeControls = (text: string): string =>
  text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export class TextFormatter implements LogFormatter {
  readonly splittable = false;
  private readonly rx: LineSplitter = new LineSplitter(false);
  private readonly tx: LineSplitter = new LineSplitter(true);
  private readonly decodeRx;
  private readonly decodeTx;
  private readonly marks: boolean;
  /** When bytes the decoder holds back (a split UTF-8 character) arrived, per direction. */
  private rxHeldSince: number | null = null;
  private txHeldSince: number | null = null;
  private lastT = NaN;
  private lastStamp = '';
  /** A received line is open in the file: idle() wrote its start without a line end. */
  private rxOpen = false;

  constructor(private readonly o: FormatOptions) {
    this.decodeRx = createDecoder(o.encoding);
    this.decodeTx = createDecoder(o.encoding);
    this.marks = o.sent || o.events;
  }

  fileHeader(): null {
    return null;
  }

  private render(mark: string, lines: Line[]): string {
    let out = '';
    const m = this.marks ? mark : '';
    for (const line of lines) out += `${this.timestamp(line.t)}${m}${escapeControls(line.text)}\n`;
    return out;
  }

  /** The timestamp column, kept for the next line with the same time (many lines share a chunk's). */
  private timestamp(t: number): string {
    if (t !== this.lastT) {
      this.lastT = t;
      this.lastStamp = timestampColumn(this.o.timestamps, t, this.o.startMs);
    }
    return this.lastStamp;
  }

  private partials(which: 'rx' | 'tx' | 'both'): string {
    let out = which !== 'tx' ? this.endRx() : '';
    const tx = which !== 'rx' ? this.tx.takePartial() : null;
    if (tx) out += this.render('> ', [tx]);
    return out;
  }

  /** The received partial line ends here (another record follows): written whole, or its open line closed. */
  private endRx(): string {
    const rx = this.rx.takePartial();
    if (!this.rxOpen) return rx ? this.render('< ', [rx]) : '';
    this.rxOpen = false;
    return `${rx ? escapeControls(rx.text) : ''}\n`;
  }

  received(bytes: Uint8Array, now: number): Buffer | null {
    const text = this.decodeRx(bytes);
    const firstT = this.rxHeldSince ?? now;
    this.rxHeldSince = text === '' && bytes.length > 0 ? firstT : null;
    let out = this.partials('tx');
    const lines = this.rx.push(text, now, firstT);
    if (this.rxOpen && lines.length > 0) {
      out += `${escapeControls(lines.shift()!.text)}\n`; // the rest of the line idle() opened
      this.rxOpen = false;
    }
    out += this.render('< ', lines);
    return out ? Buffer.from(out) : null;
  }

  /** Received input went quiet: write the partial line (a prompt) without its line end. */
  idle(): Buffer | null {
    const rx = this.rx.takePartial();
    if (!rx) return null;
    const start = this.rxOpen ? '' : `${this.timestamp(rx.t)}${this.marks ? '< ' : ''}`;
    this.rxOpen = true;
    return Buffer.from(start + escapeControls(rx.text));
  }

  sent(bytes: Uint8Array, now: number): Buffer | null {
    if (!this.o.sent) return null;
    const text = this.decodeTx(bytes);
    const firstT = this.txHeldSince ?? now;
    this.txHeldSince = text === '' && bytes.length > 0 ? firstT : null;
    const out = this.partials('rx') + this.render('> ', this.tx.push(text, now, firstT));
    return out ? Buffer.from(out) : null;
  }

  event(ev: LogEventRecord, now: number): Buffer | null {
    if (!this.o.events) return null;
    const text = ev.type === 'note' ? ev.text : describeEvent(ev);
    return Buffer.from(this.partials('both') + this.render('* ', [{ text, t: now }]));
  }

  flush(): Buffer | null {
    const out = this.partials('both');
    return out ? Buffer.from(out) : null;
  }
}
