#!/usr/bin/env node
// Renders assets/icon.svg to assets/icon.png (512x512, transparent corners) with headless Chromium.
// Run after editing the SVG: node assets/render-icon.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const svg = fileURLToPath(new URL('./icon.svg', import.meta.url));
const png = fileURLToPath(new URL('./icon.png', import.meta.url));
const r = spawnSync('/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--hide-scrollbars', '--default-background-color=00000000',
  '--window-size=512,512', `--screenshot=${png}`, `file://${svg}`,
], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
