/**
 * xterm alone, for the e2e flood measurement's ceiling (test build only, see taps.ts): a fresh terminal
 * with the panes' options, over the active pane and of its size, fed a synthetic flood.
 */
import { Terminal } from '@xterm/xterm';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { useSessions } from '../store/sessions.js';
import { terminalRegistry } from '../terminal/registry.js';
import { XTERM_OPTIONS } from '../terminal/xterm-options.js';

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

/**
 * Feed `mib` MiB of 80-column CR LF lines from a synthetic write loop (at most 512 KiB queued, as main's
 * flow control allows); MiB/s from the first write to the frame after the last write's callback (parsed
 * and rendered). `options.scrollback` (lines) may change the scrollback to see what it costs.
 */
export async function xtermCeiling(mib: number, options: { scrollback?: number } = {}): Promise<{ mibPerSecond: number; ms: number }> {
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
