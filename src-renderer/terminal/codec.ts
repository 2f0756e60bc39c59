/**
 * Receive and send encodings, chosen deliberately by the operator (never guessed from the bytes).
 *
 * - 'utf-8': decoded here (TextDecoder, streaming: a sequence split across two chunks stays whole), so an
 *   invalid sequence shows as U+FFFD instead of vanishing (xterm's own decoder drops it: a wrong baud
 *   rate would look like blank lines).
 * - 'latin1': ISO 8859-1, each byte is the code point of the same value.
 * - 'cp437': IBM PC code page 437 for bytes 0x80-0xFF (box drawing of BIOS setup screens and old
 *   consoles). Bytes 0x00-0x7F stay ASCII, controls included, so CR, LF, BS, BEL and ESC sequences keep
 *   working; the CP437 pictures for 0x01-0x1F are a display convention a terminal must not apply.
 *
 * Single-byte encodings have no state: any split of the input decodes the same.
 */

import type { Encoding } from '../../src-shared/ipc/profile.js';

export type { Encoding };

/** CP437 0x80-0xFF as Unicode code points (checked against Python's cp437 codec). */
const CP437_HIGH: readonly number[] = [
  0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7, 0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
  0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9, 0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
  0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba, 0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
  0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
  0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f, 0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
  0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b, 0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
  0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4, 0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
  0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248, 0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
];

/** Full 256-entry decode table for CP437 (ASCII below 0x80). */
const CP437_TABLE: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  String.fromCharCode(b < 0x80 ? b : CP437_HIGH[b - 0x80]!),
);

/** Reverse map for sending: code point -> CP437 byte. */
const CP437_REVERSE: ReadonlyMap<number, number> = new Map(
  CP437_TABLE.map((ch, b) => [ch.charCodeAt(0), b] as [number, number]),
);

/** Byte sent for a character the chosen encoding cannot represent ('?', as iconv's //TRANSLIT fallback). */
export const UNREPRESENTABLE = 0x3f;

/**
 * What the pane shows for a byte that is no character in the chosen encoding: an invalid UTF-8 sequence,
 * and every C1 code point (U+0080-U+009F; Latin-1 bytes 0x80-0x9F, UTF-8 C2 80-C2 9F). xterm would run
 * a C1 code point as an 8-bit control: 0x90 (DCS) swallows everything after it until an ST that may never
 * come, and the pane looks frozen. Seven-bit sequences (ESC P, ESC [) work as always.
 */
export const SUBSTITUTE = '\ufffd';
const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;
/** Bytes per String.fromCharCode call (its arguments go on the stack). */
const LATIN1_SLICE = 8192;

/** A pane's receive decoder: keeps a UTF-8 sequence split across chunks; no C1 code point gets through. */
export class TerminalDecoder {
  private utf8: TextDecoder | null = null;

  /** The text of `bytes` in `encoding` (a change of encoding drops a UTF-8 sequence left unfinished). */
  decode(bytes: Uint8Array, encoding: Encoding): string {
    let text: string;
    if (encoding === 'utf-8') {
      this.utf8 ??= new TextDecoder('utf-8');
      text = this.utf8.decode(bytes, { stream: true });
    } else {
      this.utf8 = null;
      text = encoding === 'cp437' ? decodeCp437(bytes) : decodeLatin1(bytes);
    }
    return C1.test(text) ? text.replace(C1_ALL, SUBSTITUTE) : text;
  }
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += LATIN1_SLICE) out += String.fromCharCode(...bytes.subarray(i, i + LATIN1_SLICE));
  return out;
}

function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += CP437_TABLE[bytes[i]!]!;
  return out;
}

/**
 * Encode what the operator typed or pasted into bytes for the line.
 * Characters the encoding cannot represent become '?' (0x3F); nothing is dropped silently: the caller
 * can compare `unrepresentable` with zero and warn.
 */
export function encodeForLine(text: string, encoding: Encoding): { bytes: Uint8Array; unrepresentable: number } {
  if (encoding === 'utf-8') return { bytes: new TextEncoder().encode(text), unrepresentable: 0 };
  const out: number[] = [];
  let unrepresentable = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let b: number | undefined;
    if (encoding === 'latin1') b = cp <= 0xff ? cp : undefined;
    else b = CP437_REVERSE.get(cp);
    if (b === undefined) {
      unrepresentable++;
      b = UNREPRESENTABLE;
    }
    out.push(b);
  }
  return { bytes: Uint8Array.from(out), unrepresentable };
}
