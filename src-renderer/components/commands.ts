/**
 * One way to do each thing: every command of the application menu and every keyboard shortcut runs here,
 * on the functions the buttons and panels call (given as CommandActions: app-commands.ts wires the real
 * ones, tests pass fakes). The handler table is a Record over MENU_COMMANDS, so a command without a
 * handler does not compile.
 */
import type { MenuCommand } from '../../src-shared/app/menu.js';

/** What the commands act on: the active tab, and the functions the window's buttons, panels and keys call. */
export interface CommandActions {
  /** The active tab's id, or null when no tab is open. */
  activeTab(): string | null;
  /** A question is on screen (ConfirmDialog): it is answered first, commands do nothing meanwhile. */
  asking(): boolean;
  /** Make the tab `dir` steps from the active one active (1 next, -1 previous; wraps). */
  stepTab(dir: 1 | -1): void;
  /** Show the New session dialog. */
  openNewSession(): void;
  /** Show the send bar (text with escapes, or hex) when hidden, hide it when shown. */
  toggleSendBar(): void;
  /** Close the tab, asking first when its connection or log would end. */
  closeTab(tabId: string): void;
  /** Flip DTR or RTS from what the session reports. */
  toggleLine(tabId: string, which: 'dtr' | 'rts'): void;
  /** The BREAK button's click: release a held BREAK, else a pulse of the chosen length. */
  breakClick(tabId: string): void;
  /** Purge both directions. */
  purge(tabId: string): void;
  /** Reconnect now: main's reconnect for a live session, a fresh connect for a closed tab. */
  reconnect(tabId: string): void;
  /** The operator's Disconnect: the link drops, the session and the tab stay. */
  disconnect(tabId: string): void;
  /** Open the active pane's find bar (search the scrollback). */
  find(): void;
  /**
   * Edit > Copy and its key: the tab's terminal selection, else the page's (a dialog's text, an input's
   * selection). `tabId` null: no tab, or a question is on screen (its text is what there is to copy).
   */
  copy(tabId: string | null): void;
  /** Clear the tab's scrollback and screen (the pane only, nothing goes to the line). */
  clear(tabId: string): void;
  /** Reset the tab's terminal (CAN then RIS: modes, charsets, an unterminated control string). */
  reset(tabId: string): void;
  /** Switch the tab's view between Terminal and Hex. */
  toggleHexView(tabId: string): void;
  /** Show or hide the Terminal view's timestamps gutter. */
  toggleTimestamps(tabId: string): void;
  /** Start the tab's session log with the log panel's choices (Electron asks where). */
  startLog(tabId: string): void;
  /** Stop the tab's session log, when it records one. */
  stopLog(tabId: string): void;
  /** Open the transfer dialog (the protocol is chosen there). */
  openTransfer(tabId: string, direction: 'send' | 'receive'): void;
}

type Handler = (a: CommandActions, tabId: string | null) => void;
/** A handler that needs a tab: nothing happens without one. */
const onTab =
  (fn: (a: CommandActions, tabId: string) => void): Handler =>
  (a, tabId) => {
    if (tabId !== null) fn(a, tabId);
  };

/** Every command's handler. */
export const COMMAND_HANDLERS: Readonly<Record<MenuCommand, Handler>> = {
  newSession: (a) => a.openNewSession(),
  sendBar: (a) => a.toggleSendBar(),
  nextTab: (a) => a.stepTab(1),
  prevTab: (a) => a.stepTab(-1),
  closeTab: onTab((a, t) => a.closeTab(t)),
  dtr: onTab((a, t) => a.toggleLine(t, 'dtr')),
  rts: onTab((a, t) => a.toggleLine(t, 'rts')),
  break: onTab((a, t) => a.breakClick(t)),
  purge: onTab((a, t) => a.purge(t)),
  reconnect: onTab((a, t) => a.reconnect(t)),
  disconnect: onTab((a, t) => a.disconnect(t)),
  find: onTab((a) => a.find()),
  copy: (a, t) => a.copy(a.asking() ? null : t),
  clear: onTab((a, t) => a.clear(t)),
  reset: onTab((a, t) => a.reset(t)),
  hexView: onTab((a, t) => a.toggleHexView(t)),
  timestamps: onTab((a, t) => a.toggleTimestamps(t)),
  logStart: onTab((a, t) => a.startLog(t)),
  logStop: onTab((a, t) => a.stopLog(t)),
  sendFile: onTab((a, t) => a.openTransfer(t, 'send')),
  receiveFile: onTab((a, t) => a.openTransfer(t, 'receive')),
};

/** Commands that act while a question is on screen: Copy (a TLS fingerprint, say, is copied from the dialog). */
const WHILE_ASKING: ReadonlySet<MenuCommand> = new Set(['copy']);

/**
 * Run `command` on `tabId`: by default the active tab (the application menu, the keys); the pane's own
 * Terminal ▾ menu passes its tab. While a question is on screen only the WHILE_ASKING ones run.
 */
export function runCommand(command: MenuCommand, a: CommandActions, tabId: string | null = a.activeTab()): void {
  if (a.asking() && !WHILE_ASKING.has(command)) return;
  COMMAND_HANDLERS[command](a, tabId);
}
