/**
 * What every transfer engine shares (XMODEM, YMODEM, ZMODEM): the step being built (out, events, rest),
 * one armed deadline, the end of a transfer (at once for 'done'; after the abort bytes and a quiet line
 * for 'failed' and 'cancelled', so the peer's leftovers do not reach the terminal), and CAN CAN
 * detection. The abort bytes are CAN CAN for the XMODEM family; ZMODEM gives its own (zmodem-engine.ts).
 */
import { CAN, type Timings, type TransferEngine, type TransferEvent, type TransferStep } from './types.js';

const EMPTY = new Uint8Array(0);
/** Two CANs cancel (ymodem.txt section 4.1); lrzsz also needs two in a row. */
const CANCEL_BYTES = Uint8Array.of(CAN, CAN);

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
  /** The previous byte looked at was a CAN (two in a row cancel). */
  private lastWasCan = false;

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
      if (bytes.length > 0) this.deadline = Math.min(this.drainLimit, nowMs + this.t.quietMs);
    } else {
      let i = 0;
      while (i < bytes.length && this.stage === 'running') i = this.consume(bytes, i);
      const stage = this.stage as EngineBase['stage']; // consume() moves it
      if (stage === 'finished') this.rest = bytes.subarray(i);
      else if (stage === 'draining' && i < bytes.length) this.deadline = Math.min(this.drainLimit, nowMs + this.t.quietMs);
    }
    return this.step();
  }

  tick(nowMs: number): TransferStep {
    this.now = nowMs;
    if (this.deadline !== null && nowMs >= this.deadline) {
      this.deadline = null;
      if (this.stage === 'draining') this.end(this.pendingEnd!);
      else if (this.stage === 'running') this.onTimeout();
    }
    return this.step();
  }

  cancel(nowMs: number): TransferStep {
    this.now = nowMs;
    if (this.stage === 'idle') this.end({ type: 'cancelled', by: 'local' });
    else if (this.stage === 'running') this.abort({ type: 'cancelled', by: 'local' }, true);
    return this.step();
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

  /** End badly: the abort bytes when `tellPeer`, then `ev` once the line has been quiet for quietMs. */
  protected abort(ev: TransferEvent, tellPeer: boolean): void {
    if (tellPeer) this.send(this.abortBytes);
    this.stage = 'draining';
    this.pendingEnd = ev;
    this.drainLimit = this.now + 10 * this.t.quietMs;
    this.deadline = this.now + this.t.quietMs;
  }

  /** End badly with `reason`, telling the peer. */
  protected fail(reason: string): void {
    this.abort({ type: 'failed', reason }, true);
  }

  private step(): TransferStep {
    const s: TransferStep = { out: this.out, events: this.events, rest: this.rest };
    this.out = [];
    this.events = [];
    this.rest = EMPTY;
    return s;
  }
}
