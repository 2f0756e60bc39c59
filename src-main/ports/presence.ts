/**
 * Finding a port again after it vanished: which device it was (by-id alias, USB serial number, or just
 * the path, which is all a pty has), where that device is now, and a cheap way to hear when it may be
 * back: fs.watch on the folders its names live in (event-driven: udev and socat create links there),
 * plus the list() watcher for USB devices known by serial number. The session adds a bounded fallback
 * poll, because inotify can miss a device node created before the watch was set up.
 */
import { existsSync, realpathSync, watch, type FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { SerialBinding } from '../transports/serial.js';
import { byIdAliasFor, listPorts } from './discovery.js';
import { PortWatcher } from './watcher.js';

/** What identifies the device behind a path, taken while it is open. */
export interface PortIdentity {
  /** The path the session was asked to open. */
  path: string;
  /** Its /dev/serial/by-id alias (stable across replugging), or null. */
  byId: string | null;
  /** USB serial number from list(), when there is no by-id alias; else null. */
  serialNumber: string | null;
  /** A pseudo-terminal (/dev/pts/N): no modem lines, 8 data bits and no parity forced by Linux. */
  pty: boolean;
}

/** True when `path` resolves to a Linux pty slave. */
export function isPty(path: string): boolean {
  try {
    return realpathSync(path).startsWith('/dev/pts/');
  } catch {
    return false;
  }
}

/** Identify the device at `path` (call while it is present). Never throws. */
export async function identify(path: string, binding: SerialBinding): Promise<PortIdentity> {
  const pty = isPty(path);
  const byId = pty ? null : byIdAliasFor(path);
  let serialNumber: string | null = null;
  if (!pty && !byId) {
    try {
      const real = realpathSync(path);
      const match = (await listPorts(binding)).find((p) => p.path === path || p.path === real);
      serialNumber = match?.serialNumber ?? null;
    } catch {
      // no udevadm, or not listed: the path is all we have
    }
  }
  return { path, byId, serialNumber, pty };
}

/**
 * Where the device is now: its by-id alias if present, else the port listed with its serial number,
 * else the original path if it exists; null when none is there.
 */
export async function locate(id: PortIdentity, binding: SerialBinding): Promise<string | null> {
  if (id.byId && existsSync(id.byId)) return id.byId;
  if (id.serialNumber) {
    try {
      const match = (await listPorts(binding)).find((p) => p.serialNumber === id.serialNumber);
      if (match) return match.path;
    } catch {
      // fall back to the path
    }
  }
  return existsSync(id.path) ? id.path : null;
}

/** The nearest folder of `path` that exists (watching a missing folder fails). */
function existingFolder(path: string): string {
  let dir = dirname(path);
  while (!existsSync(dir) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}

/**
 * Call `onChance` whenever the device may have come back (something changed in a folder its names
 * live in, or list() shows a port with its serial number). Returns the function that stops watching.
 */
export function watchForReturn(id: PortIdentity, onChance: () => void, binding: SerialBinding): () => void {
  const folders = new Set([existingFolder(id.path)]);
  if (id.byId) folders.add(existingFolder(id.byId));
  const watchers: FSWatcher[] = [];
  for (const folder of folders) {
    try {
      const w = watch(folder, { persistent: false }, () => onChance());
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // cannot watch (permissions, no inotify): the session's fallback poll still runs
    }
  }
  let unsubscribe: (() => void) | null = null;
  if (id.serialNumber) {
    const watcher = new PortWatcher({ list: () => listPorts(binding) });
    unsubscribe = watcher.subscribe((change) => {
      if (change.type === 'added' && change.port.serialNumber === id.serialNumber) onChance();
    });
  }
  return () => {
    for (const w of watchers) w.close();
    unsubscribe?.();
  };
}

/**
 * Call `onGone` once when the device opened at `path` is no longer there: the path is gone or now
 * resolves to another device (a pty pair recreated behind the same link). Event-driven (fs.watch on
 * the folder). Needed because a read on a tty hung up before the read began returns 0 bytes, which
 * serialport's Unix read retries forever instead of reporting. Returns the function that stops it.
 */
export function watchPresence(path: string, onGone: () => void): () => void {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return () => undefined;
  }
  const folders = new Set([existingFolder(path), dirname(real)]);
  const watchers: FSWatcher[] = [];
  let done = false;
  const check = () => {
    if (done) return;
    let now: string | null;
    try {
      now = realpathSync(path);
    } catch {
      now = null;
    }
    if (now === real && existsSync(real)) return;
    stop();
    onGone();
  };
  const stop = () => {
    done = true;
    for (const w of watchers) w.close();
  };
  for (const folder of folders) {
    try {
      const w = watch(folder, { persistent: false }, check);
      w.on('error', () => w.close());
      watchers.push(w);
    } catch {
      // cannot watch: read and write errors still report a loss
    }
  }
  return stop;
}
