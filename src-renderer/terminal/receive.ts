/**
 * The subscription to main's 'session.data': each batch is checked to be bytes, counted per session and
 * handed to the data hub, which gives it to the session's pane or keeps it until one attaches. Nothing
 * per byte. The per-tab count in the live store (the status bar's) is published at most every
 * RX_PUBLISH_MS, not per batch: each store update runs every live subscriber and rewrites the status bar.
 */
import type { DialtoneApi } from '../bridge/index.js';
import { live } from '../store/live.js';
import { useSessions } from '../store/sessions.js';
import { zmodemGate } from '../store/actions/transfer.js';
import { useUi } from '../store/ui.js';
import { e2eTaps } from '../testing/taps.js';
import { dataHub } from './data-hub.js';
import { recordRx } from './hex-history.js';
import { rxCounters } from './rx-counters.js';

/** A short description of an unexpected value, for error messages. */
function describeValue(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v;
  const keys = Object.keys(v).slice(0, 3).join(', ');
  return `${v.constructor?.name ?? 'object'} with ${keys || 'no keys'}`;
}

/** Longest delay between bytes arriving and the live store counting them, ms. */
export const RX_PUBLISH_MS = 100;

/** Route every session's received bytes from `api` to the panes; returns unsubscribe. */
export function receiveSessionData(api: DialtoneApi): () => void {
  const reported = { badData: false };
  /** Sessions with bytes the live store has not counted yet. */
  const unpublished = new Set<string>();
  // totals, not increments: a tab that appears meanwhile starts from the same count (reducers' liveFromInfo)
  const publish = () => {
    const views = useSessions.getState().views;
    for (const sessionId of unpublished) {
      const view = views.find((v) => v.sessionId === sessionId);
      if (view) live.receivedTotal(view.tabId, rxCounters.bytes(sessionId));
    }
    unpublished.clear();
  };
  const off = api.on('session.data', ({ sessionId, bytes }) => {
    // The contract says Uint8Array; anything else is a host bug: say so once rather than show garbage.
    if (!(bytes instanceof Uint8Array)) {
      if (!reported.badData) useUi.getState().notify('error', `session.data from main is not a Uint8Array (${describeValue(bytes)}): not shown; this is a host bug`);
      reported.badData = true;
      console.error('dialtone: session.data payload is not a Uint8Array', bytes);
      return;
    }
    rxCounters.add(sessionId, bytes.byteLength);
    if (import.meta.env.MODE === 'e2e') e2eTaps.received?.(sessionId, bytes);
    const view = useSessions.getState().views.find((v) => v.sessionId === sessionId);
    if (view) recordRx(view.tabId, bytes); // the hex view's history: the batch referenced, one push
    if (unpublished.size === 0) setTimeout(publish, RX_PUBLISH_MS);
    unpublished.add(sessionId);
    // issue 13: a ZMODEM start is offered, not printed (bytes the pane does not get are acked there)
    const shown = zmodemGate(sessionId, bytes, api);
    if (shown.byteLength > 0) dataHub.push(sessionId, shown);
  });
  return () => {
    off();
    publish();
  };
}
