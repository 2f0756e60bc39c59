/**
 * Function keys run macros (issue 14): F1-F12 pressed while the terminal has focus (or nothing has)
 * run the macro bound to that key on the active tab, if the tab's bar shows one. Only bound keys are
 * taken (in the capture phase, before xterm): every other F-key still goes to the device as its escape
 * sequence, and keys typed in a field or a dialog are never taken.
 */
import { useEffect } from 'react';
import { dialogOpen } from './app-commands.js';
import { MACRO_KEYS } from '../../src-shared/macro/macro.js';
import { runMacroOn } from '../store/actions/macros.js';
import { macroForKey, macrosForTab, useMacros } from '../store/macros.js';
import { useSessions } from '../store/sessions.js';

const KEYS: ReadonlySet<string> = new Set(MACRO_KEYS);

/** Focus is in a terminal pane, or nowhere in particular (the page itself). */
function terminalFocused(): boolean {
  const el = document.activeElement;
  return !el || el === document.body || el.closest('.xterm') !== null;
}

export function useMacroKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!KEYS.has(e.key) || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey) return;
      // a dialog open (the macro editor, a question, ...) keeps the keys, as for the other shortcuts
      if (dialogOpen() || !terminalFocused()) return;
      const sessions = useSessions.getState();
      const view = sessions.views.find((v) => v.tabId === sessions.activeTabId);
      if (!view) return;
      const entry = macroForKey(macrosForTab(useMacros.getState().entries, view.profileId), e.key);
      if (!entry) return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) void runMacroOn(view.tabId, entry.macro.id!);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
