/**
 * The ui slice: theme, which side panel shows and whether it is open (both remembered), the
 * new-session dialog, the pending confirm question, and one-line notices (errors from the bridge the
 * operator must see).
 */
import { create } from 'zustand';
import { displayText } from '../../src-shared/text/display.js';

/** Most characters of a notice (a longer one keeps its start and end). */
const NOTICE_MAX = 600;

export const THEMES = ['system', 'dark', 'light'] as const;
export type ThemeChoice = (typeof THEMES)[number];
export const SIDE_PANELS = ['line', 'profiles', 'dialer', 'log'] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** A question the in-app confirm dialog asks (ConfirmDialog); `resolve` gets the operator's answer. */
export interface ConfirmRequest {
  title: string;
  body: string;
  /** The label of the button that goes ahead, e.g. "Close tab". */
  accept: string;
  resolve(ok: boolean): void;
}

export interface UiState {
  theme: ThemeChoice;
  sidePanel: SidePanel;
  /** The side panel is shown (false: collapsed, the terminal takes the width). */
  sideOpen: boolean;
  confirm: ConfirmRequest | null;
  newSessionOpen: boolean;
  notices: Notice[];
  /** BREAK pulse length, ms. */
  breakMs: number;
  setBreakMs(ms: number): void;
  setTheme(t: ThemeChoice): void;
  cycleTheme(): void;
  setSidePanel(p: SidePanel): void;
  setSideOpen(open: boolean): void;
  /** Ask the operator (one question at a time: a new one answers the pending one "no"); `withdraw` closes the question unanswered. */
  askConfirm(q: Omit<ConfirmRequest, 'resolve'>, withdraw?: AbortSignal): Promise<boolean>;
  /** Answer the pending question. */
  answerConfirm(ok: boolean): void;
  setNewSessionOpen(open: boolean): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'dialtone.theme';
const SIDE_OPEN_KEY = 'dialtone.sideOpen';
/** Most notices kept on screen; older ones drop off (they are also in the console). */
const MAX_NOTICES = 4;
let nextNoticeId = 1;

function loadTheme(): ThemeChoice {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY);
    return (THEMES as readonly string[]).includes(t ?? '') ? (t as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

/** The side panel's remembered state: open unless the operator collapsed it. */
function loadSideOpen(): boolean {
  try {
    return globalThis.localStorage?.getItem(SIDE_OPEN_KEY) !== 'false';
  } catch {
    return true;
  }
}

const LIGHT_QUERY = '(prefers-color-scheme: light)';

/**
 * Put the theme on <html data-theme> at once (before React effects run), so a pane that reads the
 * CSS variables for xterm in its own effect sees the new values. 'system' is resolved here from the
 * media query, so theme.css holds each palette once, keyed only by data-theme.
 */
function applyThemeAttribute(theme: ThemeChoice): void {
  if (typeof document === 'undefined') return;
  const systemLight = globalThis.matchMedia?.(LIGHT_QUERY).matches ?? false;
  document.documentElement.dataset.theme = theme === 'system' ? (systemLight ? 'light' : 'dark') : theme;
}

/** The next theme of the toggle: system -> dark -> light -> system. */
export function nextTheme(t: ThemeChoice): ThemeChoice {
  return THEMES[(THEMES.indexOf(t) + 1) % THEMES.length]!;
}

const initialTheme = loadTheme();
applyThemeAttribute(initialTheme);
// Follow the system while the choice is 'system'. Registered at load, so it runs before the panes'
// own listeners re-read the variables.
globalThis.matchMedia?.(LIGHT_QUERY).addEventListener('change', () => applyThemeAttribute(useUi.getState().theme));

export const useUi = create<UiState>()((set, get) => ({
  theme: initialTheme,
  sidePanel: 'line',
  sideOpen: loadSideOpen(),
  confirm: null,
  newSessionOpen: false,
  notices: [],
  breakMs: 250,
  setBreakMs(breakMs) {
    set({ breakMs });
  },
  setTheme(theme) {
    try {
      globalThis.localStorage?.setItem(THEME_KEY, theme);
    } catch {
      // storage unavailable (private mode): the choice lasts for this window only
    }
    applyThemeAttribute(theme);
    set({ theme });
  },
  cycleTheme() {
    get().setTheme(nextTheme(get().theme));
  },
  setSidePanel(sidePanel) {
    set({ sidePanel });
  },
  setSideOpen(sideOpen) {
    try {
      globalThis.localStorage?.setItem(SIDE_OPEN_KEY, String(sideOpen));
    } catch {
      // storage unavailable: remembered for this window only
    }
    set({ sideOpen });
  },
  askConfirm(q, withdraw) {
    get().confirm?.resolve(false);
    return new Promise<boolean>((resolve) => {
      const request: ConfirmRequest = { ...q, resolve };
      set({ confirm: request });
      // the question no longer applies: it goes away unanswered (resolved "no"; the asker checks the signal)
      withdraw?.addEventListener(
        'abort',
        () => {
          if (get().confirm === request) set({ confirm: null });
          resolve(false);
        },
        { once: true },
      );
    });
  },
  answerConfirm(ok) {
    const pending = get().confirm;
    if (!pending) return;
    set({ confirm: null });
    pending.resolve(ok);
  },
  setNewSessionOpen(newSessionOpen) {
    set({ newSessionOpen });
  },
  notify(kind, text) {
    // a message may quote what an operator or a server wrote (a 3000-character name, a bidi override)
    const notice = { id: nextNoticeId++, kind, text: displayText(text, NOTICE_MAX) };
    set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));
