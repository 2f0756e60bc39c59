/**
 * The receiving side of XMODEM (checksum, CRC, 1K) and YMODEM batch, sans-I/O (see ./types.ts for the
 * calling convention). Follows Chuck Forsberg's "XMODEM/YMODEM Protocol Reference" (ymodem.txt, 1988):
 *
 *   - We start: 'C' (CRC-16) or NAK (8-bit sum), by `check`, every startIntervalMs until the first block
 *     comes, for at most startTimeoutMs.
 *   - Blocks of 128 (SOH) and 1024 (STX) bytes are both taken, mixed in any order.
 *   - A good block with the expected number: its data goes out as a 'data' event, then ACK. The previous
 *     block again (our ACK was lost): ACK, nothing delivered. Any other number: the two sides are out of
 *     step, CAN CAN and 'failed'.
 *   - A bad block (number and complement disagree, check wrong, or silence inside it for blockTimeoutMs):
 *     the rest of it is let pass until the line is quiet for quietMs, then NAK. No block for
 *     responseTimeoutMs: NAK (or the start character again where the sender waits for one). At most
 *     maxRetries tries per block; then CAN CAN and 'failed'.
 *   - EOT: ACK. XMODEM: done; what arrived is whole blocks, the last padded (with SUB by convention).
 *   - YMODEM: block 0 gives name, size and mtime ('file' event), ACK then 'C' for the data; the data is cut
 *     to the size; after EOT, 'fileEnd' and 'C' for the next block 0; an empty block 0 ends the batch.
 *   - YMODEM-g (`streaming`, ymodem.txt section 8.3 and its figure 9; for error-free lines only): 'G'
 *     instead of 'C', no ACK for block 0 (its 'G' asks for the data) nor for data blocks (the sender
 *     streams them), ACK for EOT then 'G' for the next block 0, nothing for the empty one. A bad or
 *     missing block cannot be sent again: CAN CAN and 'failed'.
 *   - CAN CAN between blocks cancels ('cancelled' by 'peer').
 */
import { EngineBase } from './engine-base.js';
import { parseBlock0, type BlockCheck, type FileHeader } from './blocks.js';
import { crc16, sum8 } from './crc.js';
import { ACK, CRC_START, EOT, G_START, NAK, SOH, STX, timings, type TransferTimings } from './types.js';

export interface XmodemReceiverOptions extends TransferTimings {
  protocol: 'xmodem' | 'ymodem';
  /** The check we ask for: 'crc' (default; send 'C') or 'checksum' (send NAK). */
  check?: BlockCheck;
  /** YMODEM-g: ask the sender to stream ('G'); CRC only. Default false. */
  streaming?: boolean;
}

const ACK_BYTES = Uint8Array.of(ACK);
const NAK_BYTES = Uint8Array.of(NAK);

export class XmodemReceiver extends EngineBase {
  private readonly protocol: 'xmodem' | 'ymodem';
  private readonly check: BlockCheck;
  private readonly startBytes: Uint8Array;
  /** YMODEM-g: no ACKs for blocks, a bad block ends the transfer. */
  private readonly streaming: boolean;
  /** header: between blocks; block: reading one; purge: a bad block, waiting for a quiet line. */
  private state: 'header' | 'block' | 'purge' = 'header';
  /** YMODEM: waiting for block 0 (name) or for the file's data. XMODEM is always in 'data'. */
  private phase: 'block0' | 'data';
  /** Nothing received yet: the start character is still being repeated. */
  private starting = true;
  private startLimit = 0;
  /** Inside a file, no data block yet: a time-out repeats the start character (YMODEM after block 0). */
  private awaitingFirstData = false;
  private readonly buf = new Uint8Array(2 + 1024 + 2);
  private size: 128 | 1024 = 128;
  private need = 0;
  private have = 0;
  private purgeReason = '';
  private purgeLimit = 0;
  private expected = 1;
  private file: FileHeader | null = null;
  private fileBytes = 0;
  private totalBytes = 0;
  private files = 0;
  private blocks = 0;
  private tries = 0;
  private retries = 0;

  /** @throws RangeError for bad timings, or YMODEM-g asked for XMODEM or with the 8-bit checksum. */
  constructor(options: XmodemReceiverOptions) {
    super(timings(options));
    this.protocol = options.protocol;
    this.check = options.check ?? 'crc';
    this.streaming = options.streaming ?? false;
    if (this.streaming && (this.protocol !== 'ymodem' || this.check !== 'crc')) throw new RangeError('YMODEM-g (streaming) is YMODEM with CRC-16 only');
    this.startBytes = Uint8Array.of(this.streaming ? G_START : this.check === 'crc' ? CRC_START : NAK);
    this.phase = this.protocol === 'ymodem' ? 'block0' : 'data';
  }

  protected override receivingStream(): boolean {
    return this.streaming && !this.starting;
  }

  protected onStart(): void {
    this.startLimit = this.now + this.t.startTimeoutMs;
    this.send(this.startBytes);
    this.deadline = this.now + this.t.startIntervalMs;
  }

  protected consume(bytes: Uint8Array, i: number): number {
    if (this.state === 'block') {
      const n = Math.min(this.need - this.have, bytes.length - i);
      this.buf.set(bytes.subarray(i, i + n), this.have);
      this.have += n;
      if (this.have === this.need) this.blockDone();
      else this.deadline = this.now + this.t.blockTimeoutMs;
      return i + n;
    }
    if (this.state === 'purge') {
      this.deadline = Math.min(this.purgeLimit, this.now + this.t.quietMs);
      return bytes.length;
    }
    const b = bytes[i]!;
    if (b === SOH || b === STX) {
      this.clearCan();
      this.starting = false;
      this.size = b === STX ? 1024 : 128;
      this.need = 2 + this.size + (this.check === 'crc' ? 2 : 1);
      this.have = 0;
      this.state = 'block';
      this.deadline = this.now + this.t.blockTimeoutMs;
    } else if (b === EOT) {
      this.clearCan();
      this.starting = false;
      this.eot();
    } else {
      this.peerCancelled(b); // anything else between blocks is noise
    }
    return i + 1;
  }

  protected onTimeout(): void {
    if (this.streaming && !this.starting && (this.state === 'block' || this.state === 'purge' || (this.phase === 'data' && !this.awaitingFirstData))) {
      this.fail(`YMODEM-g: ${this.state === 'block' ? `block incomplete: ${this.have} of ${this.need} bytes` : this.state === 'purge' ? this.purgeReason : `no block within ${this.t.responseTimeoutMs} ms`}; a streamed block cannot be sent again`, true);
      return;
    }
    if (this.state === 'block') {
      this.nak(`block incomplete: ${this.have} of ${this.need} bytes, then ${this.t.blockTimeoutMs} ms of silence`);
    } else if (this.state === 'purge') {
      this.nak(this.purgeReason);
    } else if (this.starting) {
      if (this.now >= this.startLimit) {
        this.fail(`no sender: no block within ${this.t.startTimeoutMs} ms`);
      } else {
        this.send(this.startBytes);
        this.deadline = Math.min(this.startLimit, this.now + this.t.startIntervalMs);
      }
    } else {
      this.nak(`no block within ${this.t.responseTimeoutMs} ms`, this.phase === 'block0' || this.awaitingFirstData);
    }
  }

  /** A whole block is in buf: check it, then take it, acknowledge a repeat, or fail out of step. */
  private blockDone(): void {
    const buf = this.buf;
    const size = this.size;
    const seq = buf[0]!;
    if (((seq + buf[1]!) & 0xff) !== 0xff) {
      this.bad(`block number ${seq} and its complement ${buf[1]} disagree`);
      return;
    }
    const ok = this.check === 'crc'
      ? crc16(buf, 2, 2 + size) === ((buf[2 + size]! << 8) | buf[3 + size]!)
      : sum8(buf, 2, 2 + size) === buf[2 + size];
    if (!ok) {
      this.bad(`block ${seq}: ${this.check === 'crc' ? 'CRC' : 'checksum'} wrong`);
      return;
    }
    this.state = 'header';
    this.deadline = this.now + this.t.responseTimeoutMs;
    const data = buf.subarray(2, 2 + size);
    if (this.phase === 'block0') {
      if (seq !== 0) {
        this.fail(`block ${seq} where YMODEM block 0 (file name) was expected`);
        return;
      }
      this.tries = 0;
      const header = parseBlock0(data);
      if (!this.streaming) this.send(ACK_BYTES); // YMODEM-g: the 'G' below is the answer (the empty block 0 has none)
      if (header === null) {
        this.end({ type: 'done', files: this.files, bytes: this.totalBytes });
        return;
      }
      this.file = header;
      this.emit({ type: 'file', name: header.name, size: header.size, mtime: header.mtime });
      this.beginData();
      this.send(this.startBytes);
      return;
    }
    if (seq === (this.expected & 0xff)) {
      this.tries = 0;
      this.expected++;
      this.awaitingFirstData = false;
      this.blocks++;
      const left = this.file?.size != null ? Math.max(0, this.file.size - this.fileBytes) : size;
      const keep = Math.min(size, left);
      if (keep > 0) this.emit({ type: 'data', bytes: data.slice(0, keep) });
      this.fileBytes += keep;
      this.totalBytes += keep;
      if (!this.streaming) this.send(ACK_BYTES);
      this.emit({ type: 'progress', bytes: this.fileBytes, total: this.file?.size ?? null, blocks: this.blocks, retries: this.retries });
    } else if (seq === ((this.expected - 1) & 0xff) && !this.streaming) {
      this.send(ACK_BYTES); // our ACK was lost: the sender repeats; take it once
      if (this.protocol === 'ymodem' && this.awaitingFirstData) this.send(this.startBytes); // block 0 again: it waits for 'C' too
    } else {
      this.fail(`block ${seq} out of sequence (expected ${this.expected & 0xff})`);
    }
  }

  private beginData(): void {
    this.phase = 'data';
    this.expected = 1;
    this.fileBytes = 0;
    this.awaitingFirstData = true;
  }

  private eot(): void {
    // YMODEM told the size in block 0: an EOT before that many bytes is a file cut short, never 'done'
    const size = this.phase === 'data' ? this.file?.size : null;
    if (size != null && this.fileBytes < size) {
      this.fail(`the file ended at ${this.fileBytes} of its ${size} bytes (EOT before its last block)`);
      return;
    }
    this.send(ACK_BYTES);
    this.deadline = this.now + this.t.responseTimeoutMs;
    if (this.phase === 'block0') {
      this.send(this.startBytes); // a repeated EOT: our ACK was lost; ask for block 0 again
      return;
    }
    this.tries = 0;
    if (this.protocol === 'xmodem') {
      this.end({ type: 'done', files: 1, bytes: this.totalBytes });
      return;
    }
    this.files++;
    this.emit({ type: 'fileEnd', name: this.file!.name, bytes: this.fileBytes });
    this.file = null;
    this.phase = 'block0';
    this.send(this.startBytes);
  }

  /** A bad block: let the rest of it pass until the line is quiet, then NAK (YMODEM-g: then fail). */
  private bad(reason: string): void {
    if (this.streaming) {
      // YMODEM-g: nothing can be sent again; the sender streams on (sb does not read until its EOT)
      this.fail(`YMODEM-g: ${reason}; a streamed block cannot be sent again`, true);
      return;
    }
    this.state = 'purge';
    this.purgeReason = reason;
    this.purgeLimit = this.now + 10 * this.t.quietMs;
    this.deadline = this.now + this.t.quietMs;
  }

  /** NAK (or the start character, `start`) for another try, or fail after maxRetries. */
  private nak(reason: string, start = false): void {
    this.state = 'header';
    this.tries++;
    if (this.tries >= this.t.maxRetries) {
      this.fail(`${reason}; gave up after ${this.tries} tries`);
      return;
    }
    this.retries++;
    this.emit({ type: 'retry', reason, retries: this.retries });
    this.send(start ? this.startBytes : NAK_BYTES);
    this.deadline = this.now + this.t.responseTimeoutMs;
  }
}
