/**
 * The interop tests' usual rig (test-only): a socat pty pair in its own temp folder, an access server
 * (ser2net, sredird) on end `a`, and end `b` opened as the device the test plays. Stopped in reverse
 * order; a start that fails stops what it had started and rethrows.
 */
import { startPtyPair, tempDir, type Peer, type PtyPair } from '../harness/peers.js';
import { openPty, type PtyEnd } from './helpers.js';

export interface PtyRig<P extends Peer> {
  dir: ReturnType<typeof tempDir>;
  pair: PtyPair;
  /** The access server on `pair.a`. */
  peer: P;
  /** `pair.b`, the device side. */
  device: PtyEnd;
  /** Close the device, stop the server and the pair, remove the folder. */
  stop(): Promise<void>;
}

/** Start the rig; `start` runs the access server for the pty at `tty`, keeping its files in `dir`. */
export async function startPtyRig<P extends Peer>(start: (dir: string, tty: string) => Promise<P>): Promise<PtyRig<P>> {
  const dir = tempDir();
  let pair: PtyPair | undefined;
  let peer: P | undefined;
  let device: PtyEnd | undefined;
  const stop = async () => {
    device?.close();
    await peer?.stop();
    await pair?.stop();
    dir.remove();
  };
  try {
    pair = await startPtyPair(dir.path);
    peer = await start(dir.path, pair.a);
    device = openPty(pair.b);
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, pair, peer, device, stop };
}
