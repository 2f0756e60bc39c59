/**
 * TCP transport: one outgoing connection to an access server's port (node:net), with the socket options
 * an operator's link needs and failures named in the field's terms.
 *
 * - TCP_NODELAY on: a keystroke or a DTR/RTS change goes out at once (no Nagle delay).
 * - SO_KEEPALIVE on with a configurable idle time (Cisco's `service tcp-keepalives-in/out`): without it a
 *   dead far side or path is never noticed and the next connect meets the stale session.
 * - A connect timeout covering DNS lookup and the TCP handshake.
 * - Every failure becomes a {@link ConnectionError} whose `code` is a FailureCode and whose message names
 *   host:port, e.g. "connection refused by 127.0.0.1:7001".
 */
import { connect, type Socket } from 'node:net';
import type { FailureCode } from '../../src-shared/session/events.js';

/** Where and how to connect. Times in ms. */
export interface TcpConnectOptions {
  host: string;
  port: number;
  /** Give up when the connection is not up after this long (DNS + handshake), default 10000 ms. */
  connectTimeoutMs?: number;
  /** SO_KEEPALIVE idle time before the first probe, default 15000 ms; 0 turns keepalive off. */
  keepaliveIdleMs?: number;
  /** Aborting cancels the attempt; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A TLS server certificate the operator has not trusted (yet): what the window shows when it asks. */
export interface CertificateSeen {
  host: string;
  port: number;
  /** "AB:CD:..." */
  fingerprint256: string;
  subject: string;
}

/** A failed connect or a lost connection, with a stable FailureCode. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
  constructor(
    readonly code: FailureCode,
    message: string,
    /** For 'tls-unknown-certificate' and 'tls-certificate-changed': the certificate the server presented. */
    readonly certificate?: CertificateSeen,
  ) {
    super(message);
  }
}

/** "host:port", with IPv6 literals bracketed. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Name a socket error (errno codes from node:net / getaddrinfo) as a FailureCode and a message that
 * names host:port. `phase` tells whether the connection was already up (a reset then is a lost link).
 */
export function describeSocketError(err: unknown, host: string, port: number, phase: 'connect' | 'established'): ConnectionError {
  const where = hostPort(host, port);
  const errno = (err as { code?: unknown } | null)?.code;
  const detail = err instanceof Error ? err.message : String(err);
  switch (errno) {
    case 'ECONNREFUSED':
      return new ConnectionError('refused', `connection refused by ${where}`);
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'EAI_FAIL':
    case 'EAI_AGAIN':
      return new ConnectionError('unknown-host', `unknown host "${host}" (${where}): ${detail}`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return new ConnectionError('unreachable', `${where} is unreachable (${errno})`);
    case 'ETIMEDOUT':
      return new ConnectionError(
        'timeout',
        phase === 'connect' ? `no answer from ${where} (${errno})` : `${where} stopped answering (TCP keepalive or retransmission timeout)`,
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return new ConnectionError('reset', `connection to ${where} was reset (${errno})`);
    default:
      return new ConnectionError(phase === 'connect' ? 'unreachable' : 'reset', `${where}: ${detail}`);
  }
}

/**
 * Connect to host:port. Resolves with the connected socket (NODELAY, keepalive set; no listeners left
 * attached). Rejects with a {@link ConnectionError} (codes refused, unknown-host, unreachable, timeout,
 * reset) or, when `signal` aborts, with the abort reason.
 */
export function connectTcp(options: TcpConnectOptions): Promise<Socket> {
  const { host, port, connectTimeoutMs = 10_000, keepaliveIdleMs = 15_000, signal } = options;
  return new Promise<Socket>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = connect({ host, port, noDelay: true });
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onConnect = () => {
      cleanup();
      socket.setNoDelay(true);
      if (keepaliveIdleMs > 0) socket.setKeepAlive(true, keepaliveIdleMs);
      resolve(socket);
    };
    const onError = (err: Error) => fail(describeSocketError(err, host, port, 'connect'));
    const onAbort = () => fail(signal!.reason);
    const timer = setTimeout(
      () => fail(new ConnectionError('timeout', `no answer from ${hostPort(host, port)} within ${connectTimeoutMs} ms (connect timeout)`)),
      connectTimeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
