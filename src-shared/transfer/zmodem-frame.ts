/**
 * ZMODEM framing (Chuck Forsberg, "The ZMODEM Inter Application File Transfer Protocol", 1988, and
 * lrzsz's zm.c): CRC-16/XMODEM and CRC-32 (IEEE), ZDLE escaping, hex and binary headers, data
 * subpackets, a reader that turns a byte stream of any split into headers and subpackets, and the
 * auto-start detector. Sans-I/O: no clocks, no timers.
 *
 * Wire forms:
 *   - hex header:    ZPAD ZPAD ZDLE 'B', type and the 4 header bytes and CRC-16 as 14 lowercase hex
 *                    digits, CR, LF|0x80, and XON except after ZACK and ZFIN.
 *   - binary header: ZPAD ZDLE 'A' (CRC-16, high byte first) or ZPAD ZDLE 'C' (CRC-32, low byte first),
 *                    then type, the 4 header bytes and the CRC, ZDLE-escaped.
 *   - data subpacket: the data ZDLE-escaped, ZDLE and the end (ZCRCE / ZCRCG / ZCRCQ / ZCRCW), the CRC of
 *                    data + end (CRC-16 or CRC-32 as the header before it), escaped.
 *   - The 4 header bytes are a little-endian file position (ZP0..ZP3) or flags, ZF0 being the last.
 *   - Escaping: ZDLE then the byte xor 0x40. Always for ZDLE (CAN), DLE, XON, XOFF and their high-bit
 *     forms; CR (and CR|0x80) after an '@' on the wire (the Telenet escape); every control character
 *     (bit 5 and 6 clear) with `escapeAll` (the receiver's ESCCTL). ZDLE 'l' / 'm' stand for 0x7f / 0xff.
 *     A receiver drops raw XON/XOFF (flow-control leftovers) and takes five CANs in a row as a cancel.
 */
import { crc16Update, crc32, crc32Update } from './crc.js';

export const ZPAD = 0x2a; // '*'
export const ZDLE = 0x18; // CAN
export const ZDLEE = ZDLE ^ 0x40; // an escaped ZDLE
export const ZBIN = 0x41; // 'A': binary header, CRC-16
export const ZHEX = 0x42; // 'B': hex header
export const ZBIN32 = 0x43; // 'C': binary header, CRC-32
export const XON = 0x11;
export const XOFF = 0x13;

/** Frame types. */
export const ZRQINIT = 0;
export const ZRINIT = 1;
export const ZSINIT = 2;
export const ZACK = 3;
export const ZFILE = 4;
export const ZSKIP = 5;
export const ZNAK = 6;
export const ZABORT = 7;
export const ZFIN = 8;
export const ZRPOS = 9;
export const ZDATA = 10;
export const ZEOF = 11;
export const ZFERR = 12;
export const ZCRC = 13;
export const ZCHALLENGE = 14;
export const ZCOMPL = 15;
export const ZCAN = 16;
export const ZFREECNT = 17;
export const ZCOMMAND = 18;
export const ZSTDERR = 19;
export const FRAME_NAMES = [
  'ZRQINIT', 'ZRINIT', 'ZSINIT', 'ZACK', 'ZFILE', 'ZSKIP', 'ZNAK', 'ZABORT', 'ZFIN', 'ZRPOS',
  'ZDATA', 'ZEOF', 'ZFERR', 'ZCRC', 'ZCHALLENGE', 'ZCOMPL', 'ZCAN', 'ZFREECNT', 'ZCOMMAND', 'ZSTDERR',
] as const;
export const frameName = (type: number) => FRAME_NAMES[type] ?? `frame ${type}`;

/** Subpacket ends. */
export const ZCRCE = 0x68; // 'h': end of frame, no answer
export const ZCRCG = 0x69; // 'i': more follows, no answer
export const ZCRCQ = 0x6a; // 'j': more follows, ZACK wanted
export const ZCRCW = 0x6b; // 'k': end of frame, ZACK wanted
export const ZRUB0 = 0x6c; // 'l': 0x7f
export const ZRUB1 = 0x6d; // 'm': 0xff

/** ZRINIT ZF0 capabilities. */
export const CANFDX = 0x01; // full duplex
export const CANOVIO = 0x02; // can receive while writing to disk
export const CANBRK = 0x04;
export const CANFC32 = 0x20; // CRC-32
export const ESCCTL = 0x40; // wants every control character escaped
export const ESC8 = 0x80;
/** ZSINIT ZF0: the sender wants control characters escaped. */
export const TESCCTL = 0x40;
/** ZFILE ZF0 conversion. */
export const ZCBIN = 1;
export const ZCNL = 2;
export const ZCRESUM = 3;

/** Header byte indices: ZF0 is the last of the four (lrzsz zmodem.h). */
export const ZF0 = 3;
export const ZF1 = 2;

/** The largest data subpacket a reader takes (lrzsz's MAX_BLOCK). */
export const MAX_SUBPACKET = 8192;

// ---- CRCs ----

// CRC-16/XMODEM and CRC-32 live in crc.ts (one implementation for every protocol); re-exported for
// this module's users.
export { crc16Update, crc32, crc32Update };

// ---- escaping ----

/** How each byte goes out: 0 as is, 1 escaped, 2 escaped after '@' (CR). */
function escapeTable(escapeAll: boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    if (i & 0x60) continue;
    const low = i & 0x7f;
    if (low === ZDLE || low === XON || low === XOFF || low === 0x10) t[i] = 1;
    else if (low === 0x0d) t[i] = escapeAll ? 1 : 2;
    else if (escapeAll) t[i] = 1;
  }
  return t;
}
const TABLE_SOME = escapeTable(false);
const TABLE_ALL = escapeTable(true);

/** ZDLE escaping with the state it needs (the last byte on the wire, for CR after '@'). */
export class ZdleEncoder {
  private table: Uint8Array;
  private last = 0;

  constructor(escapeAll = false) {
    this.table = escapeAll ? TABLE_ALL : TABLE_SOME;
  }

  get escapeAll(): boolean {
    return this.table === TABLE_ALL;
  }

  set escapeAll(on: boolean) {
    this.table = on ? TABLE_ALL : TABLE_SOME;
  }

  /** Escape `src[start, end)` into `out` from `o` (room: 2 bytes per byte); the index after. */
  encode(src: ArrayLike<number>, start: number, end: number, out: Uint8Array, o: number): number {
    const table = this.table;
    let last = this.last;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      const how = table[c]!;
      if (how === 0 || (how === 2 && (last & 0x7f) !== 0x40)) {
        out[o++] = last = c;
      } else {
        out[o++] = ZDLE;
        out[o++] = last = c ^ 0x40;
      }
    }
    this.last = last;
    return o;
  }

  /** A hex header went out between (it ends with LF or XON). */
  resetLast(): void {
    this.last = 0;
  }
}

// ---- headers ----

const HEX = '0123456789abcdef';

/** The 4 header bytes of a position (ZP0 first). */
export function posBytes(pos: number): Uint8Array {
  return Uint8Array.of(pos & 0xff, (pos >>> 8) & 0xff, (pos >>> 16) & 0xff, (pos >>> 24) & 0xff);
}

/** The 4 header bytes of flags ZF0..ZF3 (ZF0 goes last). */
export function flagBytes(zf0: number, zf1 = 0, zf2 = 0, zf3 = 0): Uint8Array {
  return Uint8Array.of(zf3, zf2, zf1, zf0);
}

/** The position in 4 header bytes. */
export const headerPos = (b: ArrayLike<number>) => (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;

/** A hex header (lrzsz zshhdr): the form for headers that no data follows. */
export function hexHeader(type: number, b: ArrayLike<number>): Uint8Array {
  const raw = [type, b[0]!, b[1]!, b[2]!, b[3]!];
  const crc = crc16Update(0, raw);
  raw.push(crc >> 8, crc & 0xff);
  const out: number[] = [ZPAD, ZPAD, ZDLE, ZHEX];
  for (const v of raw) out.push(HEX.charCodeAt(v >> 4), HEX.charCodeAt(v & 15));
  out.push(0x0d, 0x8a);
  if (type !== ZACK && type !== ZFIN) out.push(XON);
  return Uint8Array.from(out);
}

/** A binary header (ZBIN32 with `crc32`, else ZBIN), escaped by `enc`. */
export function binHeader(enc: ZdleEncoder, type: number, b: ArrayLike<number>, useCrc32: boolean): Uint8Array {
  const raw = [type, b[0]!, b[1]!, b[2]!, b[3]!];
  if (useCrc32) {
    const crc = (crc32Update(0xffffffff, raw) ^ 0xffffffff) >>> 0;
    raw.push(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24);
  } else {
    const crc = crc16Update(0, raw);
    raw.push(crc >> 8, crc & 0xff);
  }
  const out = new Uint8Array(3 + 2 * raw.length);
  out[0] = ZPAD;
  out[1] = ZDLE;
  out[2] = useCrc32 ? ZBIN32 : ZBIN;
  return out.slice(0, enc.encode(raw, 0, raw.length, out, 3));
}

/** A data subpacket of `data[start, end)` ending with `frameEnd`, escaped by `enc`. */
export function subpacket(enc: ZdleEncoder, data: Uint8Array, start: number, end: number, frameEnd: number, useCrc32: boolean): Uint8Array {
  const out = new Uint8Array(2 * (end - start) + 2 + 8);
  let o = enc.encode(data, start, end, out, 0);
  out[o++] = ZDLE;
  out[o++] = frameEnd;
  const tail: number[] = [];
  if (useCrc32) {
    let c = crc32Update(0xffffffff, data, start, end);
    c = (crc32Update(c, [frameEnd]) ^ 0xffffffff) >>> 0;
    tail.push(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24);
  } else {
    let c = crc16Update(0, data, start, end);
    c = crc16Update(c, [frameEnd]);
    tail.push(c >> 8, c & 0xff);
  }
  o = enc.encode(tail, 0, tail.length, out, o);
  return out.slice(0, o);
}

// ---- reading ----

export type HeaderFormat = 'hex' | 'bin16' | 'bin32';

/** What the reader found. `data` is a view of the reader's buffer: valid until the next read(). */
export type ReadItem =
  | { kind: 'header'; type: number; b: Uint8Array; format: HeaderFormat }
  | { kind: 'data'; data: Uint8Array; end: number }
  | { kind: 'error'; reason: string; inData: boolean }
  /** Five CANs in a row: the peer cancelled. */
  | { kind: 'cancel' };

/** Headers that data subpackets follow. */
const WITH_DATA = new Set([ZSINIT, ZFILE, ZDATA, ZCOMMAND]);

const enum S {
  Hunt,
  Pad,
  Fmt,
  Hex,
  HexTail,
  Bin,
  Data,
  Crc,
}

const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const hexVal = (c: number) => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);

/**
 * Headers and data subpackets out of a byte stream split anywhere. Between frames everything that is
 * not a header is skipped; after a header that data follows (ZFILE, ZDATA, ZSINIT, ZCOMMAND) the
 * subpackets are read until one ends the frame (ZCRCE, ZCRCW); a bad subpacket or header is reported
 * and the reader hunts for the next header. Buffers are bounded: a header is at most 9 decoded bytes
 * (14 hex digits), a subpacket at most `maxData` bytes.
 */
export class ZmodemReader {
  private s = S.Hunt;
  private cans = 0;
  private esc = false;
  /** Header bytes (decoded) and how many are wanted. */
  private readonly hb = new Uint8Array(14);
  private hn = 0;
  private hneed = 0;
  private hfmt: HeaderFormat = 'hex';
  private hexCr = false;
  /** Subpackets: the format of the header they follow, the data, the end, the CRC bytes. */
  private dfmt: HeaderFormat = 'bin32';
  private readonly buf: Uint8Array;
  private n = 0;
  private end = 0;
  private readonly crcb = new Uint8Array(4);
  private crcn = 0;
  /** Set by read(): what it found, or null when it used every byte without finding anything. */
  item: ReadItem | null = null;

  constructor(private readonly maxData = MAX_SUBPACKET) {
    this.buf = new Uint8Array(maxData);
  }

  /** Between frames, looking for a header (not in one, not in a subpacket). */
  get hunting(): boolean {
    return this.s === S.Hunt;
  }

  /** Drop what is being read; look for the next header. */
  hunt(): void {
    this.s = S.Hunt;
    this.esc = false;
  }

  /**
   * Read from `bytes[i]` until an item is found (then `item` is set and the index after its last byte
   * is returned) or the bytes run out (`item` null, bytes.length returned).
   */
  read(bytes: Uint8Array, i: number): number {
    this.item = null;
    const len = bytes.length;
    while (i < len) {
      const c = bytes[i++]!;
      if (c === ZDLE) {
        if (++this.cans >= 5) {
          this.cans = 0;
          this.hunt();
          this.item = { kind: 'cancel' };
          return i;
        }
      } else {
        this.cans = 0;
      }
      switch (this.s) {
        case S.Hunt:
          if (c === ZPAD) this.s = S.Pad;
          break;
        case S.Pad:
          if (c === ZDLE) this.s = S.Fmt;
          else if (c !== ZPAD) this.s = S.Hunt;
          break;
        case S.Fmt:
          this.hn = 0;
          this.esc = false;
          if (c === ZHEX) {
            this.s = S.Hex;
            this.hfmt = 'hex';
            this.hneed = 14;
          } else if (c === ZBIN || c === ZBIN32) {
            this.s = S.Bin;
            this.hfmt = c === ZBIN ? 'bin16' : 'bin32';
            this.hneed = c === ZBIN ? 7 : 9;
          } else if (c === ZPAD) {
            this.s = S.Pad;
          } else if (c !== ZDLE) {
            this.s = S.Hunt; // ZDLE ZDLE...: CANs, counted above
          }
          break;
        case S.Hex:
          if (!isHex(c)) {
            if (c === XON || c === XOFF || c === (XON | 0x80) || c === (XOFF | 0x80)) break;
            this.s = S.Hunt;
            this.item = { kind: 'error', reason: `bad hex header (0x${c.toString(16)} among the digits)`, inData: false };
            return i;
          }
          this.hb[this.hn++] = c;
          if (this.hn === 14) {
            const raw = new Uint8Array(7);
            for (let k = 0; k < 7; k++) raw[k] = (hexVal(this.hb[2 * k]!) << 4) | hexVal(this.hb[2 * k + 1]!);
            if (crc16Update(0, raw) !== 0) {
              this.s = S.Hunt;
              this.item = { kind: 'error', reason: `hex header ${frameName(raw[0]!)}: CRC wrong`, inData: false };
              return i;
            }
            this.found(raw[0]!, raw.slice(1, 5), 'hex');
            if ((this.s as S) === S.Data) {
              this.s = S.HexTail;
              this.hexCr = false;
            }
            return i;
          }
          break;
        case S.HexTail:
          // a hex header that data follows: its CR LF (XON is dropped in the data)
          if (!this.hexCr && (c === 0x0d || c === 0x8d)) {
            this.hexCr = true;
            break;
          }
          this.s = S.Data;
          if (this.hexCr && (c === 0x0a || c === 0x8a)) break;
          i--;
          if (c === ZDLE) this.cans--;
          break;
        case S.Bin: {
          const v = this.unescape(c);
          if (v === -1) break;
          if (v < -1) {
            this.s = S.Hunt;
            this.item = { kind: 'error', reason: v === -2 ? 'bad escape in a binary header' : 'subpacket end inside a binary header', inData: false };
            return i;
          }
          this.hb[this.hn++] = v;
          if (this.hn === this.hneed) {
            const ok = this.hfmt === 'bin16'
              ? crc16Update(0, this.hb, 0, 7) === 0
              : (crc32Update(0xffffffff, this.hb, 0, 5) ^ 0xffffffff) >>> 0 === headerPos(this.hb.subarray(5, 9));
            if (!ok) {
              this.s = S.Hunt;
              this.item = { kind: 'error', reason: `binary header ${frameName(this.hb[0]!)}: CRC wrong`, inData: false };
              return i;
            }
            this.found(this.hb[0]!, this.hb.slice(1, 5), this.hfmt);
            return i;
          }
          break;
        }
        case S.Data: {
          // fast path: plain bytes
          if (!this.esc && c !== ZDLE && (c & 0x60) !== 0) {
            if (this.n >= this.maxData) return this.dataError(i, `subpacket longer than ${this.maxData} bytes`);
            this.buf[this.n++] = c;
            break;
          }
          const v = this.unescape(c);
          if (v === -1) break;
          if (v === -2) return this.dataError(i, `bad escape ZDLE 0x${c.toString(16)} in a subpacket`);
          if (v === -3) {
            this.end = c;
            this.s = S.Crc;
            this.crcn = 0;
            break;
          }
          if (this.n >= this.maxData) return this.dataError(i, `subpacket longer than ${this.maxData} bytes`);
          this.buf[this.n++] = v;
          break;
        }
        case S.Crc: {
          const v = this.unescape(c);
          if (v === -1) break;
          if (v < -1) return this.dataError(i, 'bad escape in a subpacket CRC');
          this.crcb[this.crcn++] = v;
          const need = this.dfmt === 'bin32' ? 4 : 2;
          if (this.crcn < need) break;
          const ok = need === 4
            ? (crc32Update(crc32Update(0xffffffff, this.buf, 0, this.n), [this.end]) ^ 0xffffffff) >>> 0 === headerPos(this.crcb)
            : crc16Update(crc16Update(0, this.buf, 0, this.n), [this.end, this.crcb[0]!, this.crcb[1]!]) === 0;
          if (!ok) return this.dataError(i, `subpacket of ${this.n} bytes: CRC wrong`);
          this.item = { kind: 'data', data: this.buf.subarray(0, this.n), end: this.end };
          this.n = 0;
          this.s = this.end === ZCRCE || this.end === ZCRCW ? S.Hunt : S.Data;
          return i;
        }
      }
    }
    return len;
  }

  private found(type: number, b: Uint8Array, format: HeaderFormat): void {
    this.item = { kind: 'header', type, b, format };
    if (WITH_DATA.has(type)) {
      this.s = S.Data;
      this.dfmt = format === 'bin32' ? 'bin32' : 'bin16';
      this.n = 0;
      this.esc = false;
    } else {
      this.s = S.Hunt;
    }
  }

  private dataError(i: number, reason: string): number {
    this.n = 0;
    this.hunt();
    this.item = { kind: 'error', reason, inData: true };
    return i;
  }

  /**
   * One byte through the escape rules: the decoded value, -1 (nothing yet: ZDLE, or a dropped XON/XOFF),
   * -2 (a bad escape), -3 (a subpacket end: ZDLE h/i/j/k, the end byte is the input).
   */
  private unescape(c: number): number {
    if (!this.esc) {
      if (c === ZDLE) {
        this.esc = true;
        return -1;
      }
      if ((c & 0x7f) === XON || (c & 0x7f) === XOFF) return -1;
      return c;
    }
    if (c === ZDLE) return -1; // ZDLE CAN CAN ...: a cancel in the making (counted in read())
    if ((c & 0x7f) === XON || (c & 0x7f) === XOFF) return -1;
    this.esc = false;
    if (c >= ZCRCE && c <= ZCRCW) return -3;
    if (c === ZRUB0) return 0x7f;
    if (c === ZRUB1) return 0xff;
    if ((c & 0x60) === 0x40) return c ^ 0x40;
    return -2;
  }
}

// ---- auto-start ----

/** What detectZmodemStart found. */
export interface ZmodemStart {
  /** ZRQINIT: the far end runs sz (offer to receive); ZRINIT: it runs rz (offer to send). */
  kind: 'receive' | 'send';
  /** Index in the chunk of the header's first '*' (negative: it began in an earlier chunk). */
  start: number;
  /** Index in the chunk after the matched "**\x18B0x": what a ZmodemReceiver should be fed from. */
  end: number;
}

const START_PATTERN = [ZPAD, ZPAD, ZDLE, ZHEX, 0x30];
const PATTERN_LEN = START_PATTERN.length + 1;

/** Find "**\x18B00" (ZRQINIT) or "**\x18B01" (ZRINIT) in one buffer. */
export function detectZmodemStart(bytes: Uint8Array): ZmodemStart | null {
  for (let i = bytes.indexOf(ZPAD); i >= 0 && i + PATTERN_LEN <= bytes.length; i = bytes.indexOf(ZPAD, i + 1)) {
    let k = 0;
    while (k < START_PATTERN.length && bytes[i + k] === START_PATTERN[k]) k++;
    if (k < START_PATTERN.length) continue;
    const t = bytes[i + k];
    if (t === 0x30 || t === 0x31) return { kind: t === 0x30 ? 'receive' : 'send', start: i, end: i + PATTERN_LEN };
  }
  return null;
}

/** detectZmodemStart across chunks: a header split between chunks is found in the chunk that completes it. */
export class ZmodemDetector {
  private tail = new Uint8Array(0);

  /**
   * The next chunk of terminal bytes: the first start found in it (or completed by it), or null. One start
   * per call: to look on after a start, push `chunk.subarray(start.end)` (then nothing before it is kept).
   */
  push(chunk: Uint8Array): ZmodemStart | null {
    const shift = this.tail.length;
    let joined = chunk;
    if (shift > 0) {
      joined = new Uint8Array(shift + chunk.length);
      joined.set(this.tail, 0);
      joined.set(chunk, shift);
    }
    const hit = detectZmodemStart(joined);
    // the tail is shorter than a match, so a hit always ends in this chunk
    this.tail = hit === null ? joined.slice(Math.max(0, joined.length - (PATTERN_LEN - 1))) : new Uint8Array(0);
    return hit === null ? null : { kind: hit.kind, start: hit.start - shift, end: hit.end - shift };
  }

  reset(): void {
    this.tail = new Uint8Array(0);
  }
}
