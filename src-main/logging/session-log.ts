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
 * - Files: a log never truncates or shares a file. Every file is created exclusively (O_CREAT|O_EXCL,
 *   'wx'); when the first file's name exists the log takes name-2.log, name-3.log, ... (numberedLogPath,
 *   at most LOG_NAME_TRIES names, then it fails saying so), and rotated files take the next free number.
 *   The first file is claimed synchronously in startLog, so `log.file` names the file actually written
 *   as soon as startLog returns, and two logs started together never pick the same name. This holds for
 *   every log the app opens: automatic logs in the log folder, the browser host's manual logs, and a path
 *   the operator chose in Electron's save dialog: the dialog's "replace?" confirmation is not taken as
 *   leave to truncate (main cannot tell a finished log from one another session or another Dialtone is
 *   writing right now), so the log goes to the next free name, which the reply and 'log.status' show.
 *   Exceptions, both explicit: `append` (continue a file on purpose), and an existing path that is not a
 *   regular file (a device such as /dev/null or /dev/full, a FIFO): written as it is, where truncation
 *   means nothing. An existing folder at the path fails (EISDIR).
 * - Faults (ENOSPC, ENOENT, EACCES, ENOTDIR, ...): the log stops with status 'failed' and a message
 *   naming the cause, the file and the bytes written before it; the session keeps running, the log's
 *   pause is released, what was written stays. A folder removed under an open file is noticed at the next
 *   open (rotation): POSIX lets the open file live on until then.
 */
import { EventEmitter } from 'node:events';
import { close, open, openSync, statSync, writev } from 'node:fs';
import { basename } from 'node:path';
import { formatTarget } from '../../src-shared/session/target.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Session } from '../sessions/session.js';
import { dayKey, LOG_NAME_TRIES, numberedLogPath, rotatedLogPath } from './file-name.js';
import {
  createFormatter,
  type LogEncoding,
  type LogFileFormat,
  type LogFormatter,
  type LogTimestamps,
} from './formats.js';

/** What to log and where. Sizes in bytes, times in ms since the epoch. */
export interface LogOptions {
  /**
   * The log file (the first file; rotation derives the others from it, see file-name.ts). Never
   * overwritten: when it exists the log writes name-2.log (name-3.log, ...) instead, and `log.file` says
   * which. An existing device or FIFO is written as it is; an existing folder fails (EISDIR).
   */
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
   * Append to an existing first file (created if missing) instead of taking a new name (default false).
   * The one way a log writes into a file it did not create: for a caller that continues a log on purpose
   * (the app never sets it). With daily rotation the appended file is the day-stamped one.
   */
  append?: boolean;
  /** Pause the session above this many queued bytes (default 4 MiB)... */
  highWaterBytes?: number;
  /** ...and resume it at or below this many (default 1 MiB). */
  lowWaterBytes?: number;
  /** Received input quiet this long writes what waits for a line end (a prompt), ms; default 1000, 0 never. */
  idleFlushMs?: number;
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

/**
 * How the first file gets opened, when startLog could not open it at once: a claim that failed (thrown
 * by the writer, so it arrives as a 'failed' status like any other I/O failure), or an open that may
 * block and is left to the writer (a FIFO waits for its reader; 'a' for append, 'w' for a device).
 */
type FirstOpen = { error: LogIoError } | { flags: 'a' | 'w' };
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

/** An error with an errno-style code, like Node's own. */
function codedError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

const errCode = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** What is at an existing path: a folder, a regular file (or a dangling link: also taken), or else. */
function existingKind(path: string): 'folder' | 'file' | 'special' {
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'special';
  } catch {
    return 'file';
  }
}

/** Every name from `first` to `last` exists (EEXIST): the message names the range. */
function noFreeName(first: string, last: string): NodeJS.ErrnoException {
  return codedError('EEXIST', `no free name (${basename(first)} to ${basename(last)} all exist; move old logs away)`);
}

// fs's callback API on a plain fd: the first file is opened synchronously (openSync) and written like
// the others, so the writer works on fds rather than fs/promises FileHandles
const openFd = (path: string, flags: string): Promise<number> =>
  new Promise((resolve, reject) => open(path, flags, 0o666, (err, fd) => (err ? reject(err) : resolve(fd))));
const closeFd = (fd: number): Promise<void> => new Promise((resolve, reject) => close(fd, (err) => (err ? reject(err) : resolve())));
const writevFd = (fd: number, bufs: Buffer[]): Promise<number> =>
  new Promise((resolve, reject) => writev(fd, bufs, (err, n) => (err ? reject(err) : resolve(n))));

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
  private fd: number | null = null;
  /** How the first file still has to be opened; null once it is (or when startLog opened it). */
  private firstOpen: FirstOpen | null = null;
  private currentFile: string;
  /** The name the log's files derive from: `file`, or the numbered name taken instead of it. */
  private base: string;
  private writerDay: string | null = null;
  private writerIndex = 0;
  private written = 0;
  private pump: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  private idleTimer: NodeJS.Timeout | null = null;
  private readonly onData = (bytes: Uint8Array) => {
    this.record((now) => this.formatter.received(bytes, now));
    this.armIdle();
  };
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
    const firstDay = this.daily ? dayKey(start) : null;
    this.base = options.file;
    this.currentFile = rotatedLogPath(options.file, firstDay, 0);
    this.writerDay = firstDay;
    this.claimFirstFile(firstDay);
    this.nextFile(start, firstDay, true);
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

  /** The terminal showing the session is now cols x rows (asciicast records it; other formats ignore it). */
  resize(cols: number, rows: number): void {
    const formatter = this.formatter;
    if (formatter.resize) this.record((now) => formatter.resize!(cols, rows, now));
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
      if (this.state === 'recording') {
        try {
          await this.closeCurrent();
        } catch (err) {
          this.fail(err);
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

  /**
   * Claim the first file now, synchronously: create it exclusively ('wx') under the first free name of
   * `file`, `file`-2, ... (each day-stamped when `day` is set), so `file` is right from the start and no
   * two logs get one name. Failures are kept for the writer (see FirstOpen).
   */
  private claimFirstFile(day: string | null): void {
    const file = this.options.file;
    if (this.options.append) {
      this.firstOpen = { flags: 'a' };
      return;
    }
    const baseOf = (n: number) => (n === 1 ? file : numberedLogPath(file, n));
    try {
      for (let n = 1; n <= LOG_NAME_TRIES; n++) {
        const path = rotatedLogPath(baseOf(n), day, 0);
        try {
          this.fd = openSync(path, 'wx');
          this.base = baseOf(n);
          this.currentFile = path;
          return;
        } catch (err) {
          if (errCode(err) !== 'EEXIST') throw new LogIoError(err, 'opening', path);
        }
        if (n > 1) continue;
        const kind = existingKind(path);
        if (kind === 'folder') throw new LogIoError(codedError('EISDIR', `${path} is a folder`), 'opening', path);
        if (kind === 'special') {
          this.firstOpen = { flags: 'w' }; // a device or FIFO: nothing to truncate, nothing to lose
          return;
        }
      }
      throw new LogIoError(noFreeName(rotatedLogPath(file, day, 0), rotatedLogPath(baseOf(LOG_NAME_TRIES), day, 0)), 'opening', this.currentFile);
    } catch (err) {
      this.firstOpen = { error: err instanceof LogIoError ? err : new LogIoError(err, 'opening', this.currentFile) };
    }
  }

  private async openNext(item: NextFile): Promise<void> {
    if (item.first) {
      const first = this.firstOpen;
      this.firstOpen = null;
      if (first && 'flags' in first) {
        try {
          this.fd = await openFd(this.currentFile, first.flags);
        } catch (err) {
          throw new LogIoError(err, 'opening', this.currentFile);
        }
      } else {
        // claimed (or refused) in startLog: the first status comes no sooner than an open would have,
        // so a caller attaching its listeners after startLog returns sees it
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (first) throw first.error;
      }
    } else {
      await this.closeCurrent();
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

  /** Close the current file, if one is open. @throws LogIoError 'closing' */
  private async closeCurrent(): Promise<void> {
    const fd = this.fd;
    if (fd === null) return;
    this.fd = null;
    try {
      await closeFd(fd);
    } catch (err) {
      throw new LogIoError(err, 'closing', this.currentFile);
    }
  }

  /**
   * Create the rotated name for writerDay/writerIndex exclusively, or the next free number: never
   * overwrite. @throws LogIoError 'opening' (EEXIST after LOG_NAME_TRIES taken numbers)
   */
  private async openFree(): Promise<void> {
    const from = this.writerIndex;
    for (let tries = 0; tries < LOG_NAME_TRIES; tries++, this.writerIndex++) {
      this.currentFile = rotatedLogPath(this.base, this.writerDay, this.writerIndex);
      try {
        this.fd = await openFd(this.currentFile, 'wx');
        return;
      } catch (err) {
        if (errCode(err) !== 'EEXIST') throw new LogIoError(err, 'opening', this.currentFile);
      }
    }
    const first = rotatedLogPath(this.base, this.writerDay, from);
    throw new LogIoError(noFreeName(first, this.currentFile), 'opening', first);
  }

  private async writeAll(batch: Buffer[]): Promise<void> {
    const fd = this.fd;
    if (fd === null) throw new LogIoError(new Error('no open file'), 'writing', this.currentFile);
    let bufs = batch;
    while (bufs.length > 0) {
      let n: number;
      try {
        n = await writevFd(fd, bufs);
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
    const code = errCode(io.reason);
    const cause = (code && CAUSES[code]) ?? io.message;
    this.state = 'failed';
    this.error = `${cause} ${io.doing} ${io.file}: ${groupDigits(this.written)} bytes written before the failure${code ? ` (${code})` : ''}`;
    this.detach();
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.releasePause();
    const fd = this.fd;
    this.fd = null;
    // what was written stays; a close error after a write error adds nothing to tell
    if (fd !== null) close(fd, () => undefined);
    this.emit('status', this.status);
  }

  /** One timer, pushed back by each received chunk: a prompt reaches the file once the line is quiet. */
  private armIdle(): void {
    const idleMs = this.options.idleFlushMs ?? 1000;
    if (!this.formatter.idle || idleMs <= 0) return;
    if (this.idleTimer) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.record((now) => this.formatter.idle!(now));
    }, idleMs);
    this.idleTimer.unref();
  }

  private detach(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
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
 * Start logging `session` to `options.file`, or to the next free numbered name when that exists (see
 * the module comment): the first file is created here, synchronously, so `log.file` is the file written
 * once this returns. Returns at once otherwise; watch 'status' for 'recording' (file open, emitted
 * after the caller's synchronous code), 'failed' (with the reason) and 'stopped'. The log stops by itself
 * when the session closes.
 * @throws Error for an invalid option (e.g. a negative maxBytes); I/O failures never throw (they arrive
 * as a 'failed' status, the first file's too).
 */
export function startLog(session: Session, options: LogOptions): SessionLog {
  return new SessionLog(session, options);
}
