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
  openNewSession(): void;
  toggleSendBar(): void;
  /** Close the tab, asking first when its connection or log would end. */
  closeTab(tabId: string): void;
  /** Flip DTR or RTS from what the session reports. */
  toggleLine(tabId: string, which: 'dtr' | 'rts'): void;
  /** The BREAK button's click: release a held BREAK, else a pulse of the chosen length. */
  breakClick(tabId: string): void;
  /** Purge both directions. */
  purge(tabId: string): void;
  reconnect(tabId: string): void;
  disconnect(tabId: string): void;
  find(): void;
  /**
   * Edit > Copy and its key: the tab's terminal selection, else the page's (a dialog's text, an input's
   * selection). `tabId` null: no tab, or a question is on screen (its text is what there is to copy).
   */
  copy(tabId: string | null): void;
  clear(tabId: string): void;
  reset(tabId: string): void;
  toggleHexView(tabId: string): void;
  toggleTimestamps(tabId: string): void;
  /** Start the tab's session log with the log panel's choices (Electron asks where). */
  startLog(tabId: string): void;
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

/** Run `command` on the active tab; while a question is on screen, only the WHILE_ASKING ones. */
export function runCommand(command: MenuCommand, a: CommandActions): void {
  if (a.asking() && !WHILE_ASKING.has(command)) return;
  COMMAND_HANDLERS[command](a, a.activeTab());
}
