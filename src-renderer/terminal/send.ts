/**
 * The write path from the keyboard and paste to the session: text is encoded for the line, shown
 * (local echo, when on) and handed to main. A tab that is closed or disconnected, or runs a file
 * transfer, sends nothing, and the operator is told once per such period (a notice and a note in the pane). Input typed while
 * connecting or reconnecting is kept by main for the link: counted as queued (the status bar shows it)
 * until the link is up, with one note in the pane. A tab's writes go out one after another, each in pieces
 * that wait for main to take the one before (its reply waits for the line's queue to drain); the ↑ counter
 * counts the pieces main took. A paste over MAX_PASTE_BYTES is refused whole, with nothing sent.
 */
import type { Terminal } from '@xterm/xterm';
import { TRANSFER_HOLDS_INPUT, transferActive } from '../../src-shared/ipc/contract.js';
import type { TerminalOptions } from '../../src-shared/ipc/profile.js';
import { getBridge } from '../bridge/index.js';
import { live } from '../store/live.js';
import { viewOf } from '../store/sessions.js';
import { useTransfers } from '../store/transfers.js';
import { useUi } from '../store/ui.js';
import { e2eTaps } from '../testing/taps.js';
import { encodeForLine } from './codec.js';
import { noteHub } from './connection-notes.js';
import { recordTx } from './hex-history.js';

export interface InputSender {
  /**
   * Send bytes typed or pasted into tab `tabId` (or the tab showing that session id); resolves once main
   * has taken them, or refused them (a notice says why). `bytes` is copied: the caller may reuse it.
   */
  write(tabId: string, bytes: Uint8Array): Promise<void>;
  /** Whether input to tab `tabId` is held back because a file transfer runs on it (told once per transfer). */
  held(tabId: string): boolean;
}

export function createInputSender(): InputSender {
  /** Tabs already told that typing goes nowhere while closed, or during a file transfer, or waits for the link. */
  const toldClosed = new Set<string>();
  const toldTransfer = new Set<string>();
  const toldQueued = new Set<string>();
  // a tab is told again by its next transfer: forget it once its transfer has ended
  useTransfers.subscribe((state) => {
    for (const tabId of [...toldTransfer]) {
      const id = viewOf(tabId)?.sessionId;
      if (!id || !transferActive(state.status[id]?.state)) toldTransfer.delete(tabId);
    }
  });
  /** Say once per transfer that typed input is not sent (main refuses it too: TRANSFER_HOLDS_INPUT). */
  const tellTransfer = (tabId: string, name: string, sessionId: string) => {
    if (toldTransfer.has(tabId)) return;
    toldTransfer.add(tabId);
    const text = `a file transfer runs on ${name}: typed input is not sent (Cancel the transfer to type again)`;
    useUi.getState().notify('info', text);
    noteHub.push(sessionId, text);
  };
  const held = (tabId: string): boolean => {
    const view = viewOf(tabId);
    if (!view?.sessionId || !transferActive(useTransfers.getState().status[view.sessionId]?.state)) return false;
    // bytes typed into a transfer's stream would corrupt it
    tellTransfer(view.tabId, view.name, view.sessionId);
    return true;
  };
  /** Send `bytes` (already a copy) to tab `tabId`'s session in pieces, each counted once main has taken it. */
  const send = async (tabId: string, bytes: Uint8Array): Promise<void> => {
    const view = viewOf(tabId);
    if (!view) return;
    const { sessionId } = view;
    if (!sessionId || view.state === 'closed' || view.state === 'disconnected') {
      if (!toldClosed.has(view.tabId)) {
        toldClosed.add(view.tabId);
        const text = `${view.name} is not connected: typed input is not sent (Connect to reopen)`;
        useUi.getState().notify('info', text);
        if (sessionId) noteHub.push(sessionId, text);
      }
      return;
    }
    toldClosed.delete(view.tabId);
    if (held(view.tabId)) return;
    const queued = view.state !== 'connected';
    if (!queued) toldQueued.delete(view.tabId);
    else if (!toldQueued.has(view.tabId)) {
      toldQueued.add(view.tabId);
      noteHub.push(sessionId, `not connected yet: what you type is kept and sent when the link is ${view.state === 'reconnecting' ? 'back' : 'up'}`);
    }
    // Pieces, each sent once main has taken the one before (its reply waits while the line's queue is
    // full): a large paste is paced by the line instead of refused at the queue's bound.
    let sent = 0;
    try {
      while (sent < bytes.length) {
        const piece = bytes.subarray(sent, sent + WRITE_PIECE_BYTES);
        await getBridge().session.write({ sessionId, bytes: piece });
        sent += piece.byteLength;
        if (queued) live.queued(view.tabId, piece.byteLength);
        else live.sent(view.tabId, piece.byteLength);
        recordTx(view.tabId, piece); // the hex view's history
      }
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      // main saw the transfer before this window did (one a macro started): told once, as above
      if (msg.includes(TRANSFER_HOLDS_INPUT)) return tellTransfer(view.tabId, view.name, sessionId);
      const part = sent > 0 ? ` (${sent} of ${bytes.length} bytes were sent)` : '';
      useUi.getState().notify('error', `send (${view.name}): ${msg}${part}`);
      console.error('dialtone: send', err);
    }
  };
  /** Per tab, the writes not yet taken by main: each starts once the one before it has ended (bytes keep their order). */
  const chains = new Map<string, Promise<void>>();
  return {
    held,
    write(tabId, bytes) {
      if (bytes.length === 0) return Promise.resolve();
      const view = viewOf(tabId);
      if (!view) return Promise.resolve();
      if (bytes.length > MAX_PASTE_BYTES) {
        const text = `a paste of ${mib(bytes.length)} is over the ${mib(MAX_PASTE_BYTES)} limit: nothing was sent`;
        useUi.getState().notify('error', `${view.name}: ${text}`);
        if (view.sessionId) noteHub.push(view.sessionId, text);
        return Promise.resolve();
      }
      // A copy on a plain ArrayBuffer (IPC clones plain buffers only), made now: the caller may reuse `bytes`.
      const copy = new Uint8Array(bytes);
      const next = (chains.get(view.tabId) ?? Promise.resolve()).then(() => send(view.tabId, copy));
      chains.set(view.tabId, next);
      void next.then(() => {
        if (chains.get(view.tabId) === next) chains.delete(view.tabId);
      });
      return next;
    },
  };
}

/** Most bytes one write (a paste) may be: a larger one is refused whole, before any byte is sent. */
export const MAX_PASTE_BYTES = 16 * 1024 * 1024;
/** Bytes per session.write: well under the line queue's bound (1 MiB), so a piece is never refused for size. */
const WRITE_PIECE_BYTES = 64 * 1024;

/** `n` bytes as MiB for the operator: "10 MiB", "16.5 MiB". */
function mib(n: number): string {
  return `${Number((n / (1024 * 1024)).toFixed(1))} MiB`;
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
  if (sender.held(tabId)) return; // not sent, so not echoed either
  const { bytes } = encodeForLine(text, options.encoding);
  if (options.localEcho) {
    const shown = text.replace(/\r\n|\r|\n/g, '\r\n');
    if (import.meta.env.MODE === 'e2e') term.write(shown, () => e2eTaps.parsed?.('echo', shown.length));
    else term.write(shown);
  }
  void write(tabId, bytes);
}
