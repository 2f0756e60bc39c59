/**
 * The hex view of a tab (issue 12), in place of the Terminal view (which keeps parsing the same bytes
 * behind it, so switching back loses nothing and the pane's acks pace the flow as always). One stream of
 * rows of both directions: offset, received '<' or sent '>' in two colours, time, 8 or 16 bytes, and the
 * printable column in the tab's encoding; events inline ('*'). Rows come from the tab's history
 * (hex-history.ts) through hex-model.ts; only the visible rows are in the DOM (fixed row height), drawn
 * at most once per animation frame, following the tail while scrolled to the bottom. Click a row and
 * shift-click another to select: Copy hex / Copy text. Find a byte sequence typed as hex ("0d 0a").
 * Keys typed here go to the line as in the Terminal view.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import { wallClock, type HexRow } from '../../src-shared/bytes/hex-rows.js';
import { parseSend, SendSyntaxError } from '../../src-shared/bytes/send-syntax.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../store/reducers.js';
import { useViewField } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { useViewMode, type HexWidth } from '../store/view-mode.js';
import { HEX_HISTORY_BYTES, hexHistoryOf } from './hex-history.js';
import { HexModel, hexColumn, printableColumn, type HexMatch } from './hex-model.js';
import { translateSend } from './newline.js';
import { terminalRegistry } from './registry.js';
import { sendText } from './send.js';

/** Row height, px (fixed: the view is virtualized on it). */
export const HEX_ROW_H = 18;
/** Rows drawn beyond the visible ones, above and below. */
const OVERSCAN = 6;

interface Selection {
  a: number;
  b: number;
}

export function HexView({ tabId, active }: { tabId: string; active: boolean }) {
  const width = useViewMode((s) => s.hexWidth);
  const gapMs = useViewMode((s) => s.hexGapMs);
  const setWidth = useViewMode((s) => s.setHexWidth);
  const setGap = useViewMode((s) => s.setHexGapMs);
  const options = useViewField(tabId, 'terminal') ?? DEFAULT_TERMINAL_OPTIONS;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const activeRef = useRef(active);
  activeRef.current = active;

  const modelRef = useRef<HexModel | null>(null);
  const [, setTick] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const followRef = useRef(true);
  const prevFirstRef = useRef(0);
  const [viewport, setViewport] = useState({ top: 0, height: 0 });
  const [sel, setSel] = useState<Selection | null>(null);
  const [match, setMatch] = useState<HexMatch | null>(null);
  const [findText, setFindText] = useState('');
  const [findStatus, setFindStatus] = useState('');
  const [gapText, setGapText] = useState(String(gapMs));

  useEffect(() => setGapText(String(gapMs)), [gapMs]);

  // The model: built from the history, then grown per chunk; drawn once per frame while visible.
  useEffect(() => {
    const history = hexHistoryOf(tabId);
    const { chunks, base } = history.snapshot();
    const model = HexModel.from(chunks, { width, gapMs }, base);
    modelRef.current = model;
    prevFirstRef.current = model.firstIndex;
    setSel(null);
    setMatch(null);
    let frame = 0;
    const draw = () => {
      frame = 0;
      setTick((t) => t + 1);
    };
    const unsubscribe = history.subscribe((chunk) => {
      model.append(chunk);
      if (frame === 0 && activeRef.current) frame = requestAnimationFrame(draw);
    });
    setTick((t) => t + 1);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [tabId, width, gapMs]);

  // A tab shown again draws what came while it was hidden.
  useEffect(() => {
    if (active) setTick((t) => t + 1);
  }, [active]);

  // The viewport's size.
  useEffect(() => {
    const el = scrollRef.current!;
    const measure = () => setViewport({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.focus({ preventScroll: true });
    return () => {
      ro.disconnect();
      if (activeRef.current) terminalRegistry.get(tabId)?.focus(); // back in the Terminal view
    };
  }, []);

  const model = modelRef.current;
  const first = model?.firstIndex ?? 0;
  const end = model?.endIndex ?? 0;
  const count = end - first;

  // Follow the tail; keep the rows in place when the oldest go while reading above.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const dropped = first - prevFirstRef.current;
    prevFirstRef.current = first;
    // the content's height is known (fixed rows): no layout read to find the bottom
    if (followRef.current) el.scrollTop = Math.max(0, count * HEX_ROW_H - viewport.height);
    else if (dropped > 0) el.scrollTop = Math.max(0, el.scrollTop - dropped * HEX_ROW_H);
  });

  const onScroll = () => {
    const el = scrollRef.current!;
    followRef.current = el.scrollTop + el.clientHeight >= el.scrollHeight - HEX_ROW_H / 2;
    if (viewport.top !== el.scrollTop || viewport.height !== el.clientHeight) setViewport({ top: el.scrollTop, height: el.clientHeight });
  };

  const top = followRef.current ? Math.max(0, count * HEX_ROW_H - viewport.height) : viewport.top;
  const from = first + Math.max(0, Math.floor(top / HEX_ROW_H) - OVERSCAN);
  const to = Math.min(end, first + Math.ceil((top + viewport.height) / HEX_ROW_H) + OVERSCAN);

  const scrollToRow = (i: number) => {
    const el = scrollRef.current;
    if (!el) return;
    followRef.current = false;
    const y = (i - first) * HEX_ROW_H;
    if (y < el.scrollTop || y + HEX_ROW_H > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
    setViewport({ top: el.scrollTop, height: el.clientHeight });
  };

  const find = (backwards: boolean) => {
    if (!model) return;
    let seq: Uint8Array;
    try {
      seq = parseSend(findText, 'hex');
    } catch (err) {
      setFindStatus(err instanceof SendSyntaxError ? `${err.message} (at ${err.at + 1})` : String(err));
      return;
    }
    if (seq.length === 0) return setFindStatus('type bytes in hex: 0d 0a');
    const start = match?.start ?? (sel ? { row: Math.min(sel.a, sel.b), byte: backwards ? 0 : -1 } : null);
    const m = model.find(seq, start, backwards);
    setMatch(m);
    // the view keeps the last HEX_HISTORY_BYTES of the tab: say so when older bytes are gone
    if (!m) return setFindStatus(hexHistoryOf(tabId).trimmed ? `not found in the last ${HEX_HISTORY_BYTES / 1024 / 1024} MiB (older bytes are not kept)` : 'not found');
    setSel({ a: m.spans[0]!.row, b: m.spans.at(-1)!.row });
    setFindStatus(`at ${offsetOf(model.row(m.start.row), m.start.byte)}`);
    scrollToRow(m.start.row);
  };

  const copy = (as: 'hex' | 'text') => {
    if (!model || !sel) return;
    const text = as === 'hex' ? model.copyHex(sel.a, sel.b) : model.copyText(sel.a, sel.b, optionsRef.current.encoding);
    navigator.clipboard.writeText(text).catch((err: unknown) => useUi.getState().notify('error', `copy: ${err instanceof Error ? err.message : String(err)}`));
  };

  const onRowClick = (i: number, e: ReactMouseEvent) => {
    setSel(e.shiftKey && sel ? { a: sel.a, b: i } : { a: i, b: i });
    setMatch(null);
    scrollRef.current?.focus({ preventScroll: true });
  };

  // Keys typed in the view go to the line, as in the Terminal view.
  const onKeyDown = (e: ReactKeyboardEvent) => {
    const data = keyData(e);
    if (data === null) return;
    e.preventDefault();
    const term = terminalRegistry.get(tabId);
    if (term) sendText(term, tabId, translateSend(data, optionsRef.current.sendNewline), optionsRef.current);
  };

  const selLo = sel ? Math.min(sel.a, sel.b) : -1;
  const selHi = sel ? Math.max(sel.a, sel.b) : -2;
  const rows: ReactNode[] = [];
  if (model) {
    for (let i = from; i < to; i++) {
      const r = model.row(i);
      // keyed by slot, not by row: while following a fast tail every visible row is new each frame, and
      // React then rewrites the text of the same elements instead of making and removing them
      if (r) rows.push(<HexRowView key={i % 256} index={i} y={(i - first) * HEX_ROW_H} row={r} width={width} encoding={options.encoding} selected={i >= selLo && i <= selHi} match={match} onClick={onRowClick} />);
    }
  }

  return (
    <div className="hex-view" data-testid="hex-view" data-width={width}>
      <div className="hex-toolbar">
        <label className="hex-field">
          Row
          <select className="select small" data-testid="hex-width" value={width} onChange={(e) => setWidth(Number(e.target.value) === 8 ? 8 : (16 as HexWidth))}>
            <option value={8}>8 bytes</option>
            <option value={16}>16 bytes</option>
          </select>
        </label>
        <label className="hex-field" title="A pause this long starts a new row (one burst reads as one frame)">
          Gap
          <input
            className="input small mono hex-gap"
            data-testid="hex-gap"
            type="number"
            min={0}
            step={10}
            value={gapText}
            onChange={(e) => setGapText(e.target.value)}
            onBlur={() => setGap(Number(gapText))}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setGap(Number(gapText));
            }}
          />
          ms
        </label>
        <span className="hex-sep" />
        <input
          className="input small mono hex-find"
          data-testid="hex-find"
          placeholder="Find hex: 0d 0a"
          aria-label="Find a byte sequence (hex)"
          value={findText}
          onChange={(e) => {
            setFindText(e.target.value);
            setMatch(null);
            setFindStatus('');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') find(e.shiftKey);
          }}
        />
        <button type="button" className="btn small" data-testid="hex-find-prev" title="Previous (Shift+Enter)" onClick={() => find(true)}>
          ↑
        </button>
        <button type="button" className="btn small" data-testid="hex-find-next" title="Next (Enter)" onClick={() => find(false)}>
          ↓
        </button>
        <span className="hex-status" data-testid="hex-find-status" title={findStatus}>
          {findStatus}
        </span>
        <span className="hex-count" data-testid="hex-count" data-rows={model?.total ?? 0}>
          {sel ? `${selHi - selLo + 1} of ${count} rows` : `${count} rows`}
        </span>
        <button type="button" className="btn small" data-testid="hex-copy-hex" disabled={!sel} onClick={() => copy('hex')}>
          Copy hex
        </button>
        <button type="button" className="btn small" data-testid="hex-copy-text" disabled={!sel} onClick={() => copy('text')}>
          Copy text
        </button>
      </div>
      <div className="hex-scroll mono" ref={scrollRef} data-testid="hex-scroll" tabIndex={0} onScroll={onScroll} onKeyDown={onKeyDown}>
        <div className="hex-rows" style={{ height: count * HEX_ROW_H, minWidth: `${width === 16 ? 100 : 70}ch` }}>
          {rows}
        </div>
        {count === 0 && <div className="hex-empty">Nothing received or sent yet in this tab.</div>}
      </div>
      {!followRef.current && count * HEX_ROW_H > viewport.height && (
        <button
          type="button"
          className="btn small hex-follow"
          data-testid="hex-follow"
          onClick={() => {
            followRef.current = true;
            setTick((t) => t + 1);
          }}
        >
          ↓ Newest
        </button>
      )}
    </div>
  );
}

/** The stream offset of byte `byte` of a row, in hex. */
function offsetOf(row: HexRow | null, byte: number): string {
  return row?.kind === 'bytes' ? (row.offset + byte).toString(16).padStart(8, '0') : '?';
}

interface HexRowViewProps {
  index: number;
  y: number;
  row: HexRow;
  width: number;
  encoding: 'utf-8' | 'latin1' | 'cp437';
  selected: boolean;
  match: HexMatch | null;
  onClick(i: number, e: ReactMouseEvent): void;
}

function HexRowView({ index, y, row, width, encoding, selected, match, onClick }: HexRowViewProps) {
  const cls = `hex-row ${row.kind === 'event' ? 'event' : row.dir}${selected ? ' selected' : ''}`;
  const common = {
    className: cls,
    'data-testid': 'hex-row',
    'data-index': index,
    'aria-selected': selected,
    style: { transform: `translateY(${y}px)` },
    onMouseDown: (e: ReactMouseEvent) => e.shiftKey && e.preventDefault(),
    onClick: (e: ReactMouseEvent) => onClick(index, e),
  };
  if (row.kind === 'event') {
    return (
      <div {...common} data-dir="event">
        <span className="hex-off" />
        <span className="hex-mark">*</span>
        <span className="hex-time">{wallClock(row.t)}</span>
        <span className="hex-event">{row.text}</span>
      </div>
    );
  }
  const hex = hexColumn(row.bytes, width);
  const span = match?.spans.find((s) => s.row === index);
  const at = (k: number) => k * 3 + (k >= 8 ? 1 : 0); // where byte k starts in the column
  return (
    <div {...common} data-dir={row.dir} data-offset={row.offset}>
      <span className="hex-off">{row.offset.toString(16).padStart(8, '0')}</span>
      <span className="hex-mark">{row.dir === 'rx' ? '<' : '>'}</span>
      <span className="hex-time">{wallClock(row.t)}</span>
      <span className="hex-bytes" data-testid="hex-bytes">
        {span ? (
          <>
            {hex.slice(0, at(span.from))}
            <mark>{hex.slice(at(span.from), at(span.to - 1) + 2)}</mark>
            {hex.slice(at(span.to - 1) + 2)}
          </>
        ) : (
          hex
        )}
      </span>
      <span className="hex-text">{printableColumn(row.bytes, encoding)}</span>
    </div>
  );
}

/** What a key typed in the hex view sends, or null (the key is the page's). */
function keyData(e: ReactKeyboardEvent): string | null {
  if (e.altKey || e.metaKey) return null;
  if (e.ctrlKey) {
    if (e.shiftKey || e.key.length !== 1) return null;
    const c = e.key.toUpperCase().charCodeAt(0);
    return c >= 0x40 && c <= 0x5f ? String.fromCharCode(c - 0x40) : null;
  }
  if (e.key.length === 1) return e.key;
  switch (e.key) {
    case 'Enter':
      return '\r';
    case 'Backspace':
      return '\x7f';
    case 'Tab':
      return '\t';
    case 'Escape':
      return '\x1b';
    default:
      return null;
  }
}
