/**
 * Global keyboard shortcuts (Ctrl+Shift+letter, Ctrl+Tab, Ctrl+Shift+Tab), taken in the capture phase so
 * xterm never sends them to the line. Every other key (plain Ctrl+W included) is left to the terminal.
 * Each key runs its command (commands.ts) on the same functions as the buttons and the application menu.
 * While a dialog is open the window behind it takes no key: Ctrl+Shift+W would close the tab behind a
 * profile editor, Ctrl+Shift+D toggle DTR on a line the operator is not looking at, and Ctrl+Shift+C / V
 * are the field's own copy and paste there.
 */
import { useEffect } from 'react';
import { appActions, dialogOpen } from './app-commands.js';
import { runCommand } from './commands.js';
import { matchShortcut } from './shortcuts.js';

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = matchShortcut(e);
      if (!action || dialogOpen()) return;
      // handled here, always: the key never reaches xterm, nor (macOS) the menu's key equivalent
      e.preventDefault();
      e.stopPropagation();
      // holding Ctrl+Tab walks through the tabs; the other actions act once per press
      if (e.repeat && action !== 'nextTab' && action !== 'prevTab') return;
      runCommand(action, appActions);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
