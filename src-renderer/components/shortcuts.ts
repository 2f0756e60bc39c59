/**
 * Keyboard shortcuts for the control buttons and the tabs (the keys: src-shared/app/shortcut-keys.ts,
 * shared with the application menu's labels). The line controls are Ctrl+Shift+letter
 * (Cmd+Shift on macOS), which a terminal never needs to send (control characters are Ctrl without
 * Shift). The tab keys are Ctrl+Tab / Ctrl+Shift+Tab (next, previous) and Ctrl+Shift+W (close); plain
 * Ctrl+W stays the device's (0x17, a shell's word erase). A browser keeps Ctrl+Tab, Ctrl+Shift+W and
 * Ctrl+Shift+T/N for itself in an ordinary tab, so under `dialtone serve` the tab keys work only where
 * the browser hands them to the page (Electron, an app window, automation); the tab strip does the same.
 */

import { SHORTCUT_ACTIONS, SHORTCUT_KEYS as KEYS, type ShortcutAction } from '../../src-shared/app/shortcut-keys.js';

export { formatShortcut, SHORTCUT_ACTIONS, type ShortcutAction } from '../../src-shared/app/shortcut-keys.js';

/** The subset of KeyboardEvent the matcher reads. */
export interface KeyLike {
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The action a key press triggers, or null. Ctrl (or Cmd), Shift as the action says, never Alt. */
export function matchShortcut(e: KeyLike): ShortcutAction | null {
  if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  for (const a of SHORTCUT_ACTIONS) if (KEYS[a].code === e.code && KEYS[a].shift === e.shiftKey) return a;
  return null;
}

/** What keyboardPlatform reads: `navigator` in the page, a stand-in in tests. */
export interface NavigatorLike {
  readonly platform?: string;
  readonly userAgentData?: { readonly platform?: string };
}

/**
 * The system of the keyboard the page is used from, in process.platform's names: 'darwin' (a Mac),
 * 'win32' (Windows) or 'linux' (anything else), from navigator.userAgentData.platform ("macOS",
 * "Windows") or navigator.platform ("MacIntel", "Win32"). Not app.info's platform: under `dialtone
 * serve` the browser may run on another system than main.
 */
export function keyboardPlatform(nav: NavigatorLike = navigator): 'darwin' | 'win32' | 'linux' {
  const p = (nav.userAgentData?.platform || nav.platform || '').slice(0, 64);
  return /^mac|iphone|ipad/i.test(p) ? 'darwin' : /^win/i.test(p) ? 'win32' : 'linux';
}
