/**
 * The send bar's state for this window (issue 12): shown or not (remembered), the input syntax, the line
 * end appended, and a history of what was sent (newest last, bounded, remembered). A history entry keeps
 * the syntax and line end it was sent with, so recalling it sends the same bytes again.
 */
import { create } from 'zustand';
import type { SendSyntax } from '../../src-shared/bytes/send-syntax.js';

/** What is appended to each send: nothing, or a line end. */
export const SEND_LINE_ENDS = { none: '', cr: '\r', lf: '\n', crlf: '\r\n' } as const;
export type SendLineEnd = keyof typeof SEND_LINE_ENDS;

/** Most entries kept in the history. */
export const SEND_HISTORY_MAX = 50;
/** Longest input kept in the history. */
const MAX_INPUT = 4096;
const KEY = 'dialtone.sendBar';

/** One sent input as typed, with the syntax it was read in and the line end appended. */
export interface SendEntry {
  input: string;
  syntax: SendSyntax;
  lineEnd: SendLineEnd;
}

/** What the bar remembers across restarts. */
export interface Saved {
  open: boolean;
  syntax: SendSyntax;
  lineEnd: SendLineEnd;
  history: SendEntry[];
}

export interface SendBarState extends Saved {
  setOpen(open: boolean): void;
  setSyntax(syntax: SendSyntax): void;
  setLineEnd(lineEnd: SendLineEnd): void;
  /** Add a sent entry to the history (moved to the end if the same input, syntax and line end is there already). */
  remember(entry: SendEntry): void;
}

function isLineEnd(v: unknown): v is SendLineEnd {
  return typeof v === 'string' && Object.hasOwn(SEND_LINE_ENDS, v);
}

/**
 * The saved state from its stored text (what is missing or wrong falls back to the defaults). A history
 * entry of the older form, a bare string without its mode, takes the syntax and line end the bar was in.
 */
export function loadSaved(text: string | null | undefined): Saved {
  const fallback: Saved = { open: false, syntax: 'text', lineEnd: 'none', history: [] };
  try {
    const raw = JSON.parse(text ?? 'null') as Partial<Record<keyof Saved, unknown>> | null;
    if (!raw || typeof raw !== 'object') return fallback;
    const syntax: SendSyntax = raw.syntax === 'hex' ? 'hex' : 'text';
    const lineEnd: SendLineEnd = isLineEnd(raw.lineEnd) ? raw.lineEnd : 'none';
    const history: SendEntry[] = [];
    for (const h of Array.isArray(raw.history) ? (raw.history as unknown[]) : []) {
      if (typeof h === 'string') {
        if (h.length <= MAX_INPUT) history.push({ input: h, syntax, lineEnd });
        continue;
      }
      const e = h as Partial<Record<keyof SendEntry, unknown>> | null;
      if (e && typeof e.input === 'string' && e.input.length <= MAX_INPUT && (e.syntax === 'text' || e.syntax === 'hex') && isLineEnd(e.lineEnd)) {
        history.push({ input: e.input, syntax: e.syntax, lineEnd: e.lineEnd });
      }
    }
    return { open: raw.open === true, syntax, lineEnd, history: history.slice(-SEND_HISTORY_MAX) };
  } catch {
    return fallback;
  }
}

/**
 * One Up or Down in the history: how far back it now is (0: the draft, 1: the newest entry, at most
 * history.length) and the entry to show, input and mode; back at 0 it is `draft`, what was typed (and the
 * mode it was in) before Up was first pressed.
 */
export function historyStep(history: readonly SendEntry[], back: number, key: 'up' | 'down', draft: SendEntry): { back: number; entry: SendEntry } {
  const next = Math.min(history.length, Math.max(0, back + (key === 'up' ? 1 : -1)));
  return { back: next, entry: next === 0 ? draft : history[history.length - next]! };
}

function same(a: SendEntry, b: SendEntry): boolean {
  return a.input === b.input && a.syntax === b.syntax && a.lineEnd === b.lineEnd;
}

export const useSendBar = create<SendBarState>()((set, get) => {
  const save = (patch: Partial<Saved>) => {
    set(patch);
    const { open, syntax, lineEnd, history } = get();
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ open, syntax, lineEnd, history }));
    } catch {
      // storage full or off: the bar still works for this window
    }
  };
  let stored: string | null = null;
  try {
    stored = globalThis.localStorage?.getItem(KEY) ?? null;
  } catch {
    // storage off: start from the defaults
  }
  return {
    ...loadSaved(stored),
    setOpen: (open) => save({ open }),
    setSyntax: (syntax) => save({ syntax }),
    setLineEnd: (lineEnd) => save({ lineEnd }),
    remember: (entry) => save({ history: [...get().history.filter((h) => !same(h, entry)), { ...entry }].slice(-SEND_HISTORY_MAX) }),
  };
});
