/**
 * On-screen timestamps (issue 12): the arrival time of each line the Terminal view shows, kept beside
 * xterm's buffer, never in it (the far end's cursor addressing stays as it was). While a pane's
 * timestamps are on, each line feed registers an xterm marker on the new line (markers go with the
 * lines: the scrollback bounds them); the line takes the arrival time of the received chunk in which
 * its first character was parsed (pane-stream.ts calls stampParsed with each chunk's arrival time from
 * xterm's write callback, the one place that knows which chunk was parsed). Lines begun by anything
 * else (local echo, a connection note) take the time they were parsed. That is the text log's rule too:
 * a line's time is when its first byte arrived.
 */
import type { IDisposable, IMarker, Terminal } from '@xterm/xterm';
import { deltaSeconds, wallClock } from '../../src-shared/bytes/hex-rows.js';
import type { StampStyle } from '../store/view-mode.js';

interface Stamp {
  marker: IMarker;
  /** Arrival time of the line's first character, or null while the line is still empty. */
  t: number | null;
}

/** A visible row's stamp text: the row in the viewport and its text. */
export interface VisibleStamp {
  row: number;
  text: string;
}

/** The lines of one terminal and their times. */
export class LineStamps {
  private stamps: Stamp[] = [];
  /** Index of the first stamp that may still be waiting for its line's first character. */
  private pending = 0;
  private readonly subs: IDisposable[];

  constructor(
    private readonly term: Terminal,
    private readonly now: () => number = Date.now,
  ) {
    this.subs = [term.onLineFeed(() => this.lineFed()), term.onWriteParsed(() => this.settle(this.now()))];
    // the line the cursor is on counts when nothing is on it yet
    const buf = term.buffer.active;
    if (buf.type === 'normal' && buf.cursorX === 0 && (buf.getLine(buf.baseY + buf.cursorY)?.translateToString(true) ?? '') === '') this.lineFed();
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    for (const s of this.stamps) s.marker.dispose();
    this.stamps = [];
  }

  private lineFed(): void {
    if (this.term.buffer.active.type !== 'normal') return;
    const marker = this.term.registerMarker(0);
    if (!marker) return;
    this.stamps.push({ marker, t: null });
    if (this.stamps.length > 2 * (this.term.options.scrollback ?? 1000) + 2 * this.term.rows + 64) this.compact();
  }

  /** Received bytes that arrived at `t` were just parsed: lines begun since take `t`. */
  settle(t: number): void {
    const n = this.stamps.length;
    let i = this.pending;
    for (; i < n; i++) {
      const s = this.stamps[i]!;
      if (s.t !== null) continue;
      if (i === n - 1 && !s.marker.isDisposed && this.emptyCursorLine(s.marker.line)) break;
      s.t = t;
    }
    this.pending = i;
  }

  private emptyCursorLine(line: number): boolean {
    const buf = this.term.buffer.active;
    if (buf.baseY + buf.cursorY !== line) return false;
    return buf.cursorX === 0 && (buf.getLine(line)?.translateToString(true) ?? '') === '';
  }

  /** Forget the stamps of lines gone from the buffer (scrolled out, cleared). */
  private compact(): void {
    const waiting = this.stamps.slice(this.pending);
    this.stamps = this.stamps.filter((s) => !s.marker.isDisposed);
    const firstWaiting = waiting.find((s) => !s.marker.isDisposed);
    this.pending = firstWaiting ? this.stamps.indexOf(firstWaiting) : this.stamps.length;
  }

  /** Stamps of buffer lines [top, top + rows), as `style` text, by viewport row. */
  visible(top: number, rows: number, style: StampStyle): VisibleStamp[] {
    if (this.stamps[0]?.marker.isDisposed || this.stamps.at(-1)?.marker.isDisposed) this.compact();
    const out: VisibleStamp[] = [];
    // markers' lines grow with their index: the first at or below `top`
    let lo = 0;
    let hi = this.stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.stamps[mid]!.marker.line < top) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.stamps.length; i++) {
      const s = this.stamps[i]!;
      const line = s.marker.line;
      if (line < 0) continue;
      if (line >= top + rows) break;
      if (s.t === null) continue;
      const prev = i > 0 ? this.stamps[i - 1]!.t : null;
      out.push({ row: line - top, text: style === 'wall' ? wallClock(s.t) : deltaSeconds(s.t, prev) });
    }
    return out;
  }
}

const trackers = new WeakMap<Terminal, LineStamps>();

/** Track the line times of `term` (its timestamps turned on); returns stop. */
export function trackLineStamps(term: Terminal): { stamps: LineStamps; stop(): void } {
  trackers.get(term)?.dispose();
  const stamps = new LineStamps(term);
  trackers.set(term, stamps);
  return {
    stamps,
    stop() {
      if (trackers.get(term) === stamps) trackers.delete(term);
      stamps.dispose();
    },
  };
}

/**
 * A received chunk that arrived at `t` (ms since the epoch) has been parsed into `term` (pane-stream.ts,
 * from xterm's write callback). One map lookup per chunk; nothing while the pane has no timestamps.
 */
export function stampParsed(term: Terminal, t: number): void {
  trackers.get(term)?.settle(t);
}
