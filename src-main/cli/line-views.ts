/**
 * What `dialtone connect` prints of the line, besides the bytes as they are (issue 12):
 *   --timestamps wall|delta  each received line prefixed with its arrival time: "[12:34:56.789] " (local
 *                            time) or "[+0.123] " (seconds since the previous line began)
 *   --hex                    the hex view's rows (src-shared/bytes/hex-rows.ts), both directions and
 *                            the session's events, one row per line
 * Both keep no more than a row or a line-start flag; work is per chunk and per line.
 */
import { deltaSeconds, formatHexRow, HexRowBuilder, wallClock, type HexDirection, type HexFormatOptions, type HexRow } from '../../src-shared/bytes/hex-rows.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import { describeEvent } from '../logging/describe-event.js';

/** On-screen timestamps: wall clock or delta since the previous line. */
export type ScreenTimestamps = 'wall' | 'delta';
export const SCREEN_TIMESTAMPS = ['wall', 'delta'] as const;

const LF = 0x0a;

/** Prefixes each line of received bytes with the time its first byte arrived. */
export class LineStamper {
  private atLineStart = true;
  private prevT: number | null = null;

  constructor(private readonly mode: ScreenTimestamps) {}

  /** `bytes` (received at `now`, ms) with a stamp before every line start; other bytes unchanged. */
  stamp(bytes: Uint8Array, now: number): Buffer {
    const parts: Buffer[] = [];
    let from = 0;
    while (from < bytes.length) {
      if (this.atLineStart) {
        parts.push(Buffer.from(`[${this.mode === 'wall' ? wallClock(now) : deltaSeconds(now, this.prevT)}] `, 'latin1'));
        this.prevT = now;
        this.atLineStart = false;
      }
      const lf = bytes.indexOf(LF, from);
      const end = lf < 0 ? bytes.length : lf + 1;
      parts.push(Buffer.from(bytes.buffer, bytes.byteOffset + from, end - from));
      from = end;
      if (lf >= 0) this.atLineStart = true;
    }
    return Buffer.concat(parts);
  }
}

/** The hex view as lines of text: rows out as they complete; an idle row ends on its own after the gap. */
export class HexPrinter {
  private readonly builder: HexRowBuilder;
  private prevT: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param format row width and timestamps; @param gapMs idle gap that ends a row (ms);
   * @param write where the lines go; @param now the clock (ms since the epoch).
   */
  constructor(
    private readonly format: HexFormatOptions,
    gapMs: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.builder = new HexRowBuilder({ width: format.width, gapMs });
  }

  bytes(dir: HexDirection, bytes: Uint8Array): void {
    this.print(this.builder.push(dir, bytes, this.now()));
    this.armIdle();
  }

  event(ev: SessionEvent): void {
    this.print(this.builder.event(describeEvent(ev), this.now()));
  }

  /** Print the open row (at exit). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.print(this.builder.flush());
  }

  private armIdle(): void {
    const at = this.builder.idleAt;
    if (at === null || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.print(this.builder.closeIdle(this.now()));
      this.armIdle(); // more bytes came meanwhile: their row ends later
    }, Math.max(1, at - this.now()));
    this.timer.unref();
  }

  private print(rows: HexRow[]): void {
    if (rows.length === 0) return;
    let out = '';
    for (const row of rows) {
      out += `${formatHexRow(row, this.format, this.prevT)}\n`;
      this.prevT = row.t;
    }
    this.write(out);
  }
}

/** How `connect` shows the line on stdout now; the interactive keys switch it while the session runs. */
export interface LineViewChoice {
  hex: boolean;
  /** Stamps: of each line (bytes view) or of each row (hex view, where null means wall). */
  timestamps: ScreenTimestamps | null;
  hexWidth: 8 | 16;
  hexGapMs: number;
}

/** The session's bytes and events on stdout as chosen: the bytes as they are, stamped lines, or hex rows. */
export class LineOutput {
  private stamper: LineStamper | null = null;
  private hexPrinter: HexPrinter | null = null;

  constructor(
    private readonly write: (chunk: Uint8Array | string) => void,
    private view: LineViewChoice,
  ) {
    this.set(view);
  }

  get choice(): LineViewChoice {
    return { ...this.view };
  }

  /** Switch the view; a hex row still open is printed first. */
  set(view: LineViewChoice): void {
    this.hexPrinter?.flush();
    this.view = { ...view };
    this.hexPrinter = view.hex ? new HexPrinter({ width: view.hexWidth, timestamps: view.timestamps ?? 'wall' }, view.hexGapMs, this.write) : null;
    this.stamper = !view.hex && view.timestamps ? new LineStamper(view.timestamps) : null;
  }

  received(bytes: Uint8Array): void {
    if (this.hexPrinter) this.hexPrinter.bytes('rx', bytes);
    else this.write(this.stamper ? this.stamper.stamp(bytes, Date.now()) : bytes);
  }

  /** Sent bytes show only in the hex view (elsewhere the far end's echo shows them). */
  sent(bytes: Uint8Array): void {
    this.hexPrinter?.bytes('tx', bytes);
  }

  /** Events show inline in the hex view. */
  event(ev: SessionEvent): void {
    if (ev.type !== 'warning' && ev.type !== 'error') this.hexPrinter?.event(ev);
  }

  flush(): void {
    this.hexPrinter?.flush();
  }
}
