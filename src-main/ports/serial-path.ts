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

/**
 * Why `path` is not a serial port, or null when it is one (or cannot be checked on this platform).
 * A path that does not exist gives null: the open reports 'no-such-port' with its own message.
 */
export async function notASerialPort(path: string): Promise<string | null> {
  if (process.platform === 'win32') return null;
  let st;
  try {
    st = await stat(path);
  } catch {
    return null;
  }
  if (!st.isCharacterDevice()) {
    const what = st.isFile() ? 'a regular file' : st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'not a character device';
    return `${path} is not a serial port (${what})`;
  }
  const major = Math.floor(st.rdev / 256) & 0xfff;
  const minor = (st.rdev & 0xff) | ((st.rdev >> 12) & 0xfff00);
  try {
    const subsystem = await realpath(`/sys/dev/char/${major}:${minor}/subsystem`);
    return basename(subsystem) === 'tty' ? null : `${path} is not a serial port (a ${basename(subsystem)} device)`;
  } catch {
    // no sysfs here: go by the name
    return /^(tty|cu)/.test(basename(path)) ? null : `${path} is not a serial port (a character device that is not a tty)`;
  }
}
