/**
 * The browser-host transport: one WebSocket to `dialtone serve` at /ws?token=..., carrying the same
 * contract in binary frames (src-shared/ipc/wire.ts). Requests sent before the socket opens wait for it;
 * when the socket closes, pending and later requests fail with a reply `{ ok: false, code: 'not-available' }`
 * and a 'bridge.closed' listener (if any) is told.
 */
import type { ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { decodeMessage, encodeMessage, type WireMessage } from '../../src-shared/ipc/wire.js';
import type { BridgeTransport } from './transport.js';

/** The socket URL for the page's own origin and the token from the page URL's `?token=`. */
export function serveSocketUrl(loc: Location = window.location): string {
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}/ws?token=${encodeURIComponent(token)}`;
}

export function createWebSocketTransport(url: string = serveSocketUrl()): BridgeTransport {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const pending = new Map<number, (reply: ReplyEnvelope) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let closedReason: string | null = null;
  let everOpen = false;
  // settles when the socket opens or fails to (a refused upgrade closes without opening)
  const settled = new Promise<void>((resolve) => {
    ws.addEventListener('open', () => ((everOpen = true), resolve()), { once: true });
    ws.addEventListener('close', () => resolve(), { once: true });
  });

  const emit = (name: string, payload: unknown) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  };
  ws.addEventListener('message', (ev: MessageEvent) => {
    if (!(ev.data instanceof ArrayBuffer)) return;
    let msg: WireMessage;
    try {
      msg = decodeMessage(new Uint8Array(ev.data));
    } catch (err) {
      console.error('dialtone bridge: bad frame from server', err);
      return;
    }
    if (msg.t === 'res') {
      pending.get(msg.id)?.(msg.reply);
      pending.delete(msg.id);
    } else if (msg.t === 'evt') {
      emit(msg.name, msg.payload);
    }
  });
  ws.addEventListener('close', (ev: CloseEvent) => {
    closedReason = everOpen
      ? `connection to dialtone serve closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`
      : "dialtone serve refused the connection: open the exact URL it printed (with its ?token=)";
    for (const resolve of pending.values()) resolve({ ok: false, error: closedReason, code: 'not-available' });
    pending.clear();
    emit('bridge.closed', { reason: closedReason });
  });

  return {
    kind: 'browser',
    async invoke(name, payload) {
      if (ws.readyState === WebSocket.CONNECTING) await settled;
      if (closedReason !== null || ws.readyState !== WebSocket.OPEN) {
        return { ok: false, error: closedReason ?? 'connection to dialtone serve is not open', code: 'not-available' };
      }
      const id = nextId++;
      const reply = new Promise<ReplyEnvelope>((resolve) => pending.set(id, resolve));
      ws.send(encodeMessage({ t: 'req', id, name, payload }));
      return reply;
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
