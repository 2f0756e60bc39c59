/** The electron package folder this project installs (node_modules/electron). */
export const ELECTRON_PACKAGE_DIR: string;
/** Oldest Node that builds and runs the browser host. */
export const MIN_NODE: string;
/** What Electron's installer needs when the package does not say. */
export const INSTALLER_NODE_FALLBACK: string;
/** The electron package's version and the Node its installer needs, or null when it is not installed. */
export function electronPackageInfo(pkgDir?: string): { version: string; nodeNeeded: string } | null;
/** True when Node version `have` is at least `need`. */
export function nodeAtLeast(have: string, need: string): boolean;
/** Why downloading the binary is switched off (ELECTRON_SKIP_BINARY_DOWNLOAD), or null. */
export function downloadDisabledReason(env?: NodeJS.ProcessEnv): string | null;
/** Where the Electron binary is (see electron-binary.mjs), or why there is none. */
export function findElectronBinary(env?: NodeJS.ProcessEnv, pkgDir?: string): { path: string } | { reason: string; missing: 'package' | 'binary' | 'override' };
/** Run Electron's installer, bounded in time; never throws. */
export function installElectronBinary(options?: {
  pkgDir?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  progressMs?: number;
  out?: { write(s: string): unknown };
}): Promise<{ ok: true } | { ok: false; reason: string }>;
