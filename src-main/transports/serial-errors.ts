/**
 * Turns the errors serialport's bindings throw into FailureCodes and sentences an operator can act on.
 * The Linux binding puts strerror() text in the message and no `code` (lab/README.md), so the message
 * is what is matched; a `code` (ENOENT, EACCES...) is honoured when present.
 */
import { statSync, readFileSync } from 'node:fs';
import type { FailureCode } from '../../src-shared/session/events.js';
import type { LineSettingName } from '../../src-shared/line/settings.js';
import { shortPath } from '../../src-shared/session/target.js';

/** A classified failure: a stable code and a message that names the port. */
export interface SerialFailure {
  code: FailureCode;
  message: string;
}

/** An Error carrying a FailureCode in `code` (what Session.open() rejects with). */
export class SerialSessionError extends Error {
  override name = 'SerialSessionError';
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

function text(err: unknown): { message: string; code: string } {
  const e = err as { message?: unknown; code?: unknown };
  return { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : '' };
}

/** The name of group `gid` from /etc/group, or the number when it is not listed. */
function groupName(gid: number): string {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && Number(id) === gid) return name;
    }
  } catch {
    // no /etc/group (not Linux): fall back to the number
  }
  return String(gid);
}

/** "crw-rw---- root:dialout" style description of a device file, or '' when it cannot be read. */
function describeAccess(path: string): { text: string; group: string | null } {
  try {
    const st = statSync(path);
    const bits = 'rwxrwxrwx'.split('').map((c, i) => (st.mode & (0o400 >> i) ? c : '-')).join('');
    const group = groupName(st.gid);
    const groupCanOpen = (st.mode & 0o060) === 0o060;
    return { text: `${bits} owner uid ${st.uid}, group ${group}`, group: groupCanOpen ? group : null };
  } catch {
    return { text: '', group: null };
  }
}

/**
 * Classify a failed open of `path`.
 * no-such-port: ENOENT ("no such port /dev/ttyUSB9"); permission-denied: EACCES/EPERM, naming the group
 * that may open the device (usually dialout) and the usermod command; port-busy: the port's flock is
 * held (serialport opens with lock: true) or EBUSY; not-a-serial-port (not retried): a path that can
 * name no file (badPathError); anything else io-error with the OS text. A long path is quoted shortened.
 */
export function classifyOpenError(err: unknown, fullPath: string): SerialFailure {
  const { message, code } = text(err);
  const path = shortPath(fullPath);
  const bad = badPathError(code, message);
  if (bad) return { code: 'not-a-serial-port', message: `cannot open ${path}: ${bad}, so it names no serial port` };
  if (code === 'ENOENT' || /No such file or directory|does not exist/i.test(message)) {
    return { code: 'no-such-port', message: `no such port ${path} ('dialtone list' shows the ports)` };
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied|Operation not permitted/i.test(message)) {
    const access = describeAccess(fullPath);
    const group = access.group ?? 'dialout';
    const how = access.group
      ? `members of group ${group} may open it`
      : `its group has no read/write access; on Debian serial ports belong to group dialout`;
    return {
      code: 'permission-denied',
      message:
        `permission denied opening ${path}${access.text ? ` (${access.text})` : ''}: ${how}. ` +
        `Add yourself with: sudo usermod -aG ${group} $USER (then log out and in again)`,
    };
  }
  if (
    code === 'EBUSY' ||
    code === 'EAGAIN' ||
    /Cannot lock port|Resource temporarily unavailable|Device or resource busy|Port is locked/i.test(message)
  ) {
    return { code: 'port-busy', message: `port ${path} is busy (locked by another program)` };
  }
  if (/Inappropriate ioctl/i.test(message)) {
    return { code: 'io-error', message: `${path} is not a serial port (${message.replace(/^Error:\s*/, '')})` };
  }
  return { code: 'io-error', message: `cannot open ${path}: ${message.replace(/^Error:\s*/, '')}` };
}

/**
 * Errors of the path itself, which no retry can help (the path never names a file): too long
 * (ENAMETOOLONG), through something that is no folder (ENOTDIR), a loop of links (ELOOP). Their text, or
 * null for any other error. EINVAL is not among them: the binding says "Invalid argument" for settings too.
 */
export function badPathError(code: string, message: string): string | null {
  if (code === 'ENAMETOOLONG' || /name too long/i.test(message)) return 'file name too long';
  if (code === 'ENOTDIR' || /Not a directory/i.test(message)) return 'a part of the path is not a folder';
  if (code === 'ELOOP' || /Too many levels of symbolic links/i.test(message)) return 'too many levels of symbolic links';
  return null;
}

/**
 * The line setting a failed open/update complains about, from the binding's message ("Invalid parity
 * setting", "Invalid stop bits setting", "baud rate ... not supported"), or null when it names none.
 */
export function settingFromError(err: unknown): LineSettingName | null {
  const { message } = text(err);
  // not a tty ("Inappropriate ioctl ... setting custom baud rate"), missing, locked: not a setting's fault
  if (/Inappropriate ioctl|No such file|Permission denied|lock|busy/i.test(message)) return null;
  if (/parity/i.test(message)) return 'parity';
  if (/stop ?bits/i.test(message)) return 'stopBits';
  if (/data ?bits/i.test(message)) return 'dataBits';
  if (/baud/i.test(message)) return 'baud';
  if (/flow|rtscts|xon/i.test(message)) return 'flow';
  return null;
}

/** True when `err` is the ENOTTY a pty (or any non-UART) gives for modem-line ioctls. */
export function isNoModemLines(err: unknown): boolean {
  const { message, code } = text(err);
  return code === 'ENOTTY' || /Inappropriate ioctl/i.test(message);
}
