/**
 * Log formats: each turns the session's records (received bytes, sent bytes, events) into the bytes of
 * a log file. Formatters are synchronous and keep only small state (a partial line, a UTF-8 decoder, byte
 * offsets); the writer (session-log.ts) owns the file, rotation and backpressure.
 */
import { LOG_FORMATS, LOG_TIMESTAMPS, type LogFormat, type LogTimestamps } from '../../src-shared/ipc/profile.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import { AsciicastFormatter } from './asciicast-format.js';
import { HexFormatter } from './hex-format.js';
import { TextFormatter } from './text-format.js';

/** File formats (src-shared/ipc/profile.ts): raw: received bytes only, exactly; text, hex, asciicast v2, jsonl: see each formatter. */
export const LOG_FILE_FORMATS = LOG_FORMATS;
export type LogFileFormat = LogFormat;
export { LOG_TIMESTAMPS, type LogTimestamps };

/** Decoding of bytes for the text formats. latin1 is ISO 8859-1 (every byte one character). */
export const LOG_ENCODINGS = ['utf-8', 'latin1'] as const;
export type LogEncoding = (typeof LOG_ENCODINGS)[number];

/** A note the log's owner adds (dial results, "log started"): logged like an event. */
export interface LogNote {
  type: 'note';
  text: string;
}
/** What goes into a log besides data bytes. */
export type LogEventRecord = SessionEvent | LogNote;

/** What a formatter needs to know. Times in ms since the epoch (from the log's clock). */
export interface FormatOptions {
  timestamps: LogTimestamps;
  /** Log the bytes sent as well as those received. */
  sent: boolean;
  /** Log session events and notes inline. */
  events: boolean;
  encoding: LogEncoding;
  /** When the log started (elapsed timestamps count from here). */
  startMs: number;
  /** asciicast header: terminal size in columns and rows, and a title. */
  width: number;
  height: number;
  title?: string;
}

/** Turns records into file bytes. Each method returns the bytes to append, or null for nothing. */
export interface LogFormatter {
  /**
   * True when a record may be cut anywhere at a file boundary (raw: the concatenated files are the input
   * exactly). Otherwise rotation happens between records.
   */
  readonly splittable: boolean;
  /** Bytes that begin every file (asciicast's header line); `now` is the file's start. */
  fileHeader(now: number): Buffer | null;
  received(bytes: Uint8Array, now: number): Buffer | null;
  sent(bytes: Uint8Array, now: number): Buffer | null;
  event(ev: LogEventRecord, now: number): Buffer | null;
  /** Optional: what a reader waits for once received input has gone quiet (text: a prompt with no line end). */
  idle?(now: number): Buffer | null;
  /** Optional: the terminal was resized to cols x rows (asciicast's "r" event). */
  resize?(cols: number, rows: number, now: number): Buffer | null;
  /** What is held back (a partial line) when the log stops. */
  flush(now: number): Buffer | null;
}

/** raw: the received bytes exactly as they came off the line (telnet-unescaped), nothing else. */
class RawFormatter implements LogFormatter {
  readonly splittable = true;
  fileHeader(): null {
    return null;
  }
  received(bytes: Uint8Array): Buffer {
    return Buffer.from(bytes); // a copy: the session may reuse its buffer
  }
  sent(): null {
    return null;
  }
  event(): null {
    return null;
  }
  flush(): null {
    return null;
  }
}

/**
 * jsonl: one JSON object per line, for tools: {"t":ISO,"ms":elapsed,"rx":hex} for received bytes,
 * "tx" for sent bytes (when sent is on), "event" for session events, "note" for notes.
 */
class JsonlFormatter implements LogFormatter {
  readonly splittable = false;
  constructor(private readonly o: FormatOptions) {}
  fileHeader(): null {
    return null;
  }
  private line(now: number, key: string, value: unknown): Buffer {
    const t = new Date(now).toISOString();
    return Buffer.from(`${JSON.stringify({ t, ms: now - this.o.startMs, [key]: value })}\n`);
  }
  received(bytes: Uint8Array, now: number): Buffer {
    return this.line(now, 'rx', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
  }
  sent(bytes: Uint8Array, now: number): Buffer | null {
    if (!this.o.sent) return null;
    return this.line(now, 'tx', Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
  }
  event(ev: LogEventRecord, now: number): Buffer | null {
    if (!this.o.events) return null;
    return ev.type === 'note' ? this.line(now, 'note', ev.text) : this.line(now, 'event', ev);
  }
  flush(): null {
    return null;
  }
}

/** The formatter for `format`. */
export function createFormatter(format: LogFileFormat, options: FormatOptions): LogFormatter {
  switch (format) {
    case 'raw':
      return new RawFormatter();
    case 'text':
      return new TextFormatter(options);
    case 'hex':
      return new HexFormatter(options);
    case 'asciicast':
      return new AsciicastFormatter(options);
    case 'jsonl':
      return new JsonlFormatter(options);
  }
}

/** A streaming decoder of bytes to text: UTF-8 keeps a split multi-byte character for the next call. */
export function createDecoder(encoding: LogEncoding): (bytes: Uint8Array) => string {
  if (encoding === 'latin1') {
    return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
  const decoder = new TextDecoder('utf-8'); // invalid sequences become U+FFFD
  return (bytes) => decoder.decode(bytes, { stream: true });
}

/** The timestamp column: '' (none), ISO 8601 UTC, or elapsed seconds '+    12.345', then a space. */
export function timestampColumn(mode: LogTimestamps, now: number, startMs: number): string {
  if (mode === 'none') return '';
  if (mode === 'wall') return `${new Date(now).toISOString()} `;
  return `+${((now - startMs) / 1000).toFixed(3).padStart(10)} `;
}
