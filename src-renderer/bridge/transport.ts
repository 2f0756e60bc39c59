/**
 * The low-level transport under the bridge: request/reply by channel name, events by name. Implemented by
 * the Electron preload object (electron.ts) and the WebSocket client (websocket.ts); tests can supply
 * their own (e.g. an in-memory main).
 */
import type { ReplyEnvelope } from '../../src-shared/ipc/contract.js';

export interface BridgeTransport {
  /** Which host this transport talks to (the renderer should not otherwise care). */
  readonly kind: 'electron' | 'browser' | 'memory';
  invoke(name: string, payload: unknown): Promise<ReplyEnvelope>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}
