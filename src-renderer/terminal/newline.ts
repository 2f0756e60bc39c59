/**
 * Newline translation, on bytes (CR 0x0D and LF 0x0A are single bytes in UTF-8, Latin-1 and CP437, so
 * translating before decoding is safe for every encoding).
 *
 * Receive modes name what the device sends at the end of a line:
 *   'crlf'  the device sends CR LF: bytes pass unchanged (also right for progress lines that use a bare CR)
 *   'cr'    the device ends lines with CR alone: each CR becomes CR LF
 *   'lf'    the device ends lines with LF alone: each LF becomes CR LF
 *   'auto'  any of CR, LF or CR LF ends a line; each becomes one CR LF, written at once (the cursor goes
 *           to the next line as soon as the CR arrives). A LF right after a CR, even in the next read,
 *           is the same line end and is dropped, so a CR LF split over two reads is still one newline.
 *           A run of CRs also counts as one, so a modem's echoed CR followed by its CR LF result line
 *           ("ATI\r\r\nOK") is one newline, as on a terminal that passes bytes as they are.
 * Send modes name what Enter (xterm's CR) puts on the line: 'cr', 'lf' or 'crlf'.
 */

import type { NEWLINES, RECEIVE_NEWLINES } from '../../src-shared/ipc/profile.js';

/** What the device sends at a line end (see the module doc). */
export type ReceiveNewline = (typeof RECEIVE_NEWLINES)[number];
/** What Enter puts on the line. */
export type SendNewline = (typeof NEWLINES)[number];

const CR = 0x0d;
const LF = 0x0a;

/** Stateful receive translator; one per session (the 'auto' mode remembers a trailing CR). */
export class ReceiveNewlineTranslator {
  /** 'auto': the last byte was a CR, already written as CR LF. */
  private afterCr = false;

  constructor(public mode: ReceiveNewline) {}

  /** Change the mode; forgets a trailing CR (the next byte starts afresh). */
  setMode(mode: ReceiveNewline): void {
    this.mode = mode;
    this.afterCr = false;
  }

  /** Translate one chunk. Returns the input itself when nothing changes (no copy on the hot path). */
  translate(bytes: Uint8Array): Uint8Array {
    const mode = this.mode;
    if (mode === 'crlf') return bytes;
    if (mode !== 'auto') {
      const target = mode === 'cr' ? CR : LF;
      let n = 0;
      for (let i = 0; i < bytes.length; i++) if (bytes[i] === target) n++;
      if (n === 0) return bytes;
      const out = new Uint8Array(bytes.length + n);
      let j = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        if (b === target) {
          out[j++] = CR;
          out[j++] = LF;
        } else out[j++] = b;
      }
      return out;
    }
    // auto: at most one byte added per input byte (CR or LF -> CR LF).
    const out = new Uint8Array(bytes.length * 2);
    let j = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.afterCr) {
        if (b === CR) continue; // CR CR: still the same line end
        this.afterCr = false;
        if (b === LF) continue; // CR LF: the newline is already written
      }
      if (b === CR || b === LF) {
        out[j++] = CR;
        out[j++] = LF;
        this.afterCr = b === CR;
      } else out[j++] = b;
    }
    return out.subarray(0, j);
  }
}

/**
 * Translate what the operator typed (xterm sends Enter as CR) into the send newline.
 * Only CR is rewritten; a LF typed with Ctrl+J passes as is.
 */
export function translateSend(text: string, mode: SendNewline): string {
  if (mode === 'cr') return text;
  return text.replace(/\r/g, mode === 'lf' ? '\n' : '\r\n');
}

/**
 * Normalise pasted text: any CR LF, CR or LF line end becomes the send newline (clipboards carry
 * LF or CR LF depending on where the text came from).
 */
export function normalisePastedNewlines(text: string, mode: SendNewline): string {
  const nl = mode === 'cr' ? '\r' : mode === 'lf' ? '\n' : '\r\n';
  return text.replace(/\r\n|\r|\n/g, nl);
}
