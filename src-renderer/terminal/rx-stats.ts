/**
 * Exact receive statistics per session, updated in the 'session.data' listener before the bytes go to
 * the pane: the byte count and an Adler-32 (RFC 1950) of every byte in order. The e2e flood test
 * compares them with what the sender sent; the status bar shows the count.
 */

/** Adler-32 modulus (the largest prime below 2^16). */
const MOD_ADLER = 65521;
/** Bytes summed before reducing: the sums stay below 2^53 well past this (zlib's NMAX is 5552 for 32 bits). */
const CHUNK = 4096;

export interface RxStats {
  bytes: number;
  a: number;
  b: number;
}

/** Fold `bytes` into Adler-32 state (a, b); start with a = 1, b = 0. */
export function adler32Update(s: { a: number; b: number }, bytes: Uint8Array): { a: number; b: number } {
  let { a, b } = s;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + CHUNK);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= MOD_ADLER;
    b %= MOD_ADLER;
  }
  return { a, b };
}

/** The Adler-32 value of a state, unsigned. */
export function adler32Value(s: { a: number; b: number }): number {
  return ((s.b << 16) | s.a) >>> 0;
}

const stats = new Map<string, RxStats>();

export const rxStats = {
  add(sessionId: string, bytes: Uint8Array): void {
    const cur = stats.get(sessionId) ?? { bytes: 0, a: 1, b: 0 };
    const { a, b } = adler32Update(cur, bytes);
    stats.set(sessionId, { bytes: cur.bytes + bytes.byteLength, a, b });
  },
  get(sessionId: string): RxStats {
    return stats.get(sessionId) ?? { bytes: 0, a: 1, b: 0 };
  },
  drop(sessionId: string): void {
    stats.delete(sessionId);
  },
};
