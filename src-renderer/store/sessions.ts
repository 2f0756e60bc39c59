/**
 * The sessions slice: one SessionView per tab, their order, and the active tab. Components select
 * atomic values (`useSessions(s => s.active()?.state)` style selectors over `views`); modem lamps and
 * counters live in live.ts, bytes and xterm instances never enter any store.
 */
import { create } from 'zustand';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { SessionInfo } from '../../src-shared/ipc/contract.js';
import type { SessionView } from './reducers.js';
import { applyEventToView, findView, reconcileSessions } from './reducers.js';

export interface SessionsState {
  views: SessionView[];
  activeTabId: string | null;
  /** Names the operator gave tabs (double-click to rename); a tab without one shows its view's name. */
  titles: Readonly<Record<string, string>>;
  /**
   * When each tab's connection came up, by this window's clock: set only on a connection this window
   * saw happen (its own open, or a status event), so a tab attached already connected shows no time.
   */
  connectedAt: Readonly<Record<string, number>>;
  /** Give a tab a name of its own; an empty one goes back to the view's name. */
  rename(tabId: string, title: string): void;
  /** Replace or add a view (matched by tabId). */
  upsert(view: SessionView): void;
  /** Patch a view by tab id; no-op for an unknown tab. */
  patch(tabId: string, patch: Partial<SessionView>): void;
  remove(tabId: string): void;
  activate(tabId: string): void;
  /** Apply a session event to the tab showing `sessionId`; returns that tab's id. */
  applyEvent(sessionId: string, ev: SessionEvent): string | null;
  /** Reconcile with main's list (see reconcileSessions); returns sessions that got new tabs. */
  reconcile(infos: readonly SessionInfo[], allowAdd: boolean, pending?: ReadonlySet<string>, stale?: boolean, closedHere?: ReadonlySet<string>): SessionInfo[];
}

/** connectedAt after a tab went from `before` to `after` (same object when nothing changes). */
function trackConnected(map: Readonly<Record<string, number>>, tabId: string, before: string | undefined, after: string, nowMs: number): Readonly<Record<string, number>> {
  if (after === 'connected') return before === 'connected' && tabId in map ? map : { ...map, [tabId]: nowMs };
  return without(map, tabId);
}

/** `map` without `key` (the same object when it has none). */
function without<T>(map: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!(key in map)) return map;
  const rest = { ...map };
  delete rest[key];
  return rest;
}

export const useSessions = create<SessionsState>()((set, get) => ({
  views: [],
  activeTabId: null,
  titles: {},
  connectedAt: {},
  rename(tabId, title) {
    const t = title.trim();
    set((s) => ({ titles: t ? { ...s.titles, [tabId]: t } : without(s.titles, tabId) }));
  },
  upsert(view) {
    // upsert is how this window's own opens arrive: a view that comes connected has just connected
    set((s) => {
      const i = s.views.findIndex((v) => v.tabId === view.tabId);
      const views = i < 0 ? [...s.views, view] : s.views.map((v, j) => (j === i ? view : v));
      const connectedAt = trackConnected(s.connectedAt, view.tabId, s.views[i]?.state, view.state, Date.now());
      return { views, activeTabId: s.activeTabId ?? view.tabId, connectedAt };
    });
  },
  patch(tabId, patch) {
    set((s) => ({ views: s.views.map((v) => (v.tabId === tabId ? { ...v, ...patch } : v)) }));
  },
  remove(tabId) {
    set((s) => {
      const i = s.views.findIndex((v) => v.tabId === tabId);
      if (i < 0) return s;
      const views = s.views.filter((v) => v.tabId !== tabId);
      let activeTabId = s.activeTabId;
      if (activeTabId === tabId) activeTabId = (views[i] ?? views[i - 1])?.tabId ?? null;
      return { views, activeTabId, titles: without(s.titles, tabId), connectedAt: without(s.connectedAt, tabId) };
    });
  },
  activate(tabId) {
    if (get().views.some((v) => v.tabId === tabId)) set({ activeTabId: tabId });
  },
  applyEvent(sessionId, ev) {
    const view = get().views.find((v) => v.sessionId === sessionId);
    if (!view) return null;
    const next = applyEventToView(view, ev);
    if (next !== view) {
      set((s) => ({
        views: s.views.map((v) => (v === view ? next : v)),
        connectedAt: trackConnected(s.connectedAt, view.tabId, view.state, next.state, Date.now()),
      }));
    }
    return view.tabId;
  },
  reconcile(infos, allowAdd, pending, stale, closedHere) {
    const { views, added } = reconcileSessions(get().views, infos, allowAdd, pending, stale, closedHere);
    set((s) => {
      // a connection main's list says is down (or gone) no longer has a start time
      let connectedAt = s.connectedAt;
      for (const id of Object.keys(connectedAt)) if (views.find((v) => v.tabId === id)?.state !== 'connected') connectedAt = without(connectedAt, id);
      // a tab closed in another window went: its title too, and the active tab moves to a neighbour
      let titles = s.titles;
      for (const v of s.views) if (!views.some((w) => w.tabId === v.tabId)) titles = without(titles, v.tabId);
      let activeTabId = s.activeTabId;
      if (activeTabId !== null && !views.some((v) => v.tabId === activeTabId)) {
        const i = s.views.findIndex((v) => v.tabId === activeTabId);
        const kept = s.views.slice(i + 1).concat(s.views.slice(0, i).reverse()).find((v) => views.some((w) => w.tabId === v.tabId));
        activeTabId = kept?.tabId ?? null;
      }
      return { views, activeTabId: activeTabId ?? views[0]?.tabId ?? null, connectedAt, titles };
    });
    return added;
  },
}));

/** The view of a tab (by tab or session id), outside React. */
export function viewOf(id: string): SessionView | undefined {
  return findView(useSessions.getState().views, id);
}

/** Hook: one field of the view of `tabId` (re-renders only when that field changes). */
export function useViewField<K extends keyof SessionView>(tabId: string | null, key: K): SessionView[K] | undefined {
  return useSessions((s) => (tabId === null ? undefined : s.views.find((v) => v.tabId === tabId)?.[key]));
}
