/**
 * `npm run bench -- flood`: a >= 50 MiB flood through `dialtone serve` into the pane in headless Chromium
 * (the e2e flood spec, e2e/flood.spec.ts, run by Playwright), printing:
 *   MiB/s into the pane; keystroke echo p50/p95 during the flood (keydown -> echo back in the page) and
 *   input p50/p95 (keydown -> byte at the far end); main's (the serve process's) peak RSS;
 *   and, for comparison in the same run, the same flood read by a plain Node socket (the wire's speed).
 * DIALTONE_FLOOD_MIB sets the size (default 50).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
    let figures: Record<string, number>;
    try {
      figures = JSON.parse(readFileSync(report, 'utf8')) as Record<string, number>;
    } catch {
      throw new Error(`the flood spec wrote no figures (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
    const f = (k: string) => figures[k];
    console.log(`flood ${f('mib')} MiB (${f('bytes')} bytes incl. ${f('keystrokes')} echoes) through serve -> Chromium pane`);
    console.log(`  into the pane:        ${f('mibPerSecond')} MiB/s (${f('seconds')} s)`);
    console.log(`  plain Node socket:    ${f('baselineNodeSocketMiBps')} MiB/s  (ratio pane/socket ${((f('mibPerSecond') ?? 0) / (f('baselineNodeSocketMiBps') ?? 1)).toFixed(3)})`);
    console.log(`  keystroke echo:       p50 ${f('echoP50Ms')} ms, p95 ${f('echoP95Ms')} ms (keydown -> echo in the page, behind queued output)`);
    console.log(`  keystroke input:      p50 ${f('inputP50Ms')} ms, p95 ${f('inputP95Ms')} ms (keydown -> byte at the far end)`);
    console.log(`  main (serve) RSS:     peak ${f('mainRssPeakMiB')} MiB (${f('mainRssBeforeMiB')} MiB before the flood)`);
    if (r.status !== 0) console.log(`  (the spec's assertions failed: exit ${r.status}; figures above are still the measurement)\n${r.stdout.slice(-2000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
