/**
 * Log file names: the per-profile name template, the guard that keeps a name inside the log folder, and
 * the names rotation gives the files that follow the first.
 *
 * Rotated names (documented for operators; concatenate in this order to get the whole log):
 *   size only:   FILE.log, FILE.1.log, FILE.2.log, ...
 *   daily:       FILE-20261121.log, FILE-20261121.1.log (same day, over maxBytes), FILE-20261122.log, ...
 * where FILE.log is the log's first file. A rotated file never overwrites an existing one: the next free
 * number is taken.
 *
 * No log overwrites or shares a file: the first file is opened exclusively too, and when FILE.log exists
 * the log takes FILE-2.log, FILE-3.log, ... (numberedLogPath), up to LOG_NAME_TRIES names; its rotated
 * files then follow its own name (FILE-2.1.log, ...; daily: FILE-2-20261121.log, FILE-2-20261121.1.log),
 * so two logs of one name never interleave their files. session-log.ts does the opening.
 */
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { isLogNameField, LOG_NAME_FIELDS_HELP, logNameFieldPattern, type LogNameField } from '../../src-shared/ipc/profile.js';

/** The values a template may use; missing ones expand to '' (and a field left empty expands to ''). */
export interface LogNameFields {
  /** Profile name, e.g. "Core switch console". */
  profile?: string;
  /** Host of a network target, e.g. "10.0.0.5". */
  host?: string;
  /** TCP port of a network target. */
  port?: number | string;
  /** Serial port path, e.g. "/dev/ttyUSB0" (sanitised to "dev_ttyUSB0"). */
  path?: string;
  /** The whole target, e.g. "rfc2217://10.0.0.5:7001" (sanitised). */
  target?: string;
}

/**
 * How many names a log tries for one file before it gives up: FILE.log, FILE-2.log ... FILE-1000.log
 * for a first file, or that many consecutive rotation numbers.
 */
export const LOG_NAME_TRIES = 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local calendar day of `ms` as YYYYMMDD (the day key of daily rotation). */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
}

/**
 * Make a field value safe inside one file name: path separators, '..', characters Windows forbids
 * (<>:"|?*) and control characters become '_' (a run of them one '_'); leading dots go. Never returns
 * a name that walks up.
 */
export function sanitizeNamePart(value: string): string {
  return (
    value
      .replace(/[/\\<>:"|?*\x00-\x1f\x7f]/g, '_')
      .replace(/\.\.+/g, '_')
      .replace(/^[.\s]+/, '')
      .replace(/_+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 100)
  );
}

/**
 * Expand a file-name template such as "{profile}-{datetime}.log" with local time `now` (ms since epoch):
 * {date} YYYY-MM-DD, {time} HH-MM-SS (no colons: they are not allowed in Windows names), {datetime}
 * YYYY-MM-DD_HH-MM-SS, {profile} {host} {port} {path} {target} from `fields`, each sanitised by
 * sanitizeNamePart. Literal text of the template is kept as it is (pass the result to safeLogPath).
 * @throws Error naming an unknown {field} and listing the known ones.
 */
export function expandLogFileName(template: string, fields: LogNameFields, now: number): string {
  const d = new Date(now);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}-${pad(d.getMinutes())}-${pad(d.getSeconds())}`;
  const values: Record<LogNameField, string> = {
    date,
    time,
    datetime: `${date}_${time}`,
    profile: sanitizeNamePart(fields.profile ?? ''),
    host: sanitizeNamePart(fields.host ?? ''),
    port: sanitizeNamePart(fields.port === undefined ? '' : String(fields.port)),
    path: sanitizeNamePart(fields.path ?? ''),
    target: sanitizeNamePart(fields.target ?? ''),
  };
  return template.replace(logNameFieldPattern(), (_m, name: string) => {
    if (!isLogNameField(name)) throw new Error(`unknown field {${name}} in log file name "${template}": use ${LOG_NAME_FIELDS_HELP}`);
    return values[name];
  });
}

/**
 * The absolute path of `name` inside `folder`.
 * @throws Error when the name is empty, contains a NUL byte, or resolves outside `folder` (an absolute
 * path elsewhere, or '..' walking up). The check is lexical: a symbolic link inside the folder that
 * points elsewhere is the folder owner's choice and is followed.
 */
export function safeLogPath(folder: string, name: string): string {
  if (!name || name.includes('\0')) throw new Error(`log file name "${name}" is empty or contains a NUL byte`);
  const root = resolve(folder);
  const full = resolve(root, name);
  const rel = relative(root, full);
  if (rel === '' || rel === '..' || rel.startsWith('..' + '/') || rel.startsWith('..\\') || isAbsolute(rel)) {
    throw new Error(`log file name "${name}" leaves the log folder ${root}`);
  }
  return full;
}

/**
 * The name of a log file after rotation. `day` is a YYYYMMDD key when daily rotation is on (every file,
 * the first included, then carries its day), `index` 0 is the first file of that day (or of the log).
 */
export function rotatedLogPath(base: string, day: string | null, index: number): string {
  const ext = extname(base);
  const stem = basename(base, ext);
  const dayPart = day === null ? '' : `-${day}`;
  const indexPart = index === 0 ? '' : `.${index}`;
  return join(dirname(base), `${stem}${dayPart}${indexPart}${ext}`);
}

/** Extensions of more than one part that a numbered name keeps together (the hex format's). */
const COMPOUND_EXTENSIONS = ['.hex.txt'];

/**
 * The `n`th name of a log whose first choice `file` is taken: "dir/name.log", 2 -> "dir/name-2.log";
 * the number goes before the extension ("x.hex.txt" -> "x-2.hex.txt"), or at the end when there is none
 * ("console" -> "console-2"). `n` >= 2 (1 is `file` itself).
 */
export function numberedLogPath(file: string, n: number): string {
  const name = basename(file);
  const ext = COMPOUND_EXTENSIONS.find((e) => name.length > e.length && name.endsWith(e)) ?? extname(name);
  return join(dirname(file), `${name.slice(0, name.length - ext.length)}-${n}${ext}`);
}
