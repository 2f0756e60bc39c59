/**
 * The receiving side of ZMODEM (rz), sans-I/O (see ./types.ts for the calling convention), after
 * Forsberg's zmodem.txt and lrzsz's rz:
 *
 *   - start(): ZRINIT (full duplex, overlapped I/O, CRC-32; `bufferSize` 0 = the sender may stream; ESCCTL
 *     with `escapeControls`), repeated every startIntervalMs until the sender speaks, for startTimeoutMs.
 *     A ZRQINIT is answered with ZRINIT. For the auto-start, feed the bytes from detectZmodemStart's
 *     `end` on (the ZRQINIT itself need not be seen).
 *   - ZFILE: its subpacket gives name, size, mtime (octal), mode; 'file' event; `onFile` may skip it
 *     (ZSKIP) or give an offset to resume from (bytes the caller already has): ZRPOS there. A bad ZFILE
 *     subpacket gets ZNAK (the sender sends it again).
 *   - ZDATA at our position: the subpackets' data as 'data' events, in order, exactly once; ZCRCQ/ZCRCW
 *     are answered with ZACK. A bad subpacket or header, or a ZDATA at another position (the sender went
 *     back after a stale ZRPOS): ZRPOS at our position, then everything up to the next good ZDATA there
 *     is skipped. A ZEOF at another position is ignored (our ZRPOS may have crossed it).
 *   - ZEOF at our position: 'fileEnd', ZRINIT for the next file. ZFIN: ZFIN, then "OO" from the sender
 *     ends the transfer ('done'); the bytes after "OO" are `rest` (the terminal's). Every file is in by
 *     then, so a missing "OO" (lrzsz's sz loses it at times when it resets its tty on exit) is no
 *     failure: the first byte that is neither 'O', the ZFIN header's CR LF nor another header ends the
 *     transfer and goes to `rest`, and silence ends it after 2 s (or responseTimeoutMs if shorter).
 *   - Silence for responseTimeoutMs: ZRPOS again (in a file) or ZRINIT again (between files); maxRetries
 *     tries without progress, then the abort (8 CAN, 8 BS) and 'failed'. Five CANs from the sender: 'cancelled'.
 *   - Bounded: a header is at most 14 hex digits, a subpacket at most 8 KiB (longer is an error).
 * The file name in the 'file' event is as the sender wrote it: use safeFileName() before making a path.
 */
import { ZmodemEngine } from './zmodem-engine.js';
import {
  CANFC32, CANFDX, CANOVIO, ESCCTL, ZACK, ZCOMMAND, ZCRCE, ZCRCQ, ZCRCW, ZCRESUM, ZDATA, ZEOF, ZF0, ZFILE, ZFIN, ZNAK, ZRINIT,
  XON, ZPAD, ZRPOS, ZRQINIT, ZSINIT, ZSKIP, ZmodemReader, headerPos, hexHeader, posBytes, type ReadItem,
} from './zmodem-frame.js';
import { utf8Decode } from './blocks.js';
import { timings, type TransferTimings } from './types.js';

/** What the sender's ZFILE says. */
export interface ZmodemFileOffer {
  /** As sent (may hold folders or anything else: see safeFileName()). */
  name: string;
  size: number | null;
  /** s since 1970, or null. */
  mtime: number | null;
  /** Unix mode bits, or null. */
  mode: number | null;
  /** The sender asked to resume a file the receiver has part of (ZCRESUM). */
  resume: boolean;
}

export interface ZmodemReceiverOptions extends TransferTimings {
  /**
   * Called for each file offered (after its 'file' event): 'skip' to refuse it (ZSKIP; the sender goes
   * on with the next), or the offset to start from (bytes of it the caller already has; data then begins
   * there). Default: 0.
   */
  onFile?: (file: ZmodemFileOffer) => number | 'skip' | void;
  /** Ask the sender to escape every control character (ZRINIT ESCCTL), for lines that eat some. */
  escapeControls?: boolean;
  /** ZRINIT buffer size: 0 (default) lets the sender stream; n makes it wait for a ZACK every n bytes. */
  bufferSize?: number;
  /** Largest subpacket taken, bytes (default 8192, the most lrzsz sends). */
  maxSubpacket?: number;
}

const O = 0x4f;
/** Most time to wait for the sender's "OO" after our ZFIN, ms. */
const BIBI_WAIT_MS = 2000;

/** A base name safe to create in a chosen folder: no folders, no control characters, never "." or "..". */
export function safeFileName(name: string): string {
  const base = name.split(/[/\\]/).filter((p) => p !== '').pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '_').replace(/^\.+$/, '_').slice(0, 255);
  return clean === '' ? 'received.bin' : clean;
}

export class ZmodemReceiver extends ZmodemEngine {
  private readonly reader: ZmodemReader;
  private readonly onFile: ZmodemReceiverOptions['onFile'];
  private readonly zrinit: Uint8Array;
  /**
   * init: ZRINIT sent, between files; fileInfo: a ZFILE header came, its subpacket is read; sinit: the
   * same for ZSINIT; pos: ZRPOS sent, waiting for ZDATA there; data: in a file's data; bibi: ZFIN sent,
   * waiting for "OO"; bibiO: one 'O' came.
   */
  private state: 'init' | 'fileInfo' | 'sinit' | 'pos' | 'data' | 'bibi' | 'bibiO' = 'init';
  private starting = true;
  private startLimit = 0;
  private file: ZmodemFileOffer | null = null;
  private pos = 0;
  private fileStart = 0;
  private files = 0;
  private totalBytes = 0;
  private subpackets = 0;
  private tries = 0;
  private retries = 0;
  /** A ZFILE came again while its data was expected: answer with ZRPOS, no new 'file'. */
  private repeatFile = false;
  /** The ZFILE being read asked to resume (ZCRESUM). */
  private pendingResume = false;

  /** @throws RangeError for bad timings or sizes. */
  constructor(options: ZmodemReceiverOptions = {}) {
    super(timings(options));
    const buf = options.bufferSize ?? 0;
    if (!Number.isInteger(buf) || buf < 0 || buf > 0xffff) throw new RangeError(`bufferSize must be 0..65535, not ${buf}`);
    const max = options.maxSubpacket ?? 8192;
    if (!Number.isInteger(max) || max < 64 || max > 8192) throw new RangeError(`maxSubpacket must be 64..8192, not ${max}`);
    this.reader = new ZmodemReader(max);
    this.onFile = options.onFile;
    const zf0 = CANFDX | CANOVIO | CANFC32 | (options.escapeControls ? ESCCTL : 0);
    this.zrinit = hexHeader(ZRINIT, [buf & 0xff, buf >> 8, 0, zf0]);
  }

  protected onStart(): void {
    this.startLimit = this.now + this.t.startTimeoutMs;
    this.send(this.zrinit);
    this.deadline = this.now + this.t.startIntervalMs;
  }

  protected consume(bytes: Uint8Array, i: number): number {
    if ((this.state === 'bibi' || this.state === 'bibiO') && this.reader.hunting) {
      const c = bytes[i]!;
      if (this.state === 'bibiO') {
        this.finish(); // "OO", or 'O' then the terminal's bytes
        return c === O ? i + 1 : i;
      }
      if (c === O) {
        this.state = 'bibiO';
        this.deadline = this.now + this.t.quietMs;
        return i + 1;
      }
      if (c === 0x0d || c === 0x8d || c === 0x0a || c === 0x8a || c === XON) return i + 1; // the ZFIN header's tail
      if (c !== ZPAD) {
        // no "OO" (lrzsz's sz can lose it when it resets its tty on exit): the far end's shell speaks
        this.finish();
        return i;
      }
    }
    const next = this.reader.read(bytes, i);
    const item = this.reader.item;
    if (item !== null) this.handle(item);
    return next;
  }

  private finish(): void {
    this.end({ type: 'done', files: this.files, bytes: this.totalBytes });
  }

  private handle(item: ReadItem): void {
    if (item.kind === 'cancel') {
      this.peerAborted();
      return;
    }
    if (this.starting) {
      this.starting = false;
      this.deadline = this.now + this.t.responseTimeoutMs;
    }
    if (item.kind === 'error') {
      this.bad(item.reason);
      return;
    }
    if (item.kind === 'data') {
      this.subpacketIn(item.data, item.end);
      return;
    }
    const { type, b } = item;
    switch (type) {
      case ZRQINIT:
        if (this.state === 'init') this.send(this.zrinit);
        break;
      case ZSINIT:
        this.state = 'sinit';
        break;
      case ZFILE:
        this.repeatFile = this.state === 'pos' || this.state === 'data';
        this.state = 'fileInfo';
        this.pendingResume = b[ZF0] === ZCRESUM;
        break;
      case ZDATA: {
        if (this.state !== 'pos' && this.state !== 'data') {
          this.reader.hunt();
          break;
        }
        const at = headerPos(b);
        if (at === this.pos) {
          this.state = 'data';
          this.deadline = this.now + this.t.responseTimeoutMs;
        } else {
          this.reader.hunt();
          this.zrpos(`ZDATA at ${at}, we are at ${this.pos}`);
        }
        break;
      }
      case ZEOF: {
        if (this.state === 'init') {
          this.send(this.zrinit); // our ZRINIT after this file was lost
          break;
        }
        if ((this.state !== 'pos' && this.state !== 'data') || headerPos(b) !== this.pos) break;
        const f = this.file!;
        this.files++;
        this.emit({ type: 'fileEnd', name: f.name, bytes: this.pos - this.fileStart });
        this.file = null;
        this.state = 'init';
        this.tries = 0;
        this.send(this.zrinit);
        this.deadline = this.now + this.t.responseTimeoutMs;
        break;
      }
      case ZFIN:
        if (this.state === 'init' || this.state === 'bibi' || this.state === 'bibiO') {
          this.state = 'bibi';
          this.send(hexHeader(ZFIN, [0, 0, 0, 0]));
          this.deadline = this.now + Math.min(this.t.responseTimeoutMs, BIBI_WAIT_MS);
        }
        break;
      case ZCOMMAND:
        this.reader.hunt(); // never run the sender's commands
        break;
      default:
        break; // ZCHALLENGE, ZFREECNT, ZABORT...: not used by senders we meet
    }
  }

  private subpacketIn(data: Uint8Array, end: number): void {
    switch (this.state) {
      case 'sinit':
        this.send(hexHeader(ZACK, posBytes(1)));
        this.state = 'init';
        return;
      case 'fileInfo':
        this.fileInfo(data);
        return;
      case 'data': {
        if (data.length > 0) this.emit({ type: 'data', bytes: data.slice() });
        this.pos += data.length;
        this.totalBytes += data.length;
        this.subpackets++;
        this.tries = 0;
        this.emit({ type: 'progress', bytes: this.pos, total: this.file?.size ?? null, blocks: this.subpackets, retries: this.retries });
        if (end === ZCRCQ || end === ZCRCW) this.send(hexHeader(ZACK, posBytes(this.pos)));
        if (end === ZCRCE || end === ZCRCW) this.state = 'pos';
        this.deadline = this.now + this.t.responseTimeoutMs;
        return;
      }
      default:
        this.reader.hunt(); // data we did not ask for
    }
  }

  private fileInfo(data: Uint8Array): void {
    if (this.repeatFile && this.file !== null) {
      // the sender did not hear our ZRPOS: say it again
      this.state = 'pos';
      this.send(hexHeader(ZRPOS, posBytes(this.pos)));
      this.deadline = this.now + this.t.responseTimeoutMs;
      return;
    }
    let nul = data.indexOf(0);
    if (nul < 0) nul = data.length;
    const name = utf8Decode(data.subarray(0, nul));
    let endMeta = data.indexOf(0, nul + 1);
    if (endMeta < 0) endMeta = data.length;
    const fields = utf8Decode(data.subarray(Math.min(nul + 1, data.length), endMeta)).trim().split(/\s+/);
    const size = /^\d+$/.test(fields[0] ?? '') ? Number(fields[0]) : null;
    const mtime = /^[0-7]+$/.test(fields[1] ?? '') ? parseInt(fields[1]!, 8) || null : null;
    const mode = /^[0-7]+$/.test(fields[2] ?? '') ? parseInt(fields[2]!, 8) || null : null;
    const offer: ZmodemFileOffer = { name, size, mtime, mode, resume: this.pendingResume };
    this.emit({ type: 'file', name, size, mtime });
    const choice = this.onFile?.(offer);
    this.tries = 0;
    if (choice === 'skip') {
      this.emit({ type: 'fileEnd', name, bytes: 0 });
      this.state = 'init';
      this.send(hexHeader(ZSKIP, [0, 0, 0, 0]));
      this.deadline = this.now + this.t.responseTimeoutMs;
      return;
    }
    const offset = typeof choice === 'number' && Number.isFinite(choice) ? Math.max(0, Math.min(Math.floor(choice), size ?? Infinity, 0xffffffff)) : 0;
    this.file = offer;
    this.pos = this.fileStart = offset;
    this.subpackets = 0;
    this.state = 'pos';
    this.send(hexHeader(ZRPOS, posBytes(this.pos)));
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  /** A bad header or subpacket. */
  private bad(reason: string): void {
    switch (this.state) {
      case 'pos':
      case 'data':
        this.zrpos(reason);
        break;
      case 'fileInfo':
        this.state = this.repeatFile ? 'pos' : 'init';
        this.retry(reason);
        if (this.running) this.send(hexHeader(ZNAK, [0, 0, 0, 0]));
        break;
      case 'sinit':
        this.state = 'init';
        break;
      default:
        break; // between files: the sender's time-out or ours sorts it out
    }
  }

  /** Ask for the data again from our position. */
  private zrpos(reason: string): void {
    this.state = 'pos';
    this.retry(reason);
    if (!this.running) return;
    this.send(hexHeader(ZRPOS, posBytes(this.pos)));
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private retry(reason: string): void {
    this.tries++;
    if (this.tries >= this.t.maxRetries) {
      this.fail(`${reason}; gave up after ${this.tries} tries`);
      return;
    }
    this.retries++;
    this.emit({ type: 'retry', reason, retries: this.retries });
  }

  protected onTimeout(): void {
    switch (this.state) {
      case 'init':
        if (this.starting) {
          if (this.now >= this.startLimit) {
            this.fail(`no sender: no ZMODEM frame within ${this.t.startTimeoutMs} ms`);
          } else {
            this.send(this.zrinit);
            this.deadline = Math.min(this.startLimit, this.now + this.t.startIntervalMs);
          }
          return;
        }
        this.retry(`no file or ZFIN within ${this.t.responseTimeoutMs} ms`);
        if (this.running) {
          this.send(this.zrinit);
          this.deadline = this.now + this.t.responseTimeoutMs;
        }
        return;
      case 'fileInfo':
      case 'sinit':
        this.reader.hunt();
        this.state = this.state === 'fileInfo' && this.repeatFile ? 'pos' : 'init';
        this.onTimeout();
        return;
      case 'pos':
      case 'data':
        this.reader.hunt();
        this.zrpos(`no data within ${this.t.responseTimeoutMs} ms (at ${this.pos}${this.file ? ` of ${this.file.name}` : ''})`);
        return;
      case 'bibi':
        this.finish(); // every file is in; no "OO" came (a sender that missed our ZFIN sends its own again)
        return;
      case 'bibiO':
        this.finish();
        return;
    }
  }
}
