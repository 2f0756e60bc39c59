/**
 * Session targets: where a session connects. The command line and profiles spell them as URLs:
 *   rfc2217://HOST:PORT   telnet with COM-PORT-OPTION (RFC 2217)
 *   telnet://HOST:PORT    telnet (RFC 854) without COM-PORT
 *   tcp://HOST:PORT       raw bytes (Cisco 4000+N ports, ser2net raw)
 *   serial:/dev/ttyUSB0   a local serial port (also a bare /dev/... or COMn path)
 * and the same three inside TLS (ser2net's `ssl` accepter, Moxa and Digi secure modes):
 *   rfc2217s://HOST:PORT  telnets://HOST:PORT  tls://HOST:PORT
 */

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
 * Parse a target string.
 * @throws TargetError for an unknown scheme, a missing host, or a port outside 1..65535.
 */
export function parseTarget(text: string): Target {
  const s = text.trim();
  if (s.startsWith('serial:')) {
    const path = s.slice('serial:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new TargetError(`"${text}": serial: needs a port path, e.g. serial:/dev/ttyUSB0`);
    return { kind: 'serial', path };
  }
  if (s.startsWith('/') || /^COM\d+$/i.test(s)) return { kind: 'serial', path: s };
  const m = /^([a-z0-9]+):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/i.exec(s);
  if (!m) {
    throw new TargetError(
      `"${text}" is not a target: use rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT (in TLS: rfc2217s://, telnets://, tls://) or serial:/dev/PORT`,
    );
  }
  const scheme = m[1]!.toLowerCase();
  const kind = SCHEMES[scheme] ?? TLS_SCHEMES[scheme];
  if (!kind) throw new TargetError(`"${text}": unknown scheme "${m[1]}" (rfc2217, telnet, tcp, rfc2217s, telnets, tls or serial)`);
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TargetError(`"${text}": port must be 1..65535`);
  }
  const host = m[2]!.replace(/^\[|\]$/g, '');
  return TLS_SCHEMES[scheme] ? { kind, host, port, tls: true } : { kind, host, port };
}

/** The canonical string of a target (what parseTarget reads back). */
export function formatTarget(t: Target): string {
  if (t.kind === 'serial') return `serial:${t.path}`;
  const scheme = t.tls ? (t.kind === 'raw' ? 'tls' : `${t.kind}s`) : t.kind === 'raw' ? 'tcp' : t.kind;
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${scheme}://${host}:${t.port}`;
}
