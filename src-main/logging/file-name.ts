/**
 * Log file names: the per-profile name template, the guard that keeps a name inside the log folder, and
 * the names rotation gives the files that follow the first.
 *
 * Rotated names (documented for operators; concatenate in this order to get the whole log):
 *   size only:   FILE.log, FILE.1.log, FILE.2.log, ...
 *   daily:       FILE-20261121.log, FILE-20261121.1.log (same day, over maxBytes), FILE-20261122.log, ...
 * where FILE.log is the path given. A rotated file never overwrites an existing one: the next free number
 * is taken.
 */
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';

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

/** The fields a template may name, for error messages and the UI's help text. */
export const LOG_NAME_FIELDS = ['date', 'time', 'datetime', 'profile', 'host', 'port', 'path', 'target'] as const;

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
  const values: Record<(typeof LOG_NAME_FIELDS)[number], string> = {
    date,
    time,
    datetime: `${date}_${time}`,
    profile: sanitizeNamePart(fields.profile ?? ''),
    host: sanitizeNamePart(fields.host ?? ''),
    port: sanitizeNamePart(fields.port === undefined ? '' : String(fields.port)),
    path: sanitizeNamePart(fields.path ?? ''),
    target: sanitizeNamePart(fields.target ?? ''),
  };
  return template.replace(/\{([^{}]*)\}/g, (_m, name: string) => {
    if (!(name in values)) {
      throw new Error(`unknown field {${name}} in log file name "${template}": use ${LOG_NAME_FIELDS.map((f) => `{${f}}`).join(' ')}`);
    }
    return values[name as keyof typeof values];
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
