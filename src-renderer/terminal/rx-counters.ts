/**
 * Bytes received per session, counted as they arrive from main (before newline translation or
 * decoding): what a tab shows as received when it appears after its session's first bytes, and what
 * the e2e hook compares with the sender's count.
 */

export interface RxCounters {
  /** Count `bytes` more bytes received for `sessionId`. */
  add(sessionId: string, bytes: number): void;
  /** Bytes received for `sessionId` so far (0 for an unknown session). */
  bytes(sessionId: string): number;
  /** Forget a session (its tab closed). */
  drop(sessionId: string): void;
}

export function createRxCounters(): RxCounters {
  const counts = new Map<string, number>();
  return {
    add(sessionId, bytes) {
      counts.set(sessionId, (counts.get(sessionId) ?? 0) + bytes);
    },
    bytes(sessionId) {
      return counts.get(sessionId) ?? 0;
    },
    drop(sessionId) {
      counts.delete(sessionId);
    },
  };
}

/** The page's counters, fed by the session-data subscription (receive.ts). */
export const rxCounters = createRxCounters();
