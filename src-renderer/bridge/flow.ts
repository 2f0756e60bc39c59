/**
 * Flow-control acks for one session (design/architecture.md, "The byte path"): call `consumed(n)` from
 * xterm's write callback with the byte count written; once at least ACK_CHUNK_BYTES are owed it acks all
 * of them in one request at the end of the current task (xterm runs the callbacks of every write it
 * parsed in one slice in one task: one message for all of them, not one per chunk or per write). What
 * it holds back is below one chunk, itself <= FLOW_LOW_BYTES, or main would never resume a paused source.
 *
 *   const acker = createAcker(api, sessionId);
 *   api.on('session.data', ({ sessionId: id, bytes }) => {
 *     if (id === sessionId) term.write(bytes, () => acker.consumed(bytes.byteLength));
 *   });
 */
import { ACK_CHUNK_BYTES } from '../../src-shared/ipc/contract.js';
import type { DialtoneApi } from './api.js';

export interface Acker {
  /** Bytes the terminal has finished with. */
  consumed(bytes: number): void;
  /** Ack whatever is left now (e.g. before closing the pane). */
  flush(): void;
}

export function createAcker(api: DialtoneApi, sessionId: string, chunk = ACK_CHUNK_BYTES): Acker {
  let unacked = 0;
  let queued = false;
  const send = (bytes: number) => {
    api.session.ack({ sessionId, bytes }).catch(() => {
      // the session is gone: nothing left to pace
    });
  };
  return {
    consumed(bytes) {
      unacked += bytes;
      // xterm runs several write callbacks in one task: one ack for all of them, sent when the task ends
      if (unacked >= chunk && !queued) {
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (unacked >= chunk) {
            send(unacked);
            unacked = 0;
          }
        });
      }
    },
    flush() {
      if (unacked > 0) send(unacked);
      unacked = 0;
    },
  };
}
