/**
 * The simulated modem's output to the DTE: a FIFO of byte chunks and actions (a deferred step, such as
 * raising DCD or reporting NO CARRIER, that must happen after the bytes queued before it have gone out).
 *
 * Cost: push, peek, take and shift are O(1) amortized per call (a head index into an array, compacted
 * when the consumed half outgrows the live half), and bytes are handled as chunks: copied in with one
 * `set`, handed out as `subarray` views. Nothing here loops over bytes or shifts an array per byte, so
 * a paste of megabytes costs time linear in its size, in chunks. Small pushes (single echoed keystrokes,
 * result codes) are appended to the open tail chunk instead of becoming chunks of their own.
 *
 * Views handed out by take() stay valid: a chunk's bytes are never rewritten once queued (appending to
 * the open tail only writes past its end).
 */

/** A chunk of queued bytes: buf[start, end). `fromRemote`: data from the far end (dropped on hang-up). */
interface DataEntry {
  kind: 'data';
  buf: Uint8Array;
  start: number;
  end: number;
  fromRemote: boolean;
  /** Further small pushes may be appended into buf past `end`. */
  open: boolean;
}

interface ActionEntry {
  kind: 'action';
  run: () => void;
}

type Entry = DataEntry | ActionEntry;

/** Pushes shorter than this are appended to an open chunk; longer ones are copied into their own. */
const SMALL_PUSH = 1024;
/** Capacity of a new open chunk, bytes; doubled (up to OPEN_MAX) when one fills with the same origin. */
const OPEN_MIN = 64;
const OPEN_MAX = 16384;
/** Compact the entry array once this many consumed slots lead it (and they are at least half of it). */
const COMPACT_AT = 1024;

/** What the front of the queue holds: bytes (how many, from whom), an action, or nothing. */
export type QueueFront = { kind: 'data'; length: number; fromRemote: boolean } | { kind: 'action' } | null;

export class OutputQueue {
  private entries: Array<Entry | undefined> = [];
  private head = 0;
  private bytes = 0;

  /** Entries queued (chunks and actions). */
  get length(): number {
    return this.entries.length - this.head;
  }

  /** Bytes queued, over every chunk. */
  get byteLength(): number {
    return this.bytes;
  }

  /**
   * Queue a copy of `src` (the caller may reuse its buffer afterwards). An empty push is ignored.
   * `fromRemote` marks data from the far end of a call, which dropRemote() removes.
   */
  pushBytes(src: Uint8Array, fromRemote: boolean): void {
    const n = src.length;
    if (n === 0) return;
    this.bytes += n;
    const tail = this.entries.length > this.head ? this.entries[this.entries.length - 1] : undefined;
    if (tail?.kind === 'data' && tail.open && tail.fromRemote === fromRemote && tail.end + n <= tail.buf.length) {
      tail.buf.set(src, tail.end);
      tail.end += n;
      return;
    }
    if (n < SMALL_PUSH) {
      const full = tail?.kind === 'data' && tail.open && tail.fromRemote === fromRemote;
      const buf = new Uint8Array(Math.max(n, full ? Math.min(OPEN_MAX, tail.buf.length * 2) : OPEN_MIN));
      buf.set(src);
      this.entries.push({ kind: 'data', buf, start: 0, end: n, fromRemote, open: true });
      return;
    }
    this.entries.push({ kind: 'data', buf: src.slice(), start: 0, end: n, fromRemote, open: false });
  }

  /** Queue an action, run (by the consumer) once everything queued before it has been taken. */
  pushAction(run: () => void): void {
    this.entries.push({ kind: 'action', run });
  }

  /** What is at the front, without consuming it. */
  front(): QueueFront {
    const e = this.entries[this.head];
    if (!e) return null;
    return e.kind === 'action' ? { kind: 'action' } : { kind: 'data', length: e.end - e.start, fromRemote: e.fromRemote };
  }

  /**
   * Take up to `max` bytes (max >= 1) from the front chunk, as a view; the chunk is removed once empty.
   * @returns the bytes (1..max of them), or null when the front is an action or the queue is empty.
   */
  takeBytes(max: number): Uint8Array | null {
    const e = this.entries[this.head];
    if (!e || e.kind !== 'data' || max < 1) return null;
    const n = Math.min(Math.floor(max), e.end - e.start);
    const view = e.buf.subarray(e.start, e.start + n);
    e.start += n;
    this.bytes -= n;
    if (e.start === e.end) this.dropFront();
    return view;
  }

  /**
   * Remove the front action and return it (to be run by the caller).
   * @returns the action, or null when the front is bytes or the queue is empty.
   */
  takeAction(): (() => void) | null {
    const e = this.entries[this.head];
    if (!e || e.kind !== 'action') return null;
    this.dropFront();
    return e.run;
  }

  /** Drop every queued byte, keep the actions in order (PURGE-DATA). O(entries). */
  dropAllBytes(): void {
    this.retain((e) => e.kind === 'action');
  }

  /** Drop the far end's queued bytes (a hang-up from this side), keep the rest in order. O(entries). */
  dropRemote(): void {
    this.retain((e) => e.kind === 'action' || !e.fromRemote);
  }

  /** Empty the queue. */
  clear(): void {
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
  }

  private dropFront(): void {
    this.entries[this.head++] = undefined;
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
    } else if (this.head >= COMPACT_AT && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private retain(keep: (e: Entry) => boolean): void {
    const kept: Entry[] = [];
    let bytes = 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (!keep(e)) continue;
      kept.push(e);
      if (e.kind === 'data') bytes += e.end - e.start;
    }
    this.entries = kept;
    this.head = 0;
    this.bytes = bytes;
  }
}
