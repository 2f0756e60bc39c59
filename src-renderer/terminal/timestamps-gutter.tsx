/**
 * The timestamps gutter of the Terminal view (issue 12): a column beside xterm (outside the emulated
 * screen: xterm's columns shrink by its width through the fit addon) showing the arrival time of each
 * visible line that has one (timestamps-lines.ts), as wall clock "12:34:56.789" or the delta since the
 * previous line "+0.123". Drawn straight into its row elements at most once per animation frame, after
 * xterm renders or scrolls; React only mounts it.
 */
import { useEffect, useRef } from 'react';
import type { Terminal } from '@xterm/xterm';
import type { StampStyle } from '../store/view-mode.js';
import { terminalRegistry } from './registry.js';
import { trackLineStamps } from './timestamps-lines.js';

export interface StampGutterProps {
  tabId: string;
  style: StampStyle;
  fontSize: number;
}

export function StampGutter({ tabId, style, fontSize }: StampGutterProps) {
  const ref = useRef<HTMLDivElement>(null);
  const styleRef = useRef(style);
  styleRef.current = style;
  const redrawRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const el = ref.current!;
    let stop: (() => void) | null = null;
    let frame = 0;
    let retry = 0;
    const start = (term: Terminal) => {
      const tracked = trackLineStamps(term);
      const draw = () => {
        frame = 0;
        const buf = term.buffer.active;
        const screen = term.element?.querySelector<HTMLElement>('.xterm-screen');
        const rows = term.rows;
        const cellH = screen && rows > 0 ? screen.getBoundingClientRect().height / rows : 0;
        while (el.childElementCount < rows) {
          const row = document.createElement('div');
          row.className = 'stamp-row';
          row.dataset.testid = 'stamp-row';
          el.appendChild(row);
        }
        while (el.childElementCount > rows) el.lastElementChild!.remove();
        if (cellH > 0) el.style.setProperty('--stamp-cell-h', `${cellH}px`);
        const texts: string[] = new Array<string>(rows).fill('');
        if (buf.type === 'normal') for (const s of tracked.stamps.visible(buf.viewportY, rows, styleRef.current)) texts[s.row] = s.text;
        for (let i = 0; i < rows; i++) {
          const row = el.children[i] as HTMLElement;
          if (row.textContent !== texts[i]) row.textContent = texts[i]!;
        }
      };
      const schedule = () => {
        if (frame === 0) frame = requestAnimationFrame(draw);
      };
      redrawRef.current = schedule;
      const subs = [term.onRender(schedule), term.onScroll(schedule), term.onResize(schedule), term.onWriteParsed(schedule)];
      schedule();
      stop = () => {
        for (const s of subs) s.dispose();
        tracked.stop();
      };
    };
    const attach = () => {
      retry = 0;
      const term = terminalRegistry.get(tabId);
      if (term) start(term);
      else retry = requestAnimationFrame(attach); // the pane's terminal is made after its children mount
    };
    attach();
    return () => {
      cancelAnimationFrame(frame);
      cancelAnimationFrame(retry);
      redrawRef.current = () => undefined;
      stop?.();
    };
  }, [tabId]);

  useEffect(() => redrawRef.current(), [style, fontSize]);

  return (
    <div
      ref={ref}
      className="stamp-gutter mono"
      data-testid="stamp-gutter"
      data-style={style}
      aria-label={style === 'wall' ? 'Arrival time of each line' : 'Time since the previous line'}
      style={{ fontSize: `${Math.max(9, fontSize - 1)}px` }}
    />
  );
}
