/**
 * The window's keyboard shortcuts, one table for the two places that show or take them: the renderer's
 * key handler (src-renderer/components/shortcuts.ts, useShortcuts.ts) and the application menu's labels
 * (src-shared/app/menu.ts). The line controls are Ctrl+Shift+letter (Cmd+Shift on macOS), which a
 * terminal never needs to send (control characters are Ctrl without Shift); the tab keys are Ctrl+Tab /
 * Ctrl+Shift+Tab (next, previous) and Ctrl+Shift+W (close); plain Ctrl+W stays the device's (0x17).
 */

/**
 * Every action the window takes from the keyboard (each with one key in SHORTCUT_KEYS): the line
 * controls, the tabs, the pane's commands. They are also menu commands (MENU_COMMANDS starts with them).
 */
export const SHORTCUT_ACTIONS = ['dtr', 'rts', 'break', 'purge', 'reconnect', 'newSession', 'find', 'copy', 'clear', 'reset', 'sendBar', 'hexView', 'timestamps', 'nextTab', 'prevTab', 'closeTab'] as const;
/** One of SHORTCUT_ACTIONS: the id the key handler, the menu and the dispatcher (commands.ts) share. */
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

/**
 * An action's key as text, the one formatter for the menu and the tooltips.
 * @param platform null: Electron's accelerator syntax for the application menu, which resolves CmdOrCtrl
 *   itself ('CmdOrCtrl+Shift+D', 'Ctrl+Tab', 'Ctrl+Shift+Tab'); a platform (process.platform's names): the
 *   label a person reads there ('Cmd+Shift+D' on 'darwin', 'Ctrl+Shift+D' elsewhere). The tab keys are
 *   Ctrl+Tab everywhere (on macOS Cmd+Tab is the application switcher).
 */
export function formatShortcut(action: ShortcutAction, platform: string | null): string {
  const { code, shift } = SHORTCUT_KEYS[action];
  const mod = code === 'Tab' ? 'Ctrl' : platform === null ? 'CmdOrCtrl' : platform === 'darwin' ? 'Cmd' : 'Ctrl';
  return `${mod}+${shift ? 'Shift+' : ''}${keyName(code)}`;
}
