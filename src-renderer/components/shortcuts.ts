/**
 * Keyboard shortcuts for the control buttons and the tabs. The line controls are Ctrl+Shift+letter
 * (Cmd+Shift on macOS), which a terminal never needs to send (control characters are Ctrl without
 * Shift). The tab keys are Ctrl+Tab / Ctrl+Shift+Tab (next, previous) and Ctrl+Shift+W (close); plain
 * Ctrl+W stays the device's (0x17, a shell's word erase). A browser keeps Ctrl+Tab, Ctrl+Shift+W and
 * Ctrl+Shift+T/N for itself in an ordinary tab, so under `dialtone serve` the tab keys work only where
 * the browser hands them to the page (Electron, an app window, automation); the tab strip does the same.
 */

export const SHORTCUT_ACTIONS = ['dtr', 'rts', 'break', 'purge', 'reconnect', 'newSession', 'find', 'copy', 'clear', 'reset', 'sendBar', 'hexView', 'timestamps', 'nextTab', 'prevTab', 'closeTab'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** The physical key (KeyboardEvent.code) of each action, and whether it takes Shift (all take Ctrl). */
const KEYS: Readonly<Record<ShortcutAction, { code: string; shift: boolean }>> = {
  dtr: { code: 'KeyD', shift: true },
  rts: { code: 'KeyR', shift: true },
  break: { code: 'KeyB', shift: true },
  purge: { code: 'KeyP', shift: true },
  reconnect: { code: 'KeyE', shift: true },
  newSession: { code: 'KeyO', shift: true },
  find: { code: 'KeyF', shift: true },
  /** Copy the terminal's selection (plain Ctrl+C must reach the device as ETX). */
  copy: { code: 'KeyC', shift: true },
  /** Clear the pane's scrollback; reset the pane's terminal (RIS). */
  clear: { code: 'KeyK', shift: true },
  reset: { code: 'KeyU', shift: true },
  /** Show or hide the send bar (text with escapes, or hex). */
  sendBar: { code: 'KeyS', shift: true },
  /** The tab's view: Terminal or Hex; the Terminal view's timestamps gutter (L: line times). */
  hexView: { code: 'KeyH', shift: true },
  timestamps: { code: 'KeyL', shift: true },
  nextTab: { code: 'Tab', shift: false },
  prevTab: { code: 'Tab', shift: true },
  closeTab: { code: 'KeyW', shift: true },
};

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
  const key = code.startsWith('Key') ? code.slice(3) : code;
  return `${mac ? 'Cmd' : 'Ctrl'}+${shift ? 'Shift+' : ''}${key}`;
}
