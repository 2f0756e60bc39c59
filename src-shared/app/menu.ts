/**
 * The application menu as data (issue 16): every menu, every item's command id, label and accelerator,
 * per platform. Pure (no electron): src-main/app/electron-main.ts maps it to Electron's
 * MenuItemConstructorOptions, the renderer knows the command ids (a click arrives as the 'menu.command'
 * event, src-shared/ipc/contract.ts) and runs the same function its buttons and keys run.
 *
 * Keys: an item whose action the renderer already takes from the keyboard (SHORTCUT_KEYS) shows that key
 * and has `registerAccelerator: false`, so the key is left to the page and never fires twice. (Electron
 * honours registerAccelerator on Linux and Windows only; on macOS the page still gets the key first and
 * Electron runs a menu key equivalent only for a keydown the page did not handle, and useShortcuts
 * handles, with preventDefault, every key it matches.) Letter keys are CmdOrCtrl+Shift+letter; the tab
 * keys are Ctrl+Tab / Ctrl+Shift+Tab everywhere (Cmd+Tab is macOS's application switcher). No registered
 * accelerator takes a key the far end needs: Ctrl+letter without Shift (Ctrl+C ETX, Ctrl+Q/S XON/XOFF,
 * Ctrl+W, Ctrl+R, Ctrl+M CR ...) stays the device's; the stock roles that would bind one get a
 * Ctrl+Shift key or `registerAccelerator: false`.
 */
import { z } from 'zod';
import { formatShortcut, SHORTCUT_ACTIONS, type ShortcutAction } from './shortcut-keys.js';

/**
 * Every command a menu item sends to the renderer: the keyboard shortcuts' actions, and those only the
 * menu and the panels offer (Disconnect, the session log's Start/Stop, file transfer Send/Receive).
 */
export const MENU_COMMANDS = [...SHORTCUT_ACTIONS, 'disconnect', 'logStart', 'logStop', 'sendFile', 'receiveFile'] as const;
/** One of MENU_COMMANDS: what a menu item, a key or a pane menu item asks the renderer's dispatcher (commands.ts) to run. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];
/**
 * A command id as the 'menu.command' event carries it (src-shared/ipc/contract.ts): exactly one of
 * MENU_COMMANDS, anything else refused (the preload passes any payload on, so the renderer checks it).
 */
export const menuCommandSchema = z.enum(MENU_COMMANDS);

/** Is `c` one of the keyboard shortcuts' actions (its key is the renderer's)? */
export function isShortcutAction(c: MenuCommand): c is ShortcutAction {
  return (SHORTCUT_ACTIONS as readonly string[]).includes(c);
}

/** Electron's stock roles the menu uses (a subset of MenuItemConstructorOptions['role']). */
export type MenuRole = 'appMenu' | 'close' | 'quit' | 'paste' | 'selectAll' | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'minimize';

/** One item of a menu. */
export type MenuItemModel =
  /** Sends `command` to the renderer; `accelerator` (Electron's syntax) is shown, and registered only when `registerAccelerator`. */
  | { kind: 'command'; command: MenuCommand; label: string; accelerator?: string; registerAccelerator: boolean }
  /** Electron's own role; `accelerator` replaces the role's default, `registerAccelerator: false` leaves its key to the page. */
  | { kind: 'role'; role: MenuRole; accelerator?: string; registerAccelerator?: boolean }
  /** Help > About, shown by main (versions dialog). */
  | { kind: 'about'; label: string }
  | { kind: 'separator' };

/** One top-level menu; `role: 'help'` puts it where the OS puts Help; `role: 'appMenu'` is macOS's application menu (no items). */
export interface MenuModel {
  label: string;
  role?: 'help' | 'appMenu';
  items: MenuItemModel[];
}

/** The platforms the model distinguishes (process.platform's values; anything else is read as Linux). */
export type MenuPlatform = 'linux' | 'win32' | 'darwin' | (string & {});

/** A command item: a shortcut action shows its key, left to the page; other commands have none. */
function cmd(command: MenuCommand, label: string): MenuItemModel {
  return isShortcutAction(command) ? { kind: 'command', command, label, accelerator: formatShortcut(command, null), registerAccelerator: false } : { kind: 'command', command, label, registerAccelerator: false };
}

const SEP: MenuItemModel = { kind: 'separator' };

/**
 * The application menu for `platform`. Every MENU_COMMANDS id appears exactly once. macOS gets its
 * application menu first (Cmd+Q, Cmd+H: Cmd is never a terminal key) and closes the window from the
 * Session menu; Linux and Windows quit with Ctrl+Shift+Q (Ctrl+Q is XON).
 */
export function appMenu(platform: MenuPlatform): MenuModel[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ label: 'Dialtone', role: 'appMenu' as const, items: [] }] : []),
    {
      label: 'Session',
      items: [
        cmd('newSession', 'New session…'),
        SEP,
        cmd('disconnect', 'Disconnect'),
        cmd('reconnect', 'Reconnect'),
        SEP,
        cmd('closeTab', 'Close tab'),
        SEP,
        mac ? { kind: 'role', role: 'close' } : { kind: 'role', role: 'quit', accelerator: 'Ctrl+Shift+Q' },
      ],
    },
    {
      label: 'Edit',
      items: [
        cmd('copy', 'Copy'),
        // paste and select all are the page's (its inputs and the pane); the renderer takes no key for them
        { kind: 'role', role: 'paste', accelerator: 'CmdOrCtrl+Shift+V' },
        { kind: 'role', role: 'selectAll', accelerator: 'CmdOrCtrl+Shift+A' },
        SEP,
        cmd('find', 'Find…'),
      ],
    },
    {
      label: 'Line',
      items: [cmd('dtr', 'Toggle DTR'), cmd('rts', 'Toggle RTS'), cmd('break', 'Send BREAK'), cmd('purge', 'Purge buffers')],
    },
    {
      label: 'Terminal',
      items: [cmd('clear', 'Clear scrollback'), cmd('reset', 'Reset terminal'), SEP, cmd('hexView', 'Hex view'), cmd('timestamps', 'Timestamps'), cmd('sendBar', 'Send bar')],
    },
    { label: 'Logging', items: [cmd('logStart', 'Start log…'), cmd('logStop', 'Stop log')] },
    { label: 'Transfer', items: [cmd('sendFile', 'Send file…'), cmd('receiveFile', 'Receive file…')] },
    {
      label: 'View',
      items: [
        cmd('nextTab', 'Next tab'),
        cmd('prevTab', 'Previous tab'),
        SEP,
        { kind: 'role', role: 'reload', registerAccelerator: false }, // Ctrl+R is the shell's history search
        { kind: 'role', role: 'toggleDevTools' },
        SEP,
        { kind: 'role', role: 'resetZoom' },
        { kind: 'role', role: 'zoomIn' },
        { kind: 'role', role: 'zoomOut' },
        SEP,
        { kind: 'role', role: 'togglefullscreen' },
      ],
    },
    { label: 'Window', items: [{ kind: 'role', role: 'minimize', registerAccelerator: false }] }, // Ctrl+M is CR
    { label: 'Help', role: 'help', items: [{ kind: 'about', label: 'About Dialtone' }] },
  ];
}
