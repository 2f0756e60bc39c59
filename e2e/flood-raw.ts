/**
 * The flood measurement of e2e/flood.spec.ts without Playwright: Debian's Chromium (headless, software GL,
 * the same flags) driven over a bare DevTools socket that enables no domain but Runtime (plus Input for
 * the keystrokes and Page for the init script). Why: Playwright enables the Network domain on every page,
 * and for that domain Chromium reports each WebSocket frame with its whole payload in base64 to the test
 * process. Under a flood that report costs the renderer, the browser process and the test worker about
 * half of this 2-core machine, which no user's browser pays: this runner measures the product.
 *
 *   npx tsx e2e/flood-raw.ts            (DIALTONE_FLOOD_MIB, default 50; prints one JSON line of figures;
 *                                        DIALTONE_FLOOD_PROFILE=<file> saves the renderer's CPU profile;
 *                                        DIALTONE_SERVE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=DIR" serve's)
 *
 * Used by bench/flood.bench.ts. The assertions live in the spec; this prints figures only (exit 1 when the
 * bytes did not arrive intact).
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { freePort, tempDir } from '../test/harness/peers.js';
import { startServeProcess } from './fixtures.js';
import { ECHO_KEY, startFloodServer, watchRss } from './flood.js';
import { floodFigures, installFloodProbe, watchFloodProbe, xtermCeiling, type FloodProbe } from './flood-probe.js';

const MIB = 1024 * 1024;
const FLOOD_MIB = Number(process.env.DIALTONE_FLOOD_MIB ?? 50);

/** A DevTools protocol client on one page target: send() resolves with the result or rejects with the error. */
async function devtools(port: number): Promise<{ send(method: string, params?: object): Promise<Record<string, unknown>>; close(): void }> {
  let pageUrl: string | undefined;
  // Chromium opens its DevTools port a moment after starting: poll with a bound
  for (let i = 0; i < 300 && !pageUrl; i++) {
    try {
      const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ type: string; webSocketDebuggerUrl: string }>;
      pageUrl = list.find((t) => t.type === 'page')?.webSocketDebuggerUrl;
    } catch {
      // not listening yet
    }
    if (!pageUrl) await new Promise((r) => setTimeout(r, 100));
  }
  if (!pageUrl) throw new Error('Chromium opened no DevTools page in 30 s');
  const ws = new WebSocket(pageUrl, { maxPayload: 256 * MIB });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown>; error?: { message: string } };
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(m.error.message));
    else p?.resolve(m.result ?? {});
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const n = ++id;
        pending.set(n, { resolve, reject });
        ws.send(JSON.stringify({ id: n, method, params }));
      }),
    close: () => ws.close(),
  };
}

export async function runRawFlood(mib = FLOOD_MIB): Promise<Record<string, number | boolean>> {
  const serve = await startServeProcess(['--no-demo']);
  const flood = await startFloodServer();
  const profile = tempDir('dialtone-flood-chromium-');
  const port = await freePort();
  const chromium = spawn(
    '/usr/bin/chromium',
    // the flags of playwright.config.ts, and the viewport as the window size
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      `--remote-debugging-port=${port}`, '--window-size=1280,800', `--user-data-dir=${profile.path}`, 'about:blank'],
    // its own process group, so its helper processes (zygote, renderer, GPU) end with it
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  const cdp = await devtools(port);
  try {
    /** Evaluate `fn(arg)` in the page (a self-contained function), awaiting a promise it returns. */
    const call = async <A, R>(fn: (arg: A) => R, arg?: A): Promise<Awaited<R>> => {
      const r = await cdp.send('Runtime.evaluate', { expression: `(${fn.toString()})(${JSON.stringify(arg ?? null)})`, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error(`in the page: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
      return (r.result as { value: Awaited<R> }).value;
    };
    /** Resolves once `pred(arg)` holds in the page, checked every frame (bounded). */
    const until = <A>(pred: (arg: A) => boolean, arg: A, what: string, ms = 120_000) =>
      call(
        ({ src, a, ms }: { src: string; a: unknown; ms: number }) =>
          new Promise<boolean>((resolve, reject) => {
            const f = (0, eval)(`(${src})`) as (x: unknown) => boolean;
            const t0 = performance.now();
            const check = () => (f(a) ? resolve(true) : performance.now() - t0 > ms ? reject(new Error('timeout')) : requestAnimationFrame(check));
            check();
          }),
        { src: pred.toString(), a: arg, ms },
      ).catch((e: Error) => {
        throw new Error(`waiting for ${what}: ${e.message}`);
      });
    // esbuild (tsx) may name functions with a __name helper: give the page one
    await cdp.send('Page.enable');
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: 'window.__name = (f) => f;' });
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${installFloodProbe.toString()})(${ECHO_KEY.charCodeAt(0)})` });
    await cdp.send('Page.navigate', { url: serve.url });
    await until(() => !!document.querySelector('[data-testid="target-input"]') && !!window.__dialtoneTest, null, 'the app');
    await call((target: string) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="target-input"]')!;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, target);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      document.querySelector<HTMLButtonElement>('[data-testid="connect-button"]')!.click();
    }, `tcp://127.0.0.1:${flood.port}`);
    await flood.connected();
    await until(() => !!document.querySelector('[data-testid="session-status"][data-state="connected"]'), null, 'connected');
    await call(() => document.querySelector<HTMLButtonElement>('[data-testid="panel-line"]')!.click());
    await until(() => !!document.querySelector('[data-testid="opt-local-echo"]'), null, 'the line panel');
    await call(() => document.querySelector<HTMLInputElement>('[data-testid="opt-local-echo"]')!.click());
    await until(() => document.querySelector<HTMLInputElement>('[data-testid="opt-local-echo"]')!.checked, null, 'local echo on');
    await call(watchFloodProbe);
    await call(() => document.querySelector<HTMLTextAreaElement>('[data-testid="terminal"] textarea')!.focus());

    const rss = watchRss(serve.pid);
    if (process.env.DIALTONE_FLOOD_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    const t0 = performance.now();
    let flooding = true;
    const sent = flood.flood(mib * MIB).finally(() => (flooding = false));
    let typed = 0;
    const parsedRx = () => call(() => (window as Window & { __flood?: FloodProbe }).__flood!.rx);
    while (flooding || (await parsedRx()) < flood.written) {
      for (const type of ['keyDown', 'keyUp']) {
        await cdp.send('Input.dispatchKeyEvent', { type, key: ECHO_KEY, code: 'Backquote', text: type === 'keyDown' ? ECHO_KEY : undefined, modifiers: 8 });
      }
      typed++;
      await flood.received(typed);
      await until((n: number) => (window as Window & { __flood?: FloodProbe }).__flood!.painted.some(([, local]) => local >= n), typed, 'the local echo');
    }
    await sent;
    await until((n: number) => (window as Window & { __flood?: FloodProbe }).__flood!.painted.some(([rx]) => rx >= n), flood.written, 'the whole flood in the pane', 600_000);
    const seconds = (performance.now() - t0) / 1000;
    const memory = rss.stop();
    if (process.env.DIALTONE_FLOOD_PROFILE) writeFileSync(process.env.DIALTONE_FLOOD_PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const intact = (await call(() => window.__dialtoneTest!.rxChecksum())) === flood.checksum && (await call(() => window.__dialtoneTest!.rxBytes())) === flood.written;
    const probe = await call(() => (window as Window & { __flood?: FloodProbe }).__flood!);
    const ceiling = await call(xtermCeiling, Math.min(mib, 20));
    return {
      ...floodFigures(probe, flood, { mib, seconds, ceilingMiBps: ceiling.mibPerSecond }),
      intact,
      mainRssBeforeMiB: memory.baselineMiB,
      mainRssPeakMiB: memory.peakMiB,
    };
  } finally {
    cdp.close();
    try {
      process.kill(-chromium.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    // Chromium's helper processes may still be writing their profile for a moment after it exits
    rmSync(profile.path, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    await flood.close();
    await serve.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runRawFlood();
  console.log(`flood figures (raw): ${JSON.stringify(figures)}`);
  process.exitCode = figures.intact ? 0 : 1;
}
