/**
 * What every transfer engine shares (XMODEM, YMODEM, ZMODEM): the step being built (out, events, rest),
 * one armed deadline, the end of a transfer (at once for 'done'; after the abort bytes and a quiet line
 * for 'failed' and our own 'cancelled', so the peer's blocks still in flight do not reach the terminal),
 * and CAN CAN detection. A cancel by the peer ends differently: what follows its run of CANs and
 * backspaces (lrzsz sends 10 CAN then 10 BS) is the peer's text after the transfer (a bootloader's
 * "aborted", a shell's prompt) and goes back to the terminal as soon as it starts. The step that ends a
 * transfer badly says so (discardQueued): file data the driver still holds must not follow. The abort bytes are CAN CAN for the XMODEM family; ZMODEM gives its own (zmodem-engine.ts).
 */
import { CAN, EOT, type Timings, type TransferEngine, type TransferEvent, type TransferStep } from './types.js';

/**
 * How many of a streaming sender's EOTs get the abort bytes again while we drain. lrzsz's sb ends its
 * file with EOT whatever we said mid-stream, and sends it again at once for any answer but ACK, up to
 * 10 times (RETRYMAX), but 60 s apart when unanswered: answering each ends it in moments, not minutes.
 */
const EOT_ANSWERS = 12;

const EMPTY = new Uint8Array(0);
/** Two CANs cancel (ymodem.txt section 4.1); lrzsz also needs two in a row. */
const CANCEL_BYTES = Uint8Array.of(CAN, CAN);
/** Backspace: lrzsz's cancel ends with a run of them (to erase its CANs from a screen). */
const BS = 0x08;

export abstract class EngineBase implements TransferEngine {
  protected now = 0;
  protected readonly t: Timings;
  private out: Uint8Array[] = [];
  private events: TransferEvent[] = [];
  private rest: Uint8Array = EMPTY;
  /** The one time-out armed, or null. */
  protected deadline: number | null = null;
  private stage: 'idle' | 'running' | 'draining' | 'finished' = 'idle';
  /** While draining: the event to report once the line is quiet, and the hard limit of the wait. */
  private pendingEnd: TransferEvent | null = null;
  private drainLimit = 0;
  /** Draining after our abort of a stream (see abort): the limit slides while the stream still flows. */
  private streamedDrain = false;
  /** The previous byte looked at was a CAN (two in a row cancel). */
  private lastWasCan = false;
  /** Draining after the peer's cancel: its CAN/BS tail is skipped, the first other byte ends the transfer. */
  private peerTail = false;
  /** Draining after our abort: an EOT from a sender that does not read while it streams (lrzsz's sb in
   * YMODEM-g) gets the abort bytes again, at most this many more times (see EOT_ANSWERS). */
  private reaborts = 0;
  /** Draining after our abort: the last byte so far was an EOT (a sender waiting, once the line is quiet). */
  private quietAfterEot = false;
  /** The step being built ended the transfer: the driver drops what earlier steps queued. */
  private discard = false;

  /**
   * @param t the time-outs; @param abortBytes what is sent to the peer when we fail or cancel
   * (default CAN CAN).
   */
  protected constructor(
    t: Timings,
    private readonly abortBytes: Uint8Array = CANCEL_BYTES,
  ) {
    this.t = t;
  }

  get finished(): boolean {
    return this.stage === 'finished';
  }

  /** Still running (not ended, not draining). */
  protected get running(): boolean {
    return this.stage === 'running';
  }

  start(nowMs: number): TransferStep {
    if (this.stage !== 'idle') throw new Error('start() called twice');
    this.now = nowMs;
    this.stage = 'running';
    this.onStart();
    return this.step();
  }

  receive(bytes: Uint8Array, nowMs: number): TransferStep {
    this.now = nowMs;
    if (this.stage === 'finished' || this.stage === 'idle') {
      this.rest = bytes;
    } else if (this.stage === 'draining') {
      this.drain(bytes, 0);
    } else {
      let i = 0;
      while (i < bytes.length && this.stage === 'running') i = this.consume(bytes, i);
      const stage = this.stage as EngineBase['stage']; // consume() moves it
      if (stage === 'finished') this.rest = bytes.subarray(i);
      else if (stage === 'draining') this.drain(bytes, i);
    }
    return this.step();
  }

  /** Bytes from `i` while draining: after the peer's cancel, its tail is skipped and the rest is the terminal's; else they extend the quiet wait. */
  private drain(bytes: Uint8Array, i: number): void {
    if (this.peerTail) {
      const from = i;
      while (i < bytes.length && (bytes[i] === CAN || bytes[i] === BS)) i++;
      if (i < bytes.length) {
        this.end(this.pendingEnd!);
        this.rest = bytes.subarray(i);
      } else if (i > from) {
        this.deadline = Math.min(this.drainLimit, this.now + this.t.quietMs); // the tail still comes (a slow line)
      }
    } else if (i < bytes.length) {
      // an EOT the line then goes quiet after is a sender waiting for its answer (tick() gives it);
      // inside a stream the byte is data
      this.quietAfterEot = bytes[bytes.length - 1] === EOT;
      // a stream that still flows is still the file (a large one at a slow line rate takes minutes): it
      // ends when the line goes quiet, or when the operator cancels again
      if (this.streamedDrain) this.drainLimit = this.now + this.t.startTimeoutMs;
      this.deadline = Math.min(this.drainLimit, this.now + this.t.quietMs);
    }
  }

  tick(nowMs: number): TransferStep {
    this.now = nowMs;
    if (this.deadline !== null && nowMs >= this.deadline) {
      this.deadline = null;
      if (this.stage === 'draining' && this.quietAfterEot && this.reaborts > 0 && nowMs < this.drainLimit) {
        this.reaborts--;
        this.quietAfterEot = false;
        this.send(this.abortBytes);
        this.deadline = Math.min(this.drainLimit, nowMs + this.t.quietMs);
      } else if (this.stage === 'draining') this.end(this.pendingEnd!);
      else if (this.stage === 'running') this.onTimeout();
    }
    return this.step();
  }

  /**
   * Cancel: the abort bytes to the peer, then 'cancelled' once the line is quiet (a stream we receive is
   * drained as after a failure). While already draining, end now with what ended it (a second Cancel
   * does not wait for a stream's tail).
   */
  cancel(nowMs: number): TransferStep {
    this.now = nowMs;
    if (this.stage === 'idle') this.end({ type: 'cancelled', by: 'local' });
    else if (this.stage === 'running') this.abort({ type: 'cancelled', by: 'local' }, true, this.receivingStream());
    else if (this.stage === 'draining') this.end(this.pendingEnd!);
    return this.step();
  }

  /** A stream is coming in that its sender does not stop to read (YMODEM-g data): an abort drains it long. */
  protected receivingStream(): boolean {
    return false;
  }

  nextDeadlineMs(): number | null {
    return this.stage === 'running' || this.stage === 'draining' ? this.deadline : null;
  }

  /** The first start character (receiver) or nothing (sender); arm the first deadline. */
  protected abstract onStart(): void;
  /** Consume at least one byte of `bytes` from `i`; return the index after what was consumed. */
  protected abstract consume(bytes: Uint8Array, i: number): number;
  /** The armed deadline passed. */
  protected abstract onTimeout(): void;

  protected send(bytes: Uint8Array): void {
    this.out.push(bytes);
  }

  protected emit(ev: TransferEvent): void {
    this.events.push(ev);
  }

  /**
   * Feed one byte to the CAN CAN detector; true when it completes a cancel by the peer (then the
   * transfer is over: 'cancelled' by 'peer' after the line is quiet).
   */
  protected peerCancelled(b: number): boolean {
    if (b !== CAN) {
      this.lastWasCan = false;
      return false;
    }
    if (!this.lastWasCan) {
      this.lastWasCan = true;
      return false;
    }
    this.abort({ type: 'cancelled', by: 'peer' }, false);
    return true;
  }

  /** Forget a lone CAN (a block or response came between). */
  protected clearCan(): void {
    this.lastWasCan = false;
  }

  /** End well, now. */
  protected end(ev: TransferEvent): void {
    this.emit(ev);
    this.stage = 'finished';
    this.deadline = null;
  }

  /**
   * End badly: the abort bytes when `tellPeer`, then `ev` once the line has been quiet for quietMs (the
   * peer's cancel: at its first byte that is not CAN or BS, or after quietMs).
   */
  protected abort(ev: TransferEvent, tellPeer: boolean, streamed = false): void {
    if (tellPeer) this.send(this.abortBytes);
    this.discard = true;
    this.peerTail = ev.type === 'cancelled' && ev.by === 'peer';
    this.stage = 'draining';
    this.pendingEnd = ev;
    // a streaming sender that does not read (sb in YMODEM-g) finishes its file before it hears us: wait
    // for it as long as it may stream, and answer its EOT with the abort again
    this.drainLimit = this.now + (streamed ? this.t.startTimeoutMs : 10 * this.t.quietMs);
    this.streamedDrain = streamed;
    this.reaborts = streamed && tellPeer ? EOT_ANSWERS : 0;
    this.quietAfterEot = false;
    this.deadline = this.now + this.t.quietMs;
    this.emit({ type: 'ending', reason: ev.type === 'failed' ? ev.reason : ev.type === 'cancelled' && ev.by === 'peer' ? 'cancelled by the far end' : 'cancelled here' });
  }

  /** End badly with `reason`, telling the peer (`streamed`: the peer streams without reading, see abort). */
  protected fail(reason: string, streamed = false): void {
    this.abort({ type: 'failed', reason }, true, streamed);
  }

  /** Hand out what was built (out, events, rest) and start a new step. */
  protected step(): TransferStep {
    const s: TransferStep = { out: this.out, events: this.events, rest: this.rest, ...(this.discard ? { discardQueued: true as const } : {}) };
    this.discard = false;
    this.out = [];
    this.events = [];
    this.rest = EMPTY;
    return s;
  }
}
