#!/usr/bin/env node
// `npm run build` (also run by `npm test` and `npm start`):
//   src-main/app/electron-main.ts -> dist/main/index.cjs      (esbuild, node, CJS; electron + native modules external)
//   src-main/app/preload.ts       -> dist/preload/index.cjs   (esbuild, one CJS file: sandboxed preloads cannot require)
//   src-renderer                  -> dist/renderer            (vite + @vitejs/plugin-react)
//   src-renderer, --mode e2e      -> dist/renderer-test       the same plus the e2e test hook (vite.config.ts)
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const started = Date.now();

rmSync('dist/main', { recursive: true, force: true });
rmSync('dist/preload', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  // serialport and its bindings load native .node files: keep them in node_modules (asarUnpack)
  external: ['electron', 'serialport', '@serialport/*', 'bufferutil', 'utf-8-validate'],
};

await esbuild({
  ...common,
  entryPoints: ['src-main/app/electron-main.ts'],
  outfile: 'dist/main/index.cjs',
  // import.meta.url has no CJS equivalent in esbuild: give the bundle its own file URL
  define: { 'import.meta.url': '__dialtone_import_meta_url' },
  banner: { js: 'const __dialtone_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
await esbuild({
  ...common,
  entryPoints: ['src-main/app/preload.ts'],
  outfile: 'dist/preload/index.cjs',
  // the sandboxed preload may require only 'electron' (and a few polyfilled modules)
  external: ['electron'],
  minify: true,
});
await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
await viteBuild({ configFile: 'vite.config.ts', mode: 'e2e', logLevel: 'warn' });

console.log(`build: dist/main/index.cjs, dist/preload/index.cjs, dist/renderer, dist/renderer-test in ${Date.now() - started} ms`);
