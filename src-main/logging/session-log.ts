/**
 * A session log: listens at the session (before the renderer's pump, so a slow or closed window never
 * costs log bytes) and writes one of the formats in formats.ts to a file, with rotation by size and by
 * day, backpressure on the session, and clear failures.
 *
 * - Order: every record is formatted synchronously when the session emits it, and appended to one FIFO
 *   that a single writer loop drains with fs writev; nothing is reordered or dropped while recording.
 * - Backpressure: when more than `highWaterBytes` (default 4 MiB) wait for the disk, the log pauses the
 *   session's source (setPaused('log', true)) and resumes it at `lowWaterBytes` (default 1 MiB): a disk
 *   slower than the line slows the line, memory stays bounded.
 * - Rotation: by size (`maxBytes`) and by local calendar day (`daily`); names in file-name.ts. raw files
 *   are cut at exactly maxBytes, so concatenating them gives the input byte for byte; the other formats
 *   rotate between records (a file ends at the first record boundary at or after maxBytes).
 * - Faults (ENOSPC, ENOENT, EACCES, ENOTDIR, ...): the log stops with status 'failed' and a message
 *   naming the cause, the file and the bytes written before it; the session keeps running, the log's
 *   pause is released, what was written stays. A folder removed under an open file is noticed at the next
 *   open (rotation): POSIX lets the open file live on until then.
 */
import { EventEmitter } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { formatTarget } from '../../src-shared/session/target.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Session } from '../sessions/session.js';
import { dayKey, rotatedLogPath } from './file-name.js';
import {
  createFormatter,
  type LogEncoding,
  type LogFileFormat,
  type LogFormatter,
  type LogTimestamps,
} from './formats.js';

/** What to log and where. Sizes in bytes, times in ms since the epoch. */
export interface LogOptions {
  /** The log file (the first file; rotation derives the others from it, see file-name.ts). */
  file: string;
  format: LogFileFormat;
  /** Per-line timestamps for text and hex: default 'none' for text, 'wall' for hex. */
  timestamps?: LogTimestamps;
  /** Also log the bytes sent (text '>', hex '>', asciicast "i", jsonl "tx"); default false. */
  sent?: boolean;
  /** Log session events inline (text, hex, jsonl; asciicast markers); default true. */
  events?: boolean;
  /** Decoding for text and asciicast; default 'utf-8'. */
  encoding?: LogEncoding;
  /** asciicast header: terminal size (default 80 x 24) and title. */
  width?: number;
  height?: number;
  title?: string;
  rotate?: {
    /** Start a new file once this many bytes are in the current one. */
    maxBytes?: number;
    /** Start a new file when the local calendar day changes; every file name then carries its day. */
    daily?: boolean;
  };
  /**
   * Append to an existing first file instead of truncating it (default false, like the shell's `>`).
   * With daily rotation the first file's name is day-stamped and, unless appending, never truncates an
   * earlier run's file of that day (the next free number is taken).
   */
  append?: boolean;
  /** Pause the session above this many queued bytes (default 4 MiB)... */
  highWaterBytes?: number;
  /** ...and resume it at or below this many (default 1 MiB). */
  lowWaterBytes?: number;
  /** 'recording' status events while bytes flow, at most this often (ms, default 1000). */
  statusIntervalMs?: number;
  /** The clock, ms since the epoch (default Date.now); tests inject one. Read as never going backwards. */
  clock?: () => number;
}

export type LogState = 'recording' | 'stopped' | 'failed';

/** A log's state, as the 'status' event and `status` report it. */
export interface LogStatus {
  state: LogState;
  /** The file being written (or the last one, once stopped or failed). */
  file: string;
  format: LogFileFormat;
  /** Bytes written to disk since the log started, all files together. */
  bytesWritten: number;
  /** Why it failed, e.g. "disk full writing /x/y.log: 12 345 bytes written before the failure (ENOSPC)". */
  error?: string;
}

export interface SessionLogEventMap {
  status: [status: LogStatus];
}

const MiB = 1024 * 1024;
/** Most buffers and bytes handed to one writev. */
const BATCH_BUFFERS = 1024;
const BATCH_BYTES = 8 * MiB;

/** A marker in the queue: close the current file, open the next one (`day` is its YYYYMMDD or null). */
interface NextFile {
  next: true;
  day: string | null;
  first: boolean;
}
type QueueItem = Buffer | NextFile;
const isNextFile = (item: QueueItem | undefined): item is NextFile => item !== undefined && !Buffer.isBuffer(item);

/** An I/O failure with what the writer was doing and to which file. */
class LogIoError extends Error {
  constructor(
    readonly reason: unknown,
    readonly doing: 'opening' | 'writing' | 'closing',
    readonly file: string,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'disk full',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'folder missing (removed?)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a parent of the path is not a folder',
  EROFS: 'read-only file system',
  EISDIR: 'the path is a folder',
  EMFILE: 'too many open files',
  EIO: 'I/O error',
  EFBIG: 'file too large',
};

/** 12345 -> "12 345" (thin grouping, readable in a message). */
const groupDigits = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/**
 * A running log of one session. Create with `startLog`. Listens to 'data', 'sent' and 'event' from the
 * moment it is created; the file is opened asynchronously (records wait in the queue meanwhile).
 * Emits 'status' when recording starts, on each new file, at most every statusIntervalMs while bytes
 * are written, and when it stops or fails.
 */
export class SessionLog extends EventEmitter<SessionLogEventMap> {
  readonly format: LogFileFormat;
  private readonly formatter: LogFormatter;
  private readonly clock: () => number;
  private readonly maxBytes: number;
  private readonly daily: boolean;
  private readonly high: number;
  private readonly low: number;
  private readonly statusIntervalMs: number;

  private state: LogState = 'recording';
  private error: string | undefined;
  private lastNow = 0;
  private lastStatusAt = 0;

  // enqueue side: what the next record goes into
  private queue: QueueItem[] = [];
  private head = 0;
  private queuedBytes = 0;
  private fileBytesQueued = 0;
  private fileDay: string | null = null;
  private paused = false;

  // writer side
  private fh: FileHandle | null = null;
  private currentFile: string;
  private writerDay: string | null = null;
  private writerIndex = 0;
  private written = 0;
  private pump: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  private readonly onData = (bytes: Uint8Array) => this.record((now) => this.formatter.received(bytes, now));
  private readonly onSent = (bytes: Uint8Array) => this.record((now) => this.formatter.sent(bytes, now));
  private readonly onEvent = (ev: SessionEvent) => {
    this.record((now) => this.formatter.event(ev, now));
    if (ev.type === 'status' && ev.state === 'closed') void this.stop();
  };

  constructor(
    private readonly session: Session,
    private readonly options: LogOptions,
  ) {
    super();
    this.format = options.format;
    this.clock = options.clock ?? Date.now;
    this.maxBytes = options.rotate?.maxBytes ?? 0;
    this.daily = options.rotate?.daily ?? false;
    this.high = options.highWaterBytes ?? 4 * MiB;
    this.low = Math.min(options.lowWaterBytes ?? MiB, this.high);
    this.statusIntervalMs = options.statusIntervalMs ?? 1000;
    if (this.maxBytes < 0 || !Number.isFinite(this.maxBytes)) throw new Error(`rotate.maxBytes must be a positive number of bytes, not ${this.maxBytes}`);
    const start = this.now();
    this.lastStatusAt = start;
    this.formatter = createFormatter(options.format, {
      timestamps: options.timestamps ?? (options.format === 'hex' ? 'wall' : 'none'),
      sent: options.sent ?? false,
      events: options.events ?? true,
      encoding: options.encoding ?? 'utf-8',
      startMs: start,
      width: options.width ?? 80,
      height: options.height ?? 24,
      ...(options.title !== undefined ? { title: options.title } : {}),
    });
    this.currentFile = this.daily ? rotatedLogPath(options.file, dayKey(start), 0) : options.file;
    this.nextFile(start, this.daily ? dayKey(start) : null, true);
    this.record((now) => this.formatter.event({ type: 'note', text: `log started: ${formatTarget(session.target)} (${options.format})` }, now));
    session.on('data', this.onData);
    session.on('sent', this.onSent);
    session.on('event', this.onEvent);
  }

  /** Bytes written to disk so far, all files together. */
  get bytesWritten(): number {
    return this.written;
  }

  /** The file being written (or the last one). */
  get file(): string {
    return this.currentFile;
  }

  get status(): LogStatus {
    const s: LogStatus = { state: this.state, file: this.currentFile, format: this.format, bytesWritten: this.written };
    if (this.error !== undefined) s.error = this.error;
    return s;
  }

  /**
   * Add a line of the owner's own to the log, like an event (e.g. the dialer's "CONNECT 9600", the
   * chat script's result). Ignored by raw, and when events are off.
   */
  note(text: string): void {
    this.record((now) => this.formatter.event({ type: 'note', text }, now));
  }

  /**
   * Stop listening, write what is queued (and a partial line), close the file. Resolves when the file is
   * closed; never rejects (a failure while flushing shows as status 'failed'). Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.finish();
    return this.stopping;
  }

  private async finish(): Promise<void> {
    if (this.state === 'recording') {
      const now = this.now();
      this.appendRecord(this.formatter.flush(now), now);
      this.appendRecord(this.formatter.event({ type: 'note', text: 'log stopped' }, now), now);
      this.detach();
      while (this.pump) await this.pump;
      if (this.state === 'recording' && this.fh) {
        const fh = this.fh;
        this.fh = null;
        try {
          await fh.close();
        } catch (err) {
          this.fail(new LogIoError(err, 'closing', this.currentFile));
        }
      }
    }
    this.releasePause();
    if (this.state === 'recording') {
      this.state = 'stopped';
      this.emit('status', this.status);
    }
  }

  /** Now by the log's clock, never earlier than the previous reading (so timestamps are monotonic). */
  private now(): number {
    this.lastNow = Math.max(this.lastNow, this.clock());
    return this.lastNow;
  }

  private record(make: (now: number) => Buffer | null): void {
    if (this.state !== 'recording' || this.stopping) return;
    const now = this.now();
    if (this.daily && dayKey(now) !== this.fileDay) this.nextFile(now, dayKey(now), false);
    else if (this.maxBytes > 0 && !this.formatter.splittable && this.fileBytesQueued >= this.maxBytes) {
      this.nextFile(now, this.fileDay, false);
    }
    this.appendRecord(make(now), now);
  }

  private appendRecord(buf: Buffer | null, now: number): void {
    if (!buf || buf.length === 0) return;
    if (!(this.maxBytes > 0 && this.formatter.splittable)) {
      this.push(buf);
      return;
    }
    // raw: cut at exactly maxBytes so the files concatenate to the input
    let off = 0;
    while (off < buf.length) {
      if (this.fileBytesQueued >= this.maxBytes) this.nextFile(now, this.fileDay, false);
      const n = Math.min(buf.length - off, this.maxBytes - this.fileBytesQueued);
      this.push(off === 0 && n === buf.length ? buf : buf.subarray(off, off + n));
      off += n;
    }
  }

  private nextFile(now: number, day: string | null, first: boolean): void {
    this.queue.push({ next: true, day, first });
    this.fileBytesQueued = 0;
    this.fileDay = day;
    const header = this.formatter.fileHeader(now);
    if (header) this.push(header);
    this.kick();
  }

  private push(buf: Buffer): void {
    this.queue.push(buf);
    this.queuedBytes += buf.length;
    this.fileBytesQueued += buf.length;
    if (!this.paused && this.queuedBytes > this.high) {
      this.paused = true;
      this.session.setPaused('log', true);
    }
    this.kick();
  }

  private kick(): void {
    this.pump ??= this.drain();
  }

  /** The one writer loop: opens, writes and rotates in queue order until the queue is empty. */
  private async drain(): Promise<void> {
    try {
      while (this.head < this.queue.length && this.state === 'recording') {
        const item = this.queue[this.head]!;
        if (isNextFile(item)) {
          this.head++;
          await this.openNext(item);
          continue;
        }
        const batch: Buffer[] = [];
        let size = 0;
        while (this.head < this.queue.length && batch.length < BATCH_BUFFERS && size < BATCH_BYTES) {
          const b = this.queue[this.head];
          if (b === undefined || isNextFile(b)) break;
          batch.push(b);
          size += b.length;
          this.head++;
        }
        this.compact();
        await this.writeAll(batch);
        this.queuedBytes -= size;
        if (this.paused && this.queuedBytes <= this.low) this.releasePause();
        this.progress();
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.pump = null;
    }
  }

  private compact(): void {
    if (this.head > 4096 || this.head === this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private async openNext(item: NextFile): Promise<void> {
    if (this.fh) {
      const fh = this.fh;
      this.fh = null;
      try {
        await fh.close();
      } catch (err) {
        throw new LogIoError(err, 'closing', this.currentFile);
      }
    }
    if (item.first && (item.day === null || this.options.append)) {
      // the path the operator gave: truncated (or appended to), like the shell's > (>>)
      this.writerDay = item.day;
      this.writerIndex = 0;
      this.currentFile = rotatedLogPath(this.options.file, item.day, 0);
      try {
        this.fh = await open(this.currentFile, this.options.append ? 'a' : 'w');
      } catch (err) {
        throw new LogIoError(err, 'opening', this.currentFile);
      }
    } else if (item.first) {
      // a day-stamped name of our own making: never truncate an earlier run's file of the same day
      this.writerDay = item.day;
      this.writerIndex = 0;
      await this.openFree();
    } else {
      if (item.day !== this.writerDay) {
        this.writerDay = item.day;
        this.writerIndex = 0;
      } else {
        this.writerIndex++;
      }
      await this.openFree();
    }
    this.emitStatus();
  }

  /** Open the rotated name for writerDay/writerIndex, or the next free number: never overwrite. */
  private async openFree(): Promise<void> {
    for (;;) {
      this.currentFile = rotatedLogPath(this.options.file, this.writerDay, this.writerIndex);
      try {
        this.fh = await open(this.currentFile, 'wx');
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' && this.writerIndex < 100_000) {
          this.writerIndex++;
          continue;
        }
        throw new LogIoError(err, 'opening', this.currentFile);
      }
    }
  }

  private async writeAll(batch: Buffer[]): Promise<void> {
    const fh = this.fh;
    if (!fh) throw new LogIoError(new Error('no open file'), 'writing', this.currentFile);
    let bufs = batch;
    while (bufs.length > 0) {
      let n: number;
      try {
        n = (await fh.writev(bufs)).bytesWritten;
      } catch (err) {
        throw new LogIoError(err, 'writing', this.currentFile);
      }
      if (n === 0) throw new LogIoError(new Error('the file took no bytes'), 'writing', this.currentFile);
      this.written += n;
      // a short write (possible on a filling disk): keep the unwritten rest, in order
      let i = 0;
      while (i < bufs.length && n >= bufs[i]!.length) n -= bufs[i++]!.length;
      bufs = bufs.slice(i);
      if (n > 0) bufs[0] = bufs[0]!.subarray(n);
    }
  }

  private progress(): void {
    const now = this.now();
    if (now - this.lastStatusAt >= this.statusIntervalMs) this.emitStatus();
  }

  private emitStatus(): void {
    this.lastStatusAt = this.lastNow;
    if (this.state === 'recording') this.emit('status', this.status);
  }

  private fail(err: unknown): void {
    if (this.state !== 'recording') return;
    const io = err instanceof LogIoError ? err : new LogIoError(err, 'writing', this.currentFile);
    const code = (io.reason as NodeJS.ErrnoException | undefined)?.code;
    const cause = (code && CAUSES[code]) ?? io.message;
    this.state = 'failed';
    this.error = `${cause} ${io.doing} ${io.file}: ${groupDigits(this.written)} bytes written before the failure${code ? ` (${code})` : ''}`;
    this.detach();
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.releasePause();
    const fh = this.fh;
    this.fh = null;
    // what was written stays; a close error after a write error adds nothing to tell
    if (fh) void fh.close().catch(() => undefined);
    this.emit('status', this.status);
  }

  private detach(): void {
    this.session.off('data', this.onData);
    this.session.off('sent', this.onSent);
    this.session.off('event', this.onEvent);
  }

  private releasePause(): void {
    if (!this.paused) return;
    this.paused = false;
    this.session.setPaused('log', false);
  }
}

/**
 * Start logging `session` to `options.file`. Returns at once; watch 'status' for 'recording' (file open),
 * 'failed' (with the reason) and 'stopped'. The log stops by itself when the session closes.
 * @throws Error for an invalid option (e.g. a negative maxBytes); I/O failures never throw.
 */
export function startLog(session: Session, options: LogOptions): SessionLog {
  return new SessionLog(session, options);
}
