/**
 * Keyboard shortcuts for the control buttons and the tabs (the keys: src-shared/app/shortcut-keys.ts,
 * shared with the application menu's labels). The line controls are Ctrl+Shift+letter
 * (Cmd+Shift on macOS), which a terminal never needs to send (control characters are Ctrl without
 * Shift). The tab keys are Ctrl+Tab / Ctrl+Shift+Tab (next, previous) and Ctrl+Shift+W (close); plain
 * Ctrl+W stays the device's (0x17, a shell's word erase). A browser keeps Ctrl+Tab, Ctrl+Shift+W and
 * Ctrl+Shift+T/N for itself in an ordinary tab, so under `dialtone serve` the tab keys work only where
 * the browser hands them to the page (Electron, an app window, automation); the tab strip does the same.
 */

import { keyName, SHORTCUT_ACTIONS, SHORTCUT_KEYS as KEYS, type ShortcutAction } from '../../src-shared/app/shortcut-keys.js';

export { SHORTCUT_ACTIONS, type ShortcutAction } from '../../src-shared/app/shortcut-keys.js';

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

/** The label shown in tooltips, e.g. "Ctrl+Shift+D", "Ctrl+Tab". */
export function shortcutLabel(a: ShortcutAction, mac = false): string {
  const { code, shift } = KEYS[a];
  return `${mac ? 'Cmd' : 'Ctrl'}+${shift ? 'Shift+' : ''}${keyName(code)}`;
}
