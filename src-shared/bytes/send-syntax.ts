/**
 * The send bar's two input forms, turned into the exact bytes to send (and shown before sending). The same
 * parser serves macros. Text never goes through a text encoder except as UTF-8 for characters above
 * U+007F that the operator typed; \xHH is always the one byte HH.
 *
 *   text:  characters as UTF-8, with escapes \r \n \t \0 \e (ESC) \\ and \xHH (exactly two hex digits)
 *   hex:   bytes as hex digits: `0D 0A`, `0x0d,0x0a`, `0d0a`, `0D:0A`; separators are spaces, commas,
 *          colons, dashes; each token is an even number of digits, optionally after 0x
 *
 * Bad input is an error with its position, and nothing is sent.
 */

// a global in Node and every browser; src-shared's lib has no DOM (as in ipc/wire.ts)
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };

/** Which form the input is in. */
export type SendSyntax = 'text' | 'hex';

/** Input that is not valid in its form: what and where (a UTF-16 index into the input). */
export class SendSyntaxError extends Error {
  override name = 'SendSyntaxError';
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** The most bytes one send-bar input may give (a bound on what is parsed and shown). */
export const MAX_SEND_BYTES = 64 * 1024;

const SIMPLE_ESCAPES: Record<string, number> = { r: 0x0d, n: 0x0a, t: 0x09, '0': 0x00, e: 0x1b, '\\': 0x5c };
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

/**
 * The bytes `input` stands for in `syntax`.
 * @throws SendSyntaxError for an unknown escape, a \x without two hex digits, a hex token of odd length
 * or with a non-hex digit, or more than MAX_SEND_BYTES bytes.
 */
export function parseSend(input: string, syntax: SendSyntax): Uint8Array {
  const bytes = syntax === 'hex' ? parseHex(input) : parseText(input);
  if (bytes.length > MAX_SEND_BYTES) throw new SendSyntaxError(`${bytes.length} bytes: at most ${MAX_SEND_BYTES} in one send`, 0);
  return bytes;
}

function parseText(input: string): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  let plainFrom = 0;
  const flushPlain = (to: number) => {
    if (to > plainFrom) for (const b of encoder.encode(input.slice(plainFrom, to))) out.push(b);
  };
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '\\') continue;
    flushPlain(i);
    const c = input[i + 1];
    if (c === undefined) throw new SendSyntaxError('a lone \\ at the end (write \\\\ for a backslash)', i);
    if (c === 'x') {
      const pair = input.slice(i + 2, i + 4);
      if (!HEX_PAIR.test(pair)) throw new SendSyntaxError(`\\x needs two hex digits, not "${pair}"`, i);
      out.push(parseInt(pair, 16));
      i += 3;
    } else if (c in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[c]!);
      i += 1;
    } else {
      throw new SendSyntaxError(`unknown escape \\${c} (use \\r \\n \\t \\0 \\e \\\\ or \\xHH)`, i);
    }
    plainFrom = i + 1;
  }
  flushPlain(input.length);
  return Uint8Array.from(out);
}

function parseHex(input: string): Uint8Array {
  const out: number[] = [];
  const token = /[^\s,:;-]+/g;
  for (let m = token.exec(input); m !== null; m = token.exec(input)) {
    const digits = /^0x/i.test(m[0]) ? m[0].slice(2) : m[0];
    const at = m.index + (m[0].length - digits.length);
    const bad = /[^0-9a-fA-F]/.exec(digits);
    if (bad) throw new SendSyntaxError(`"${bad[0]}" is not a hex digit`, at + bad.index);
    if (digits.length === 0 || digits.length % 2 !== 0) throw new SendSyntaxError(`"${m[0]}" has an odd number of hex digits`, m.index);
    for (let k = 0; k < digits.length; k += 2) out.push(parseInt(digits.slice(k, k + 2), 16));
  }
  return Uint8Array.from(out);
}

/**
 * `bytes` in the text form, so that parseSend(formatSendText(b), 'text') is b again: printable ASCII as
 * itself (a backslash doubled), \r \n \t \0 \e for those, \xHH for every other byte.
 */
export function formatSendText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x00) s += '\\0';
    else if (b === 0x1b) s += '\\e';
    else s += `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return s;
}

/** `bytes` in the hex form: "0D 0A" (upper case, one space between bytes). */
export function formatSendHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}
