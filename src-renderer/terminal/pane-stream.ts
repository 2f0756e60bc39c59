/**
 * A pane's side of the byte path: bytes of one session from the data hub -> receive newline translation
 * (on bytes; a chunk whose line ends are already right passes through uncopied) -> decoding (codec.ts:
 * invalid UTF-8 and C1 code points shown as U+FFFD, never run as controls) -> term.write(data, callback). The
 * callback counts the *received* bytes for the acker, which acks once per task once a chunk is owed.
 * What stays owed is below one chunk, itself below main's LOW watermark, so it never holds the source
 * paused; the rest is acked when the pane lets go of the session.
 */
import type { Terminal } from '@xterm/xterm';
import type { TerminalOptions } from '../../src-shared/ipc/profile.js';
import { getBridge } from '../bridge/index.js';
import { e2eTaps } from '../testing/taps.js';
import { createAcker } from './acker.js';
import { TerminalDecoder } from './codec.js';
import { noteHub, noteLine } from './connection-notes.js';
import { dataHub } from './data-hub.js';
import type { ReceiveNewlineTranslator } from './newline.js';
import { stampParsed } from './timestamps-lines.js';

/**
 * Write the bytes of `sessionId` into `term` from now on (kept bytes first), translated and decoded by
 * the pane's current `options()`, acking them as xterm parses them. Returns detach, which acks the rest.
 */
export function streamToPane(term: Terminal, sessionId: string, options: () => TerminalOptions, translator: ReceiveNewlineTranslator): () => void {
  const api = getBridge();
  const acker = createAcker((bytes) => {
    api.session.ack({ sessionId, bytes }).catch(() => {
      // the session is gone: nothing left to pace
    });
  });
  const state = { attached: true };
  const decoder = new TerminalDecoder();
  translator.setMode(options().receiveNewline);
  const detach = dataHub.attach(sessionId, (bytes) => {
    const o = options();
    if (translator.mode !== o.receiveNewline) translator.setMode(o.receiveNewline);
    const data = decoder.decode(translator.translate(bytes), o.encoding);
    const n = bytes.byteLength;
    const at = Date.now(); // on-screen timestamps: lines begun in this chunk arrived now
    term.write(data, () => {
      if (state.attached) acker.consumed(n);
      stampParsed(term, at);
      if (import.meta.env.MODE === 'e2e') e2eTaps.parsed?.('rx', n);
    });
  });
  // main records the pane's size (asciicast logs start at it and note each resize)
  const reportSize = () => void api.session.resize({ sessionId, cols: term.cols, rows: term.rows }).catch(() => undefined);
  reportSize();
  const onResize = term.onResize(reportSize);
  // connection notes go in between, in order with the bytes written so far; never acked
  const detachNotes = noteHub.attach(sessionId, (text) => term.write(noteLine(text, term.buffer.active.cursorX === 0)));
  return () => {
    state.attached = false;
    detach();
    detachNotes();
    onResize.dispose();
    acker.flush();
  };
}
