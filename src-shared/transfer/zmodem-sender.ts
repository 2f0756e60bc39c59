/**
 * The sending side of ZMODEM (sz), sans-I/O (see ./types.ts for the calling convention), after
 * Forsberg's zmodem.txt and lrzsz's sz:
 *
 *   - start(): "rz\r" (starts rz at a shell on the far end) and ZRQINIT (unless `announce` is false: a
 *     ZRINIT already seen, fed to receive() next); ZRQINIT again every startIntervalMs until the
 *     receiver's ZRINIT, for startTimeoutMs. The ZRINIT says CRC-32 or CRC-16, ESCCTL (escape every
 *     control character from then on), full duplex and overlapped I/O, and its buffer size.
 *   - Per file: ZFILE (binary header; subpacket "name NUL size mtime-octal mode-octal 0 files-left
 *     bytes-left NUL", ZCRCW); ZCBIN, or ZCRESUM with `resume`. The receiver answers ZRPOS (the offset to
 *     start from: resume), ZSKIP, or ZCRC (we send the file's CRC-32).
 *   - Data from the ZRPOS offset: a binary ZDATA header, then subpackets of `subpacketSize`:
 *       streaming (the receiver has no buffer limit, full duplex, overlapped I/O): ZCRCG, with a ZCRCQ
 *       (ZACK wanted) every quarter window, and never more than `windowBytes` beyond the last ZACK;
 *       segmented (a buffer size, or no full duplex/overlap): ZCRCW every buffer's worth (or subpacket),
 *       then wait for ZACK and open a new frame.
 *     The file's last subpacket ends with ZCRCE, then ZEOF. A ZRPOS at any time (a bad subpacket at the
 *     receiver) ends the open frame with an empty ZCRCE and resends from there ('retry'); the same
 *     position maxRetries times running fails. The receiver's ZRINIT after ZEOF ends the file.
 *   - After the last file: ZFIN; the receiver's ZFIN is answered with "OO" and ends the transfer ('done');
 *     the CR LF after that ZFIN is swallowed and anything after it is `rest`.
 *   - Time-outs (responseTimeoutMs) resend ZFILE, ZEOF, ZFIN, or probe with an empty ZCRCQ while data
 *     waits for a ZACK; maxRetries tries, then the abort (8 CAN, 8 BS) and 'failed'. Five CANs from the
 *     receiver, or its ZCAN/ZABORT/ZFERR, end the transfer.
 * Files are read through `bytes` (in memory) or `read(offset, length)` (synchronous, a subpacket at a time).
 */
import { ZmodemEngine } from './zmodem-engine.js';
import {
  CANFC32, CANFDX, CANOVIO, ESCCTL, ZABORT, ZACK, ZCAN, ZCBIN, ZCHALLENGE, ZCRC, ZCRCE, ZCRCG, ZCRCQ, ZCRCW, ZCRESUM, ZDATA,
  ZdleEncoder, ZEOF, ZF0, ZFERR, ZFILE, ZFIN, ZmodemReader, ZNAK, ZRINIT, ZRPOS, ZRQINIT, ZSKIP, binHeader, crc32Update,
  flagBytes, headerPos, hexHeader, posBytes, subpacket, type ReadItem,
} from './zmodem-frame.js';
import { utf8Encode } from './blocks.js';
import { timings, type TransferTimings } from './types.js';

/** One file to send: its bytes in memory, or a reader. */
export interface ZmodemSendFile {
  /** The name the receiver is given (a base name; no folders). */
  name: string;
  size: number;
  /** Modification time, s since 1970 UTC. */
  mtime?: number | null;
  /** Unix mode bits (e.g. 0o644); absent: not sent. */
  mode?: number | null;
  bytes?: Uint8Array;
  /** `length` bytes from `offset` (fewer only at the end of the file). Called one subpacket at a time. */
  read?: (offset: number, length: number) => Uint8Array;
}

export interface ZmodemSenderOptions extends TransferTimings {
  files: ZmodemSendFile[];
  /** Data subpacket size, bytes: 32..8192, default 1024 (lrzsz's default). */
  subpacketSize?: number;
  /** Most bytes sent beyond the receiver's last ZACK while streaming: default 32768; at least subpacketSize. */
  windowBytes?: number;
  /** Escape every control character from the start (the receiver's ESCCTL turns it on too). */
  escapeAll?: boolean;
  /** Send "rz\r" and ZRQINIT at start (default true). */
  announce?: boolean;
  /** Ask the receiver to resume files it has part of (ZCRESUM). */
  resume?: boolean;
}

const RZ_CR = Uint8Array.of(0x72, 0x7a, 0x0d);
const OO = Uint8Array.of(0x4f, 0x4f);
const EMPTY = new Uint8Array(0);
const ZERO4 = [0, 0, 0, 0];

export class ZmodemSender extends ZmodemEngine {
  private readonly files: ZmodemSendFile[];
  private readonly sub: number;
  private readonly window: number;
  private readonly announce: boolean;
  private readonly resume: boolean;
  private readonly enc: ZdleEncoder;
  private readonly reader = new ZmodemReader(1024);
  /**
   * init: waiting for ZRINIT; filePos: ZFILE sent, waiting for ZRPOS; data: sending or waiting for ZACK;
   * eof: ZEOF sent, waiting for ZRINIT; fin: ZFIN sent; tail: "OO" sent, swallowing the CR LF after ZFIN.
   */
  private state: 'init' | 'filePos' | 'data' | 'eof' | 'fin' | 'tail' = 'init';
  private startLimit = 0;
  private crc32 = true;
  private streaming = true;
  private frameLimit = Infinity;
  private fileIndex = 0;
  private file: ZmodemSendFile | null = null;
  private fileBytes: Uint8Array = EMPTY;
  private txPos = 0;
  private ackPos = 0;
  private startPos = 0;
  private frameOpen = false;
  private frameBytes = 0;
  private sinceQ = 0;
  private waitAck = false;
  private lastSync = -1;
  private tries = 0;
  private retries = 0;
  private subpackets = 0;
  private totalBytes = 0;
  private tailCr = false;

  /** @throws RangeError for no files, a bad file, or bad sizes/timings. */
  constructor(options: ZmodemSenderOptions) {
    super(timings(options));
    if (options.files.length === 0) throw new RangeError('no file to send');
    for (const f of options.files) {
      if (!Number.isInteger(f.size) || f.size < 0 || f.size > 0xffffffff) throw new RangeError(`${f.name}: size must be 0..4 GiB, not ${f.size}`);
      if (!f.bytes === !f.read) throw new RangeError(`${f.name}: give bytes or read, one of them`);
      if (f.bytes && f.bytes.length !== f.size) throw new RangeError(`${f.name}: size ${f.size} but ${f.bytes.length} bytes`);
    }
    this.files = options.files;
    this.sub = options.subpacketSize ?? 1024;
    if (!Number.isInteger(this.sub) || this.sub < 32 || this.sub > 8192) throw new RangeError(`subpacketSize must be 32..8192, not ${this.sub}`);
    this.window = options.windowBytes ?? 32768;
    if (!Number.isInteger(this.window) || this.window < this.sub || this.window > 1 << 24) throw new RangeError(`windowBytes must be ${this.sub}..16 MiB, not ${this.window}`);
    this.announce = options.announce ?? true;
    this.resume = options.resume ?? false;
    this.enc = new ZdleEncoder(options.escapeAll ?? false);
  }

  protected onStart(): void {
    this.startLimit = this.now + this.t.startTimeoutMs;
    if (this.announce) {
      this.send(RZ_CR);
      this.sendHex(ZRQINIT, ZERO4);
    }
    this.deadline = this.now + this.t.startIntervalMs;
  }

  protected consume(bytes: Uint8Array, i: number): number {
    if (this.state === 'tail') {
      const c = bytes[i]!;
      if (!this.tailCr && (c === 0x0d || c === 0x8d)) {
        this.tailCr = true;
        return i + 1;
      }
      if (c === 0x0a || c === 0x8a) {
        this.done();
        return i + 1;
      }
      this.done();
      return i;
    }
    const next = this.reader.read(bytes, i);
    const item = this.reader.item;
    if (item !== null) this.handle(item);
    return next;
  }

  private done(): void {
    this.end({ type: 'done', files: this.fileIndex, bytes: this.totalBytes });
  }

  private handle(item: ReadItem): void {
    if (item.kind === 'cancel') {
      this.peerAborted();
      return;
    }
    if (item.kind !== 'header') {
      if (item.kind === 'data') this.reader.hunt(); // subpackets are not for us
      return; // a bad header: the time-outs sort it out
    }
    const b = item.b;
    switch (item.type) {
      case ZRINIT:
        if (this.state === 'init') {
          this.caps(b);
          this.nextFile();
        } else if (this.state === 'eof') {
          this.fileDone();
        }
        break;
      case ZCHALLENGE:
        if (this.state === 'init') this.sendHex(ZACK, b);
        break;
      case ZRPOS:
        if (this.state === 'filePos' || this.state === 'data' || this.state === 'eof') this.reposition(headerPos(b));
        break;
      case ZACK:
        if (this.state === 'data') this.acked(headerPos(b));
        break;
      case ZSKIP:
        if (this.state === 'filePos' || this.state === 'data' || this.state === 'eof') {
          if (this.frameOpen) this.endFrame();
          this.emit({ type: 'fileEnd', name: this.file!.name, bytes: 0 });
          this.fileIndex++;
          this.nextFile();
        }
        break;
      case ZNAK:
        if (this.state === 'init') this.sendHex(ZRQINIT, ZERO4);
        else if (this.state === 'filePos') this.sendZfile();
        else if (this.state === 'eof') this.sendEof();
        break;
      case ZCRC:
        if (this.state === 'filePos') this.send(binHeader(this.enc, ZCRC, posBytes(this.fileCrc()), this.crc32));
        break;
      case ZFIN:
        if (this.state === 'fin') {
          this.send(OO);
          this.state = 'tail';
          this.tailCr = false;
          this.deadline = this.now + this.t.quietMs;
        }
        break;
      case ZCAN:
      case ZABORT:
      case ZFERR:
        this.fail(`the receiver ended the transfer (${item.type === ZFERR ? 'ZFERR: it could not write the file' : item.type === ZCAN ? 'ZCAN' : 'ZABORT'})`);
        break;
      default:
        break; // ZRQINIT (our own, echoed by a shell) and the rest
    }
  }

  private caps(b: Uint8Array): void {
    const zf0 = b[ZF0]!;
    const buf = b[0]! | (b[1]! << 8);
    this.crc32 = (zf0 & CANFC32) !== 0;
    if (zf0 & ESCCTL) this.enc.escapeAll = true;
    this.streaming = buf === 0 && (zf0 & (CANFDX | CANOVIO)) === (CANFDX | CANOVIO);
    this.frameLimit = this.streaming ? Infinity : buf > 0 ? Math.max(buf, 1) : this.sub;
  }

  private nextFile(): void {
    const f = this.files[this.fileIndex];
    this.tries = 0;
    if (!f) {
      this.file = null;
      this.state = 'fin';
      this.sendHex(ZFIN, ZERO4);
      this.deadline = this.now + this.t.responseTimeoutMs;
      return;
    }
    this.file = f;
    this.fileBytes = f.bytes ?? EMPTY;
    this.lastSync = -1;
    this.emit({ type: 'file', name: f.name, size: f.size, mtime: f.mtime ?? null });
    this.sendZfile();
  }

  private sendZfile(): void {
    const f = this.file!;
    const later = this.files.slice(this.fileIndex);
    const meta = `${f.size} ${Math.max(0, Math.floor(f.mtime ?? 0)).toString(8)} ${(f.mode ?? 0).toString(8)} 0 ${later.length} ${later.reduce((n, x) => n + x.size, 0)}`;
    const name = utf8Encode(f.name);
    const info = new Uint8Array(name.length + 1 + meta.length + 1);
    info.set(name, 0);
    info.set(utf8Encode(meta), name.length + 1);
    this.send(binHeader(this.enc, ZFILE, flagBytes(this.resume ? ZCRESUM : ZCBIN), this.crc32));
    this.send(subpacket(this.enc, info, 0, info.length, ZCRCW, this.crc32));
    this.state = 'filePos';
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private read(offset: number, n: number): Uint8Array {
    const f = this.file!;
    if (f.bytes) return f.bytes.subarray(offset, offset + n);
    const got = f.read!(offset, n);
    return got.length > n ? got.subarray(0, n) : got;
  }

  private fileCrc(): number {
    const f = this.file!;
    let c = 0xffffffff;
    for (let o = 0; o < f.size; o += 65536) {
      const part = this.read(o, Math.min(65536, f.size - o));
      if (part.length === 0) break;
      c = crc32Update(c, part);
    }
    return (c ^ 0xffffffff) >>> 0;
  }

  /** The receiver wants data from `pos` (the first ZRPOS of a file, or after a bad subpacket). */
  private reposition(pos: number): void {
    const f = this.file!;
    pos = Math.min(pos, f.size);
    const first = this.state === 'filePos';
    if (first) {
      this.startPos = pos;
    } else {
      if (pos === this.lastSync) {
        if (++this.tries >= this.t.maxRetries) {
          this.fail(`the receiver asked for offset ${pos} of ${f.name} ${this.tries} times running`);
          return;
        }
      } else {
        this.tries = 0;
      }
      this.retries++;
      this.emit({ type: 'retry', reason: `the receiver asked for the data again from offset ${pos} (ZRPOS)`, retries: this.retries });
      if (this.frameOpen) this.endFrame();
    }
    this.lastSync = pos;
    this.txPos = pos;
    this.ackPos = pos;
    this.sinceQ = 0;
    this.waitAck = false;
    this.frameOpen = false;
    this.state = 'data';
    this.pump();
  }

  private acked(pos: number): void {
    if (pos > this.txPos) return; // not ours
    if (pos > this.ackPos) {
      this.totalBytes += pos - this.ackPos;
      this.ackPos = pos;
      this.tries = 0;
      this.emit({ type: 'progress', bytes: pos, total: this.file!.size, blocks: this.subpackets, retries: this.retries });
    }
    if (this.waitAck && pos === this.txPos) this.waitAck = false;
    this.pump();
  }

  /** Send subpackets while the window (or the frame) allows. */
  private pump(): void {
    const f = this.file!;
    while (this.state === 'data' && !this.waitAck) {
      if (this.streaming && this.txPos - this.ackPos >= this.window) break;
      if (!this.frameOpen) {
        this.send(binHeader(this.enc, ZDATA, posBytes(this.txPos), this.crc32));
        this.frameOpen = true;
        this.frameBytes = 0;
      }
      const n = Math.min(this.sub, f.size - this.txPos, this.frameLimit - this.frameBytes);
      const data = n > 0 ? this.read(this.txPos, n) : EMPTY;
      if (data.length < n) {
        this.fail(`${f.name}: could read only ${this.txPos + data.length} of its ${f.size} bytes`);
        return;
      }
      const after = this.txPos + n;
      let end = ZCRCG;
      if (after >= f.size) end = ZCRCE;
      else if (!this.streaming && this.frameBytes + n >= this.frameLimit) end = ZCRCW;
      else if (this.streaming && (this.sinceQ + n >= this.window / 4 || after - this.ackPos >= this.window)) end = ZCRCQ;
      this.send(subpacket(this.enc, data, 0, n, end, this.crc32));
      this.subpackets++;
      this.txPos = after;
      this.frameBytes += n;
      this.sinceQ = end === ZCRCQ ? 0 : this.sinceQ + n;
      if (end === ZCRCE) {
        this.frameOpen = false;
        this.sendEof();
      } else if (end === ZCRCW) {
        this.frameOpen = false;
        this.waitAck = true;
      }
    }
    if (this.state === 'data') this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private endFrame(): void {
    this.send(subpacket(this.enc, EMPTY, 0, 0, ZCRCE, this.crc32));
    this.frameOpen = false;
  }

  private sendEof(): void {
    this.state = 'eof';
    this.send(binHeader(this.enc, ZEOF, posBytes(this.file!.size), this.crc32));
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private fileDone(): void {
    const f = this.file!;
    this.totalBytes += f.size - this.ackPos;
    this.ackPos = f.size;
    this.emit({ type: 'progress', bytes: f.size, total: f.size, blocks: this.subpackets, retries: this.retries });
    this.emit({ type: 'fileEnd', name: f.name, bytes: f.size - this.startPos });
    this.fileIndex++;
    this.nextFile();
  }

  private sendHex(type: number, b: ArrayLike<number>): void {
    this.send(hexHeader(type, b));
    this.enc.resetLast();
  }

  private retry(reason: string): boolean {
    if (++this.tries >= this.t.maxRetries) {
      this.fail(`${reason}; gave up after ${this.tries} tries`);
      return false;
    }
    this.retries++;
    this.emit({ type: 'retry', reason, retries: this.retries });
    this.deadline = this.now + this.t.responseTimeoutMs;
    return true;
  }

  protected onTimeout(): void {
    const wait = `${this.t.responseTimeoutMs} ms`;
    switch (this.state) {
      case 'init':
        if (this.now >= this.startLimit) {
          this.fail(`no receiver: no ZRINIT within ${this.t.startTimeoutMs} ms`);
        } else {
          this.sendHex(ZRQINIT, ZERO4);
          this.deadline = Math.min(this.startLimit, this.now + this.t.startIntervalMs);
        }
        return;
      case 'filePos':
        if (this.retry(`no answer to ZFILE ${this.file!.name} within ${wait}`)) this.sendZfile();
        return;
      case 'data':
        if (!this.retry(`no ZACK at offset ${this.txPos} of ${this.file!.name} within ${wait}`)) return;
        if (this.frameOpen) {
          this.send(subpacket(this.enc, EMPTY, 0, 0, ZCRCQ, this.crc32)); // "where are you?"
        } else {
          this.send(binHeader(this.enc, ZDATA, posBytes(this.txPos), this.crc32));
          this.send(subpacket(this.enc, EMPTY, 0, 0, ZCRCW, this.crc32));
          this.waitAck = true;
        }
        return;
      case 'eof':
        if (this.retry(`no answer to ZEOF of ${this.file!.name} within ${wait}`)) this.sendEof();
        return;
      case 'fin':
        if (++this.tries >= 3) {
          this.done(); // every file was acknowledged; the receiver's ZFIN got lost
          return;
        }
        this.sendHex(ZFIN, ZERO4);
        this.deadline = this.now + this.t.responseTimeoutMs;
        return;
      case 'tail':
        this.done();
        return;
    }
  }
}
