/**
 * What the two ZMODEM engines share: engine-base.ts's life cycle (the step being built, one armed
 * deadline, 'done' at once, 'failed'/'cancelled' after the line went quiet so the peer's leftovers do not
 * reach the terminal), with ZMODEM's abort instead of CAN CAN: eight CANs then eight backspaces (the
 * backspaces rub out what a shell at the far end echoed once the peer program has gone). The peer's
 * cancel (five CANs) is found by the frame reader.
 */
import { EngineBase } from './engine-base.js';
import { CAN, type Timings } from './types.js';

/** The ZMODEM abort: 8 CAN, 8 BS. */
export const ZMODEM_ABORT = Uint8Array.of(...new Array<number>(8).fill(CAN), ...new Array<number>(8).fill(0x08));

export abstract class ZmodemEngine extends EngineBase {
  protected constructor(t: Timings) {
    super(t, ZMODEM_ABORT);
  }

  /** The peer aborted (its CANs, found by the frame reader): 'cancelled' by 'peer' once the line is quiet. */
  protected peerAborted(): void {
    this.abort({ type: 'cancelled', by: 'peer' }, false);
  }
}
