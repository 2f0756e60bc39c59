#!/usr/bin/env node
// `npm start`: check Node, build, then run the desktop app in Electron, downloading its binary with
// Electron's own installer the first time; the browser host (`dialtone serve` with the demo modem) only
// when the download is disabled or fails, after saying why and how to fix it. See start-app.mjs.
// Arguments after `npm start --` go to Electron or to `dialtone serve`.
import { startApp } from './start-app.mjs';

process.exitCode = await startApp({ args: process.argv.slice(2) });
