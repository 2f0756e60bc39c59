/**
 * The window's keyboard shortcuts, one table for the two places that show or take them: the renderer's
 * key handler (src-renderer/components/shortcuts.ts, useShortcuts.ts) and the application menu's labels
 * (src-shared/app/menu.ts). The line controls are Ctrl+Shift+letter (Cmd+Shift on macOS), which a
 * terminal never needs to send (control characters are Ctrl without Shift); the tab keys are Ctrl+Tab /
 * Ctrl+Shift+Tab (next, previous) and Ctrl+Shift+W (close); plain Ctrl+W stays the device's (0x17).
 */

export const SHORTCUT_ACTIONS = ['dtr', 'rts', 'break', 'purge', 'reconnect', 'newSession', 'find', 'copy', 'clear', 'reset', 'sendBar', 'hexView', 'timestamps', 'nextTab', 'prevTab', 'closeTab'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/** One shortcut: the physical key (KeyboardEvent.code, e.g. 'KeyD', 'Tab') and whether it takes Shift (all take Ctrl or Cmd). */
export interface ShortcutKey {
  code: string;
  shift: boolean;
}

/** The key of each action. */
export const SHORTCUT_KEYS: Readonly<Record<ShortcutAction, ShortcutKey>> = {
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

/** The key's name without the 'Key' of a letter's code: 'KeyD' -> 'D', 'Tab' -> 'Tab'. */
export function keyName(code: string): string {
  return code.startsWith('Key') ? code.slice(3) : code;
}
