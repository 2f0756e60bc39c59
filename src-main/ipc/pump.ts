/**
 * The stream pump: carries one session's received bytes to the renderer with flow control
 * (design/architecture.md, "The byte path and flow control"; VS Code's terminal FlowControlConstants and
 * xterm.js's flow-control guide describe the same scheme).
 *
 * - Batching: bytes are gathered and emitted as one Uint8Array at most `flushMs` (default 10 ms) after the
 *   previous batch, or as soon as `maxBatchBytes` (default 128 KiB: two 64 KiB socket reads) are waiting.
 *   So a source quiet for flushMs has its first bytes emitted on the next timer turn (a keystroke's echo
 *   does not wait 10 ms), and a busy one still gives at most one timed batch per flushMs. Each batch costs
 *   the renderer a message, a decode, a write callback and its share of an ack whatever its size: in the e2e
 *   flood (headless Chromium, 2 loaded cores) 128 KiB batches moved 10-30 % more MiB/s into the pane than
 *   64 KiB ones, and xterm still parses one in a few ms, so a keystroke never waits long behind one. The
 *   buffer is reset before emitting, so a listener that re-enters (or throws) cannot see or lose a batch
 *   twice.
 * - Watermarks: emitted bytes count as unacked until the renderer acks them (session.ack). At or above
 *   `highBytes` (FLOW_HIGH_BYTES, 512 KiB) the pump pauses the source with session.setPaused('pump', true),
 *   which pushes back through TCP / the UART (and FLOWCONTROL-SUSPEND on RFC 2217); once unacked falls
 *   below `lowBytes` (FLOW_LOW_BYTES, 256 KiB) it resumes. The renderer's ack chunk must be <= lowBytes,
 *   or a paused stream would never resume.
 * - Consumers: every renderer that receives the batches (an Electron window; each browser tab of the
 *   browser host) is a consumer with its own ack count; unacked is what the slowest one has not acked,
 *   so one fast tab cannot let bytes pile up for a slow one. A consumer added later counts from the
 *   bytes emitted after it joined. With no consumer at all nothing is unacked (no renderer is there to
 *   pace the source; logs sit at the source and see every byte).
 * - Nothing is dropped: bytes that arrive while paused (already in flight) are still emitted in order.
 *   Memory held here is at most one batch; what the renderer holds is bounded by highBytes plus what was
 *   in flight when the pause took effect.
 */
import { FLOW_HIGH_BYTES, FLOW_LOW_BYTES } from '../../src-shared/ipc/contract.js';
import type { Session } from '../sessions/session.js';

/** The part of a Session the pump uses. */
export type PumpSource = Pick<Session, 'on' | 'off' | 'setPaused'>;

export interface PumpOptions {
  /** Least time between two timed batches, ms (default 10): bytes wait at most this long after the previous batch. */
  flushMs?: number;
  /** Emit at once when this many bytes wait (default 131072). */
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
  /** Bytes emitted since the pump started. */
  private emitted = 0;
  /** When the last batch was emitted (Date.now(), ms). */
  private emittedAt = -Infinity;
  /** Per consumer: how far (in emitted bytes) it has acked. */
  private readonly acked = new Map<string, number>();
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
    this.maxBatch = options.maxBatchBytes ?? 128 * 1024;
    this.high = options.highBytes ?? FLOW_HIGH_BYTES;
    this.low = options.lowBytes ?? FLOW_LOW_BYTES;
    if (!(this.low < this.high)) throw new Error(`pump: low watermark ${this.low} must be below high ${this.high}`);
    source.on('data', this.onData);
  }

  /** Bytes emitted and not yet acked by the slowest consumer (0 without consumers). */
  get unacked(): number {
    let least = this.emitted;
    for (const a of this.acked.values()) least = Math.min(least, a);
    return this.emitted - least;
  }
  /** Bytes waiting for the next flush. */
  get pending(): number {
    return this.buffered;
  }
  /** True while this pump holds the source paused. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** A renderer starts receiving this pump's batches; it owes acks for bytes emitted from now on. */
  addConsumer(id: string): void {
    if (!this.acked.has(id)) this.acked.set(id, this.emitted);
  }

  /** A renderer went away: its unacked bytes no longer hold the source. */
  removeConsumer(id: string): void {
    this.acked.delete(id);
    this.update();
  }

  /**
   * Consumer `id` has consumed `bytes`. Acks beyond what was emitted are capped; acks from an id that is
   * not a consumer are ignored.
   */
  ack(bytes: number, id: string): void {
    const a = this.acked.get(id);
    if (a === undefined) return;
    this.acked.set(id, Math.min(this.emitted, a + bytes));
    this.update();
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
    this.emitted += size;
    this.emittedAt = Date.now();
    this.update();
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
    else if (!this.timer) {
      const wait = Math.min(this.flushMs, Math.max(0, this.emittedAt + this.flushMs - Date.now()));
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  /** Pause at HIGH, resume below LOW. */
  private update(): void {
    const unacked = this.unacked;
    if (!this.paused && unacked >= this.high) this.setPaused(true);
    else if (this.paused && unacked < this.low) this.setPaused(false);
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
