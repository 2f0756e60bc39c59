/**
 * Global keyboard shortcuts (Ctrl+Shift+letter, Ctrl+Tab, Ctrl+Shift+Tab), taken in the capture phase so
 * xterm never sends them to the line. Every other key (plain Ctrl+W included) is left to the terminal.
 */
import { useEffect } from 'react';
import { purge } from '../store/actions/line.js';
import { reconnect } from '../store/actions/sessions.js';
import { useSendBar } from '../store/send-bar.js';
import { useSessions } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { useViewMode } from '../store/view-mode.js';
import { requestFind } from '../terminal/find-request.js';
import { clearPane, copySelection, resetPane } from '../terminal/pane-commands.js';
import { requestCloseTab } from './close-tab.js';
import { breakClick, toggleLine } from './controls.js';
import { matchShortcut } from './shortcuts.js';
import { neighbourTab } from './tabs-model.js';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = matchShortcut(e);
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      // a question on screen is answered first (its own keys: Escape, Tab, Enter)
      if (useUi.getState().confirm) return;
      const sessions = useSessions.getState();
      const tabId = sessions.activeTabId;
      // holding Ctrl+Tab walks through the tabs; the other actions act once per press
      if (action === 'nextTab' || action === 'prevTab') {
        const next = neighbourTab(sessions.views.map((v) => v.tabId), tabId, action === 'nextTab' ? 1 : -1);
        if (next !== null) sessions.activate(next);
        return;
      }
      if (e.repeat) return;
      if (action === 'newSession') return useUi.getState().setNewSessionOpen(true);
      if (action === 'sendBar') return useSendBar.getState().setOpen(!useSendBar.getState().open);
      if (tabId === null) return;
      switch (action) {
        case 'closeTab':
          return void requestCloseTab(tabId);
        case 'dtr':
        case 'rts':
          return toggleLine(tabId, action);
        case 'break':
          return breakClick(tabId, false);
        case 'purge':
          return purge(tabId, 'both');
        case 'reconnect':
          return void reconnect(tabId);
        case 'find':
          return requestFind();
        case 'copy':
          return copySelection(tabId);
        case 'clear':
          return clearPane(tabId);
        case 'reset':
          return resetPane(tabId);
        case 'hexView':
          return useViewMode.getState().toggleMode(tabId);
        case 'timestamps':
          return useViewMode.getState().toggleStamps(tabId);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
