/**
 * The app's logs, one per session at most: what the IPC handlers 'log.start', 'log.stop' and
 * 'log.openFolder' and the 'log.status' event need, so the host code stays a few lines. The contract's
 * LogStatus (src-shared/ipc/contract.ts) is produced here from SessionLog's status.
 */
import { basename } from 'node:path';
import type { LogStatus as IpcLogStatus } from '../../src-shared/ipc/contract.js';
import type { LogChoices, LogFormat } from '../../src-shared/ipc/profile.js';
import type { Session } from '../sessions/session.js';
import { expandLogFileName, type LogNameFields } from './file-name.js';
import { startLog, type LogOptions, type LogStatus, type SessionLog } from './session-log.js';

/** The contract's 'log.status' payload for a SessionLog status: file name only, never the folder. */
export function toIpcLogStatus(sessionId: string, s: LogStatus): IpcLogStatus {
  const out: IpcLogStatus = {
    sessionId,
    active: s.state === 'recording',
    format: s.format,
    fileName: basename(s.file),
    bytesWritten: s.bytesWritten,
  };
  if (s.error !== undefined) out.error = s.error;
  return out;
}

/** The usual file extension of a format. */
export function logFileExtension(format: LogFormat): string {
  return { raw: '.log', text: '.txt', hex: '.hex.txt', asciicast: '.cast', jsonl: '.jsonl' }[format];
}

/**
 * A suggested file name for a new log (for the save dialog, or the browser host's folder):
 * "{profile}-{datetime}" (or the target when there is no profile) plus the format's extension. Only a
 * suggestion: two logs started in one second get the same one, and the log takes a numbered name.
 */
export function suggestLogFileName(fields: LogNameFields, format: LogFormat, now: number): string {
  const stem = expandLogFileName(fields.profile ? '{profile}-{datetime}' : '{target}-{datetime}', fields, now);
  return `${stem || 'session'}${logFileExtension(format)}`;
}

/** Logs by session id; each status change goes to `onStatus` already in the contract's shape. */
/** The LogOptions (less the file) of an operator's or a profile's log choices. */
export function logOptionsOf(choices: LogChoices): Omit<LogOptions, 'file'> {
  const { format, timestamps, sent, rotate } = choices;
  return {
    format,
    timestamps,
    sent: format !== 'raw' && sent, // a raw log is the received bytes exactly
    rotate: { ...(rotate.maxBytes !== null ? { maxBytes: rotate.maxBytes } : {}), daily: rotate.daily },
  };
}

export class SessionLogs {
  private readonly logs = new Map<string, SessionLog>();
  private readonly lastFiles = new Map<string, string>();
  /** The size of the terminal showing each session, as its window last reported it (columns, rows). */
  private readonly paneSizes = new Map<string, { cols: number; rows: number }>();
  /** The size any pane last reported: a new session's pane is the same size (one window, one pane area). */
  private lastPaneSize: { cols: number; rows: number } | null = null;

  constructor(private readonly onStatus: (status: IpcLogStatus) => void) {}

  /**
   * Start logging `session` now (synchronously: call it from the manager's 'opened' listener and the
   * log sees the session's first event). A previous log of the session lets go of it at once and
   * finishes writing in the background: no record goes to both. The file is created exclusively: when
   * `options.file` exists (an earlier session's log, or a name another log took this second) the log
   * writes name-2.log, name-3.log, ... instead; the returned log's `file` names it (startLog).
   * @throws Error for invalid options (I/O failures arrive as a 'failed' status instead).
   */
  start(sessionId: string, session: Session, options: LogOptions): SessionLog {
    void this.logs.get(sessionId)?.stop(); // detaches synchronously; flushing continues
    // an automatic log starts as the session opens, before its pane reports: the window's size is the best guess
    const size = this.paneSizes.get(sessionId) ?? this.lastPaneSize;
    const log = startLog(session, size ? { width: size.cols, height: size.rows, ...options } : options);
    this.logs.set(sessionId, log);
    this.lastFiles.set(sessionId, log.file);
    log.on('status', (s) => {
      this.lastFiles.set(sessionId, s.file);
      if (s.state !== 'recording' && this.logs.get(sessionId) === log) this.logs.delete(sessionId);
      this.onStatus(toIpcLogStatus(sessionId, s));
    });
    return log;
  }

  /** The terminal showing the session is now cols x rows: the current log records it, later logs start with it. */
  resize(sessionId: string, cols: number, rows: number): void {
    this.paneSizes.set(sessionId, { cols, rows });
    this.lastPaneSize = { cols, rows };
    this.logs.get(sessionId)?.resize(cols, rows);
  }

  /** The session is gone: forget its size (its log stops by itself). */
  forget(sessionId: string): void {
    this.paneSizes.delete(sessionId);
  }

  /** Stop the session's log (flushed and closed when this resolves); nothing when there is none. */
  async stop(sessionId: string): Promise<void> {
    await this.logs.get(sessionId)?.stop();
  }

  /** The session's current log, if recording. */
  get(sessionId: string): SessionLog | undefined {
    return this.logs.get(sessionId);
  }

  /** The file the session's current or last log wrote (for 'log.openFolder'), or null. */
  lastFile(sessionId: string): string | null {
    return this.lastFiles.get(sessionId) ?? null;
  }

  /** Stop every log (app quit). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.logs.values()].map((log) => log.stop()));
  }
}
