/**
 * Global keyboard shortcuts (Ctrl+Shift+letter), taken in the capture phase so xterm never sends them
 * to the line.
 */
import { useEffect } from 'react';
import { purge } from '../store/actions/line.js';
import { reconnect } from '../store/actions/sessions.js';
import { useSessions } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { requestFind } from '../terminal/find-request.js';
import { terminalRegistry } from '../terminal/registry.js';
import { breakClick, toggleLine } from './controls.js';
import { matchShortcut } from './shortcuts.js';

/** Copy the active pane's selection to the clipboard; a failure (no permission) shows a notice. */
function copySelection(tabId: string): void {
  const text = terminalRegistry.get(tabId)?.getSelection() ?? '';
  if (!text) return;
  navigator.clipboard.writeText(text).catch((err: unknown) => useUi.getState().notify('error', `copy: ${err instanceof Error ? err.message : String(err)}`));
}

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
        case 'copy':
          return copySelection(tabId);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
