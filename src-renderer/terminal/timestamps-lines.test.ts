import { describe, expect, it } from 'vitest';
import type { Terminal } from '@xterm/xterm';
import { wallClock } from '../../src-shared/bytes/hex-rows.js';
import { LineStamps } from './timestamps-lines.js';

/** Just enough of xterm for LineStamps: a buffer of lines, a cursor, line feeds, markers, write-parsed. */
function fakeTerm() {
  const lines: string[] = [''];
  const cursor = { x: 0, y: 0 };
  const lineFeed: Array<() => void> = [];
  const parsed: Array<() => void> = [];
  const markers: Array<{ line: number; isDisposed: boolean; dispose(): void }> = [];
  const on = (list: Array<() => void>) => (fn: () => void) => {
    list.push(fn);
    return { dispose: () => list.splice(list.indexOf(fn), 1) };
  };
  const term = {
    rows: 24,
    options: { scrollback: 1000 },
    buffer: {
      active: {
        type: 'normal',
        baseY: 0,
        get cursorX() {
          return cursor.x;
        },
        get cursorY() {
          return cursor.y;
        },
        getLine: (i: number) => (i < lines.length ? { translateToString: () => lines[i]!.trimEnd() } : undefined),
      },
    },
    onLineFeed: on(lineFeed),
    onWriteParsed: on(parsed),
    registerMarker() {
      const m = {
        line: cursor.y,
        isDisposed: false,
        dispose() {
          m.isDisposed = true;
          m.line = -1;
        },
      };
      markers.push(m);
      return m;
    },
  };
  /** Parse `text` (printable characters, \r, \n); endBatch() is xterm's onWriteParsed. */
  const write = (text: string) => {
    for (const c of text) {
      if (c === '\n') {
        cursor.y++;
        if (lines.length <= cursor.y) lines.push('');
        for (const f of lineFeed) f();
      } else if (c === '\r') cursor.x = 0;
      else {
        const l = lines[cursor.y]!;
        lines[cursor.y] = l.slice(0, cursor.x) + c + l.slice(cursor.x + 1);
        cursor.x++;
      }
    }
  };
  return { term: term as unknown as Terminal, write, endBatch: () => parsed.forEach((f) => f()), markers };
}

describe('LineStamps', () => {
  it('stamps each line with the arrival time of the chunk its first character came in', () => {
    const f = fakeTerm();
    let now = 1000;
    const stamps = new LineStamps(f.term, () => now);
    // chunk 1 (arrived at 100): a whole line, then the line end; the next line is still empty
    f.write('one\r\n');
    stamps.settle(100);
    // chunk 2 (arrived at 250): the next line's text comes now
    f.write('two\r\nthr');
    stamps.settle(250);
    f.write('ee\r\n');
    stamps.settle(400);
    now = 500;
    f.endBatch();
    const v = stamps.visible(0, 24, 'wall');
    // the cursor's line was empty when the stamps went on, so it counts; 'three' began in chunk 2
    expect(v.map((s) => s.row)).toEqual([0, 1, 2]);
    expect(v.map((s) => s.text)).toEqual([100, 250, 250].map(wallClock));
    expect(stamps.visible(0, 24, 'delta').map((s) => s.text)).toEqual(['+0.000', '+0.150', '+0.000']);
  });

  it('lines begun outside received chunks (local echo, notes) take the time they were parsed', () => {
    const f = fakeTerm();
    let now = 7000;
    const stamps = new LineStamps(f.term, () => now);
    f.write('typed\r\n');
    f.endBatch();
    now = 7300;
    f.write('more');
    f.endBatch();
    expect(stamps.visible(0, 24, 'delta').map((s) => s.text)).toEqual(['+0.000', '+0.300']);
  });

  it('shows only the lines in view, and forgets lines gone from the buffer', () => {
    const f = fakeTerm();
    const stamps = new LineStamps(f.term, () => 0);
    for (let i = 0; i < 50; i++) {
      f.write(`line ${i}\r\n`);
      stamps.settle(i * 10);
    }
    expect(stamps.visible(40, 5, 'wall').map((s) => s.row)).toEqual([0, 1, 2, 3, 4]);
    for (const m of f.markers.slice(0, 30)) m.dispose(); // trimmed from the scrollback
    expect(stamps.visible(0, 35, 'wall').map((s) => s.row)).toEqual([30, 31, 32, 33, 34]);
    stamps.dispose();
    expect(f.markers.every((m) => m.isDisposed)).toBe(true);
  });
});
