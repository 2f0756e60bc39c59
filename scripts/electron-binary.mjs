// The Electron binary: where it is, whether it may be downloaded, and fetching it with Electron's own
// installer. Electron 45 has no postinstall: `npm ci` installs only the package, and the binary is
// fetched on first use by `require('electron')` or its `install-electron` command (node_modules/electron/
// install.js, which uses @electron/get: ELECTRON_MIRROR, electron_config_cache, proxies and the shipped
// checksums all apply). Nothing here requires the `electron` package, so nothing downloads by surprise.
//
// Every function takes the electron package folder as a parameter (default: this project's); tests pass
// a folder with a stand-in package.json, install.js and binary.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ELECTRON_PACKAGE_DIR = fileURLToPath(new URL('../node_modules/electron', import.meta.url));

/** Oldest Node that builds and runs the browser host (vite 8: ^20.19 || >=22.12). */
export const MIN_NODE = '20.19.0';
/** What Electron's installer (@electron/get 5) declares when the package does not say. */
export const INSTALLER_NODE_FALLBACK = '22.12.0';

/** The electron package's version and the Node its installer needs, or null when it is not installed. */
export function electronPackageInfo(pkgDir = ELECTRON_PACKAGE_DIR) {
  try {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const declared = /(\d+\.\d+\.\d+)/.exec(String(pkg.engines?.node ?? ''));
    return { version: String(pkg.version), nodeNeeded: declared ? declared[1] : INSTALLER_NODE_FALLBACK };
  } catch {
    return null;
  }
}

/** True when Node version `have` (e.g. '20.20.2' or 'v22.12.0') is at least `need`. */
export function nodeAtLeast(have, need) {
  const a = String(have).replace(/^v/, '').split('.').map((n) => parseInt(n, 10) || 0);
  const b = String(need).replace(/^v/, '').split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Why downloading the binary is switched off, or null. ELECTRON_SKIP_BINARY_DOWNLOAD is Electron's own switch. */
export function downloadDisabledReason(env = process.env) {
  const v = env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false') return `downloads are disabled (ELECTRON_SKIP_BINARY_DOWNLOAD=${v})`;
  return null;
}

/**
 * Where the Electron binary is, as Electron's index.js would find it, without downloading it.
 * @returns {{ path: string } | { reason: string, missing: 'package' | 'binary' | 'override' }}
 */
export function findElectronBinary(env = process.env, pkgDir = ELECTRON_PACKAGE_DIR) {
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${rel || 'electron'} (${p})`, missing: 'override' };
  }
  const info = electronPackageInfo(pkgDir);
  if (!info) return { reason: 'the electron package is not installed (run npm ci)', missing: 'package' };
  if (rel && existsSync(join(pkgDir, 'dist', rel))) return { path: join(pkgDir, 'dist', rel) };
  return { reason: `the Electron ${info.version} binary is not downloaded yet (Electron fetches it on first use; npm start does)`, missing: 'binary' };
}

/**
 * Run Electron's installer (`node <pkgDir>/install.js`, what `npx install-electron` runs) and wait at most
 * `timeoutMs`. Its output and a line of progress every `progressMs` go to `out` (stderr). Never throws.
 * @param {{ pkgDir?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, progressMs?: number, out?: { write(s: string): unknown } }} [options]
 * @returns {Promise<{ ok: true } | { ok: false, reason: string }>}
 */
export function installElectronBinary({ pkgDir = ELECTRON_PACKAGE_DIR, env = process.env, timeoutMs = 600_000, progressMs = 10_000, out = process.stderr } = {}) {
  const installer = join(pkgDir, 'install.js');
  if (!existsSync(installer)) return Promise.resolve({ ok: false, reason: `Electron's installer is missing (${installer}): run npm ci` });
  const started = Date.now();
  return new Promise((resolve) => {
    let tail = '';
    let done = false;
    let timedOut = false;
    let child;
    try {
      child = spawn(process.execPath, [installer], { cwd: pkgDir, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      resolve({ ok: false, reason: `Electron's installer could not start: ${String(err)}` });
      return;
    }
    const keep = (d) => {
      const s = d.toString();
      out.write(s);
      tail = (tail + s).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const secs = (ms) => `${Math.round(ms / 1000)} s`;
    const progress = setInterval(() => {
      out.write(`start: still downloading Electron (${secs(Date.now() - started)}; giving up after ${secs(timeoutMs)})\n`);
    }, progressMs);
    let killer;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    }, timeoutMs);
    const finish = (result) => {
      if (done) return;
      done = true;
      clearInterval(progress);
      clearTimeout(timer);
      clearTimeout(killer);
      resolve(result);
    };
    child.on('error', (err) => finish({ ok: false, reason: `Electron's installer could not start: ${err.message}` }));
    child.on('close', (code, signal) => {
      if (timedOut) return finish({ ok: false, reason: `the download did not finish in ${secs(timeoutMs)}` });
      if (code === 0) return finish({ ok: true });
      finish({ ok: false, reason: `Electron's installer failed (${code !== null ? `exit ${code}` : signal}): ${lastError(tail) || 'no message'}` });
    });
  });
}

/** The most telling line of an installer's output: the first line of its error, else its last line. */
function lastError(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error/i.test(l) && !/^at /.test(l)) ?? lines.at(-1) ?? '';
}
