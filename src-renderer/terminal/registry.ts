/**
 * The xterm instance of each tab, for the pane commands (pane-commands.ts: clear, reset, copy) and the
 * e2e test hook (read-only buffer text): terminals never go in a store.
 */
import type { Terminal } from '@xterm/xterm';

const terminals = new Map<string, Terminal>();

export const terminalRegistry = {
  set(tabId: string, term: Terminal): void {
    terminals.set(tabId, term);
  },
  delete(tabId: string, term: Terminal): void {
    if (terminals.get(tabId) === term) terminals.delete(tabId);
  },
  get(tabId: string): Terminal | undefined {
    return terminals.get(tabId);
  },
};

/**
 * The text of a terminal's active buffer (scrollback included): wrapped rows joined, trailing spaces
 * and trailing empty rows dropped.
 */
export function bufferText(term: Terminal): string {
  const buf = term.buffer.active;
  const rows: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && rows.length > 0) rows[rows.length - 1] += text;
    else rows.push(text);
  }
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows.join('\n');
}
