/**
 * The window's file transfers (issue 13): one per session, run with runTransfer (./run-transfer.ts) and
 * reported as 'transfer.status' (at most every STATUS_MS while running, and once at the end).
 *
 * While an engine runs, the session's received and sent bytes are diverted (divertSession): the pump
 * (the pane) and the session log do not see them; the log gets one event line at the start and one at
 * the end, and the bytes after the end go back to the pane and the log as received bytes.
 *
 * Where files come from and go is the host's (TransferFiles): Electron asks with dialogs in main, the
 * browser host uses its transfer folder (a file NAME in it, never a path). A file dropped onto the pane
 * arrives as bytes in the request and is streamed to the engine directly (never written to disk).
 * Received files are kept in memory (at most MAX_RECEIVE_BYTES per file) and written at their end under
 * safeFileName, never over an existing file (name-2.ext).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ReceiveProtocol, SendProtocol, TransferProtocol, TransferStatus } from '../../src-shared/ipc/contract.js';
import {
  XmodemReceiver,
  XmodemSender,
  ZmodemReceiver,
  ZmodemSender,
  safeFileName,
  type BlockCheck,
  type TransferEngine,
  type TransferEvent,
} from '../../src-shared/transfer/index.js';
import { realClock, type Clock } from '../clock.js';
import { IpcFailure } from '../ipc/router.js';
import type { Session } from '../sessions/session.js';
import { runTransfer, type TransferOutcome } from './run-transfer.js';
import { normaliseNewlines, pasteSteps, type PastePacing, type SendNewline } from '../../src-shared/bytes/paced-text.js';

/** Least time between two 'running' statuses of one transfer, ms. */
export const STATUS_MS = 100;
/** Largest file sent from disk, and largest file received (kept in memory until its end), bytes. */
export const MAX_SEND_BYTES = 64 * 1024 * 1024;
export const MAX_RECEIVE_BYTES = 64 * 1024 * 1024;

/** Where transfer files come from and go: the host's part (like HostServices.chooseLogFile). */
export interface TransferFiles {
  /**
   * The path of a file to send, or null when the operator cancelled. Electron: an open dialog (the name
   * is ignored); browser host: `fileName` in its transfer folder (a base name; anything else is refused).
   */
  pickSendFile(fileName?: string): Promise<string | null>;
  /** The folder received files go into, or null when the operator cancelled. */
  pickReceiveFolder(): Promise<string | null>;
}

/** A transfer folder as the browser host uses it: names inside it only. */
export function folderTransferFiles(dir: string): TransferFiles {
  return {
    async pickSendFile(fileName) {
      if (!fileName) throw new IpcFailure(`name a file in the transfer folder (${dir})`, 'bad-request');
      if (safeFileName(fileName) !== fileName || fileName === '_') throw new IpcFailure(`"${fileName}" is not a plain file name`, 'bad-request');
      const file = join(dir, fileName);
      if (!existsSync(file)) throw new IpcFailure(`no file "${fileName}" in the transfer folder (${dir})`, 'not-found');
      return file;
    },
    async pickReceiveFolder() {
      await mkdir(dir, { recursive: true });
      return dir;
    },
  };
}

/** A free path for `name` in `dir`: the name itself, else name-2.ext, name-3.ext ... */
export function freeFileName(dir: string, name: string): string {
  const safe = safeFileName(name);
  const dot = safe.lastIndexOf('.') > 0 ? safe.lastIndexOf('.') : safe.length;
  for (let i = 1; ; i++) {
    const candidate = join(dir, i === 1 ? safe : `${safe.slice(0, dot)}-${i}${safe.slice(dot)}`);
    if (!existsSync(candidate)) return candidate;
  }
}

export interface TransferServiceDeps {
  session(id: string): Session | undefined;
  emit(status: TransferStatus): void;
  /** One event line in the session's log (when it has one). */
  note(sessionId: string, text: string): void;
  /** undefined: the host offers no files (transfers refused). */
  files: TransferFiles | undefined;
  clock?: Clock;
}

interface Run {
  abort: AbortController;
  status: TransferStatus;
  /** Resolves with the last status once the transfer has ended (a macro's transfer step waits on it). */
  ended: Promise<TransferStatus>;
  end(status: TransferStatus): void;
}

export class TransferService {
  private readonly runs = new Map<string, Run>();
  private readonly clock: Clock;

  constructor(private readonly deps: TransferServiceDeps) {
    this.clock = deps.clock ?? realClock;
  }

  /** Whether a transfer runs on `sessionId`. */
  running(sessionId: string): boolean {
    return this.runs.has(sessionId);
  }

  /** The running transfer's final status when it ends, or null when none runs. */
  whenDone(sessionId: string): Promise<TransferStatus> | null {
    return this.runs.get(sessionId)?.ended ?? null;
  }

  /** Start sending a file. @throws IpcFailure (busy, no file, too big, not connected). */
  async send(p: { sessionId: string; protocol: SendProtocol; fileName?: string; drop?: { name: string; bytes: Uint8Array }; text?: TextSend }): Promise<{ started: boolean }> {
    this.idle(p.sessionId);
    let name: string;
    let data: Uint8Array;
    let mtime: number | null = null;
    if (p.drop) {
      name = safeFileName(p.drop.name);
      data = p.drop.bytes;
    } else {
      const path = await this.files().pickSendFile(p.fileName);
      if (path === null) return { started: false };
      const st = await stat(path).catch((err: Error) => {
        throw new IpcFailure(`cannot read ${basename(path)}: ${err.message}`, 'not-found');
      });
      if (!st.isFile()) throw new IpcFailure(`${basename(path)} is not a file`, 'bad-request');
      if (st.size > MAX_SEND_BYTES) throw new IpcFailure(`${basename(path)} is ${st.size} bytes; at most ${MAX_SEND_BYTES} are sent`, 'bad-request');
      data = new Uint8Array(await readFile(path));
      name = safeFileName(basename(path));
      mtime = Math.floor(st.mtimeMs / 1000);
    }
    const session = this.connected(p.sessionId);
    this.idle(p.sessionId); // the dialog may have been open a while
    const engine = senderFor(p.protocol, name, data, mtime);
    const text = p.protocol === 'text' ? (p.text ?? DEFAULT_TEXT_SEND) : undefined;
    this.begin(session, p.sessionId, p.protocol, 'send', engine, { name, size: data.byteLength }, { data, ...(text ? { text } : {}) });
    return { started: true };
  }

  /** Start receiving into the host's folder. @throws IpcFailure (busy, not connected, no folder). */
  async receive(p: { sessionId: string; protocol: ReceiveProtocol }): Promise<{ started: boolean }> {
    this.idle(p.sessionId);
    const folder = await this.files().pickReceiveFolder();
    if (folder === null) return { started: false };
    const session = this.connected(p.sessionId);
    this.idle(p.sessionId);
    const sink = new FileSink(folder, p.protocol);
    const engine = receiverFor(p.protocol);
    this.begin(session, p.sessionId, p.protocol, 'receive', engine, null, null, sink);
    return { started: true };
  }

  /** Cancel the session's transfer; nothing running is fine. */
  cancel(sessionId: string): void {
    this.runs.get(sessionId)?.abort.abort();
  }

  /** The session closed: cancel what runs. */
  forget(sessionId: string): void {
    this.cancel(sessionId);
  }

  private files(): TransferFiles {
    if (!this.deps.files) throw new IpcFailure('this host offers no file transfers', 'not-available');
    return this.deps.files;
  }

  private idle(sessionId: string): void {
    if (this.runs.has(sessionId)) throw new IpcFailure('a transfer already runs on this session', 'failed');
  }

  private connected(sessionId: string): Session {
    const s = this.deps.session(sessionId);
    if (!s) throw new IpcFailure(`no open session "${sessionId}"`, 'unknown-session');
    const state = s.snapshot().state;
    if (state !== 'connected') throw new IpcFailure(`the session is ${state}, not connected`, 'failed');
    return s;
  }

  private begin(
    session: Session,
    sessionId: string,
    protocol: TransferProtocol,
    direction: 'send' | 'receive',
    engine: TransferEngine | null,
    file: { name: string; size: number } | null,
    plain: { data: Uint8Array; text?: TextSend } | null,
    sink?: FileSink,
  ): void {
    const abort = new AbortController();
    const status: TransferStatus = {
      sessionId,
      state: 'running',
      protocol,
      direction,
      ...(file ? { file: file.name } : {}),
      bytes: 0,
      total: file ? file.size : null,
      rate: 0,
      retries: 0,
    };
    let end: (s: TransferStatus) => void = () => undefined;
    const ended = new Promise<TransferStatus>((resolve) => (end = resolve));
    const run: Run = { abort, status, ended, end: (s) => end(s) };
    this.runs.set(sessionId, run);
    const startedAt = this.clock.now();
    let lastSent = -Infinity;
    /** File bytes of the whole transfer (every file), for the rate. */
    let bytesAll = 0;
    const report = (force: boolean) => {
      const now = this.clock.now();
      if (!force && now - lastSent < STATUS_MS) return;
      lastSent = now;
      const secs = (now - startedAt) / 1000;
      status.rate = secs > 0 ? Math.round(bytesAll / secs) : 0;
      this.deps.emit({ ...status });
    };
    const what = `${direction === 'send' ? 'send' : 'receive'} ${protocol}${file ? ` ${file.name} (${file.size} bytes)` : ''}`;
    this.deps.note(sessionId, `transfer started: ${what}`);
    report(true);

    const onEvent = (ev: TransferEvent) => {
      const st = status;
      switch (ev.type) {
        case 'file':
          st.file = safeFileName(ev.name);
          st.total = ev.size;
          st.bytes = 0;
          sink?.open(ev.name);
          break;
        case 'data':
          sink?.data(ev.bytes);
          break;
        case 'fileEnd':
          sink?.end(ev.bytes);
          break;
        case 'progress':
          bytesAll += Math.max(0, ev.bytes - st.bytes);
          st.bytes = ev.bytes;
          if (ev.total !== null) st.total = ev.total;
          st.retries = ev.retries;
          break;
        case 'retry':
          st.retries = ev.retries;
          st.message = ev.reason;
          break;
        case 'ending':
          st.state = 'ending';
          st.message = `${ev.reason}; waiting for the far end to stop sending (Cancel stops waiting)`.slice(0, 500);
          report(true);
          return;
        default:
          break;
      }
      report(false);
    };

    /** How it ended, and `handBack`: gives the bytes after the end back to the pane and the log. */
    type Ended = Omit<TransferOutcome, 'rest'> & { handBack?: () => void };
    const finish = async (outcome: Ended) => {
      let message = outcome.reason === 'local' ? 'cancelled here' : outcome.reason === 'peer' ? 'cancelled by the far end' : outcome.reason;
      let result = outcome.result;
      if (sink) {
        try {
          const saved = await sink.close(result === 'done');
          if (saved.length > 0) message = `saved ${saved.join(', ')}${message ? `; ${message}` : ''}`;
        } catch (err) {
          result = 'failed';
          message = `the file could not be written: ${(err as Error).message}`;
        }
      }
      status.state = result;
      if (message) status.message = message.slice(0, 500);
      else delete status.message;
      this.runs.delete(sessionId);
      try {
        // the end line goes in the log before the bytes that came after the end
        this.deps.note(sessionId, `transfer ${result}: ${what}${message ? ` (${message})` : ''}`);
        report(true);
      } finally {
        outcome.handBack?.();
        run.end({ ...status });
      }
    };

    const go = async (): Promise<Ended> => {
      if (engine === null) {
        const progress = (bytes: number, total: number) => onEvent({ type: 'progress', bytes, total, blocks: 0, retries: 0 });
        return sendPlain(session, plain!.data, { signal: abort.signal, progress, clock: this.clock, ...(plain!.text ? { text: plain!.text } : {}) });
      }
      const diverted = divertSession(session);
      let outcome: TransferOutcome;
      try {
        outcome = await runTransfer(diverted.session, engine, { onEvent, signal: abort.signal, clock: this.clock });
      } catch (err) {
        diverted.restore();
        throw err;
      }
      // bytes arriving while the file is written wait, in order, behind the engine's rest
      const late: Uint8Array[] = outcome.rest.length > 0 ? [outcome.rest] : [];
      const keep = (bytes: Uint8Array) => late.push(bytes.slice());
      diverted.session.on('data', keep);
      return {
        result: outcome.result,
        ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        handBack: () => {
          diverted.session.off('data', keep);
          diverted.restore();
          for (const bytes of late) diverted.receive(bytes);
        },
      };
    };
    void go().then(finish, (err: unknown) => finish({ result: 'failed', reason: String(err) }));
  }
}

/**
 * The engine that receives by `protocol`; `check` is an XMODEM/YMODEM receiver's choice (CRC-16 by
 * default); YMODEM-g and ZMODEM have their own.
 */
export function receiverFor(protocol: ReceiveProtocol, check: BlockCheck = 'crc'): TransferEngine {
  switch (protocol) {
    case 'xmodem':
    case 'xmodem-1k':
      return new XmodemReceiver({ protocol: 'xmodem', check }); // both block sizes are taken
    case 'ymodem':
      return new XmodemReceiver({ protocol: 'ymodem', check });
    case 'ymodem-g':
      return new XmodemReceiver({ protocol: 'ymodem', streaming: true });
    case 'zmodem':
      return new ZmodemReceiver({});
  }
}

/** The engine that sends `data` named `name` by `protocol` (raw and text: null, see sendPlain). */
export function senderFor(protocol: SendProtocol, name: string, data: Uint8Array, mtime: number | null): TransferEngine | null {
  switch (protocol) {
    case 'xmodem':
      return new XmodemSender({ protocol: 'xmodem', files: [{ name, data }], blocks: '128' });
    case 'xmodem-1k':
      return new XmodemSender({ protocol: 'xmodem', files: [{ name, data }], blocks: '1k' });
    case 'ymodem':
      return new XmodemSender({ protocol: 'ymodem', files: [{ name, data, mtime }] });
    case 'zmodem':
      return new ZmodemSender({ files: [{ name, size: data.byteLength, bytes: data, mtime }] });
    case 'raw':
    case 'text':
      return null;
  }
}

/** A text file's send (like minicom's ascii-xfr): its line ends made `newline`, then paced. */
export interface TextSend extends PastePacing {
  newline: SendNewline;
}

/** A text send with no settings given: line ends sent as CR (what a device's console takes as Enter), no delays. */
export const DEFAULT_TEXT_SEND: TextSend = { newline: 'cr', charDelayMs: 0, lineDelayMs: 0 };

/** Bytes a plain send writes at once (then it waits for the session's 'drain' when write() says so). */
const PLAIN_CHUNK = 1024;

/**
 * Plain send (issue 13): `data` as it is (raw), or with `text` as a text file, the way a paste goes out
 * (paced-text.ts: line ends made the send newline, a delay after each character and/or line). Written
 * in PLAIN_CHUNK pieces paced by the session's back-pressure. Resolves 'done', 'cancelled' (by
 * `signal`: 'local') or 'failed' (the line was lost, while writing or waiting); `progress(n, total)`
 * reports bytes written of the bytes to write (after the line-end change). Never throws for line trouble.
 */
export async function sendPlain(
  session: Session,
  data: Uint8Array,
  options: { signal: AbortSignal; progress?: (bytes: number, total: number) => void; text?: TextSend; clock?: Clock },
): Promise<Omit<TransferOutcome, 'rest'>> {
  const { signal, text } = options;
  const clock = options.clock ?? realClock;
  // text is handled as Latin-1 (one char a byte): line ends and pacing never change the other bytes
  const source = text ? normaliseNewlines(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'), text.newline) : null;
  const total = source !== null ? source.length : data.byteLength;
  const steps: Iterable<{ bytes: Uint8Array; delayMs: number }> =
    source !== null ? mapSteps(pasteSteps(source, text!)) : [{ bytes: data, delayMs: 0 }];
  let lost: string | null = null;
  let wake = (): void => undefined;
  const onEvent = (ev: { type: string; state?: string; reason?: string }) => {
    if (ev.type === 'status' && ev.state !== 'connected' && ev.state !== 'connecting') {
      lost = `the line was lost (${ev.state}${ev.reason ? `: ${ev.reason}` : ''})`;
      wake();
    }
  };
  /** Resolve on `event` of the session, on abort, on a lost line, or after `ms` (when given). */
  const wait = (event: 'drain' | null, ms: number | null) =>
    new Promise<void>((resolve) => {
      let cancelTimer = (): void => undefined;
      const done = () => {
        wake = () => undefined;
        if (event) session.off(event, done);
        signal.removeEventListener('abort', done);
        cancelTimer();
        resolve();
      };
      wake = done;
      if (event) session.on(event, done);
      if (ms !== null) cancelTimer = clock.setTimer(ms, done);
      signal.addEventListener('abort', done);
      // cancelled or lost already (a write can report the loss at once): no 'drain' is coming
      if (signal.aborted || lost) done();
    });
  if (session.snapshot().state !== 'connected') return { result: 'failed', reason: `the session is ${session.snapshot().state}, not connected` };
  session.on('event', onEvent);
  try {
    let written = 0;
    for (const step of steps) {
      for (let o = 0; o < step.bytes.byteLength; o += PLAIN_CHUNK) {
        if (signal.aborted) return { result: 'cancelled', reason: 'local' };
        if (lost) return { result: 'failed', reason: lost };
        const piece = step.bytes.subarray(o, o + PLAIN_CHUNK);
        const more = session.write(piece);
        written += piece.byteLength;
        options.progress?.(written, total);
        if (!more) await wait('drain', null);
      }
      if (step.delayMs > 0) await wait(null, step.delayMs);
    }
    if (signal.aborted) return { result: 'cancelled', reason: 'local' };
    return lost ? { result: 'failed', reason: lost } : { result: 'done' };
  } finally {
    session.off('event', onEvent);
  }
}

function* mapSteps(steps: Iterable<{ text: string; delayMs: number }>): Generator<{ bytes: Uint8Array; delayMs: number }> {
  for (const s of steps) yield { bytes: Buffer.from(s.text, 'latin1'), delayMs: s.delayMs };
}

/**
 * Divert a session's 'data' and 'sent' while a transfer runs: nothing else (the pump, a log, a macro)
 * hears them. Returns a stand-in session for runTransfer (its 'data' is the diverted bytes; everything
 * else is the session's), restore(), and receive(bytes) to hand bytes back as if they arrived now.
 */
export function divertSession(session: Session): { session: Session; restore(): void; receive(bytes: Uint8Array): void } {
  const listeners = new Set<(bytes: Uint8Array) => void>();
  const sentListeners = new Set<(bytes: Uint8Array) => void>();
  const own = Object.prototype.hasOwnProperty.call(session, 'emit');
  const original = session.emit;
  const emitOriginal = original.bind(session) as (name: string, ...args: unknown[]) => boolean;
  const patched = (name: string, ...args: unknown[]): boolean => {
    if (name === 'data') {
      for (const fn of [...listeners]) fn(args[0] as Uint8Array);
      return true;
    }
    if (name === 'sent') {
      // the transfer's own bytes: its driver paces a stream by them; the log and the pane never see them
      for (const fn of [...sentListeners]) fn(args[0] as Uint8Array);
      return true;
    }
    return emitOriginal(name, ...args);
  };
  (session as unknown as { emit: typeof patched }).emit = patched;
  const standIn = {
    snapshot: () => session.snapshot(),
    applySettings: (patch: Parameters<Session['applySettings']>[0]) => session.applySettings(patch),
    write: (bytes: Uint8Array) => session.write(bytes),
    on(name: string, fn: (...a: never[]) => void) {
      if (name === 'data') listeners.add(fn as (b: Uint8Array) => void);
      else if (name === 'sent') sentListeners.add(fn as (b: Uint8Array) => void);
      else session.on(name as 'event', fn as never);
      return standIn;
    },
    off(name: string, fn: (...a: never[]) => void) {
      if (name === 'data') listeners.delete(fn as (b: Uint8Array) => void);
      else if (name === 'sent') sentListeners.delete(fn as (b: Uint8Array) => void);
      else session.off(name as 'event', fn as never);
      return standIn;
    },
  };
  return {
    session: standIn as unknown as Session,
    restore() {
      if (own) (session as unknown as { emit: typeof original }).emit = original;
      else delete (session as unknown as { emit?: unknown }).emit;
    },
    receive: (bytes) => void emitOriginal('data', bytes),
  };
}

/** Received files: kept in memory per file (bounded), written at their end to a free name in `folder`. */
class FileSink {
  private name: string | null = null;
  private chunks: Uint8Array[] = [];
  private size = 0;
  private readonly saved: string[] = [];
  private writes: Promise<void> = Promise.resolve();
  private error: Error | null = null;

  constructor(
    private readonly folder: string,
    private readonly protocol: string,
  ) {}

  open(name: string): void {
    this.flush(null);
    this.name = name;
  }

  data(bytes: Uint8Array): void {
    this.size += bytes.byteLength;
    if (this.size > MAX_RECEIVE_BYTES) {
      this.error ??= new Error(`the file is larger than ${MAX_RECEIVE_BYTES} bytes`);
      return;
    }
    this.chunks.push(bytes.slice());
  }

  end(bytes: number): void {
    this.flush(bytes);
  }

  /** Write what is pending (when the transfer went well, or a file ended) and say the names written. */
  async close(ok: boolean): Promise<string[]> {
    if (ok) this.flush(null);
    await this.writes;
    if (this.error) throw this.error;
    return this.saved;
  }

  private flush(bytes: number | null): void {
    if (this.chunks.length === 0 && this.name === null) return;
    const name = this.name ?? `${this.protocol}-received.bin`;
    const chunks = this.chunks;
    const length = bytes ?? this.size;
    this.chunks = [];
    this.size = 0;
    this.name = null;
    this.writes = this.writes.then(async () => {
      if (this.error) return;
      try {
        const all = new Uint8Array(chunks.reduce((k, c) => k + c.byteLength, 0));
        let o = 0;
        for (const c of chunks) {
          all.set(c, o);
          o += c.byteLength;
        }
        const path = freeFileName(this.folder, name);
        await writeFile(path, all.subarray(0, Math.min(length, all.byteLength)), { flag: 'wx' });
        this.saved.push(basename(path));
      } catch (err) {
        this.error = err as Error;
      }
    });
  }
}
