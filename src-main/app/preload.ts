/**
 * The Electron preload (sandboxed; bundled into one CJS file by scripts/build.mjs). Exposes exactly one
 * object to the page, `window.dialtone` (DialtonePreloadApi), through contextBridge. Only channel names
 * from the contract's lists pass; the IpcRendererEvent never reaches the page; payloads are validated by
 * main's router, not here.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ELECTRON_CHANNEL_PREFIX, isEventName, isRequestName, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import type { DialtonePreloadApi } from '../../src-shared/ipc/preload-api.js';

const api: DialtonePreloadApi = {
  invoke(name: string, payload: unknown): Promise<ReplyEnvelope> {
    if (!isRequestName(name)) return Promise.resolve({ ok: false, error: `unknown channel "${String(name)}"`, code: 'unknown-channel' });
    return ipcRenderer.invoke(ELECTRON_CHANNEL_PREFIX + name, payload) as Promise<ReplyEnvelope>;
  },
  on(name: string, listener: (payload: unknown) => void): () => void {
    if (!isEventName(name) || typeof listener !== 'function') return () => undefined;
    const channel = ELECTRON_CHANNEL_PREFIX + name;
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('dialtone', api);
