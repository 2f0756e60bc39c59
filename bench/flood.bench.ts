/**
 * `npm run bench -- flood`: a >= 50 MiB flood through `dialtone serve` into the pane in headless Chromium,
 * measured twice in the same run:
 *   - by the e2e spec under Playwright (e2e/flood.spec.ts), which also asserts order, memory and latency;
 *   - by e2e/flood-raw.ts over a bare DevTools socket: Playwright enables the Network domain, for which
 *     Chromium reports every WebSocket frame, payload in base64, to the test process; that costs about
 *     half of a 2-core machine under a flood, so the raw figures are the product's.
 * Each prints: MiB/s into the pane (every byte parsed and drawn) against xterm alone in the same page
 * (the ceiling: a synthetic write loop); per keystroke with local echo on, p50/p95 of input (keydown ->
 * byte at the far end), local echo (keydown -> the character parsed into xterm's buffer and the next
 * frame run), remote echo (keydown -> the far end's echo parsed and drawn) and the frame echo (-> the
 * echo in a WebSocket frame); the bytes ahead of each echo; how often the pane waited for bytes; main's
 * (the serve process's) RSS; and, for comparison, the same flood read by a plain Node socket.
 * DIALTONE_FLOOD_MIB sets the size (default 50).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Figures = Record<string, number | boolean>;

function print(title: string, f: Figures, socketMiBps?: number): void {
  const n = (k: string) => f[k] as number;
  console.log(`${title}: flood ${n('mib')} MiB (${n('bytes')} bytes incl. ${n('keystrokes')} echoes)`);
  console.log(`  into the pane:       ${n('mibPerSecond')} MiB/s (${n('seconds')} s); xterm alone in the same page ${n('xtermCeilingMiBps')} MiB/s (pane/xterm ${(n('mibPerSecond') / n('xtermCeilingMiBps')).toFixed(2)})`);
  if (socketMiBps !== undefined) console.log(`  plain Node socket:   ${socketMiBps} MiB/s (pane/socket ${(n('mibPerSecond') / socketMiBps).toFixed(2)})`);
  console.log(`  input:               p50 ${n('inputP50Ms')} ms, p95 ${n('inputP95Ms')} ms (keydown -> byte at the far end)`);
  console.log(`  local echo:          p50 ${n('localEchoP50Ms')} ms, p95 ${n('localEchoP95Ms')} ms (keydown -> parsed into xterm, next frame)`);
  console.log(`  remote echo:         p50 ${n('remoteEchoP50Ms')} ms, p95 ${n('remoteEchoP95Ms')} ms (keydown -> far end's echo parsed, next frame)`);
  console.log(`  echo in a frame:     p50 ${n('frameEchoP50Ms')} ms, p95 ${n('frameEchoP95Ms')} ms (keydown -> echo in a WebSocket frame)`);
  console.log(`  ahead of each echo:  p50 ${n('aheadOfEchoP50KiB')} KiB, p95 ${n('aheadOfEchoP95KiB')} KiB sent before it, not yet in the pane (mostly the kernel's TCP buffers)`);
  console.log(`  pane waiting:        ${n('paneStarvedPct')} % of 20 ms samples with nothing queued for xterm (queue p50 ${n('paneQueuedP50KiB')} KiB)`);
  console.log(`  main (serve) RSS:    peak ${n('mainRssPeakMiB')} MiB (${n('mainRssBeforeMiB')} MiB before the flood)`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-flood-bench-'));
  const report = join(dir, 'flood.json');
  try {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', 'e2e/flood.spec.ts', '--reporter=line'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DIALTONE_FLOOD_REPORT: report, DIALTONE_FLOOD_BASELINE: '1' },
    });
    let figures: Figures;
    try {
      figures = JSON.parse(readFileSync(report, 'utf8')) as Figures;
    } catch {
      throw new Error(`the flood spec wrote no figures (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
    print('under Playwright (e2e/flood.spec.ts)', figures, figures.baselineNodeSocketMiBps as number);
    if (r.status !== 0) console.log(`  (the spec's assertions failed: exit ${r.status}; figures above are still the measurement)\n${r.stdout.slice(-2000)}`);

    const raw = spawnSync(process.execPath, ['--import', 'tsx', 'e2e/flood-raw.ts'], { cwd: ROOT, encoding: 'utf8', env: process.env });
    const line = /flood figures \(raw\): (\{.*\})/.exec(raw.stdout)?.[1];
    if (!line) throw new Error(`e2e/flood-raw.ts printed no figures (exit ${raw.status}):\n${raw.stdout}${raw.stderr}`);
    const rawFigures = JSON.parse(line) as Figures;
    print('bare DevTools socket (e2e/flood-raw.ts, no Network domain)', rawFigures);
    if (!rawFigures.intact) console.log('  (the bytes did NOT arrive intact: count or Adler-32 differ)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
