// `npm start` (scripts/start-app.mjs) against a stand-in electron package: a folder with the package's
// package.json, a stand-in install.js (Electron's installer: here it writes a stand-in binary, fails like
// a download without network, or hangs) and path.txt/dist as the real installer leaves them. The build
// step and the launcher are stand-ins too: nothing is built, downloaded or started for real, except the
// one test that runs a stand-in binary through the real launcher.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadDisabledReason, ELECTRON_PACKAGE_DIR, electronPackageInfo, findElectronBinary, installElectronBinary, nodeAtLeast } from '../../scripts/electron-binary.mjs';
import { startApp } from '../../scripts/start-app.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Installer = 'succeeds' | 'fails' | 'hangs' | 'leaves-nothing';

/** A stand-in node_modules/electron; `installed` puts the binary in place as a finished download would. */
function standInElectron({ installed = false, installer = 'succeeds' as Installer } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-start-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1', engines: { node: '>= 22.12.0' } }));
  const body: Record<Installer, string> = {
    succeeds: `
      const fs = require('fs'), path = require('path');
      console.log('Downloading stand-in Electron...');
      fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\necho stand-in electron "$@" > "$(dirname "$0")/../launched.txt"\\n', { mode: 0o755 });
      fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`,
    fails: `
      console.error('Error: getaddrinfo ENOTFOUND downloads.invalid');
      console.error('    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26)');
      process.exit(1);`,
    hangs: `console.log('Downloading stand-in Electron...'); setInterval(() => {}, 1000);`,
    'leaves-nothing': `console.log('nothing to do');`,
  };
  writeFileSync(join(dir, 'install.js'), `require('fs').writeFileSync(require('path').join(__dirname, 'installer-ran'), '');\n${body[installer]}\n`);
  if (installed) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\necho stand-in electron "$@" > "$(dirname "$0")/../launched.txt"\n');
    chmodSync(join(dir, 'dist', 'electron'), 0o755);
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

/** Runs startApp with a stand-in build and a launcher that records what it would start. */
async function start(pkgDir: string, opts: { env?: NodeJS.ProcessEnv; nodeVersion?: string; downloadTimeoutMs?: number; build?: () => number } = {}) {
  let out = '';
  const launched: Array<{ command: string; args: string[] }> = [];
  let built = 0;
  const code = await startApp({
    args: ['--no-demo'],
    env: opts.env ?? cleanEnv(),
    pkgDir,
    nodeVersion: opts.nodeVersion ?? '22.12.0',
    downloadTimeoutMs: opts.downloadTimeoutMs ?? 20_000,
    progressMs: 200,
    out: { write: (s: string) => (out += s) },
    build: opts.build ?? (() => (built++, 0)),
    launch: async (command, args) => {
      launched.push({ command, args });
      return 0;
    },
  });
  return { code, out, launched, built, installerRan: existsSync(join(pkgDir, 'installer-ran')) };
}

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('ELECTRON_SKIP_BINARY_DOWNLOAD' in extra)) delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return env;
}

describe('npm start (scripts/start-app.mjs)', () => {
  it('binary present: builds, starts Electron on the app folder with the arguments, runs no installer', async () => {
    const pkg = standInElectron({ installed: true });
    const r = await start(pkg);
    expect(r.code).toBe(0);
    expect(r.built).toBe(1);
    expect(r.installerRan).toBe(false);
    expect(r.launched).toEqual([{ command: join(pkg, 'dist', 'electron'), args: ['.', '--no-demo'] }]);
    expect(r.out).toBe('');
  });

  it('binary missing, download succeeds: Electron\'s installer runs (its output on stderr), then Electron starts', async () => {
    const pkg = standInElectron({ installer: 'succeeds' });
    const r = await start(pkg);
    expect(r.installerRan).toBe(true);
    expect(r.out).toContain('start: downloading Electron 45.4.1 with Electron\'s installer');
    expect(r.out).toContain('Downloading stand-in Electron...');
    expect(r.out).toContain('start: Electron 45.4.1 downloaded.');
    expect(r.launched).toEqual([{ command: join(pkg, 'dist', 'electron'), args: ['.', '--no-demo'] }]);
    expect(r.code).toBe(0);
  });

  it('binary missing, download fails: the browser host, with the installer\'s own error and how to fix it', async () => {
    const pkg = standInElectron({ installer: 'fails' });
    const r = await start(pkg);
    expect(r.installerRan).toBe(true);
    expect(r.out).toMatch(/start: not starting Electron: could not download Electron: Electron's installer failed \(exit 1\): Error: getaddrinfo ENOTFOUND downloads\.invalid\./);
    expect(r.out).toMatch(/to get the desktop app: check the network or proxy .*ELECTRON_MIRROR.*npx --no install-electron/);
    expect(r.out).not.toContain('cannot be downloaded on this machine');
    expect(r.launched).toEqual([{ command: process.execPath, args: ['bin/dialtone.mjs', 'serve', '--no-demo'] }]);
  });

  it('downloads disabled (ELECTRON_SKIP_BINARY_DOWNLOAD): no installer, the browser host, the variable named as the reason', async () => {
    const pkg = standInElectron({ installer: 'succeeds' });
    const r = await start(pkg, { env: cleanEnv({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }) });
    expect(r.installerRan).toBe(false);
    expect(r.out).toContain('not starting Electron: the Electron 45.4.1 binary is not downloaded yet');
    expect(r.out).toContain('downloads are disabled (ELECTRON_SKIP_BINARY_DOWNLOAD=1)');
    expect(r.out).toContain('unset ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(r.launched.map((l) => l.args[1])).toEqual(['serve']);
  });

  it('the variable unset means downloads are on (it is never assumed)', () => {
    expect(downloadDisabledReason({})).toBeNull();
    expect(downloadDisabledReason({ ELECTRON_SKIP_BINARY_DOWNLOAD: '' })).toBeNull();
    expect(downloadDisabledReason({ ELECTRON_SKIP_BINARY_DOWNLOAD: 'false' })).toBeNull();
    expect(downloadDisabledReason({ ELECTRON_SKIP_BINARY_DOWNLOAD: 'true' })).toMatch(/disabled/);
  });

  it('a download that hangs is stopped at the limit, with progress lines meanwhile; then the browser host', async () => {
    const pkg = standInElectron({ installer: 'hangs' });
    const t0 = Date.now();
    const r = await start(pkg, { downloadTimeoutMs: 1500 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.out).toMatch(/start: still downloading Electron \(\d+ s; giving up after 2 s\)/);
    expect(r.out).toContain('could not download Electron: the download did not finish in 2 s');
    expect(r.launched.map((l) => l.args[1])).toEqual(['serve']);
  });

  it('an installer that exits 0 without a binary is a failure, not a start of nothing', async () => {
    const pkg = standInElectron({ installer: 'leaves-nothing' });
    const r = await start(pkg);
    expect(r.out).toContain("Electron's installer finished but left no binary");
    expect(r.launched.map((l) => l.args[1])).toEqual(['serve']);
  });

  it('Node older than the installer needs: said first, no download, the browser host with the version to install', async () => {
    const pkg = standInElectron({ installer: 'succeeds' });
    const r = await start(pkg, { nodeVersion: '20.19.0' });
    expect(r.installerRan).toBe(false);
    expect(r.out.split('\n')[0]).toBe(
      'start: this is Node 20.19.0; the desktop app needs Node 22.12.0 or later to download Electron (its installer, @electron/get, requires it). The browser host runs on this Node.',
    );
    expect(r.out).toContain("Electron's installer needs Node 22.12.0 or later (this is 20.19.0)");
    expect(r.out).toContain('`nvm install` reads .nvmrc');
    expect(r.launched.map((l) => l.args[1])).toEqual(['serve']);
  });

  it('Node older than the installer needs but the binary is there: Electron starts (it brings its own Node)', async () => {
    const pkg = standInElectron({ installed: true });
    const r = await start(pkg, { nodeVersion: '20.19.0' });
    expect(r.launched).toEqual([{ command: join(pkg, 'dist', 'electron'), args: ['.', '--no-demo'] }]);
  });

  it('Node too old for anything: exit 1 before building, naming the version needed', async () => {
    const pkg = standInElectron({ installed: true });
    const r = await start(pkg, { nodeVersion: '18.20.4' });
    expect(r.code).toBe(1);
    expect(r.built).toBe(0);
    expect(r.launched).toEqual([]);
    expect(r.out).toContain('this is Node 18.20.4; Dialtone needs Node 22.12.0 or later');
  });

  it('a failed build stops there with its status', async () => {
    const pkg = standInElectron({ installed: true });
    const r = await start(pkg, { build: () => 2 });
    expect(r.code).toBe(2);
    expect(r.launched).toEqual([]);
  });

  it('no electron package at all: the browser host, saying to run npm ci', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dialtone-start-'));
    dirs.push(empty);
    const r = await start(join(empty, 'electron'));
    expect(r.out).toContain('the electron package is not installed (run npm ci)');
    expect(r.launched.map((l) => l.args[1])).toEqual(['serve']);
  });

  it.skipIf(process.platform === 'win32')('the real launcher runs the downloaded stand-in binary with the app folder', async () => {
    const pkg = standInElectron({ installer: 'succeeds' });
    const code = await startApp({ env: cleanEnv(), pkgDir: pkg, nodeVersion: '22.12.0', root: pkg, out: { write: () => true }, build: () => 0, args: ['--x'] });
    expect(code).toBe(0);
    expect(readFileSync(join(pkg, 'launched.txt'), 'utf8').trim()).toBe('stand-in electron . --x');
  });
});

describe('electron-binary.mjs', () => {
  it('finds no binary in this checkout without downloading (no path.txt, no dist) and says why', () => {
    const r = findElectronBinary(cleanEnv(), ELECTRON_PACKAGE_DIR);
    if ('path' in r) return; // a machine where the binary was downloaded
    expect(r.missing).toBe('binary');
    expect(r.reason).toMatch(/^the Electron \d+\.\d+\.\d+ binary is not downloaded yet/);
  });

  it('ELECTRON_OVERRIDE_DIST_PATH is honoured as Electron honours it', () => {
    const pkg = standInElectron({ installed: true });
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: join(pkg, 'dist') }, pkg)).toEqual({ path: join(pkg, 'dist', 'electron') });
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: join(pkg, 'nowhere') }, pkg)).toMatchObject({ missing: 'override' });
  });

  it('compares Node versions numerically', () => {
    expect(nodeAtLeast('22.12.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('v22.9.0', '22.12.0')).toBe(false);
    expect(nodeAtLeast('24.0.0', '22.12.0')).toBe(true);
    expect(nodeAtLeast('20.20.2', '22.12.0')).toBe(false);
    expect(nodeAtLeast('20.20.2', '20.19.0')).toBe(true);
  });

  it('package.json engines, .nvmrc and the README say the Node that Electron\'s installer declares', () => {
    const root = join(ELECTRON_PACKAGE_DIR, '..', '..');
    const needed = electronPackageInfo()?.nodeNeeded ?? '22.12.0';
    const engines = String(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node);
    expect(engines.replace(/^>=\s*/, '')).toMatch(/^\d+\.\d+/);
    expect(nodeAtLeast(engines.replace(/^>=\s*/, ''), needed)).toBe(true);
    const nvmrc = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
    expect(Number(nvmrc.split('.')[0])).toBeGreaterThanOrEqual(Number(needed.split('.')[0]));
    const [major, minor] = needed.split('.');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`**Node ${major}.${minor} or later**`);
  });

  it('the installer is missing: a reason, not an exception', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dialtone-start-'));
    dirs.push(empty);
    expect(await installElectronBinary({ pkgDir: empty, out: { write: () => true } })).toMatchObject({ ok: false, reason: expect.stringContaining('npm ci') });
  });
});
