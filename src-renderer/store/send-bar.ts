/**
 * The send bar's state for this window (issue 12): shown or not (remembered), the input syntax, the line
 * end appended, and a history of what was sent (newest last, bounded, remembered).
 */
import { create } from 'zustand';
import type { SendSyntax } from '../../src-shared/bytes/send-syntax.js';

/** What is appended to each send: nothing, or a line end. */
export const SEND_LINE_ENDS = { none: '', cr: '\r', lf: '\n', crlf: '\r\n' } as const;
export type SendLineEnd = keyof typeof SEND_LINE_ENDS;

/** Most entries kept in the history. */
export const SEND_HISTORY_MAX = 50;
const KEY = 'dialtone.sendBar';

interface Saved {
  open: boolean;
  syntax: SendSyntax;
  lineEnd: SendLineEnd;
  history: string[];
}

export interface SendBarState extends Saved {
  setOpen(open: boolean): void;
  setSyntax(syntax: SendSyntax): void;
  setLineEnd(lineEnd: SendLineEnd): void;
  /** Add a sent input to the history (moved to the end if it is there already). */
  remember(input: string): void;
}

function load(): Saved {
  const fallback: Saved = { open: false, syntax: 'text', lineEnd: 'none', history: [] };
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (!raw) return fallback;
    return {
      open: raw.open === true,
      syntax: raw.syntax === 'hex' ? 'hex' : 'text',
      lineEnd: raw.lineEnd && raw.lineEnd in SEND_LINE_ENDS ? raw.lineEnd : 'none',
      history: Array.isArray(raw.history) ? raw.history.filter((h): h is string => typeof h === 'string' && h.length <= 4096).slice(-SEND_HISTORY_MAX) : [],
    };
  } catch {
    return fallback;
  }
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
  return {
    ...load(),
    setOpen: (open) => save({ open }),
    setSyntax: (syntax) => save({ syntax }),
    setLineEnd: (lineEnd) => save({ lineEnd }),
    remember: (input) => save({ history: [...get().history.filter((h) => h !== input), input].slice(-SEND_HISTORY_MAX) }),
  };
});
