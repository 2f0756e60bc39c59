/**
 * Connection changes written into the pane (issue 10): a dim one-line note where the bytes stopped or
 * start again, so a lost link is never missed while reading the screen. The text of each note comes
 * from the session's own events; nothing is guessed.
 *   lost:          "connection lost: <reason> — reconnecting in N s" (a link that was up went; said once,
 *                  the retries after it could not connect)
 *   not connected: "could not connect: <reason> — reconnecting in N s (attempt k)" (no link was up since
 *                  the operator's last Connect / Reconnect or the session's start)
 *   disconnected:  "disconnected: <reason>"
 *   back:          "connected again — re-applied: baud 9600, DTR on" (only after a loss: the first
 *                  connect needs no note)
 *   not sent:      the 'not-sent' / 'queue-overflow' error's message (bytes that never reached the line)
 */
import type { SessionEvent } from '../../src-shared/session/events.js';
import { recordSessionEvent } from './hex-history.js';

/** What a session's earlier events said, for the wording of a note. */
export interface NoteContext {
  /** The session has been connected before in this window (a later 'connected' is "connected again"). */
  wasConnected: boolean;
  /** A link was up since the last 'connecting' (the operator's open, Connect or Reconnect) or
   * 'disconnected': a retry follows a lost connection, not a connect that failed. */
  linkWasUp: boolean;
}

/** A retry delay as the pane says it: "0.5 s" under a second (the back-off starts at a few hundred ms), else whole seconds. */
function retryDelay(ms: number): string {
  return ms < 1000 ? `${(Math.max(100, ms) / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The note for `ev`, or null; `ctx`: what the session's earlier events said (NoteContext). */
export function connectionNote(ev: SessionEvent, { wasConnected, linkWasUp }: NoteContext): string | null {
  if (ev.type === 'error' && (ev.code === 'not-sent' || ev.code === 'queue-overflow')) return ev.message;
  if (ev.type !== 'status') return null;
  switch (ev.state) {
    case 'reconnecting': {
      const when = ev.retryInMs !== undefined ? ` — reconnecting in ${retryDelay(ev.retryInMs)}` : ' — reconnecting';
      const attempt = ev.attempt !== undefined && ev.attempt > 1 ? ` (attempt ${ev.attempt})` : '';
      return `${linkWasUp ? 'connection lost' : 'could not connect'}: ${ev.reason ?? 'unknown reason'}${when}${attempt}`;
    }
    case 'disconnected':
      return ev.reason ? `disconnected: ${ev.reason}` : 'disconnected';
    case 'connected':
      return wasConnected ? `connected again${ev.reason ? ` — ${ev.reason}` : ''}` : null;
    default:
      return null;
  }
}

/** A note as the pane writes it: on a line of its own, dim, attributes reset after it. */
export function noteLine(text: string, atLineStart: boolean): string {
  return `${atLineStart ? '' : '\r\n'}\x1b[0;2m[dialtone] ${text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ')}\x1b[0m\r\n`;
}

/** Receives the notes of one session. */
export type NoteSink = (text: string) => void;

/** Most notes kept for a session no pane shows yet (the newest win). */
const KEPT = 16;

/**
 * Routes notes to the pane of their session, as the data hub does bytes; notes for a session without a
 * pane wait (a few). Notes are never acked: they are not the far end's bytes.
 */
export function createNoteHub() {
  const sinks = new Map<string, NoteSink>();
  const kept = new Map<string, string[]>();
  return {
    push(sessionId: string, text: string): void {
      const sink = sinks.get(sessionId);
      if (sink) return sink(text);
      const q = kept.get(sessionId) ?? [];
      q.push(text);
      if (q.length > KEPT) q.shift();
      kept.set(sessionId, q);
    },
    attach(sessionId: string, sink: NoteSink): () => void {
      sinks.set(sessionId, sink);
      for (const t of kept.get(sessionId) ?? []) sink(t);
      kept.delete(sessionId);
      return () => {
        if (sinks.get(sessionId) === sink) sinks.delete(sessionId);
      };
    },
    drop(sessionId: string): void {
      kept.delete(sessionId);
      sinks.delete(sessionId);
    },
  };
}

/** The page's one note hub. */
export const noteHub = createNoteHub();

/** Sessions seen connected in this window (a later 'connected' is a reconnect worth a note). */
const connectedOnce = new Set<string>();
/** Sessions connected since their last 'connecting' or 'disconnected' (NoteContext.linkWasUp). */
const upSinceConnect = new Set<string>();

/** Note `ev` of `sessionId` in its pane when it is a connection change (see connectionNote). */
export function noteSessionEvent(sessionId: string, ev: SessionEvent): void {
  const text = connectionNote(ev, { wasConnected: connectedOnce.has(sessionId), linkWasUp: upSinceConnect.has(sessionId) });
  if (ev.type === 'status') {
    if (ev.state === 'connected') {
      connectedOnce.add(sessionId);
      upSinceConnect.add(sessionId);
    } else if (ev.state === 'connecting' || ev.state === 'disconnected' || ev.state === 'closed' || ev.state === 'reconnecting') {
      // the loss is said once: the retries after it could not connect
      upSinceConnect.delete(sessionId);
    }
    if (ev.state === 'closed') connectedOnce.delete(sessionId);
  }
  if (text) noteHub.push(sessionId, text);
  recordSessionEvent(sessionId, ev); // inline in the hex view (DCD on, BREAK received, settings changed)
}
