/**
 * The sending side of XMODEM (checksum, CRC, 1K) and YMODEM batch, sans-I/O (see ./types.ts for the
 * calling convention). Follows Chuck Forsberg's "XMODEM/YMODEM Protocol Reference" (ymodem.txt, 1988):
 *
 *   - The receiver chooses the check: 'C' for CRC-16, NAK for the 8-bit sum. The first such character
 *     decides for the whole transfer; it is never changed after (a later NAK is a NAK).
 *   - Stale start characters (U-Boot prints a 'C' a second while the operator picks a file) are drained:
 *     after the first one the sender waits for quietMs without a byte, and starts on the last one. After
 *     that a 'C' while a block waits for its answer is ignored (a resent block answered twice would move
 *     the sender one block ahead of the receiver); a receiver that wants a block again sends NAK.
 *   - Block sizes, `blocks`: '128' (XMODEM; "force 128"), '1k' (1024-byte blocks, and 128-byte blocks for
 *     a tail of at most 896 bytes, where they cost less; 128-byte blocks throughout for a checksum
 *     receiver, as ymodem.txt 1K blocks need CRC), 'force-1k' (1024-byte blocks always, for bootloaders
 *     that take nothing else).
 *   - Each block is resent on NAK or after responseTimeoutMs without an answer, at most maxRetries tries
 *     in all; then CAN CAN and 'failed'.
 *   - End of file: EOT until ACK. A NAK to the first EOT (Cisco ROMMON and others answer EOT, NAK, EOT,
 *     ACK) is part of the protocol, not a retry.
 *   - YMODEM: block 0 (name, size, mtime) per file, ACK, then the receiver's 'C' starts the data (numbered
 *     from 1); after the file's EOT the receiver's 'C' asks for the next block 0; an empty block 0 ends
 *     the batch and its ACK ends the transfer.
 *   - YMODEM-g (ymodem.txt section 8.3, figure 9), when the receiver starts with 'G': block 0, then the
 *     receiver's 'G' starts the data, which is streamed without waiting for ACKs (more(): STREAM_SLICE
 *     bytes at a time, as the line takes them), then EOT until ACK and 'G' for the next block 0; the
 *     empty block 0 ends the transfer without an answer. The receiver cancels on any error.
 *   - CAN CAN from the receiver cancels ('cancelled' by 'peer').
 * Files are given whole, in memory.
 */
import { EngineBase } from './engine-base.js';
import { buildBlock, encodeBlock0, type BlockCheck } from './blocks.js';
import { ACK, CRC_START, EOT, G_START, NAK, timings, type TransferStep, type TransferTimings } from './types.js';

/** Block sizes a sender uses (see the module doc). */
export const BLOCK_CHOICES = ['128', '1k', 'force-1k'] as const;
export type BlockChoice = (typeof BLOCK_CHOICES)[number];

/** One file to send. */
export interface SendFile {
  /** The name in YMODEM block 0 (a base name; no folders); XMODEM carries no name (events only). */
  name: string;
  data: Uint8Array;
  /** Modification time, s since 1970 UTC, for YMODEM block 0; null or absent: not sent. */
  mtime?: number | null;
}

export interface XmodemSenderOptions extends TransferTimings {
  protocol: 'xmodem' | 'ymodem';
  /** XMODEM: exactly one; YMODEM: one or more (a batch). */
  files: SendFile[];
  /** Default '128' for XMODEM, '1k' for YMODEM. */
  blocks?: BlockChoice;
}

interface Packet {
  kind: 'header' | 'data' | 'eot' | 'end';
  bytes: Uint8Array;
  /** Data packets: the file offset after this block. */
  dataEnd: number;
  seq: number;
}

const EOT_BYTES = Uint8Array.of(EOT);
/** At most 896 bytes left: 128-byte blocks cost less than one padded 1K block (7 x 133 < 1029). */
const TAIL_128 = 896;
/** YMODEM-g: file bytes handed to the line per more() call. */
const STREAM_SLICE = 4 * 1024;

export class XmodemSender extends EngineBase {
  private readonly protocol: 'xmodem' | 'ymodem';
  private readonly files: SendFile[];
  private readonly blocks: BlockChoice;
  /**
   * waitStart: for the receiver's first 'C'/NAK; settle: one came, waiting for a quiet line;
   * waitAck: a packet is out; waitGo: YMODEM, block 0 or EOT acknowledged, waiting for the next 'C'.
   */
  private state: 'waitStart' | 'settle' | 'waitAck' | 'waitGo' = 'waitStart';
  private check: BlockCheck = 'crc';
  private lastStart = CRC_START;
  private settleLimit = 0;
  private fileIndex = 0;
  private offset = 0;
  private seq = 0;
  private packet: Packet | null = null;
  /** Tries of the current packet (or of the current wait for 'C'). */
  private tries = 0;
  private eotNaked = false;
  private retries = 0;
  private blocksAcked = 0;
  private bytesDone = 0;
  /** What a 'C' in waitGo starts: the file's data, or the next block 0. */
  private goNext: 'data' | 'header' = 'data';
  /** YMODEM-g: the receiver started with 'G'. */
  private streaming = false;
  /** YMODEM-g: data blocks are being streamed (more() hands out the next ones). */
  private streamingData = false;

  /** @throws RangeError for no files, more than one file with XMODEM, or bad timings. */
  constructor(options: XmodemSenderOptions) {
    super(timings(options));
    if (options.files.length === 0) throw new RangeError('no file to send');
    if (options.protocol === 'xmodem' && options.files.length !== 1) throw new RangeError(`XMODEM sends one file, not ${options.files.length}`);
    this.protocol = options.protocol;
    this.files = options.files;
    this.blocks = options.blocks ?? (options.protocol === 'xmodem' ? '128' : '1k');
  }

  protected onStart(): void {
    this.deadline = this.now + this.t.startTimeoutMs;
  }

  protected consume(bytes: Uint8Array, i: number): number {
    const b = bytes[i]!;
    if (this.peerCancelled(b)) return i + 1;
    switch (this.state) {
      case 'waitStart':
        if (b === CRC_START || b === NAK || (b === G_START && this.protocol === 'ymodem')) {
          this.lastStart = b;
          this.state = 'settle';
          this.settleLimit = this.now + 10 * this.t.quietMs;
          this.deadline = Math.min(this.settleLimit, this.now + this.t.quietMs);
        }
        break;
      case 'settle':
        if (b === CRC_START || b === NAK || (b === G_START && this.protocol === 'ymodem')) this.lastStart = b;
        this.deadline = Math.min(this.settleLimit, this.now + this.t.quietMs);
        break;
      case 'waitAck':
        if (this.streamingData) break; // YMODEM-g: nothing is answered until the EOT (the receiver cancels on error)
        if (b === ACK) this.acked();
        else if (b === NAK) this.naked();
        break; // a 'C' here is stale (see the module doc); other bytes are noise
      case 'waitGo':
        if (b === (this.streaming ? G_START : CRC_START) || b === NAK) this.go();
        break;
    }
    return i + 1;
  }

  protected onTimeout(): void {
    switch (this.state) {
      case 'waitStart':
        this.fail(`no receiver: no 'C' or NAK within ${this.t.startTimeoutMs} ms`);
        break;
      case 'settle':
        this.check = this.lastStart === NAK ? 'checksum' : 'crc';
        this.streaming = this.lastStart === G_START;
        this.sendPacket(this.protocol === 'ymodem' ? this.header() : this.firstOfFile());
        break;
      case 'waitAck':
        this.retry(`no answer to ${this.describe(this.packet!)} within ${this.t.responseTimeoutMs} ms`, true);
        break;
      case 'waitGo':
        this.retry(`no 'C' from the receiver within ${this.t.responseTimeoutMs} ms`, false);
        break;
    }
  }

  /** The current file's first packet after its block 0 (XMODEM: the first at all). */
  private firstOfFile(): Packet {
    const f = this.files[this.fileIndex]!;
    if (this.protocol === 'xmodem') this.emit({ type: 'file', name: f.name, size: f.data.length, mtime: f.mtime ?? null });
    this.offset = 0;
    this.seq = 0;
    return this.nextData();
  }

  /** Block 0 of the current file, or the empty one after the last. */
  private header(): Packet {
    const f = this.files[this.fileIndex];
    if (f) this.emit({ type: 'file', name: f.name, size: f.data.length, mtime: f.mtime ?? null });
    const data = encodeBlock0(f ? { name: f.name, size: f.data.length, mtime: f.mtime ?? null } : null);
    return { kind: f ? 'header' : 'end', bytes: buildBlock(0, data.length === 128 ? 128 : 1024, data, 0, data.length, this.check, 0), dataEnd: 0, seq: 0 };
  }

  /** The next data block of the current file, or its EOT. */
  private nextData(): Packet {
    const data = this.files[this.fileIndex]!.data;
    const left = data.length - this.offset;
    if (left <= 0) return { kind: 'eot', bytes: EOT_BYTES, dataEnd: this.offset, seq: 0 };
    const size = this.blocks === 'force-1k' || (this.blocks === '1k' && this.check === 'crc' && left > TAIL_128) ? 1024 : 128;
    const end = Math.min(data.length, this.offset + size);
    this.seq = (this.seq + 1) & 0xff;
    return { kind: 'data', bytes: buildBlock(this.seq, size, data, this.offset, end, this.check), dataEnd: end, seq: this.seq };
  }

  private sendPacket(p: Packet): void {
    this.packet = p;
    this.tries = 1;
    this.eotNaked = false;
    this.send(p.bytes);
    if (this.streaming && p.kind === 'header') {
      this.wait('data'); // YMODEM-g: block 0's answer is the 'G' for the data
    } else if (this.streaming && p.kind === 'end') {
      this.end({ type: 'done', files: this.files.length, bytes: this.bytesDone }); // unanswered in YMODEM-g
    } else {
      this.state = 'waitAck';
      this.deadline = this.now + this.t.responseTimeoutMs;
    }
  }

  /** YMODEM-g: the next STREAM_SLICE bytes of data blocks, then the EOT (which waits for its ACK). */
  more(nowMs: number): TransferStep {
    this.now = nowMs;
    if (!this.streamingData || !this.running) return this.step();
    const f = this.files[this.fileIndex]!;
    const until = Math.min(f.data.length, this.offset + STREAM_SLICE);
    while (this.streamingData) {
      const p = this.nextData();
      if (p.kind === 'eot') {
        this.streamingData = false;
        this.sendPacket(p);
        // the stream may still be on its way to the line: its EOT's answer gets the long wait
        this.deadline = this.now + this.t.startTimeoutMs;
        break;
      }
      this.send(p.bytes);
      this.blocksAcked++;
      this.bytesDone += p.dataEnd - this.offset;
      this.offset = p.dataEnd;
      if (this.offset >= until) break;
    }
    this.emit({ type: 'progress', bytes: this.offset, total: f.data.length, blocks: this.blocksAcked, retries: this.retries });
    return this.step();
  }

  private acked(): void {
    this.clearCan();
    const p = this.packet!;
    switch (p.kind) {
      case 'header':
        this.wait('data');
        break;
      case 'data': {
        this.blocksAcked++;
        this.bytesDone += p.dataEnd - this.offset;
        this.offset = p.dataEnd;
        const size = this.files[this.fileIndex]!.data.length;
        this.emit({ type: 'progress', bytes: this.offset, total: size, blocks: this.blocksAcked, retries: this.retries });
        this.sendPacket(this.nextData());
        break;
      }
      case 'eot': {
        const f = this.files[this.fileIndex]!;
        this.emit({ type: 'fileEnd', name: f.name, bytes: f.data.length });
        this.fileIndex++;
        if (this.protocol === 'xmodem') this.end({ type: 'done', files: 1, bytes: this.bytesDone });
        else this.wait('header');
        break;
      }
      case 'end':
        this.end({ type: 'done', files: this.files.length, bytes: this.bytesDone });
        break;
    }
  }

  private naked(): void {
    this.clearCan();
    if (this.packet!.kind === 'eot' && !this.eotNaked) {
      this.eotNaked = true; // EOT, NAK, EOT: the receiver checks that the EOT was meant
      this.send(EOT_BYTES);
      this.deadline = this.now + this.t.responseTimeoutMs;
      return;
    }
    this.retry(`NAK for ${this.describe(this.packet!)}`, true);
  }

  private wait(next: 'data' | 'header'): void {
    this.state = 'waitGo';
    this.goNext = next;
    this.tries = 1;
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private go(): void {
    this.clearCan();
    if (this.streaming && this.goNext === 'data') {
      // YMODEM-g: the data goes out through more(), as fast as the line takes it
      this.offset = 0;
      this.seq = 0;
      this.streamingData = true;
      this.state = 'waitAck';
      this.packet = { kind: 'data', bytes: new Uint8Array(0), dataEnd: 0, seq: 0 };
      // nothing answers a stream: no time-out until the EOT is out (the line's own loss ends it)
      this.deadline = null;
      return;
    }
    this.sendPacket(this.goNext === 'data' ? this.firstOfFile() : this.header());
  }

  /** Try again (resend the packet when `resend`), or fail after maxRetries tries. */
  private retry(reason: string, resend: boolean): void {
    if (this.tries >= this.t.maxRetries) {
      this.fail(`${reason}; gave up after ${this.tries} tries`);
      return;
    }
    this.tries++;
    this.retries++;
    this.emit({ type: 'retry', reason, retries: this.retries });
    if (resend) this.send(this.packet!.bytes);
    this.deadline = this.now + this.t.responseTimeoutMs;
  }

  private describe(p: Packet): string {
    if (p.kind === 'eot') return 'EOT';
    if (p.kind === 'data') return `block ${p.seq} (file offset ${this.offset})`;
    return p.kind === 'header' ? 'block 0' : 'the empty block 0';
  }
}
