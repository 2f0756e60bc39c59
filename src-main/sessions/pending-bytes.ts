/**
 * Bytes written while the link cannot take them (not connected yet, reconnecting, or the server asked
 * for FLOWCONTROL-SUSPEND), kept in order and bounded, like Cisco's persistent caller with
 * `no flush-at-activation`: what the operator typed before the link was up is sent once it is.
 */

/** A bounded FIFO of byte chunks. Sizes in bytes. */
export class PendingBytes {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private total = 0;

  /** @param limit most bytes kept at once (maxPendingBytes). */
  constructor(readonly limit: number) {}

  /** Bytes currently kept. */
  get size(): number {
    return this.total;
  }

  /**
   * Keep a copy of `bytes` (the caller may reuse its buffer). All or nothing: returns false and keeps
   * none of them when they do not fit under the limit.
   */
  push(bytes: Uint8Array): boolean {
    if (bytes.length === 0) return true;
    if (this.total + bytes.length > this.limit) return false;
    this.chunks.push(Uint8Array.prototype.slice.call(bytes));
    this.total += bytes.length;
    return true;
  }

  /** Take the oldest chunk, or null when empty. */
  shift(): Uint8Array | null {
    if (this.head >= this.chunks.length) return null;
    const chunk = this.chunks[this.head]!;
    this.chunks[this.head++] = EMPTY;
    this.total -= chunk.length;
    if (this.head > 1024 || this.head === this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  /** Drop everything; returns how many bytes were dropped (the caller reports them, never silently). */
  clear(): number {
    const dropped = this.total;
    this.chunks = [];
    this.head = 0;
    this.total = 0;
    return dropped;
  }
}

const EMPTY = new Uint8Array(0);
