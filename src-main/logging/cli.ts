/**
 * Session logging on the command line (`dialtone connect ... --log FILE`): the options, their parsing,
 * and attaching a log whose failure is reported on stderr while the session keeps running.
 *
 * Wiring in a command (connect.ts): add LOG_CLI_OPTIONS to the option spec and LOG_CLI_USAGE to the
 * usage text, then
 *   const log = attachCliLog(session, logOptionsFromArgs(cmd.parsed, cmd.target), cliLogReporter(cmd.events));
 *   ... before returning the exit status:  await log?.stop();
 */
import type { ErrorEvent, WarningEvent } from '../../src-shared/session/events.js';
import { formatTarget, type Target } from '../../src-shared/session/target.js';
import { choiceOption, UsageError, type ParsedArgs } from '../cli/args.js';
import type { Session } from '../sessions/session.js';
import { expandLogFileName, type LogNameFields } from './file-name.js';
import { LOG_FILE_FORMATS, LOG_TIMESTAMPS } from './formats.js';
import { startLog, type LogOptions, type LogStatus, type SessionLog } from './session-log.js';

/** The logging options, to spread into a command's OptionSpec. */
export const LOG_CLI_OPTIONS = {
  values: ['log', 'log-format', 'log-timestamps'],
  flags: ['log-sent'],
} as const;

/** The logging options' lines for a command's usage text. */
export const LOG_CLI_USAGE = `logging (the log listens at the session: a slow stdout never costs log bytes):
  --log FILE                  log the session to FILE; FILE may use {date} {time} {datetime} {host}
                              {port} {path} {target}. An existing FILE is never overwritten: the log
                              goes to FILE-2, FILE-3, ... (a device or FIFO is written as it is)
  --log-format F              raw (received bytes exactly) | text (default) | hex | asciicast | jsonl
  --log-timestamps T          none | wall (ISO 8601 UTC) | elapsed (seconds), per line of text/hex
                              (default: none for text, wall for hex)
  --log-sent                  log the bytes sent too (text '>', hex '>', asciicast input, jsonl tx)`;

/** The name fields of a target, for file-name templates. */
export function targetNameFields(target: Target): LogNameFields {
  return target.kind === 'serial'
    ? { path: target.path, target: formatTarget(target) }
    : { host: target.host, port: target.port, target: formatTarget(target) };
}

/**
 * Log options from parsed arguments; null when --log is not given. A FILE with {fields} is expanded
 * with `target`'s fields and the local time `now` (ms).
 * @throws UsageError for a bad --log-format / --log-timestamps value, a logging option without --log,
 * or an unknown {field} in FILE.
 */
export function logOptionsFromArgs(parsed: ParsedArgs, target?: Target, now: number = Date.now()): LogOptions | null {
  const format = choiceOption(parsed, 'log-format', LOG_FILE_FORMATS);
  const timestamps = choiceOption(parsed, 'log-timestamps', LOG_TIMESTAMPS);
  const sent = parsed.flags.has('log-sent');
  const template = parsed.values.get('log');
  if (template === undefined) {
    const stray = format ? '--log-format' : timestamps ? '--log-timestamps' : sent ? '--log-sent' : null;
    if (stray) throw new UsageError(`${stray} needs --log FILE`);
    return null;
  }
  if (template === '') throw new UsageError('--log needs a file name');
  let file: string;
  try {
    file = expandLogFileName(template, target ? targetNameFields(target) : {}, now);
  } catch (err) {
    throw new UsageError(`--log: ${(err as Error).message}`);
  }
  const options: LogOptions = { file, format: format ?? 'text', sent };
  if (timestamps) options.timestamps = timestamps;
  return options;
}

/** The 'error' SessionEvent that reports a failed log (for --events consumers). */
export function logFailureEvent(status: LogStatus): ErrorEvent {
  return { type: 'error', code: 'log-failed', message: `log stopped: ${status.error ?? 'unknown failure'}` };
}

/** What the command line is told of its log: a status, and the file asked for when another was taken. */
export type CliLogHandler = (status: LogStatus, askedFile?: string) => void;

/**
 * A status handler for the command line, writing to `stderr` an event JSON line when `events` is on (the
 * --events stream stays pure JSON), else a "dialtone connect: ..." line:
 *   - a failed log, as an 'error' event (code 'log-failed');
 *   - a log written under another name than the one asked for (FILE existed, so FILE-2 was taken: a log
 *     never overwrites another), as a 'warning' event (code 'log-renamed').
 */
export function cliLogReporter(events: boolean, stderr: NodeJS.WritableStream = process.stderr): CliLogHandler {
  return (status, askedFile) => {
    if (status.state === 'failed') {
      stderr.write(events ? `${JSON.stringify(logFailureEvent(status))}\n` : `dialtone connect: log stopped: ${status.error}\n`);
    } else if (askedFile !== undefined && status.file !== askedFile) {
      const warning: WarningEvent = { type: 'warning', code: 'log-renamed', message: `${askedFile} exists: logging to ${status.file} (a log never overwrites another)` };
      stderr.write(events ? `${JSON.stringify(warning)}\n` : `dialtone connect: ${warning.message}\n`);
    }
  };
}

/**
 * Start logging `session` per `options` (nothing when null) and report its status to `onStatus`.
 * Attach before session.open() so the log sees every byte and event; await `stop()` before exiting so
 * the file is complete. A log failure never stops the session.
 */
export function attachCliLog(session: Session, options: LogOptions | null, onStatus: CliLogHandler = cliLogReporter(false)): SessionLog | null {
  if (!options) return null;
  const log = startLog(session, options);
  log.on('status', (status) => onStatus(status));
  if (log.status.state === 'recording' && log.status.file !== options.file) onStatus(log.status, options.file);
  return log;
}
