// Builds the renderer (src-renderer) into dist/renderer for both hosts: Electron loads it through the
// app:// protocol, `dialtone serve` over HTTP. Relative base so either origin works; no inline scripts
// (the CSP forbids them).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2048,
  },
  logLevel: 'warn',
});
