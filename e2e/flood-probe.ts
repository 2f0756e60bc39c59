/**
 * The flood measurement, shared by e2e/flood.spec.ts (Playwright) and e2e/flood-raw.ts (Chromium over a
 * bare DevTools socket): the page-side probe (plain functions, serialised into the page, so they must not
 * close over anything) and the figures computed from it and from the flood server's records.
 *
 * Per keystroke, with the pane's local echo on:
 *   input        keydown -> the byte reaches the far end (wall clock in the page and at the server; one machine)
 *   local echo   keydown -> the typed character is parsed into the xterm buffer and the next frame has run
 *   remote echo  keydown -> the far end's echo of it is parsed into the buffer and the next frame has run
 *   frame echo   keydown -> that echo arrives in a WebSocket frame (the queue before the pane's own)
 *   ahead        bytes the far end had sent before the echo that the pane had not parsed at the keydown
 * The pane's queue (bytes received by the page, not yet parsed by xterm) is sampled every 20 ms:
 * "starved" is the share of samples where it was empty (the pane waited for bytes, not the other way).
 */
import type { FloodServer } from './flood.js';
import { percentile } from './flood.js';

export interface FloodProbe {
  /** per keydown: performance.now(), Date.now(), rx bytes parsed at that moment */
  keys: number[];
  keysWall: number[];
  keysRx: number[];
  /** arrival (performance.now()) of each echoed key in the socket's frames */
  frameEchoes: number[];
  /** rx bytes parsed and local echoes parsed so far */
  rx: number;
  local: number;
  /** at each frame after a parse: [rx parsed, local echoes parsed, performance.now()] */
  painted: Array<[number, number, number]>;
  /** every 20 ms during the flood: bytes received by the page and not yet parsed by xterm */
  queued: number[];
}

/** The parts of the test hook (src-renderer/testing/test-hook.ts, in the test build) the probe uses. */
interface FloodHook {
  rxBytes(): number;
  onParsed(listener: ((kind: 'rx' | 'echo', count: number) => void) | null): void;
  xtermCeiling(mib: number): Promise<{ mibPerSecond: number; ms: number }>;
}

type ProbeWindow = Window & { __flood?: FloodProbe };

/** Page side, before the app loads: keydown stamps, and echoes seen in the socket's frames. */
export function installFloodProbe(key: number): void {
  const w = window as ProbeWindow;
  const f: FloodProbe = { keys: [], keysWall: [], keysRx: [], frameEchoes: [], rx: 0, local: 0, painted: [], queued: [] };
  w.__flood = f;
  document.addEventListener(
    'keydown',
    () => {
      f.keys.push(performance.now());
      f.keysWall.push(Date.now());
      f.keysRx.push(f.rx);
    },
    true,
  );
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', (ev: MessageEvent) => {
        if (!(ev.data instanceof ArrayBuffer)) return;
        const u8 = new Uint8Array(ev.data);
        const now = performance.now();
        for (let i = u8.indexOf(key); i >= 0; i = u8.indexOf(key, i + 1)) f.frameEchoes.push(now);
      });
    }
  };
}

/**
 * Page side, once the pane exists: count parses (each stamped at the next frame: requestAnimationFrame
 * runs after xterm's own render callback, requested while parsing, so that is when the bytes are on the
 * screen) and sample the pane's queue until the flood is over.
 */
export function watchFloodProbe(): void {
  const w = window as ProbeWindow;
  const f = w.__flood!;
  const hook = w.__dialtoneTest as unknown as FloodHook;
  let frame = 0;
  hook.onParsed((kind, count) => {
    if (kind === 'rx') f.rx += count;
    else f.local++;
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      f.painted.push([f.rx, f.local, performance.now()]);
    });
  });
  const timer = setInterval(() => {
    const got = hook.rxBytes();
    f.queued.push(got - f.rx);
    if (got > 0 && got === f.rx && f.queued.length > 100 && f.queued.slice(-50).every((q) => q === 0)) clearInterval(timer);
  }, 20);
}

/** Page side: xterm alone (src-renderer/testing/xterm-ceiling.ts). */
export function xtermCeiling(mib: number): Promise<{ mibPerSecond: number; ms: number }> {
  return (window.__dialtoneTest as unknown as FloodHook).xtermCeiling(mib);
}

export interface FloodFigures {
  mib: number;
  bytes: number;
  seconds: number;
  mibPerSecond: number;
  xtermCeilingMiBps: number;
  keystrokes: number;
  inputP50Ms: number;
  inputP95Ms: number;
  localEchoP50Ms: number;
  localEchoP95Ms: number;
  remoteEchoP50Ms: number;
  remoteEchoP95Ms: number;
  frameEchoP50Ms: number;
  frameEchoP95Ms: number;
  aheadOfEchoP50KiB: number;
  aheadOfEchoP95KiB: number;
  paneQueuedP50KiB: number;
  paneStarvedPct: number;
  /** every latency was measured (no keystroke without its echo) */
  complete: boolean;
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x) : -1);

/** The figures of one flood run; keystroke i is the i-th byte the server received. */
export function floodFigures(f: FloodProbe, server: FloodServer, run: { mib: number; seconds: number; ceilingMiBps: number }): FloodFigures {
  const MIB = 1024 * 1024;
  const firstPainted = (pred: (p: [number, number, number]) => boolean) => f.painted.find(pred)?.[2] ?? Number.NaN;
  const input = server.receivedAt.map((t, i) => t - f.keysWall[i]!);
  const local = f.keys.map((k, i) => firstPainted(([, l]) => l >= i + 1) - k);
  const remote = f.keys.map((k, i) => firstPainted(([rx]) => rx >= server.echoAt[i]!.end) - k);
  const frame = f.keys.map((k, i) => (f.frameEchoes[i] ?? Number.NaN) - k);
  const ahead = f.keys.map((_, i) => (server.echoAt[i]!.start - f.keysRx[i]!) / 1024);
  return {
    mib: run.mib,
    bytes: server.written,
    seconds: Number(run.seconds.toFixed(2)),
    mibPerSecond: Number((server.written / MIB / run.seconds).toFixed(2)),
    xtermCeilingMiBps: Number(run.ceilingMiBps.toFixed(2)),
    keystrokes: f.keys.length,
    inputP50Ms: round(percentile(input, 50)),
    inputP95Ms: round(percentile(input, 95)),
    localEchoP50Ms: round(percentile(local, 50)),
    localEchoP95Ms: round(percentile(local, 95)),
    remoteEchoP50Ms: round(percentile(remote, 50)),
    remoteEchoP95Ms: round(percentile(remote, 95)),
    frameEchoP50Ms: round(percentile(frame, 50)),
    frameEchoP95Ms: round(percentile(frame, 95)),
    aheadOfEchoP50KiB: round(percentile(ahead, 50)),
    aheadOfEchoP95KiB: round(percentile(ahead, 95)),
    paneQueuedP50KiB: round(percentile(f.queued, 50) / 1024),
    paneStarvedPct: round((100 * f.queued.filter((q) => q === 0).length) / Math.max(1, f.queued.length)),
    complete: input.length === f.keys.length && [...input, ...local, ...remote].every(Number.isFinite),
  };
}
