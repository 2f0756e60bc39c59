/**
 * Routes received bytes from the bridge to the terminal pane showing the session. Bytes never enter a
 * store. Bytes that arrive before a pane attaches (a session opened elsewhere, a pane mounting) wait
 * here, unacked: main stops sending at its HIGH watermark, so the backlog is bounded by it.
 */

/** Receives one batch of bytes of one session. */
export type ByteSink = (bytes: Uint8Array) => void;

const sinks = new Map<string, ByteSink>();
const backlog = new Map<string, Uint8Array[]>();

export const dataHub = {
  /** Deliver bytes of `sessionId` to its pane, or keep them until one attaches. */
  push(sessionId: string, bytes: Uint8Array): void {
    const sink = sinks.get(sessionId);
    if (sink) return sink(bytes);
    const q = backlog.get(sessionId);
    if (q) q.push(bytes);
    else backlog.set(sessionId, [bytes]);
  },
  /** Attach the pane of `sessionId`: kept bytes are delivered first, in order. Returns detach. */
  attach(sessionId: string, sink: ByteSink): () => void {
    sinks.set(sessionId, sink);
    const q = backlog.get(sessionId);
    backlog.delete(sessionId);
    for (const b of q ?? []) sink(b);
    return () => {
      if (sinks.get(sessionId) === sink) sinks.delete(sessionId);
    };
  },
  /** Forget a session's kept bytes (its tab closed). */
  drop(sessionId: string): void {
    backlog.delete(sessionId);
    sinks.delete(sessionId);
  },
};
