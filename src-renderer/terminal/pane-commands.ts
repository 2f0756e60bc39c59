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

/** What pageSelection reads of the page: `document` in the window, a stand-in in tests. */
export interface PageLike {
  /** The focused element; an <input> or <textarea> has value and selectionStart/End (null where it has no text selection). */
  readonly activeElement: unknown;
  getSelection(): { toString(): string } | null;
}

/**
 * The text selected on the page outside the terminal (xterm keeps its own selection, not the page's):
 * in the focused input or textarea (its selected characters, which the page's selection does not
 * include), else the page's selection (text in a dialog, such as a TLS fingerprint); '' when none.
 */
export function pageSelection(page: PageLike): string {
  const el = page.activeElement as { value?: unknown; selectionStart?: unknown; selectionEnd?: unknown } | null;
  if (el && typeof el.value === 'string' && typeof el.selectionStart === 'number' && typeof el.selectionEnd === 'number' && el.selectionEnd > el.selectionStart) {
    return el.value.slice(el.selectionStart, el.selectionEnd);
  }
  return page.getSelection()?.toString() ?? '';
}

/**
 * Copy to the clipboard: the tab's terminal selection, else the page's (pageSelection); nothing when
 * neither has text. `tabId` null: the page's only (no tab, or a question on screen in front of the
 * terminal). A failure (no permission) shows a notice.
 */
export function copySelection(tabId: string | null, page: PageLike = document): void {
  const text = (tabId !== null ? terminalRegistry.get(tabId)?.getSelection() : '') || pageSelection(page);
  if (!text) return;
  navigator.clipboard.writeText(text).catch((err: unknown) => useUi.getState().notify('error', `copy: ${err instanceof Error ? err.message : String(err)}`));
}
