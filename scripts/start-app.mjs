// What `npm start` does (scripts/start.mjs calls startApp with the real build, installer and launcher):
//   1. Node: below MIN_NODE nothing runs (exit 1, saying which version is needed); below what Electron's
//      installer needs (22.12) the binary cannot be downloaded, said first and again as the reason.
//   2. build (scripts/build.mjs).
//   3. Electron: started when its binary is there. When it is missing and downloads are not disabled,
//      Electron's own installer fetches it (bounded in time, progress on stderr), then Electron starts.
//   4. Otherwise the browser host (`dialtone serve`, the demo modem unless --no-demo), after printing the
//      real reason and how to fix it.
// The electron package folder, the build step and the launcher are parameters, for tests only.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  ELECTRON_PACKAGE_DIR,
  MIN_NODE,
  INSTALLER_NODE_FALLBACK,
  downloadDisabledReason,
  electronPackageInfo,
  findElectronBinary,
  installElectronBinary,
  nodeAtLeast,
} from './electron-binary.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Default bound on the download; DIALTONE_ELECTRON_DOWNLOAD_TIMEOUT (seconds) changes it for slow links. */
export const DOWNLOAD_TIMEOUT_MS = 600_000;

/** Run the build; its exit status. */
function buildApp(root) {
  return spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status ?? 1;
}

/** Run a program in the foreground, passing SIGINT/SIGTERM on; resolves with its exit code. */
function launchProgram(command, args, { cwd }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, forward);
    const done = (code) => {
      for (const sig of ['SIGINT', 'SIGTERM']) process.off(sig, forward);
      resolve(code);
    };
    child.on('error', (err) => {
      process.stderr.write(`start: could not run ${command}: ${err.message}\n`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 0 : 1)));
  });
}

/**
 * @param {{
 *   args?: string[], env?: NodeJS.ProcessEnv, root?: string, pkgDir?: string, nodeVersion?: string,
 *   downloadTimeoutMs?: number, progressMs?: number, out?: { write(s: string): unknown },
 *   build?: (root: string) => number,
 *   launch?: (command: string, args: string[], options: { cwd: string }) => Promise<number>,
 * }} [options]
 * @returns {Promise<number>} the exit code for `npm start`
 */
export async function startApp({
  args = [],
  env = process.env,
  root = ROOT,
  pkgDir = ELECTRON_PACKAGE_DIR,
  nodeVersion = process.versions.node,
  downloadTimeoutMs,
  progressMs,
  out = process.stderr,
  build = buildApp,
  launch = launchProgram,
} = {}) {
  const say = (line) => out.write(`start: ${line}\n`);
  const info = electronPackageInfo(pkgDir);
  const installerNode = info?.nodeNeeded ?? INSTALLER_NODE_FALLBACK;

  // 1. Node first
  if (!nodeAtLeast(nodeVersion, MIN_NODE)) {
    say(`this is Node ${nodeVersion}; Dialtone needs Node ${installerNode} or later (package.json "engines", .nvmrc).`);
    say(`fix: install Node 22 (for example \`nvm install\` in this folder, which reads .nvmrc), then \`npm ci && npm start\`.`);
    return 1;
  }
  const nodeTooOldToDownload = !nodeAtLeast(nodeVersion, installerNode);
  if (nodeTooOldToDownload) {
    say(`this is Node ${nodeVersion}; the desktop app needs Node ${installerNode} or later to download Electron (its installer, @electron/get, requires it). The browser host runs on this Node.`);
  }

  // 2. build
  const built = build(root);
  if (built !== 0) return built;

  // 3. Electron
  let binary = findElectronBinary(env, pkgDir);
  let reason = 'reason' in binary ? binary.reason : '';
  let fix = '';
  if (!('path' in binary)) {
    const disabled = downloadDisabledReason(env);
    if (binary.missing === 'package') {
      fix = 'run `npm ci` (it installs the electron package), then `npm start`.';
    } else if (binary.missing === 'override') {
      fix = 'point ELECTRON_OVERRIDE_DIST_PATH at a folder with the Electron binary, or unset it.';
    } else if (disabled) {
      reason = `${reason}, and ${disabled}`;
      fix = 'unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `npm start` again (or fetch it once with `npx --no install-electron`).';
    } else if (nodeTooOldToDownload) {
      reason = `${reason}, and Electron's installer needs Node ${installerNode} or later (this is ${nodeVersion})`;
      fix = `install Node ${installerNode} or later (\`nvm install\` reads .nvmrc), then \`npm start\` again.`;
    } else {
      const timeoutMs = downloadTimeoutMs ?? (Number(env.DIALTONE_ELECTRON_DOWNLOAD_TIMEOUT) * 1000 || DOWNLOAD_TIMEOUT_MS);
      say(`downloading Electron ${info?.version ?? ''} with Electron's installer (once; gives up after ${Math.round(timeoutMs / 1000)} s)...`);
      const got = await installElectronBinary({ pkgDir, env, timeoutMs, progressMs, out });
      binary = findElectronBinary(env, pkgDir);
      if (got.ok && 'path' in binary) {
        say(`Electron ${info?.version ?? ''} downloaded.`);
      } else {
        reason = got.ok ? `Electron's installer finished but left no binary (${'reason' in binary ? binary.reason : ''})` : `could not download Electron: ${got.reason}`;
        fix =
          'check the network or proxy (HTTPS_PROXY with ELECTRON_GET_USE_PROXY=1), or use a mirror (ELECTRON_MIRROR), ' +
          'or a longer limit (DIALTONE_ELECTRON_DOWNLOAD_TIMEOUT, seconds); then `npm start` again, or fetch it with `npx --no install-electron`.';
      }
    }
  }
  if ('path' in binary) return launch(binary.path, ['.', ...args], { cwd: root });

  // 4. browser host
  say(`not starting Electron: ${reason}.`);
  say(`to get the desktop app: ${fix}`);
  say('running the browser host instead (dialtone serve; the demo modem unless --no-demo): open the URL it prints.');
  return launch(process.execPath, ['bin/dialtone.mjs', 'serve', ...args], { cwd: root });
}
