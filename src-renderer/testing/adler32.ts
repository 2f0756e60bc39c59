/**
 * Adler-32 (RFC 1950) of every byte received per session, in order, for the e2e flood test, which
 * compares it with the sender's. Test build only (see taps.ts).
 */

/** Adler-32 modulus (the largest prime below 2^16). */
const MOD_ADLER = 65521;
/** Bytes summed before reducing: the sums stay below 2^53 well past this (zlib's NMAX is 5552 for 32 bits). */
const CHUNK = 4096;

/** Adler-32 running state: start with a = 1, b = 0. */
export interface Adler32State {
  a: number;
  b: number;
}

/** Fold `bytes` into Adler-32 state (a, b). */
export function adler32Update(s: Adler32State, bytes: Uint8Array): Adler32State {
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
export function adler32Value(s: Adler32State): number {
  return ((s.b << 16) | s.a) >>> 0;
}

/** Adler-32 per session id. */
export function createChecksums(): { add(sessionId: string, bytes: Uint8Array): void; value(sessionId: string): number } {
  const states = new Map<string, Adler32State>();
  return {
    add(sessionId, bytes) {
      states.set(sessionId, adler32Update(states.get(sessionId) ?? { a: 1, b: 0 }, bytes));
    },
    value(sessionId) {
      return adler32Value(states.get(sessionId) ?? { a: 1, b: 0 });
    },
  };
}
