#!/usr/bin/env node
// `npm start`: build, then run the desktop app in Electron when its binary is installed; otherwise say
// why and run the browser host (`dialtone serve` with the demo modem) and print the URL to open.
// Arguments after `npm start --` go to Electron or to `dialtone serve`.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = findElectronBinary();
let child;
if ('path' in electron) {
  child = spawn(electron.path, ['.', ...args], { cwd: root, stdio: 'inherit' });
} else {
  console.log(`start: not starting Electron: ${electron.reason}.`);
  console.log('start: running the browser host instead (dialtone serve; the demo modem unless --no-demo): open the URL it prints.');
  child = spawn(process.execPath, ['bin/dialtone.mjs', 'serve', ...args], { cwd: root, stdio: 'inherit' });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
