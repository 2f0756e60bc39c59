/**
 * Flow-control acks for one session's pane (design/architecture.md, "The byte path"): `consumed(n)` is
 * called from xterm's write callback with the bytes it has parsed; once at least `chunk` bytes are owed
 * all of them are acked in one message at the end of the current task (xterm runs the callbacks of every
 * write it parsed in one slice in one task: one ack for all of them, not one per write). What it holds
 * back is below one chunk, itself <= FLOW_LOW_BYTES, or main would never resume a paused source.
 *
 *   const acker = createAcker((bytes) => api.session.ack({ sessionId, bytes }));
 *   term.write(data, () => acker.consumed(data.byteLength));
 */
import { ACK_CHUNK_BYTES } from '../../src-shared/ipc/contract.js';

/** Sends one ack of `bytes` bytes to main (a failure means the session is gone: nothing left to pace). */
export type AckSender = (bytes: number) => void;

export interface Acker {
  /** Bytes the terminal has finished with. */
  consumed(bytes: number): void;
  /** Ack whatever is left now (the pane lets go of the session). */
  flush(): void;
}

/** An acker that sends through `send` in chunks of at least `chunk` bytes (default ACK_CHUNK_BYTES). */
export function createAcker(send: AckSender, chunk = ACK_CHUNK_BYTES): Acker {
  const state = { unacked: 0, queued: false };
  const endOfTask = () => {
    state.queued = false;
    if (state.unacked >= chunk) {
      send(state.unacked);
      state.unacked = 0;
    }
  };
  return {
    consumed(bytes) {
      state.unacked += bytes;
      if (state.unacked >= chunk && !state.queued) {
        state.queued = true;
        queueMicrotask(endOfTask);
      }
    },
    flush() {
      if (state.unacked > 0) send(state.unacked);
      state.unacked = 0;
    },
  };
}
