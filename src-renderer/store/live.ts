/**
 * Live values (modem lamps, line-error counters, byte counts and rates) in a vanilla zustand store.
 * They change often, so components read them through transient subscriptions (`useLiveEffect`) that
 * update the DOM directly instead of re-rendering React trees on every modem event or byte count.
 */
import { useEffect, useRef } from 'react';
import { createStore } from 'zustand/vanilla';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { LiveState } from './reducers.js';
import { applyEventToLive, emptyLive, rate, ZERO_ERRORS } from './reducers.js';

export interface LiveStore {
  /** By tab id. */
  byTab: Record<string, LiveState>;
}

export const liveStore = createStore<LiveStore>()(() => ({ byTab: {} }));

function update(tabId: string, fn: (l: LiveState) => LiveState): void {
  const cur = liveStore.getState().byTab[tabId] ?? emptyLive();
  const next = fn(cur);
  if (next !== cur) liveStore.setState((s) => ({ byTab: { ...s.byTab, [tabId]: next } }));
}

export const live = {
  set(tabId: string, state: LiveState): void {
    liveStore.setState((s) => ({ byTab: { ...s.byTab, [tabId]: state } }));
  },
  remove(tabId: string): void {
    liveStore.setState((s) => {
      const { [tabId]: _gone, ...rest } = s.byTab;
      return { byTab: rest };
    });
  },
  event(tabId: string, ev: SessionEvent): void {
    update(tabId, (l) => applyEventToLive(l, ev));
  },
  received(tabId: string, bytes: number): void {
    update(tabId, (l) => ({ ...l, bytesIn: l.bytesIn + bytes }));
  },
  /** Set the bytes received by the tab's session so far (the byte path's own count). */
  receivedTotal(tabId: string, bytes: number): void {
    update(tabId, (l) => (l.bytesIn === bytes ? l : { ...l, bytesIn: bytes }));
  },
  sent(tabId: string, bytes: number): void {
    update(tabId, (l) => ({ ...l, bytesOut: l.bytesOut + bytes }));
  },
  /** Bytes main keeps for a link that is not up (counted as sent when it connects). */
  queued(tabId: string, bytes: number): void {
    update(tabId, (l) => ({ ...l, bytesQueued: l.bytesQueued + bytes }));
  },
  /** Zero the line-error counters of a tab (the operator's reset). */
  resetErrors(tabId: string): void {
    update(tabId, (l) => ({ ...l, errors: { ...ZERO_ERRORS } }));
  },
  get(tabId: string): LiveState {
    return liveStore.getState().byTab[tabId] ?? emptyLive();
  },
};

/** Sample byte counters every `intervalMs` and store the rates (bytes/s). Returns a stop function. */
export function startRateSampler(intervalMs = 1000): () => void {
  let prev = new Map<string, { t: number; inB: number; outB: number }>();
  const timer = setInterval(() => {
    const now = performance.now();
    const next = new Map<string, { t: number; inB: number; outB: number }>();
    for (const [tabId, l] of Object.entries(liveStore.getState().byTab)) {
      const p = prev.get(tabId);
      next.set(tabId, { t: now, inB: l.bytesIn, outB: l.bytesOut });
      if (!p) continue;
      const rateIn = rate(p.inB, l.bytesIn, now - p.t);
      const rateOut = rate(p.outB, l.bytesOut, now - p.t);
      if (rateIn !== l.rateIn || rateOut !== l.rateOut) update(tabId, (x) => ({ ...x, rateIn, rateOut }));
    }
    prev = next;
  }, intervalMs);
  return () => clearInterval(timer);
}

/**
 * Transient subscription: calls `apply(value)` now and whenever the selected value changes, without
 * re-rendering the component. `apply` writes to refs (DOM attributes, text).
 */
export function useLiveEffect<T>(tabId: string, select: (l: LiveState) => T, apply: (value: T) => void, equal: (a: T, b: T) => boolean = Object.is): void {
  const applyRef = useRef(apply);
  const selectRef = useRef(select);
  applyRef.current = apply;
  selectRef.current = select;
  useEffect(() => {
    let last = selectRef.current(live.get(tabId));
    applyRef.current(last);
    return liveStore.subscribe((s) => {
      const v = selectRef.current(s.byTab[tabId] ?? emptyLive());
      if (!equal(v, last)) {
        last = v;
        applyRef.current(v);
      }
    });
  }, [tabId, equal]);
}
