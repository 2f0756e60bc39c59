/**
 * Session targets: where a session connects. The command line and profiles spell them as URLs:
 *   rfc2217://HOST:PORT   telnet with COM-PORT-OPTION (RFC 2217)
 *   telnet://HOST:PORT    telnet (RFC 854) without COM-PORT
 *   tcp://HOST:PORT       raw bytes (Cisco 4000+N ports, ser2net raw)
 *   serial:/dev/ttyUSB0   a local serial port (also a bare /dev/... or COMn path)
 * and the same three inside TLS (ser2net's `ssl` accepter, Moxa and Digi secure modes):
 *   rfc2217s://HOST:PORT  telnets://HOST:PORT  tls://HOST:PORT
 */
import { shorten } from '../text/display.js';

export type NetworkKind = 'rfc2217' | 'telnet' | 'raw';
export type SessionKind = NetworkKind | 'serial';

export type Target =
  /** `tls`: the byte stream runs inside TLS (how the server is trusted is the session's TLS options). */
  | { kind: NetworkKind; host: string; port: number; tls?: boolean }
  | { kind: 'serial'; path: string };

/** Thrown for a target string that names no session. The message says what was expected. */
export class TargetError extends Error {
  override name = 'TargetError';
}

const SCHEMES: Record<string, NetworkKind> = { rfc2217: 'rfc2217', telnet: 'telnet', tcp: 'raw', raw: 'raw' };
const TLS_SCHEMES: Record<string, NetworkKind> = { rfc2217s: 'rfc2217', telnets: 'telnet', tls: 'raw' };

/**
 * A serial port path a session can open wherever it is started: absolute (/dev/ttyUSB0; a relative one
 * would depend on the folder the app was started from), or a Windows port (COM3, \\.\COM10).
 */
export function isSerialPortPath(path: string): boolean {
  return path.startsWith('/') || /^(\\\\\.\\)?COM\d+$/i.test(path);
}

/**
 * A path (or any text) as a message quotes it: up to 81 characters as it is; a longer one as its first
 * 60 and last 20 characters with "…" between, so a pane line stays readable.
 */
export function shortPath(path: string): string {
  return shorten(path, 81, 20);
}

/**
 * Parse a target string.
 * @throws TargetError for an unknown scheme, a missing or malformed host (hostProblem), or a port outside 1..65535.
 */
export function parseTarget(text: string): Target {
  const s = text.trim();
  const quoted = `"${shortPath(text)}"`;
  if (s.startsWith('serial:')) {
    const path = s.slice('serial:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new TargetError(`${quoted}: serial: needs a port path, e.g. serial:/dev/ttyUSB0`);
    if (!isSerialPortPath(path)) {
      throw new TargetError(`${quoted}: a serial port is an absolute path (serial:/dev/ttyUSB0, serial:/dev/serial/by-id/...) or COM3 on Windows, not a relative path`);
    }
    return { kind: 'serial', path };
  }
  if (s.startsWith('/') || /^COM\d+$/i.test(s)) return { kind: 'serial', path: s };
  const m = /^([a-z0-9]+):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/i.exec(s);
  if (!m) {
    throw new TargetError(
      `${quoted} is not a target: use rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT (in TLS: rfc2217s://, telnets://, tls://) or serial:/dev/PORT`,
    );
  }
  const scheme = m[1]!.toLowerCase();
  const kind = SCHEMES[scheme] ?? TLS_SCHEMES[scheme];
  if (!kind) throw new TargetError(`${quoted}: unknown scheme "${m[1]}" (rfc2217, telnet, tcp, rfc2217s, telnets, tls or serial)`);
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TargetError(`${quoted}: port must be 1..65535`);
  }
  const host = m[2]!.replace(/^\[|\]$/g, '');
  // the same host rules as a profile's Host field (a space, a bad address)
  const problem = hostProblem(host);
  if (problem) throw new TargetError(`${quoted}: ${problem.replace(/^Host: /, 'the host: ')}`);
  return TLS_SCHEMES[scheme] ? { kind, host, port, tls: true } : { kind, host, port };
}

/** The canonical string of a target (what parseTarget reads back). */
export function formatTarget(t: Target): string {
  if (t.kind === 'serial') return `serial:${t.path}`;
  const scheme = t.tls ? (t.kind === 'raw' ? 'tls' : `${t.kind}s`) : t.kind === 'raw' ? 'tcp' : t.kind;
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${scheme}://${host}:${t.port}`;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_LABEL = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?$/u;

/** True for a dotted-quad IPv4 address (each part 0..255, no leading zeros). */
function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** True for an IPv6 address without brackets (RFC 4291 text forms, an embedded IPv4 tail, an optional %zone). */
export function isIpv6(s: string): boolean {
  const zone = s.indexOf('%');
  if (zone >= 0 && !/^[A-Za-z0-9_.-]+$/.test(s.slice(zone + 1))) return false;
  let addr = zone >= 0 ? s.slice(0, zone) : s;
  let groups = 8;
  const lastColon = addr.lastIndexOf(':');
  if (lastColon >= 0 && addr.slice(lastColon + 1).includes('.')) {
    if (!isIpv4(addr.slice(lastColon + 1))) return false;
    addr = addr.slice(0, lastColon + 1) + '0';
    groups = 7;
  }
  const hex = /^[0-9A-Fa-f]{1,4}$/;
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const parts = (h: string): string[] | null => {
    if (h === '') return [];
    const g = h.split(':');
    return g.every((x) => hex.test(x)) ? g : null;
  };
  const head = parts(halves[0]!);
  if (!head) return false;
  if (halves.length === 1) return head.length === groups;
  const tail = parts(halves[1]!);
  return tail !== null && head.length + tail.length < groups;
}

/** True for a DNS host name (labels of letters, digits, - and _, at most 253 characters, an optional final dot). */
function isHostName(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  if (name.length === 0 || name.length > 253) return false;
  // all digits and dots is meant as an IPv4 address, and is not one
  if (/^[\d.]+$/.test(name)) return false;
  return name.split('.').every((l) => HOST_LABEL.test(l));
}

/**
 * What is wrong with `host` as the Host field of a target (a profile, the editor, the new-session
 * dialog), or undefined when it is a host name, an IPv4 address or an IPv6 address (written without
 * brackets, e.g. `::1`, `fe80::1%eth0`). The message names the field: a `host:port` (or `[v6]:port`)
 * says to write the port in the Port field, a `scheme://...` that it is a URL.
 */
export function hostProblem(hostText: string): string | undefined {
  const host = hostText.trim();
  if (!host) return 'Host: empty';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return 'Host: a host name or address, not a URL';
  if (/\s/.test(host)) return 'Host: has a space in it';
  if (isIpv4(host) || isIpv6(host) || isHostName(host)) return undefined;
  const withPort = /^(\[([^\]]*)\]|[^:[\]]*):(\d*)$/.exec(host);
  if (withPort && (withPort[2] !== undefined ? isIpv6(withPort[2]) : isIpv4(withPort[1]!) || isHostName(withPort[1]!))) return 'Host: write the port in the Port field';
  if (/^\[.*\]$/.test(host) && isIpv6(host.slice(1, -1))) return 'Host: an IPv6 address without the brackets';
  if (host.includes('/')) return 'Host: a host name or address, not a path';
  if (/^[\d.]+$/.test(host)) return 'Host: not an IPv4 address (four numbers 0..255)';
  if (host.includes(':')) return 'Host: not an IPv6 address';
  return 'Host: a host name (letters, digits, - and _ between dots), an IPv4 or an IPv6 address';
}
