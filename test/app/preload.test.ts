// The built preload (dist/preload/index.cjs) against a stand-in `electron` module (no Electron binary
// can be installed here; e2e/electron.spec.ts runs the real one where it can): it exposes exactly one
// object, passes only contract channel names, and hands listeners the payload, never the IPC event.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_CHANNEL_PREFIX } from '../../src-shared/ipc/contract.js';
import type { DialtonePreloadApi } from '../../src-shared/ipc/preload-api.js';

const BUNDLE = join(fileURLToPath(new URL('../..', import.meta.url)), 'dist/preload/index.cjs');
const exposed: Record<string, unknown> = {};
const invoked: Array<[string, unknown]> = [];
const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: async (channel: string, payload: unknown) => {
    invoked.push([channel, payload]);
    return { ok: true, value: 'from main' };
  },
});
let api: DialtonePreloadApi;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/build.mjs (npm test does)`);
  const electron = { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) }, ipcRenderer };
  // a sandboxed preload sees require('electron') and little else: give it exactly that
  const module = { exports: {} };
  runInNewContext(readFileSync(BUNDLE, 'utf8'), {
    require: (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`the sandboxed preload required "${name}"`);
    },
    module,
    exports: module.exports,
    console,
  });
  api = exposed.dialtone as DialtonePreloadApi;
});

describe('preload (built bundle, stand-in electron)', () => {
  it('exposes one object, window.dialtone, with invoke and on', () => {
    expect(Object.keys(exposed)).toEqual(['dialtone']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('passes contract requests on their prefixed channel and refuses other names', async () => {
    expect(await api.invoke('session.list', {})).toEqual({ ok: true, value: 'from main' });
    expect(invoked).toEqual([[`${ELECTRON_CHANNEL_PREFIX}session.list`, {}]]);
    expect(await api.invoke('shell.openExternal', 'https://evil.example')).toMatchObject({ ok: false, code: 'unknown-channel' });
    expect(await api.invoke('__proto__', {})).toMatchObject({ ok: false, code: 'unknown-channel' });
    expect(invoked).toHaveLength(1);
  });

  it('delivers contract events as the payload only, until unsubscribed; other names never', () => {
    const seen: unknown[] = [];
    const off = api.on('session.event', (p) => seen.push(p));
    const none = api.on('ELECTRON_BROWSER_WINDOW_ALERT', (p) => seen.push(p));
    ipcRenderer.emit(`${ELECTRON_CHANNEL_PREFIX}session.event`, { sender: 'the ipc event' }, { sessionId: 's1' });
    ipcRenderer.emit('ELECTRON_BROWSER_WINDOW_ALERT', { sender: 'x' }, 'boom');
    off();
    none();
    ipcRenderer.emit(`${ELECTRON_CHANNEL_PREFIX}session.event`, {}, { sessionId: 's2' });
    expect(seen).toEqual([{ sessionId: 's1' }]);
    expect(ipcRenderer.listenerCount(`${ELECTRON_CHANNEL_PREFIX}session.event`)).toBe(0);
  });

  it("passes the application menu's 'menu.command' event (the renderer checks its payload)", () => {
    const seen: unknown[] = [];
    const off = api.on('menu.command', (p) => seen.push(p));
    ipcRenderer.emit(`${ELECTRON_CHANNEL_PREFIX}menu.command`, {}, { command: 'dtr' });
    off();
    expect(seen).toEqual([{ command: 'dtr' }]);
  });
});
