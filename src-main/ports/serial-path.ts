/**
 * Is a path a serial port? Checked before a serial session opens it, because opening is not harmless:
 * opening /dev/watchdog arms a reboot, a FIFO blocks, /proc/self/mem or a regular file is no port at
 * all. A serial port is a character device of the tty class: on Linux its /sys/dev/char/MAJOR:MINOR
 * entry belongs to the tty subsystem (ttyS, ttyUSB, ttyACM, pts, rfcomm ...); where there is no sysfs
 * (macOS, BSD) a character device named /dev/tty* or /dev/cu*. Windows COM ports are not paths and are
 * not checked here.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { shortPath } from '../../src-shared/session/target.js';
import { badPathError } from '../transports/serial-errors.js';

/** Longest port name these functions look at (characters); a longer one is returned as given. */
export const MAX_PORT_NAME = 1024;

/**
 * macOS makes two device nodes for every serial port (Apple's "Device Drivers for Serial Communication"):
 * /dev/tty.NAME, the dial-in (call-in) device, whose open waits for DCD and which belongs to getty-style
 * answering, and /dev/cu.NAME, the call-out device, which opens at once; a terminal opens the call-out
 * device. serialport's darwin list (@serialport/bindings-cpp src/darwin_list.cpp) reports
 * kIODialinDeviceKey, the /dev/tty.NAME node. This is the name an operator should see and open:
 * /dev/cu.NAME for /dev/tty.NAME on darwin; any other path, and every path on other platforms, as given
 * (Windows COM3, COM10 and \\.\COM10 open as they are: the binding adds the \\.\ prefix itself).
 * Pure: `platform` is process.platform's value.
 */
export function localPortPath(path: string, platform: NodeJS.Platform): string {
  if (platform !== 'darwin' || path.length > MAX_PORT_NAME) return path;
  const m = /^\/dev\/tty\.(.+)$/.exec(path);
  return m ? `/dev/cu.${m[1]}` : path;
}

/**
 * The path to open for a serial target the operator named, and what to tell them when it differs:
 * on darwin /dev/tty.NAME opens as /dev/cu.NAME (see localPortPath) with a note for the session's
 * status; `note` is null when the path opens as given.
 */
export function portToOpen(path: string, platform: NodeJS.Platform): { path: string; note: string | null } {
  const open = localPortPath(path, platform);
  if (open === path) return { path, note: null };
  return { path: open, note: `${path} is macOS's dial-in device (its open waits for carrier, DCD): opened ${open}, the call-out device, instead` };
}

/**
 * Why `path` is not a serial port, or null when it is one (or cannot be checked on this platform).
 * A path that does not exist gives null: the open reports 'no-such-port' with its own message.
 */
export async function notASerialPort(path: string): Promise<string | null> {
  if (process.platform === 'win32') return null;
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    // a path that can name no file (too long, through a file) is said here; a missing one by the open
    const e = err as { code?: unknown; message?: unknown };
    const bad = badPathError(typeof e.code === 'string' ? e.code : '', String(e.message ?? ''));
    return bad ? `${shortPath(path)} is not a serial port (${bad})` : null;
  }
  if (!st.isCharacterDevice()) {
    const what = st.isFile() ? 'a regular file' : st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'not a character device';
    return `${shortPath(path)} is not a serial port (${what})`;
  }
  const major = Math.floor(st.rdev / 256) & 0xfff;
  const minor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
  try {
    const subsystem = await realpath(`/sys/dev/char/${major}:${minor}/subsystem`);
    return basename(subsystem) === 'tty' ? null : `${shortPath(path)} is not a serial port (a ${basename(subsystem)} device)`;
  } catch {
    // no sysfs entry (a pty's slave has none, and some systems have no sysfs): go by the device's own
    // name, after links (socat's link=/tmp/ttyV0, /dev/serial/by-id/...): /dev/pts/N, tty*, cu*
    const real = await realpath(path).catch(() => path);
    return /^\/dev\/pts\/\d+$/.test(real) || /^(tty|cu)/.test(basename(real)) ? null : `${shortPath(path)} is not a serial port (a character device that is not a tty)`;
  }
}
