/**
 * The ui slice: theme, which side panel shows, the new-session dialog, and one-line notices
 * (errors from the bridge the operator must see).
 */
import { create } from 'zustand';

export const THEMES = ['system', 'dark', 'light'] as const;
export type ThemeChoice = (typeof THEMES)[number];
export const SIDE_PANELS = ['line', 'profiles', 'dialer', 'log'] as const;
export type SidePanel = (typeof SIDE_PANELS)[number];

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface UiState {
  theme: ThemeChoice;
  sidePanel: SidePanel;
  newSessionOpen: boolean;
  notices: Notice[];
  /** BREAK pulse length, ms. */
  breakMs: number;
  setBreakMs(ms: number): void;
  setTheme(t: ThemeChoice): void;
  cycleTheme(): void;
  setSidePanel(p: SidePanel): void;
  setNewSessionOpen(open: boolean): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

const THEME_KEY = 'dialtone.theme';
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
  setNewSessionOpen(newSessionOpen) {
    set({ newSessionOpen });
  },
  notify(kind, text) {
    const notice = { id: nextNoticeId++, kind, text };
    set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));
