/**
 * `npm run bench -- hexview`: the hex view (issue 12) while 1 MB/s flows into a tab (a raw TCP far end
 * sending 16 KiB every 16 ms, text lines with some binary), against the Terminal view in the same run and
 * page: for each view the rate that came in, the frames the page drew per second and their intervals
 * (p50, p95, max; a frame over 50 ms counts as long), and for the hex view the rows it made per second.
 * Runs the bench test of e2e/hexview.spec.ts under Playwright in headless Chromium through `dialtone
 * serve`. DIALTONE_HEXVIEW_SECONDS sets the time in each view (default 8).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface ViewFigures {
  view: string;
  mbPerSecond: number;
  rowsPerSecond: number | null;
  fps: number;
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  longFrames: number;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-hexview-bench-'));
  const report = join(dir, 'hexview.json');
  try {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', 'e2e/hexview.spec.ts', '-g', 'bench:', '--reporter=line'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DIALTONE_HEXVIEW_REPORT: report },
    });
    let f: { seconds: number; terminal: ViewFigures; hex: ViewFigures; heapMiB: number };
    try {
      f = JSON.parse(readFileSync(report, 'utf8')) as typeof f;
    } catch {
      throw new Error(`the hexview bench wrote no figures (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
    console.log(`1 MB/s into one tab, ${f.seconds} s in each view (headless Chromium, software GL)`);
    for (const v of [f.terminal, f.hex]) {
      const rows = v.rowsPerSecond === null ? '' : `, ${v.rowsPerSecond} rows/s`;
      console.log(
        `  ${v.view.padEnd(8)}  in ${v.mbPerSecond} MB/s${rows}; ${v.fps} frames/s, frame p50 ${v.frameP50Ms} ms, p95 ${v.frameP95Ms} ms, max ${v.frameMaxMs} ms, ${v.longFrames} over 50 ms`,
      );
    }
    console.log(`  hex/terminal frame p95 ${(f.hex.frameP95Ms / f.terminal.frameP95Ms).toFixed(2)}; JS heap after ${f.heapMiB} MiB`);
    if (r.status !== 0) console.log(`  (the bench test failed: exit ${r.status})\n${r.stdout.slice(-2000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
