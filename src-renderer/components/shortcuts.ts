/**
 * Keyboard shortcuts for the control buttons. All are Ctrl+Shift+letter (Cmd+Shift on macOS), which a
 * terminal never needs to send (control characters are Ctrl without Shift), and none is one Chromium
 * reserves (Ctrl+Shift+T/N/W cannot be taken from the browser).
 */

export const SHORTCUT_ACTIONS = ['dtr', 'rts', 'break', 'purge', 'reconnect', 'newSession', 'find', 'copy'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The physical key (KeyboardEvent.code) of each action, with Ctrl+Shift. */
const KEYS: Readonly<Record<ShortcutAction, string>> = {
  dtr: 'KeyD',
  rts: 'KeyR',
  break: 'KeyB',
  purge: 'KeyP',
  reconnect: 'KeyE',
  newSession: 'KeyO',
  find: 'KeyF',
  /** Copy the terminal's selection (plain Ctrl+C must reach the device as ETX). */
  copy: 'KeyC',
};

/** The subset of KeyboardEvent the matcher reads. */
export interface KeyLike {
  code: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The action a key press triggers, or null. Ctrl (or Cmd) and Shift, without Alt. */
export function matchShortcut(e: KeyLike): ShortcutAction | null {
  if (!e.shiftKey || e.altKey || !(e.ctrlKey || e.metaKey)) return null;
  for (const a of SHORTCUT_ACTIONS) if (KEYS[a] === e.code) return a;
  return null;
}

/** The label shown in tooltips, e.g. "Ctrl+Shift+D". */
export function shortcutLabel(a: ShortcutAction, mac = false): string {
  return `${mac ? 'Cmd' : 'Ctrl'}+Shift+${KEYS[a].slice(3)}`;
}
