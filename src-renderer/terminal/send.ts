/**
 * The write path from the keyboard and paste to the session: text is encoded for the line, shown
 * (local echo, when on) and handed to main. A tab that is closed or disconnected sends nothing, and the
 * operator is told once per closed period (main keeps input typed while connecting or reconnecting).
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalOptions } from '../../src-shared/ipc/profile.js';
import { getBridge } from '../bridge/index.js';
import { live } from '../store/live.js';
import { viewOf } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { e2eTaps } from '../testing/taps.js';
import { encodeForLine } from './codec.js';

export interface InputSender {
  /**
   * Send bytes typed or pasted into tab `tabId` (or the tab showing that session id); resolves once main
   * has taken them, or refused them (a notice says why). `bytes` is copied: the caller may reuse it.
   */
  write(tabId: string, bytes: Uint8Array): Promise<void>;
}

export function createInputSender(): InputSender {
  /** Tabs already told that typing goes nowhere while closed. */
  const toldClosed = new Set<string>();
  return {
    async write(tabId, bytes) {
      if (bytes.length === 0) return;
      const view = viewOf(tabId);
      if (!view) return;
      const { sessionId } = view;
      if (!sessionId || view.state === 'closed' || view.state === 'disconnected') {
        if (!toldClosed.has(view.tabId)) {
          toldClosed.add(view.tabId);
          useUi.getState().notify('info', `${view.name} is not connected: typed input is not sent (Connect to reopen)`);
        }
        return;
      }
      toldClosed.delete(view.tabId);
      // A copy on a plain ArrayBuffer: IPC clones plain buffers only.
      const copy = new Uint8Array(bytes);
      try {
        await getBridge().session.write({ sessionId, bytes: copy });
        live.sent(view.tabId, copy.byteLength);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        useUi.getState().notify('error', `send (${view.name}): ${msg}`);
        console.error('dialtone: send', err);
      }
    },
  };
}

const sender = createInputSender();

/** Send bytes typed or pasted into a tab (see InputSender.write). */
export function write(tabId: string, bytes: Uint8Array): Promise<void> {
  return sender.write(tabId, bytes);
}

/**
 * Send text the operator typed or pasted into `term` of tab `tabId`, encoded by `options.encoding` (line
 * ends already translated for the line); with local echo on, the same text is written to the screen with
 * every line end as CR LF, behind what xterm already holds, in order.
 */
export function sendText(term: Terminal, tabId: string, text: string, options: TerminalOptions): void {
  const { bytes } = encodeForLine(text, options.encoding);
  if (options.localEcho) {
    const shown = text.replace(/\r\n|\r|\n/g, '\r\n');
    if (import.meta.env.MODE === 'e2e') term.write(shown, () => e2eTaps.parsed?.('echo', shown.length));
    else term.write(shown);
  }
  void write(tabId, bytes);
}
