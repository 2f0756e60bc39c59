// A flood of >= 50 MiB through one session (raw TCP from a local server, e2e/flood.ts) into the pane in
// Chromium through `dialtone serve`: every byte arrives in order (the renderer's count and Adler-32 equal
// the sender's), the pane stays responsive (keystroke echo latency measured while flooding: printed,
// asserted only against a generous bound), and main's memory stays bounded (VmRSS of the serve process).
// bench/flood.bench.ts runs this spec and prints the figures (DIALTONE_FLOOD_REPORT names the JSON file).
import { writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { ECHO_KEY, percentile, startFloodServer, watchRss } from './flood.js';
import { connect, expect, openApp, test } from './fixtures.js';

const MIB = 1024 * 1024;
const FLOOD_MIB = Number(process.env.DIALTONE_FLOOD_MIB ?? 50);

declare global {
  interface Window {
    __flood?: { keys: number[]; keysWall: number[]; echoes: number[] };
  }
}

/** The same flood read by a plain Node socket: the wire's own speed here, for comparison. */
async function baselineMiBps(bytes: number): Promise<number> {
  const server = await startFloodServer();
  const socket = tcpConnect(server.port, '127.0.0.1');
  let got = 0;
  const done = new Promise<void>((resolve) =>
    socket.on('data', (d: Buffer) => {
      got += d.byteLength;
      if (got >= bytes) resolve();
    }),
  );
  await server.connected();
  const t0 = performance.now();
  await server.flood(bytes);
  await done;
  const ms = performance.now() - t0;
  socket.destroy();
  await server.close();
  return bytes / MIB / (ms / 1000);
}

test('flood: 50 MiB in order, the pane stays responsive, main memory bounded', async ({ page, dialtone }, testInfo) => {
  test.setTimeout(900_000);
  const total = FLOOD_MIB * MIB;
  const flood = await startFloodServer();
  try {
    // instruments in the page: keydown times, and arrival times of each echoed key in the socket's frames
    await page.addInitScript((key: number) => {
      const f = { keys: [] as number[], keysWall: [] as number[], echoes: [] as number[] };
      window.__flood = f;
      document.addEventListener(
        'keydown',
        () => {
          f.keys.push(performance.now());
          f.keysWall.push(Date.now());
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
            for (let i = u8.indexOf(key); i >= 0; i = u8.indexOf(key, i + 1)) f.echoes.push(now);
          });
        }
      };
    }, ECHO_KEY.charCodeAt(0));
    await openApp(page, dialtone);
    await connect(page, `tcp://127.0.0.1:${flood.port}`);
    await flood.connected();
    await page.getByTestId('terminal').click();

    const rss = watchRss(dialtone.pid);
    const t0 = performance.now();
    let flooding = true;
    const sent = flood.flood(total).finally(() => (flooding = false));
    // one keystroke at a time, the next once the previous echo is back: no fixed pacing
    let typed = 0;
    while (flooding) {
      await page.keyboard.type(ECHO_KEY);
      typed++;
      await page.waitForFunction((n) => (window.__flood?.echoes.length ?? 0) >= n, typed, { timeout: 120_000 });
    }
    await sent;
    await expect
      .poll(() => page.evaluate(() => window.__dialtoneTest?.rxBytes() ?? 0), { timeout: 600_000, intervals: [250] })
      .toBe(flood.written);
    const seconds = (performance.now() - t0) / 1000;
    const memory = rss.stop();

    expect(await page.evaluate(() => window.__dialtoneTest?.rxChecksum())).toBe(flood.checksum);
    const { keys, keysWall, echoes } = (await page.evaluate(() => window.__flood))!;
    // echo: keydown -> the echoed byte reaches the page (includes the output already queued ahead of it:
    // TCP buffers and up to HIGH unacked bytes). input: keydown -> the byte reaches the far end.
    const latencies = echoes.slice(0, typed).map((t, i) => t - keys[keys.length - typed + i]!);
    const inputLatencies = flood.receivedAt.slice(0, typed).map((t, i) => t - keysWall[keysWall.length - typed + i]!);
    const figures = {
      mib: FLOOD_MIB,
      bytes: flood.written,
      seconds: Number(seconds.toFixed(2)),
      mibPerSecond: Number((flood.written / MIB / seconds).toFixed(2)),
      keystrokes: typed,
      echoP50Ms: Math.round(percentile(latencies, 50)),
      echoP95Ms: Math.round(percentile(latencies, 95)),
      inputP50Ms: Math.round(percentile(inputLatencies, 50)),
      inputP95Ms: Math.round(percentile(inputLatencies, 95)),
      mainRssBeforeMiB: memory.baselineMiB,
      mainRssPeakMiB: memory.peakMiB,
      ...(process.env.DIALTONE_FLOOD_BASELINE ? { baselineNodeSocketMiBps: Number((await baselineMiBps(total)).toFixed(1)) } : {}),
    };
    console.log(`flood figures: ${JSON.stringify(figures)}`);
    await testInfo.attach('flood-figures.json', { body: JSON.stringify(figures, null, 2), contentType: 'application/json' });
    if (process.env.DIALTONE_FLOOD_REPORT) writeFileSync(process.env.DIALTONE_FLOOD_REPORT, JSON.stringify(figures));
    await page.screenshot({ path: testInfo.outputPath('after-flood.png') });

    expect(typed).toBeGreaterThan(0);
    // generous bounds: a loaded 2-core machine; the figures above are the measurement. The echo waits
    // behind every byte already queued (the kernel's socket buffers hold megabytes), so its bound is wide;
    // keystrokes themselves must get out promptly while the pane is busy.
    expect(figures.inputP95Ms).toBeLessThan(10_000);
    expect(figures.echoP95Ms).toBeLessThan(120_000);
    // main holds at most HIGH unacked bytes per session plus one batch: the flood (50 MiB, far more than
    // the renderer takes per second here) must not pile up in main
    expect(memory.peakMiB - memory.baselineMiB).toBeLessThan(FLOOD_MIB);
  } finally {
    await flood.close();
  }
});
