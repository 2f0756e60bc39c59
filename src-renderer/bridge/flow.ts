/**
 * Flow-control acks for one session (design/architecture.md, "The byte path"): call `consumed(n)` from
 * xterm's write callback with the byte count written; it acks main in chunks of ACK_CHUNK_BYTES (never
 * per write, never more than FLOW_LOW_BYTES at once, or main would never resume a paused source).
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
  const send = (bytes: number) => {
    api.session.ack({ sessionId, bytes }).catch(() => {
      // the session is gone: nothing left to pace
    });
  };
  return {
    consumed(bytes) {
      unacked += bytes;
      while (unacked >= chunk) {
        send(chunk);
        unacked -= chunk;
      }
    },
    flush() {
      if (unacked > 0) send(unacked);
      unacked = 0;
    },
  };
}
