/**
 * Port discovery: what serialport's list() reports (Linux: parsed from `udevadm info -e`, so it needs
 * the udev package and never lists ptys), joined with the stable `/dev/serial/by-id/...` alias udev
 * creates for USB serial adapters (a symlink per device, named from vendor, model and serial number).
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { platformBinding, type SerialBinding } from '../transports/serial.js';
import { localPortPath } from './serial-path.js';

/** Where udev puts its stable per-device links. */
export const BY_ID_DIR = '/dev/serial/by-id';

/** One local port. Unknown fields are null (JSON for `dialtone list --json` and the UI). */
export interface PortListing {
  /** The device path to open, e.g. /dev/ttyUSB0. */
  path: string;
  /** The stable alias in /dev/serial/by-id that points at `path`, or null (built-in UARTs have none). */
  byId: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  /** USB vendor and product id, 4 hex digits, as udev reports them. */
  vendorId: string | null;
  productId: string | null;
}

/** Thrown when ports cannot be listed; the message says what to install or fix. */
export class PortListError extends Error {
  override name = 'PortListError';
}

/**
 * Map each device the by-id folder links to (its real path) to the alias. `dir` defaults to
 * /dev/serial/by-id; a missing folder (no USB serial devices plugged in) gives an empty map.
 */
export function byIdAliases(dir = BY_ID_DIR): Map<string, string> {
  const map = new Map<string, string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return map;
  }
  for (const name of names.sort()) {
    const alias = join(dir, name);
    try {
      const target = realpathSync(alias);
      if (!map.has(target)) map.set(target, alias);
    } catch {
      // a dangling link (device leaving right now): skip it
    }
  }
  return map;
}

/** The by-id alias of `path` (itself when it already is one), or null. */
export function byIdAliasFor(path: string, dir = BY_ID_DIR): string | null {
  if (path.startsWith(dir + '/')) return path;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return null;
  }
  return byIdAliases(dir).get(real) ?? null;
}

/**
 * List the local serial ports, sorted by path, each named as its system shows it (localPortPath: on
 * macOS the call-out /dev/cu.NAME for the /dev/tty.NAME serialport reports; COM3 on Windows as given).
 * `platform` defaults to process.platform (tests pass another).
 * @throws PortListError when listing fails; a missing udevadm says to install the udev package.
 */
export async function listPorts(binding: SerialBinding = platformBinding(), byIdDir = BY_ID_DIR, platform: NodeJS.Platform = process.platform): Promise<PortListing[]> {
  let ports;
  try {
    ports = await binding.list();
  } catch (err) {
    const e = err as { code?: string; message?: string; path?: string };
    if (e.code === 'ENOENT' && /udevadm/.test(`${e.path ?? ''} ${e.message ?? ''}`)) {
      throw new PortListError('listing serial ports needs udevadm, which is not installed: apt-get install udev');
    }
    throw new PortListError(`cannot list serial ports: ${e.message ?? String(err)}`);
  }
  const aliases = byIdAliases(byIdDir);
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return ports
    .map((p) => ({
      path: localPortPath(p.path, platform),
      byId: aliases.get(real(p.path)) ?? null,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
