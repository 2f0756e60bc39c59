/**
 * XMODEM-family blocks (ymodem.txt sections 4-5): SOH (128 data bytes) or STX (1024), the block number,
 * its one's complement, the data, then the 8-bit sum or the CRC-16 high byte first. A short last block
 * is padded with SUB (0x1A). YMODEM block 0 carries `name NUL size [SP mtime-octal] NUL`, NUL-padded; an
 * empty name ends the batch.
 */
import { crc16, sum8 } from './crc.js';
import { SOH, STX, SUB } from './types.js';

/** The check a transfer uses: chosen by the receiver's first character ('C' or NAK), never changed after. */
export type BlockCheck = 'crc' | 'checksum';

/**
 * One block: `seq` (taken mod 256), data `data[start, end)` (at most `size` bytes) padded with `pad` to
 * `size` bytes, and the check. @throws RangeError when the data does not fit.
 */
export function buildBlock(seq: number, size: 128 | 1024, data: Uint8Array, start: number, end: number, check: BlockCheck, pad = SUB): Uint8Array {
  const n = end - start;
  if (n < 0 || n > size) throw new RangeError(`${n} bytes do not fit a ${size}-byte block`);
  const checkLen = check === 'crc' ? 2 : 1;
  const b = new Uint8Array(3 + size + checkLen);
  b[0] = size === 1024 ? STX : SOH;
  b[1] = seq & 0xff;
  b[2] = 0xff - (seq & 0xff);
  b.set(data.subarray(start, end), 3);
  if (n < size) b.fill(pad, 3 + n, 3 + size);
  if (check === 'crc') {
    const c = crc16(b, 3, 3 + size);
    b[3 + size] = c >> 8;
    b[4 + size] = c & 0xff;
  } else {
    b[3 + size] = sum8(b, 3, 3 + size);
  }
  return b;
}

/** A file as YMODEM block 0 describes it. */
export interface FileHeader {
  name: string;
  /** Bytes; null when the sender gave none. */
  size: number | null;
  /** Modification time, s since 1970 UTC; null when absent or 0. */
  mtime: number | null;
}

/** The data of YMODEM block 0 for `file` (null: the empty block 0 that ends a batch): 128 bytes, or 1024 when it does not fit. */
export function encodeBlock0(file: FileHeader | null): Uint8Array {
  if (file === null) return new Uint8Array(128);
  const meta = `${file.size ?? ''}${file.mtime ? ` ${Math.floor(file.mtime).toString(8)}` : ''}`;
  const name = utf8Encode(file.name);
  const metaBytes = utf8Encode(meta);
  const len = name.length + 1 + metaBytes.length + 1;
  if (len > 1024) throw new RangeError(`file name too long for YMODEM block 0 (${name.length} bytes)`);
  const out = new Uint8Array(len <= 128 ? 128 : 1024);
  out.set(name, 0);
  out.set(metaBytes, name.length + 1);
  return out;
}

/** Read YMODEM block 0's data; null for the empty block 0 (end of batch). Fields that do not parse are null. */
export function parseBlock0(data: Uint8Array): FileHeader | null {
  if (data[0] === 0) return null;
  let nul = data.indexOf(0);
  if (nul < 0) nul = data.length;
  const name = utf8Decode(data.subarray(0, nul));
  let end = data.indexOf(0, nul + 1);
  if (end < 0) end = data.length;
  const fields = utf8Decode(data.subarray(Math.min(nul + 1, data.length), end)).trim().split(/\s+/);
  const size = /^\d+$/.test(fields[0] ?? '') ? Number(fields[0]) : null;
  const mtime = /^[0-7]+$/.test(fields[1] ?? '') ? parseInt(fields[1]!, 8) || null : null;
  return { name, size, mtime };
}

/** UTF-8 bytes of `s` (lone surrogates as U+FFFD). */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Text of `b` as UTF-8; when it is not valid UTF-8, as Latin-1 (names from old systems). */
export function utf8Decode(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return latin1(b);
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return latin1(b);
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n === 2 && cp < 0x800) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return latin1(b);
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}
