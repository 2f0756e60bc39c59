/**
 * `window.__dialtoneTest` for the Playwright e2e tests (e2e/TESTIDS.md), defined only under automation:
 * `navigator.webdriver` is true (Chromium driven by Playwright), or the page URL has `?e2e=1` (for
 * hosts where webdriver is not set, e.g. Electron under Playwright: main adds it when started for
 * tests). Read-only: text and counts, no bytes, no way to write or to reach the bridge.
 *   bufferText(id?)  the xterm buffer text of the tab showing session (or tab) `id`, or the active tab
 *   terminalText()   the same for the active tab
 *   rxBytes()        bytes received for the active tab's session (counted before writing to xterm)
 *   rxChecksum()     Adler-32 of those bytes, in order, unsigned
 */
import { useSessions } from '../store/sessions.js';
import { findView } from '../store/reducers.js';
import { bufferText, terminalRegistry } from './registry.js';
import { adler32Value, rxStats } from './rx-stats.js';

export interface DialtoneTestHook {
  bufferText(sessionId?: string): string;
  terminalText(): string;
  rxBytes(): number;
  rxChecksum(): number;
}

declare global {
  interface Window {
    __dialtoneTest?: DialtoneTestHook;
  }
}

function activeSessionId(): string | null {
  const s = useSessions.getState();
  return s.views.find((v) => v.tabId === s.activeTabId)?.sessionId ?? null;
}

export function installTestHook(): void {
  if (!navigator.webdriver && new URLSearchParams(window.location.search).get('e2e') !== '1') return;
  const hook: DialtoneTestHook = {
    bufferText(sessionId?: string): string {
      const s = useSessions.getState();
      const tabId = sessionId === undefined ? s.activeTabId : (findView(s.views, sessionId)?.tabId ?? null);
      const term = tabId === null ? undefined : terminalRegistry.get(tabId);
      return term ? bufferText(term) : '';
    },
    terminalText(): string {
      return hook.bufferText();
    },
    rxBytes(): number {
      const id = activeSessionId();
      return id === null ? 0 : rxStats.get(id).bytes;
    },
    rxChecksum(): number {
      const id = activeSessionId();
      return adler32Value(id === null ? { a: 1, b: 0 } : rxStats.get(id));
    },
  };
  Object.defineProperty(window, '__dialtoneTest', { value: Object.freeze(hook), configurable: false, writable: false });
}
