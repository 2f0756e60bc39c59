/**
 * OutputBuffer: the engine's outbox. Bytes are appended (escaped where telnet needs it) into one
 * growable buffer and drained with take() as a single chunk, so everything queued between two drains
 * (e.g. SET-CONTROL DTR and RTS) leaves in one TCP write.
 */
import { CR, IAC, LF, NUL } from './constants.js';

const INITIAL_CAPACITY = 256;

export class OutputBuffer {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  private len = 0;

  /** Bytes queued, not yet taken. */
  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Append raw bytes (already-framed telnet commands). */
  raw(...bytes: number[]): void {
    this.reserve(bytes.length);
    for (const b of bytes) this.buf[this.len++] = b;
  }

  /**
   * Append data with 0xFF doubled (IAC IAC). When `nvt` is true (our BINARY off), a CR not followed by
   * LF in the same call becomes CR NUL (RFC 854). Scans with indexOf so IAC-free data is copied in bulk.
   * A CR at the end of one write and an LF at the start of the next are paired by the caller
   * (TelnetCore.sendData holds the trailing CR back), never here.
   */
  escaped(src: Uint8Array, nvt: boolean): void {
    // Worst case every byte doubles.
    this.reserve(src.length * 2);
    const buf = this.buf;
    let o = this.len;
    let i = 0;
    const n = src.length;
    // Next IAC / CR positions, cached so a far-away one is not re-scanned after every stop.
    let iac = -1;
    let cr = nvt ? -1 : n;
    while (i < n) {
      if (iac < i) {
        iac = src.indexOf(IAC, i);
        if (iac < 0) iac = n;
      }
      // A CR followed by LF needs nothing: skip it without breaking the run.
      while (cr < i || (cr < iac && cr + 1 < n && src[cr + 1] === LF)) {
        cr = src.indexOf(CR, cr < i ? i : cr + 1);
        if (cr < 0) cr = n;
      }
      const next = iac < cr ? iac : cr;
      if (next > i) {
        buf.set(src.subarray(i, next), o);
        o += next - i;
        i = next;
      }
      if (i >= n) break;
      if (src[i] === IAC) {
        // Tight loop for runs of 0xFF (all-0xFF data is the worst case).
        do {
          buf[o++] = IAC;
          buf[o++] = IAC;
          i++;
        } while (i < n && src[i] === IAC);
      } else {
        // A lone CR under NVT rules: CR NUL (RFC 854).
        buf[o++] = CR;
        buf[o++] = NUL;
        i++;
      }
    }
    this.len = o;
  }

  /** Everything queued as one new chunk (a copy), or null when empty; the buffer is reset. */
  take(): Uint8Array | null {
    if (this.len === 0) return null;
    const out = this.buf.slice(0, this.len);
    this.len = 0;
    if (this.buf.length > 1 << 20) this.buf = new Uint8Array(INITIAL_CAPACITY);
    return out;
  }
}
