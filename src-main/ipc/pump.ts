/**
 * The stream pump: carries one session's received bytes to the renderer with flow control
 * (design/architecture.md, "The byte path and flow control"; VS Code's terminal FlowControlConstants and
 * xterm.js's flow-control guide describe the same scheme).
 *
 * - Batching: bytes are gathered and emitted as one Uint8Array every `flushMs` (default 10 ms) or as soon
 *   as `maxBatchBytes` (default 64 KiB) are waiting. The buffer is reset before emitting, so a listener
 *   that re-enters (or throws) cannot see or lose a batch twice.
 * - Watermarks: emitted bytes count as unacked until the renderer acks them (session.ack). At or above
 *   `highBytes` (256 KiB) the pump pauses the source with session.setPaused('pump', true), which pushes
 *   back through TCP / the UART; once unacked falls below `lowBytes` (32 KiB) it resumes. The renderer's
 *   ack chunk must be <= lowBytes, or a paused stream would never resume.
 * - Nothing is dropped: bytes that arrive while paused (already in flight) are still emitted in order.
 *   Memory held here is at most one batch; what the renderer holds is bounded by highBytes plus what was
 *   in flight when the pause took effect.
 */
import { FLOW_HIGH_BYTES, FLOW_LOW_BYTES } from '../../src-shared/ipc/contract.js';
import type { Session } from '../sessions/session.js';

/** The part of a Session the pump uses. */
export type PumpSource = Pick<Session, 'on' | 'off' | 'setPaused'>;

export interface PumpOptions {
  /** Longest time bytes wait before being emitted, ms (default 10). */
  flushMs?: number;
  /** Emit at once when this many bytes wait (default 65536). */
  maxBatchBytes?: number;
  /** Pause the source at this many unacked bytes (default FLOW_HIGH_BYTES). */
  highBytes?: number;
  /** Resume below this many unacked bytes (default FLOW_LOW_BYTES). */
  lowBytes?: number;
}

export class StreamPump {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private timer: NodeJS.Timeout | null = null;
  private unackedBytes = 0;
  private paused = false;
  private disposed = false;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly high: number;
  private readonly low: number;
  private readonly onData = (bytes: Uint8Array) => this.push(bytes);

  /**
   * @param source the session whose 'data' is pumped
   * @param emit called with each batch (a fresh Uint8Array the callee may keep)
   */
  constructor(
    private readonly source: PumpSource,
    private readonly emit: (bytes: Uint8Array) => void,
    options: PumpOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 10;
    this.maxBatch = options.maxBatchBytes ?? 64 * 1024;
    this.high = options.highBytes ?? FLOW_HIGH_BYTES;
    this.low = options.lowBytes ?? FLOW_LOW_BYTES;
    if (!(this.low < this.high)) throw new Error(`pump: low watermark ${this.low} must be below high ${this.high}`);
    source.on('data', this.onData);
  }

  /** Bytes emitted and not yet acked. */
  get unacked(): number {
    return this.unackedBytes;
  }
  /** Bytes waiting for the next flush. */
  get pending(): number {
    return this.buffered;
  }
  /** True while this pump holds the source paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** The renderer consumed `bytes`; more than are unacked counts as all (a late ack after a reset). */
  ack(bytes: number): void {
    this.unackedBytes = Math.max(0, this.unackedBytes - bytes);
    if (this.paused && this.unackedBytes < this.low) this.setPaused(false);
  }

  /** Forget every unacked byte (no renderer is left to ack them) and resume the source. */
  resetFlow(): void {
    this.ack(Number.POSITIVE_INFINITY);
  }

  /** Emit what is waiting now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffered === 0) return;
    const chunks = this.chunks;
    const size = this.buffered;
    this.chunks = [];
    this.buffered = 0;
    let batch: Uint8Array;
    if (chunks.length === 1) batch = chunks[0]!;
    else {
      batch = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        batch.set(c, at);
        at += c.byteLength;
      }
    }
    this.unackedBytes += size;
    if (!this.paused && this.unackedBytes >= this.high) this.setPaused(true);
    this.emit(batch);
  }

  /** Emit what is waiting, stop listening and release the pause. */
  dispose(): void {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    this.source.off('data', this.onData);
    if (this.paused) this.setPaused(false);
  }

  private push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    // the session may reuse its buffer: keep a copy only when we hold it past this call
    this.chunks.push(bytes.slice());
    this.buffered += bytes.byteLength;
    if (this.buffered >= this.maxBatch) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.flushMs);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    try {
      this.source.setPaused('pump', paused);
    } catch {
      // a closed session throws; nothing left to pause
    }
  }
}
