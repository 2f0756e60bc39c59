// Where the Electron binary is, without triggering electron's on-demand download (requiring the
// `electron` package downloads the binary when it is missing). Returns { path } or { reason }.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../node_modules/electron', import.meta.url));

/** @returns {{ path: string } | { reason: string }} */
export function findElectronBinary(env = process.env) {
  const pathFile = join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || 'electron');
    return existsSync(p) ? { path: p } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${rel || 'electron'}` };
  }
  if (!existsSync(join(pkgDir, 'package.json'))) return { reason: 'the electron package is not installed (npm ci)' };
  if (rel && existsSync(join(pkgDir, 'dist', rel))) return { path: join(pkgDir, 'dist', rel) };
  return {
    reason: 'Electron binary not installed: ELECTRON_SKIP_BINARY_DOWNLOAD; cannot be downloaded on this machine',
  };
}
