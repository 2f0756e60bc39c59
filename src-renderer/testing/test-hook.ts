/**
 * `window.__dialtoneTest` for the Playwright e2e tests (e2e/TESTIDS.md). Test build only (vite --mode e2e,
 * dist/renderer-test, which the e2e fixtures serve); main.tsx installs it there and nowhere else.
 * Read-only: text and counts, no bytes, no way to write or to reach the bridge.
 *   bufferText(id?)  the xterm buffer text of the tab showing session (or tab) `id`, or the active tab
 *   terminalText()   the same for the active tab
 *   rxBytes()        bytes received for the active tab's session (counted before writing to xterm)
 *   rxChecksum()     Adler-32 of those bytes, in order, unsigned
 *   onParsed(l)      l(kind, count) from every pane's xterm write callback: 'rx' received bytes parsed into
 *                    the buffer, 'echo' a local echo parsed (taps.ts); one listener, null removes it
 *   xtermCeiling(mib)  xterm alone, for comparison (xterm-ceiling.ts)
 */
import { useSessions } from '../store/sessions.js';
import { findView } from '../store/reducers.js';
import { bufferText, terminalRegistry } from '../terminal/registry.js';
import { rxCounters } from '../terminal/rx-counters.js';
import { createChecksums } from './adler32.js';
import { e2eTaps, type ParseListener } from './taps.js';
import { xtermCeiling } from './xterm-ceiling.js';

export interface DialtoneTestHook {
  bufferText(sessionId?: string): string;
  terminalText(): string;
  rxBytes(): number;
  rxChecksum(): number;
  onParsed(listener: ParseListener | null): void;
  xtermCeiling(mib: number, options?: { scrollback?: number }): Promise<{ mibPerSecond: number; ms: number }>;
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

/** Define `window.__dialtoneTest` and start checksumming received bytes. */
export function installTestHook(): void {
  const checksums = createChecksums();
  e2eTaps.received = (sessionId, bytes) => checksums.add(sessionId, bytes);
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
      return id === null ? 0 : rxCounters.bytes(id);
    },
    rxChecksum(): number {
      const id = activeSessionId();
      return id === null ? 1 : checksums.value(id);
    },
    onParsed(listener) {
      e2eTaps.parsed = listener;
    },
    xtermCeiling,
  };
  Object.defineProperty(window, '__dialtoneTest', { value: Object.freeze(hook), configurable: false, writable: false });
}

