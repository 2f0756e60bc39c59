/**
 * The one object the Electron preload exposes to the page as `window.dialtone` (contextBridge). It is
 * deliberately small and untyped at the edge: channel names are checked against the contract's lists in
 * the preload, payloads are validated by main's router. The renderer never uses it directly; it goes
 * through src-renderer/bridge, which adds the contract's types.
 */
import type { ReplyEnvelope } from './contract.js';

export interface DialtonePreloadApi {
  /** Send a request on a contract channel; resolves to the reply envelope (never rejects for a bad payload). */
  invoke(name: string, payload: unknown): Promise<ReplyEnvelope>;
  /** Listen to a contract event; returns the function that removes the listener. */
  on(name: string, listener: (payload: unknown) => void): () => void;
}
