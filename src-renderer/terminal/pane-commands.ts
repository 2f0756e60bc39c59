/**
 * What the operator does to a pane itself (never to the line): clear the scrollback, reset the terminal
 * (RIS: modes, charsets, colours, and a control string left open, such as a DCS that never got its ST),
 * and copy the selection. A pane can always be recovered this way, whatever the far end sent.
 */
import { useUi } from '../store/ui.js';
import { terminalRegistry } from './registry.js';

/** Clear the tab's scrollback and screen (the cursor's line stays, as xterm's clear() does). */
export function clearPane(tabId: string): void {
  terminalRegistry.get(tabId)?.clear();
}

/**
 * Full reset of the tab's terminal: CAN (0x18) ends whatever sequence or control string the parser is
 * in, from any state, then RIS (ESC c) resets the parser and the terminal. Written after the bytes
 * already queued for the pane, so those cannot undo it; xterm's reset() alone leaves the parser's state.
 */
export function resetPane(tabId: string): void {
  const term = terminalRegistry.get(tabId);
  if (!term) return;
  term.write('\x18\x1bc');
  term.focus();
}

/** Copy the tab's selection to the clipboard; a failure (no permission) shows a notice. */
export function copySelection(tabId: string): void {
  const text = terminalRegistry.get(tabId)?.getSelection() ?? '';
  if (!text) return;
  navigator.clipboard.writeText(text).catch((err: unknown) => useUi.getState().notify('error', `copy: ${err instanceof Error ? err.message : String(err)}`));
}
