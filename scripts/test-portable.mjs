#!/usr/bin/env node
// The tests that can run on Windows and macOS (the CI workflow's matrix; `npm test` is the whole suite on
// Debian): the type check, lint, the build, then vitest on every test file that does not need a peer only
// Debian provides. A test file needs one when it, or a file it imports (relative imports, followed),
// names one of the peer programs below or uses the test harness's requireCommand. Those files are listed
// as skipped, each with the packages it needs; on Linux nothing is skipped unless --without-debian-peers.
// Closing line: `N passed, N failed, N skipped` (checks count one each; skipped counts skipped files).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

/** What a test file's calls start that only Debian's packages give the tests here, and the package of each. */
export const DEBIAN_PEERS = {
  socat: 'socat',
  ser2net: 'ser2net',
  sredird: 'sredird',
  gensiot: 'gensio-bin',
  busybox: 'busybox-static',
  INETUTILS_TELNETD: 'inetutils-telnetd',
  PYTHON: 'python3-serial',
  program: 'lrzsz',
  stty: 'coreutils on a POSIX tty',
  openssl: 'openssl',
  '/usr/bin/setpriv': 'util-linux',
  ip: 'iproute2',
  ss: 'iproute2',
  mkfifo: 'coreutils (FIFOs)',
};
/** requireCommand(X) in the test harness, or spawn/spawnSync/execFile(Sync) of a literal program. */
const PEER_RE = /(?:requireCommand\(\s*['"]?|(?:spawn|spawnSync|execFile|execFileSync)\(\s*['"])([\w./-]+)/g;
const IMPORT_RE = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.m?js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** The Debian-only peers a test file needs, through its relative imports. */
export function peersNeeded(file) {
  const seen = new Set();
  const needs = new Set();
  const stack = [file];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(PEER_RE)) if (m[1] in DEBIAN_PEERS) needs.add(m[1]);
    for (const m of text.matchAll(IMPORT_RE)) {
      const r = resolveImport(f, m[1]);
      if (r && !r.includes('node_modules')) stack.push(r);
    }
  }
  return [...needs].sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

function main() {
const totals = { passed: 0, failed: 0, skipped: 0 };
const out = mkdtempSync(join(tmpdir(), 'dialtone-portable-'));
const bin = (pkg, path) => join(root, 'node_modules', pkg, path);

function run(label, args) {
  process.stdout.write(`\n=== ${label}: node ${args.map((a) => relative(root, a) || a).join(' ')}\n`);
  return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
}
function check(label, args) {
  if (run(label, args) === 0) totals.passed++;
  else totals.failed++;
}

check('typecheck', [bin('typescript', 'bin/tsc'), '-b']);
check('lint', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings=0']);
check('build', ['scripts/build.mjs']);

const files = ['src-shared', 'src-main', 'src-renderer', 'test'].flatMap((d) => walk(join(root, d)));
const runnable = [];
// --without-debian-peers: skip them on Linux too (an Ubuntu runner without Debian's packages)
const withoutPeers = process.argv.includes('--without-debian-peers');
for (const f of files) {
  const needs = process.platform === 'linux' && !withoutPeers ? [] : peersNeeded(f);
  if (needs.length) {
    totals.skipped++;
    const pkgs = [...new Set(needs.map((n) => DEBIAN_PEERS[n]))].join(', ');
    process.stdout.write(`skipped ${relative(root, f)}: its peers come from Debian packages (${pkgs}), not here\n`);
  } else {
    runnable.push(relative(root, f).split('\\').join('/'));
  }
}

function vitest(label, list, extra = []) {
  if (!list.length) return;
  const json = join(out, `${label}.json`);
  const status = run(label, [bin('vitest', 'vitest.mjs'), 'run', ...list, ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`]);
  if (!existsSync(json)) {
    totals.failed++;
    return;
  }
  const r = JSON.parse(readFileSync(json, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  const broken = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  totals.failed += broken;
  if (status !== 0 && r.numFailedTests === 0 && broken === 0) totals.failed++;
}
vitest('vitest', runnable.filter((f) => !f.startsWith('test/fuzz/')));
vitest('vitest-fuzz', runnable.filter((f) => f.startsWith('test/fuzz/')), ['--maxWorkers=1']);

process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exitCode = totals.failed > 0 ? 1 : 0;
}
