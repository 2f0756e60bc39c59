/**
 * `window.__dialtoneTest` for the Playwright e2e tests (e2e/TESTIDS.md), defined only under automation:
 * `navigator.webdriver` is true (Chromium driven by Playwright), or the page URL has `?e2e=1` (for
 * hosts where webdriver is not set, e.g. Electron under Playwright: main adds it when started for
 * tests). Read-only: text and counts, no bytes, no way to write or to reach the bridge.
 *   bufferText(id?)  the xterm buffer text of the tab showing session (or tab) `id`, or the active tab
 *   terminalText()   the same for the active tab
 *   rxBytes()        bytes received for the active tab's session (counted before writing to xterm)
 *   rxChecksum()     Adler-32 of those bytes, in order, unsigned
 *   onParsed(l)      l(kind, count) from every pane's xterm write callback: 'rx' received bytes parsed into
 *                    the buffer, 'echo' a local echo parsed (parse-probe.ts); one listener, null removes it
 *   xtermCeiling(mib)  xterm alone, for comparison: a fresh terminal with the panes' options, over the
 *                    active pane and of its size, fed `mib` MiB of 80-column CR LF lines from a synthetic
 *                    write loop (at most 512 KiB queued, as main's flow control allows); MiB/s from the
 *                    first write to the frame after the last write's callback (parsed and rendered);
 *                    `options` may change the scrollback (lines) to see what it costs
 */
import { useSessions } from '../store/sessions.js';
import { findView } from '../store/reducers.js';
import { bufferText, terminalRegistry } from './registry.js';
import { Terminal } from '@xterm/xterm';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { parseProbe, type ParseListener } from './parse-probe.js';
import { adler32Value, rxStats } from './rx-stats.js';
import { XTERM_OPTIONS } from './xterm-options.js';

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
    onParsed(listener) {
      parseProbe.listener = listener;
    },
    xtermCeiling,
  };
  Object.defineProperty(window, '__dialtoneTest', { value: Object.freeze(hook), configurable: false, writable: false });
}

/** 64 KiB of 80-byte lines (8-digit number, letters, CR LF), like the e2e flood. */
function floodChunk(): Uint8Array {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const lines = Math.floor(65536 / 80);
  const out = new Uint8Array(lines * 80);
  for (let n = 0; n < lines; n++) {
    const text = `${String(n).padStart(8, '0')} ${Array.from({ length: 69 }, (_, i) => letters[(n + i + 9) % letters.length]).join('')}\r\n`;
    for (let i = 0; i < 80; i++) out[n * 80 + i] = text.charCodeAt(i);
  }
  return out;
}

async function xtermCeiling(mib: number, options: { scrollback?: number } = {}): Promise<{ mibPerSecond: number; ms: number }> {
  const s = useSessions.getState();
  const pane = s.activeTabId === null ? undefined : terminalRegistry.get(s.activeTabId);
  const rect = document.querySelector('[data-testid="terminal"]')?.getBoundingClientRect();
  const host = document.createElement('div');
  Object.assign(host.style, {
    position: 'fixed',
    left: `${rect?.left ?? 0}px`,
    top: `${rect?.top ?? 0}px`,
    width: `${rect?.width ?? 800}px`,
    height: `${rect?.height ?? 600}px`,
    zIndex: '1000',
  });
  document.body.append(host);
  const term = new Terminal({ ...XTERM_OPTIONS, fontSize: pane?.options.fontSize, theme: pane?.options.theme, ...options });
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.open(host);
  term.resize(pane?.cols ?? 80, pane?.rows ?? 24);
  const chunk = floodChunk();
  const total = Math.ceil((mib * 1024 * 1024) / chunk.byteLength);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let written = 0;
    let parsed = 0;
    const next = () => {
      if (written === total) return;
      written++;
      term.write(chunk, () => {
        if (++parsed === total) resolve();
        else next();
      });
    };
    for (let i = 0; i < 8; i++) next(); // 8 x 64 KiB = 512 KiB queued at most (FLOW_HIGH_BYTES)
  });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const ms = performance.now() - t0;
  term.dispose();
  host.remove();
  return { mibPerSecond: (total * chunk.byteLength) / (1024 * 1024) / (ms / 1000), ms };
}
