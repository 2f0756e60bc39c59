/**
 * Where the keyboard goes when a menu or dialog closes: an operator who opened it from the terminal types
 * on into the terminal, without a click.
 */
import { useSessions } from '../store/sessions.js';
import { terminalRegistry } from './registry.js';

/** Focus the active tab's terminal (nothing when no tab is open). */
export function focusActiveTerminal(): void {
  const tabId = useSessions.getState().activeTabId;
  if (tabId) terminalRegistry.get(tabId)?.focus();
}

/**
 * Give the keyboard back after a menu or dialog closed. To `before` (what had it when it opened) while it
 * is still on the page and either inside a dialog still open (a question over the macro editor) or a field
 * the operator was typing in (the send bar); else to the active tab's terminal, as after a button (the
 * operator clicked "+ New session", closed it, and types on). A terminal always means the active one: the
 * dialog may have opened a tab (New session) or closed one.
 */
export function restoreFocus(before: HTMLElement | null): void {
  const keep = before !== null && before.isConnected && before.closest('.xterm') === null && (before.closest('[aria-modal="true"]') !== null || before.matches('input, textarea, select, [contenteditable="true"]'));
  if (keep) before.focus();
  else focusActiveTerminal();
}
