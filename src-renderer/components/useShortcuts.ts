/**
 * Global keyboard shortcuts (Ctrl+Shift+letter), taken in the capture phase so xterm never sends them
 * to the line.
 */
import { useEffect } from 'react';
import { purge, reconnect } from '../store/actions.js';
import { useSessions } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { requestFind } from '../terminal/find-request.js';
import { breakClick, toggleLine } from './controls.js';
import { matchShortcut } from './shortcuts.js';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = matchShortcut(e);
      if (!action) return;
      e.preventDefault();
      e.stopPropagation();
      if (e.repeat) return;
      const tabId = useSessions.getState().activeTabId;
      if (action === 'newSession') return useUi.getState().setNewSessionOpen(true);
      if (tabId === null) return;
      switch (action) {
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
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
