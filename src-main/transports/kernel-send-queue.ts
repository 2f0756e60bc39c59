/**
 * What the kernel knows of a TCP socket's sent data, read from Linux's /proc/self/net/tcp and tcp6
 * (proc(5), "/proc/net/tcp"): how many bytes were sent and not yet acknowledged (tx_queue) and how many
 * retransmissions of them have gone unanswered in a row (retrnsmt; it returns to 0 when an ACK moves
 * the window on).
 *
 * Why: TCP keepalive does not run while sent data is unacknowledged, and Node offers no
 * TCP_USER_TIMEOUT, so a raw TCP link whose path is cut with a byte in flight stays "connected" for the
 * 15 minutes TCP retransmits. A byte the kernel accepted is invisible to the socket's own counters; the
 * kernel's send queue is not.
 *
 * Elsewhere (macOS, Windows) there is no such file: the read resolves null and the caller is left with
 * TCP keepalive.
 */
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { isIPv4 } from 'node:net';
import type { Socket } from 'node:net';

/** One socket's sent-data state. */
export interface KernelSendState {
  /** Bytes sent and not yet acknowledged by the far end (tx_queue). */
  unackedBytes: number;
  /** Unanswered retransmissions in a row (retrnsmt); 0 while ACKs arrive. */
  retransmits: number;
}

/** A socket's two ends as /proc/net/tcp writes them: hex address and hex port, upper case. */
interface ProcTuple {
  local: string;
  remote: string;
}

/** The 32-bit words of an address in /proc order: each word in the host's byte order. */
function procWords(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const word = bytes.slice(i, i + 4);
    if (endianness() === 'LE') word.reverse();
    out += word.map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return out.toUpperCase();
}

/** The 16 bytes of an IPv6 address (with :: and a trailing dotted IPv4 allowed). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g || '0', 16);
    return [v >> 8, v & 0xff];
  });
}

/**
 * How /proc/net/tcp{,6} names the end `address:port`: "0100007F:1F90" for 127.0.0.1:8080 on a
 * little-endian host; 32 hex digits for IPv6.
 */
export function procEndpoint(address: string, port: number): string {
  const bytes = isIPv4(address) ? address.split('.').map(Number) : ipv6Bytes(address);
  return `${procWords(bytes)}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The sent-data state of the connection `tuple` in the text of /proc/net/tcp or tcp6, or null when no
 * line names it. Linear in the text.
 */
export function parseProcNetTcp(text: string, tuple: ProcTuple): KernelSendState | null {
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local rem st tx:rx tr:when retrnsmt ...
    if (f.length < 7 || f[1] !== tuple.local || f[2] !== tuple.remote) continue;
    const [tx] = f[4]!.split(':');
    const unackedBytes = parseInt(tx ?? '', 16);
    const retransmits = parseInt(f[6]!, 16);
    if (!Number.isFinite(unackedBytes) || !Number.isFinite(retransmits)) return null;
    return { unackedBytes, retransmits };
  }
  return null;
}

let procMissing = false;

/**
 * The kernel's sent-data state of a connected socket, or null where it cannot be read (not Linux, the
 * socket already closed, no line for it). Never throws; one small async file read.
 */
export async function readKernelSendState(socket: Socket): Promise<KernelSendState | null> {
  const { localAddress, localPort, remoteAddress, remotePort } = socket;
  if (procMissing || !localAddress || !localPort || !remoteAddress || !remotePort) return null;
  const tuple = { local: procEndpoint(localAddress, localPort), remote: procEndpoint(remoteAddress, remotePort) };
  const file = isIPv4(localAddress) ? '/proc/self/net/tcp' : '/proc/self/net/tcp6';
  try {
    return parseProcNetTcp(await readFile(file, 'latin1'), tuple);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') procMissing = true;
    return null;
  }
}
