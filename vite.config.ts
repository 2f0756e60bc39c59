// Builds the renderer (src-renderer) for both hosts: Electron loads it through the app:// protocol,
// `dialtone serve` over HTTP. Relative base so either origin works; no inline scripts (the CSP forbids
// them). Two builds of the same sources:
//   vite build              -> dist/renderer       the product (Electron, npm start, dialtone serve)
//   vite build --mode e2e   -> dist/renderer-test  the same plus the e2e test hook (src-renderer/testing/),
//                                                  served by the e2e fixtures (dialtone serve --renderer)
// Test-only code sits behind `import.meta.env.MODE === 'e2e'`, a constant the product build folds to
// false and drops; test/app/production-bundle.test.ts checks that none of it is left in dist/renderer.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig(({ mode }) => ({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL(mode === 'e2e' ? './dist/renderer-test' : './dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2048,
  },
  logLevel: 'warn',
}));
