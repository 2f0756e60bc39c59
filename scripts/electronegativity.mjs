#!/usr/bin/env node
// `npm test` check: Electronegativity (Doyensec's Electron security scanner) over the app: the main,
// preload and renderer sources (src-main, src-shared, src-renderer, without their tests), the built
// renderer (dist/renderer: the page and its bundled libraries) and package.json (the Electron version).
// Fails on any HIGH or MEDIUM finding that is not in the reviewed allow-list
// (scripts/electronegativity-allow.json: check, file, a piece of the flagged line, and why it is safe),
// on an allow-list entry that no longer matches anything (remove it), and when the Electron-facing
// files could not be parsed. Every finding, allowed or not, is printed.
// Offline: the check that downloads Electron's release list is left out (the pinned version is
// reviewed when it is bumped), and the tool's translations come from the copy it ships.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const ALLOW = join(root, 'scripts/electronegativity-allow.json');
/** Files whose findings matter most: a parse failure here means the scan saw nothing. */
const MUST_PARSE = ['src-main/app/electron-main.ts', 'src-main/app/preload.ts'];

// The tool's translations, from its own folder instead of a download (what its i18n module does offline).
const i18nModule = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
const offline = new Module(i18nModule);
offline.filename = i18nModule;
offline.loaded = true;
offline.exports = {
  __esModule: true,
  default: async () => {
    const i18n = createRequire(i18nModule)('i18n');
    i18n.configure({ locales: ['en-US'], defaultLocale: 'en-US', directory: dirname(i18nModule), updateFiles: false, objectNotation: true, register: globalThis });
    i18n.setLocale('en-US');
  },
};
require.cache[i18nModule] = offline;
const run = require('@doyensec/electronegativity');

if (!existsSync(join(root, 'dist/renderer/index.html'))) {
  console.error('electronegativity: dist/renderer is not built: run node scripts/build.mjs first');
  process.exit(1);
}

// What Electron runs, in one folder (the tool scans a single input).
const scan = mkdtempSync(join(tmpdir(), 'dialtone-electronegativity-'));
const notTests = (src) => !/\.test\.tsx?$/.test(src) && !src.endsWith('.map');
try {
  cpSync(join(root, 'package.json'), join(scan, 'package.json'));
  for (const dir of ['src-main', 'src-shared', 'src-renderer', 'dist/renderer']) cpSync(join(root, dir), join(scan, dir), { recursive: true, filter: notTests });

  const result = await run({
    input: scan,
    isRelative: true,
    customScan: [],
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: undefined,
    parserPlugins: [],
  });
  const allow = JSON.parse(readFileSync(ALLOW, 'utf8'));
  const used = new Set();
  const problems = [];
  const norm = (f) => f.split(sep).join('/');

  for (const e of result.errors) {
    const file = norm(relative(scan, e.file));
    console.log(`electronegativity: ${e.tolerable ? 'warning' : 'could not parse'} ${file}: ${e.message}`);
    if (!e.tolerable && MUST_PARSE.includes(file)) problems.push(`${file} could not be parsed, so it was not scanned`);
  }
  for (const issue of result.issues) {
    const file = norm(issue.file);
    const sample = typeof issue.sample === 'string' ? issue.sample.trim() : '';
    const where = `${file}:${issue.location.line}:${issue.location.column}`;
    const level = `${issue.severity.name} ${issue.confidence.name}`;
    const entry = allow.findIndex((a) => a.check === issue.id && a.file === file && (!a.sample || sample.includes(a.sample)));
    const serious = issue.severity.name === 'HIGH' || issue.severity.name === 'MEDIUM';
    if (entry >= 0) {
      used.add(entry);
      console.log(`  allowed  ${issue.id} (${level}) ${where}  ${sample}\n           reviewed: ${allow[entry].reason}`);
    } else {
      console.log(`  ${serious ? 'FINDING' : 'note   '}  ${issue.id} (${level}) ${where}  ${sample}\n           ${issue.description} ${issue.shortenedURL}`);
      if (serious) problems.push(`${issue.id} at ${where} is ${issue.severity.name}: fix it, or review it and add it to scripts/electronegativity-allow.json with the reason`);
    }
  }
  allow.forEach((a, i) => {
    if (!used.has(i)) problems.push(`allow-list entry ${a.check} in ${a.file} (${a.sample ?? ''}) matches no finding any more: remove it`);
  });

  console.log(`electronegativity: ${result.globalChecks + result.atomicChecks} checks, ${result.issues.length} findings (${used.size} allowed after review)`);
  for (const p of problems) console.error(`electronegativity: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
} finally {
  rmSync(scan, { recursive: true, force: true });
}
