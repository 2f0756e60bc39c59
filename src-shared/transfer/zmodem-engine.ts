/**
 * What the two ZMODEM engines share: the TransferEngine life cycle of engine-base.ts (the step being
 * built, one armed deadline, 'done' at once, 'failed'/'cancelled' after the line went quiet so the
 * peer's leftovers do not reach the terminal), with ZMODEM's abort instead of CAN CAN: eight CANs then
 * eight backspaces (the backspaces rub out what a shell at the far end echoed once the peer program has
 * gone). The peer's cancel (five CANs) is found by the frame reader.
 */
import { CAN, type Timings, type TransferEngine, type TransferEvent, type TransferStep } from './types.js';

const EMPTY = new Uint8Array(0);
/** The ZMODEM abort: 8 CAN, 8 BS. */
export const ZMODEM_ABORT = Uint8Array.of(...new Array<number>(8).fill(CAN), ...new Array<number>(8).fill(0x08));

export abstract class ZmodemEngine implements TransferEngine {
  protected now = 0;
  protected readonly t: Timings;
  private out: Uint8Array[] = [];
  private events: TransferEvent[] = [];
  private rest: Uint8Array = EMPTY;
  protected deadline: number | null = null;
  private stage: 'idle' | 'running' | 'draining' | 'finished' = 'idle';
  private pendingEnd: TransferEvent | null = null;
  private drainLimit = 0;

  protected constructor(t: Timings) {
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
      const stage = this.stage as ZmodemEngine['stage']; // consume() moves it
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

  protected abstract onStart(): void;
  /** Consume at least one byte of `bytes` from `i`; return the index after what was consumed. */
  protected abstract consume(bytes: Uint8Array, i: number): number;
  protected abstract onTimeout(): void;

  protected send(bytes: Uint8Array): void {
    this.out.push(bytes);
  }

  protected emit(ev: TransferEvent): void {
    this.events.push(ev);
  }

  /** End well, now. */
  protected end(ev: TransferEvent): void {
    this.emit(ev);
    this.stage = 'finished';
    this.deadline = null;
  }

  /** End badly: the abort sequence when `tellPeer`, then `ev` once the line has been quiet for quietMs. */
  protected abort(ev: TransferEvent, tellPeer: boolean): void {
    if (tellPeer) this.send(ZMODEM_ABORT);
    this.stage = 'draining';
    this.pendingEnd = ev;
    this.drainLimit = this.now + 10 * this.t.quietMs;
    this.deadline = this.now + this.t.quietMs;
  }

  protected fail(reason: string): void {
    this.abort({ type: 'failed', reason }, true);
  }

  protected peerCancelled(): void {
    this.abort({ type: 'cancelled', by: 'peer' }, false);
  }

  private step(): TransferStep {
    const s: TransferStep = { out: this.out, events: this.events, rest: this.rest };
    this.out = [];
    this.events = [];
    this.rest = EMPTY;
    return s;
  }
}
