/**
 * Routes received bytes to the terminal pane showing the session. Bytes never enter a store. Bytes that
 * arrive before a pane attaches (a session opened elsewhere, a pane mounting) wait here, unacked: main
 * stops sending at its HIGH watermark, so the backlog is bounded by it.
 */

/** Receives one batch of bytes of one session. */
export type ByteSink = (bytes: Uint8Array) => void;

export interface DataHub {
  /** Deliver bytes of `sessionId` to its pane, or keep them until one attaches. */
  push(sessionId: string, bytes: Uint8Array): void;
  /** Attach the pane of `sessionId`: kept bytes are delivered first, in order. Returns detach. */
  attach(sessionId: string, sink: ByteSink): () => void;
  /** Forget a session's kept bytes and pane (its tab closed). */
  drop(sessionId: string): void;
}

export function createDataHub(): DataHub {
  const sinks = new Map<string, ByteSink>();
  const backlog = new Map<string, Uint8Array[]>();
  return {
    push(sessionId, bytes) {
      const sink = sinks.get(sessionId);
      if (sink) return sink(bytes);
      const q = backlog.get(sessionId);
      if (q) q.push(bytes);
      else backlog.set(sessionId, [bytes]);
    },
    attach(sessionId, sink) {
      sinks.set(sessionId, sink);
      const q = backlog.get(sessionId);
      backlog.delete(sessionId);
      for (const b of q ?? []) sink(b);
      return () => {
        if (sinks.get(sessionId) === sink) sinks.delete(sessionId);
      };
    },
    drop(sessionId) {
      backlog.delete(sessionId);
      sinks.delete(sessionId);
    },
  };
}

/** The page's one hub: the bridge subscription pushes, each pane attaches. */
export const dataHub = createDataHub();
