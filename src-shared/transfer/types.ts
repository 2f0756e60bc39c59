/**
 * The shapes every transfer engine shares (XMODEM and YMODEM now; ZMODEM later): sans-I/O, in the style of
 * the telnet engine (src-shared/protocol/client.ts). The caller feeds the peer's bytes to receive(), calls
 * tick() at nextDeadlineMs(), writes every chunk of `out` to the line in order, and acts on `events`.
 * Times are ms on any monotonic clock, passed in; the engines keep no timers and read no clock.
 */

/** Control bytes of the XMODEM family (ymodem.txt section 4). */
export const SOH = 0x01; // a 128-byte block follows
export const STX = 0x02; // a 1024-byte block follows
export const EOT = 0x04; // end of file
export const ACK = 0x06;
export const NAK = 0x15; // block bad; at the start: "send with the 8-bit checksum"
export const CAN = 0x18; // two in a row cancel
export const SUB = 0x1a; // pads a short last block (CP/M end of file)
export const CRC_START = 0x43; // 'C': at the start, "send with CRC-16"
export const G_START = 0x47; // 'G': YMODEM-g's start, "send with CRC-16, streamed, no ACKs" (section 8.3)

/** What a transfer reports. Byte counts are file bytes (no framing, no padding where the size is known). */
export type TransferEvent =
  /** A file begins: the sender starts it, or the receiver read its YMODEM block 0 (size/mtime null when absent; mtime in s since 1970). */
  | { type: 'file'; name: string; size: number | null; mtime: number | null }
  /** Receiver: file bytes, in order (XMODEM: whole blocks, padding included; YMODEM: cut to the announced size). */
  | { type: 'data'; bytes: Uint8Array }
  /** The current file ended (its EOT was acknowledged); `bytes` went through. */
  | { type: 'fileEnd'; name: string; bytes: number }
  /** After each acknowledged block: bytes of the current file so far, its size when known, blocks and retries of the whole transfer. */
  | { type: 'progress'; bytes: number; total: number | null; blocks: number; retries: number }
  /** A block, EOT or start is being tried again, and why; `retries` counts the whole transfer. */
  | { type: 'retry'; reason: string; retries: number }
  /**
   * The transfer is over but not yet ended: it failed or was cancelled (`reason` says which and why, as
   * text for the operator), the abort went to the peer, and the line is drained until it goes quiet (a
   * streaming sender's tail can take as long as its file). 'failed' or 'cancelled' follows; a second
   * cancel() ends the wait at once.
   */
  | { type: 'ending'; reason: string }
  /** The transfer ended well: every file through, the peer agreed. Always the last event. */
  | { type: 'done'; files: number; bytes: number }
  /** The transfer ended badly (after CAN CAN to the peer when it could still hear). Always the last event. */
  | { type: 'failed'; reason: string }
  /** Cancelled by us (cancel()) or by the peer (CAN CAN). Always the last event. */
  | { type: 'cancelled'; by: 'local' | 'peer' };

/** The result of every engine call. */
export interface TransferStep {
  /** Bytes for the line, in order (already framed; a telnet or serial layer below escapes what it must). */
  out: Uint8Array[];
  events: TransferEvent[];
  /**
   * Line bytes that came after the transfer ended (the rest of the chunk that finished it, and anything
   * fed afterwards): they belong to the terminal again. Bytes that arrive while a cancelled or failed
   * transfer waits for the line to go quiet are the peer's leftovers and are dropped, not returned.
   */
  rest: Uint8Array;
  /**
   * The transfer stopped being a transfer in this step (we failed or cancelled, or the peer cancelled):
   * bytes of earlier steps not yet written must not go out (file data into a peer's shell); `out` of
   * this step (CAN CAN, a last ACK) still goes. Absent otherwise.
   */
  discardQueued?: true;
}

/** What the driver (src-main/transfer/) needs of any engine. */
export interface TransferEngine {
  /** Begin: a receiver sends its first start character; a sender waits for the receiver's. Call once. */
  start(nowMs: number): TransferStep;
  /** The peer's bytes, any split. */
  receive(bytes: Uint8Array, nowMs: number): TransferStep;
  /** Time passed: call at (or after) nextDeadlineMs(). */
  tick(nowMs: number): TransferStep;
  /** Stop: CAN CAN to the peer, then 'cancelled' once the line is quiet. Nothing if already finished. */
  cancel(nowMs: number): TransferStep;
  /** When tick() is next due, or null when no time-out is armed (not started, or finished). */
  nextDeadlineMs(): number | null;
  /**
   * Streaming senders (YMODEM-g) only: the line took everything given so far; returns the next bytes
   * (a bounded slice), or an empty step when nothing waits. The driver calls it whenever its queue runs
   * empty, so a stream follows the line's pace and a cancel is not stuck behind a whole file.
   */
  more?(nowMs: number): TransferStep;
  /** The last event (done, failed, cancelled) was emitted. */
  readonly finished: boolean;
}

/** Time-outs and limits (ms and counts) shared by the engines; defaults after ymodem.txt section 7.4 and lrzsz. */
export interface TransferTimings {
  /** Sender: wait for the receiver's ACK/NAK after a block or EOT; receiver: wait for the next block. Default 10000. */
  responseTimeoutMs?: number;
  /** Receiver: most silence inside a block before it is taken as bad. Default 1000. */
  blockTimeoutMs?: number;
  /** Tries per block (and per EOT, per start) before the transfer fails. Default 10. */
  maxRetries?: number;
  /** Sender: wait this long for the receiver's first 'C' or NAK; receiver: for the sender's first block. Default 60000. */
  startTimeoutMs?: number;
  /** Receiver: repeat the start character ('C' or NAK) this often until the first block comes. Default 3000. */
  startIntervalMs?: number;
  /**
   * Quiet needed on the line: before the sender's first block (stale 'C's queued while the operator picked
   * the file are drained: it starts on the last one), after a bad block before the NAK, and after CAN CAN
   * before 'cancelled'/'failed' is reported. Default 100 (never longer than 10 x this in total).
   */
  quietMs?: number;
}

/** TransferTimings with every default filled in. */
export type Timings = Required<TransferTimings>;

/** Fill in the defaults. @throws RangeError for a negative or non-finite value, or maxRetries < 1. */
export function timings(t: TransferTimings = {}): Timings {
  const out: Timings = {
    responseTimeoutMs: t.responseTimeoutMs ?? 10_000,
    blockTimeoutMs: t.blockTimeoutMs ?? 1000,
    maxRetries: t.maxRetries ?? 10,
    startTimeoutMs: t.startTimeoutMs ?? 60_000,
    startIntervalMs: t.startIntervalMs ?? 3000,
    quietMs: t.quietMs ?? 100,
  };
  for (const [k, v] of Object.entries(out)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a finite number >= 0, not ${v}`);
  }
  if (out.maxRetries < 1) throw new RangeError(`maxRetries must be at least 1, not ${out.maxRetries}`);
  return out;
}
