/**
 * The renderer's only way to reach main. Components import from here and never touch `window.dialtone`,
 * WebSocket or the wire format.
 *
 *   import { getBridge, IpcError } from '../bridge/index.js';
 *   const api = getBridge();
 *
 * Requests (each resolves to the reply value, or rejects with IpcError{code, message}); the schemas and
 * reply types are in src-shared/ipc/contract.ts:
 *   api.app.info()                                  -> { host: 'electron'|'browser', version, platform, demoModem, logDir? }
 *   api.session.open({ profileId }) | api.session.open({ target, options?, name? }) -> SessionInfo
 *   api.session.close({ sessionId }) / api.session.disconnect({ sessionId }) / api.session.connect({ sessionId })
 *   api.session.write({ sessionId, bytes: Uint8Array })
 *   api.session.applySettings({ sessionId, settings: Partial<LineSettings> })
 *   api.session.setControlLines({ sessionId, dtr?, rts? })
 *   api.session.setBreak({ sessionId, on }) / api.session.sendBreak({ sessionId, ms? })
 *   api.session.purge({ sessionId, which: 'rx'|'tx'|'both' }) / api.session.reconnect({ sessionId })
 *   api.session.list()                              -> SessionInfo[] (snapshots, for (re)attaching)
 *   api.session.ack({ sessionId, bytes })           flow control: terminal/acker.ts sends these
 *   api.ports.list()                                -> PortInfo[]
 *   api.profiles.list() / save({ profile }) / delete({ id }) / duplicate({ id })
 *   api.profiles.import({ json }) -> { imported, notes } / export({ ids? }) -> { json, fileName }
 *   api.log.start({ sessionId, format }) -> { started, fileName? } / stop({ sessionId }) / openFolder({ sessionId })
 *   api.phonebook.list() / save({ entry }) / delete({ id }) / import({ json }) / export()
 *   api.dial.start({ sessionId, entryId } | { sessionId, number, chatScript? }) / hangup({ sessionId })
 *   api.dial.callback({ sessionId, entryId } | { sessionId, number, loginScript }, answerBy? 'ata'|'modem')
 *   api.dial.answerMode({ sessionId, mode: 'off'|'manual'|'auto'|'modem' })
 *
 * Events (api.on(name, listener) returns unsubscribe):
 *   'session.data'     { sessionId, bytes: Uint8Array }  terminal/receive.ts routes them to the panes
 *   'session.event'    { sessionId, event: SessionEvent } status/settings/modem/line/warning/error/control/signature
 *   'sessions.changed' { sessions: SessionInfo[] }
 *   'ports.changed'    { ports, added, removed }
 *   'log.status'       { sessionId, active, format?, fileName?, bytesWritten, error? }
 *   'dial.status'      { sessionId, state, flow?, entryId?, number?, resultCode?, rate?, attempt?, attempts?,
 *                        inMs?, rings?, method?, confirmed?, elapsedMs?, message? } (dialStatusSchema)
 *
 * The bridge picks the host itself: in Electron the preload's `window.dialtone`; in a browser (served by
 * `dialtone serve`) a WebSocket to the page's own origin with the token from the URL's `?token=`.
 * Tests may build an API over their own transport with createApi(transport).
 */
import { createApi, type DialtoneApi } from './api.js';
import { createElectronTransport, electronPreload } from './electron.js';
import { createWebSocketTransport } from './websocket.js';

export { createApi, IpcError, type DialtoneApi } from './api.js';
export type { BridgeTransport } from './transport.js';

let bridge: DialtoneApi | null = null;

/** The one DialtoneApi of this page (created on first use, unless setBridge gave one). */
export function getBridge(): DialtoneApi {
  if (!bridge) {
    const preload = electronPreload();
    bridge = createApi(preload ? createElectronTransport(preload) : createWebSocketTransport());
  }
  return bridge;
}

/** Use `api` as this page's bridge (unit tests, the static preview); call before anything uses it. */
export function setBridge(api: DialtoneApi): void {
  bridge = api;
}
