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

import type { RECEIVE_NEWLINES } from '../../src-shared/ipc/profile.js';

/** What the device sends at a line end (see the module doc). */
export type ReceiveNewline = (typeof RECEIVE_NEWLINES)[number];
export type { SendNewline } from '../../src-shared/bytes/paced-text.js';
import type { SendNewline } from '../../src-shared/bytes/paced-text.js';

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

  /**
   * Translate one chunk. Returns the input itself when nothing changes (no copy on the hot path): in
   * 'auto' that is a chunk whose every line end is already CR LF, the usual case for a flood. Line ends
   * are found with indexOf (native scans), never by a JS loop over every byte.
   */
  translate(bytes: Uint8Array): Uint8Array {
    const mode = this.mode;
    if (mode === 'crlf' || bytes.length === 0) return bytes;
    if (mode !== 'auto') return insertCrLf(bytes, mode === 'cr' ? CR : LF);
    if (!this.afterCr && allCrLf(bytes)) return bytes; // afterCr stays false: the chunk ends in CR LF or text
    // auto, the general case: at most one byte added per input byte (CR or LF -> CR LF).
    const out = new Uint8Array(bytes.length * 2);
    let j = 0;
    let from = 0; // start of the run of ordinary bytes not yet copied
    let cr = bytes.indexOf(CR);
    let lf = bytes.indexOf(LF);
    while (cr >= 0 || lf >= 0) {
      const at = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      const b = bytes[at]!;
      if (at > from) {
        out.set(bytes.subarray(from, at), j);
        j += at - from;
        this.afterCr = false; // ordinary bytes in between end a CR run
      }
      from = at + 1;
      if (b === CR) cr = bytes.indexOf(CR, from);
      else lf = bytes.indexOf(LF, from);
      if (this.afterCr) {
        if (b === LF) this.afterCr = false; // CR LF: the newline is already written
        continue; // CR CR: still the same line end
      }
      out[j++] = CR;
      out[j++] = LF;
      this.afterCr = b === CR;
    }
    if (from < bytes.length) {
      out.set(bytes.subarray(from), j);
      j += bytes.length - from;
      this.afterCr = false;
    }
    return out.subarray(0, j);
  }
}

/** True when every CR in `bytes` is followed by a LF and every LF follows a CR (nothing to translate in 'auto'). */
function allCrLf(bytes: Uint8Array): boolean {
  let crs = 0;
  for (let at = bytes.indexOf(CR); at >= 0; at = bytes.indexOf(CR, at + 2)) {
    if (bytes[at + 1] !== LF) return false;
    crs++;
  }
  // each CR is followed by its own LF; no other LF may exist
  let lfs = 0;
  for (let at = bytes.indexOf(LF); at >= 0 && lfs <= crs; at = bytes.indexOf(LF, at + 1)) lfs++;
  return lfs === crs;
}

/** 'cr' / 'lf' mode: each `target` byte becomes CR LF (the input itself when there is none). */
function insertCrLf(bytes: Uint8Array, target: number): Uint8Array {
  let n = 0;
  for (let at = bytes.indexOf(target); at >= 0; at = bytes.indexOf(target, at + 1)) n++;
  if (n === 0) return bytes;
  const out = new Uint8Array(bytes.length + n);
  let j = 0;
  let from = 0;
  for (let at = bytes.indexOf(target); at >= 0; at = bytes.indexOf(target, at + 1)) {
    out.set(bytes.subarray(from, at), j);
    j += at - from;
    out[j++] = CR;
    out[j++] = LF;
    from = at + 1;
  }
  out.set(bytes.subarray(from), j);
  return out;
}

/**
 * Translate what the operator typed (xterm sends Enter as CR) into the send newline.
 * Only CR is rewritten; a LF typed with Ctrl+J passes as is.
 */
export function translateSend(text: string, mode: SendNewline): string {
  if (mode === 'cr') return text;
  return text.replace(/\r/g, mode === 'lf' ? '\n' : '\r\n');
}
