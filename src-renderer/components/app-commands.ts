/**
 * The real CommandActions (commands.ts): the same functions the control buttons, the Terminal ▾ menu,
 * the tab strip, the Log panel and the keyboard shortcuts call. Used by useShortcuts (keys) and by the
 * 'menu.command' event (the Electron application menu, src-shared/app/menu.ts).
 */
import { events } from '../../src-shared/ipc/contract.js';
import { purge } from '../store/actions/line.js';
import { startLogWithChoices, stopLog } from '../store/actions/logging.js';
import { disconnect, reconnect } from '../store/actions/sessions.js';
import { useSendBar } from '../store/send-bar.js';
import { useSessions, viewOf } from '../store/sessions.js';
import { useTransfers } from '../store/transfers.js';
import { useUi } from '../store/ui.js';
import { useViewMode } from '../store/view-mode.js';
import { requestFind } from '../terminal/find-request.js';
import { clearPane, copySelection, resetPane } from '../terminal/pane-commands.js';
import { requestCloseTab } from './close-tab.js';
import { runCommand, type CommandActions } from './commands.js';
import { breakClick, toggleLine } from './controls.js';
import { neighbourTab } from './tabs-model.js';

/**
 * The window's CommandActions: each member calls the store action or pane function its button, panel or
 * key calls (never a second implementation). The active tab and "a question is on screen" come from the
 * sessions and ui stores; the pane's Terminal ▾ menu, the keys and the 'menu.command' event all run it.
 */
export const appActions: CommandActions = {
  activeTab: () => useSessions.getState().activeTabId,
  asking: () => useUi.getState().confirm !== null,
  stepTab(dir) {
    const sessions = useSessions.getState();
    const next = neighbourTab(
      sessions.views.map((v) => v.tabId),
      sessions.activeTabId,
      dir,
    );
    if (next !== null) sessions.activate(next);
  },
  openNewSession: () => useUi.getState().setNewSessionOpen(true),
  toggleSendBar: () => useSendBar.getState().setOpen(!useSendBar.getState().open),
  closeTab: (tabId) => void requestCloseTab(tabId),
  toggleLine,
  breakClick: (tabId) => breakClick(tabId, false),
  purge: (tabId) => purge(tabId, 'both'),
  reconnect: (tabId) => void reconnect(tabId),
  disconnect: (tabId) => void disconnect(tabId),
  find: () => requestFind(),
  copy: (tabId) => copySelection(tabId),
  clear: clearPane,
  reset: resetPane,
  toggleHexView: (tabId) => useViewMode.getState().toggleMode(tabId),
  toggleTimestamps: (tabId) => useViewMode.getState().toggleStamps(tabId),
  // as the Log panel's Start button: a live tab not logging yet, with the panel's choices
  startLog: (tabId) => void startLogWithChoices(tabId),
  stopLog(tabId) {
    if (viewOf(tabId)?.log?.active) void stopLog(tabId);
  },
  openTransfer: (tabId, direction) => useTransfers.getState().openDialog({ direction, tabId }),
};

/**
 * A modal dialog is open (every dialog of the window is aria-modal): the window behind it takes no
 * command from a key or the menu (Close tab would close the tab a transfer dialog is for).
 */
export function dialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}

/**
 * A 'menu.command' event from main: checked against the contract's schema (the preload passes any
 * payload on), then run as the same command a key or button runs, unless a dialog is open. An unknown
 * command is ignored.
 */
export function onMenuCommand(payload: unknown): void {
  const parsed = events['menu.command'].safeParse(payload);
  if (parsed.success && !dialogOpen()) runCommand(parsed.data.command, appActions);
}
