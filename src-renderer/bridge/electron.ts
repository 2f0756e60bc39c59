/**
 * The Electron transport: wraps `window.dialtone`, the one object src-main/app/preload.ts exposes
 * through contextBridge. Bytes cross as Uint8Array (structured clone).
 */
import type { DialtonePreloadApi } from '../../src-shared/ipc/preload-api.js';
import type { BridgeTransport } from './transport.js';

declare global {
  interface Window {
    /** Present only in Electron (the preload). Use the bridge, never this directly. */
    dialtone?: DialtonePreloadApi;
  }
}

/** The preload's object, when the page runs in Electron. */
export function electronPreload(): DialtonePreloadApi | undefined {
  return typeof window !== 'undefined' ? window.dialtone : undefined;
}

export function createElectronTransport(preload: DialtonePreloadApi): BridgeTransport {
  return {
    kind: 'electron',
    invoke: (name, payload) => preload.invoke(name, payload),
    on: (name, listener) => preload.on(name, listener),
  };
}
