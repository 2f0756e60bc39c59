// Lint: TypeScript rules plus the layer rule (src-main -> src-shared <- src-renderer), enforced the way
// VS Code enforces its common/node/browser/electron-main layers.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'net', 'tls', 'path', 'os', 'child_process', 'events', 'stream', 'http', 'https', 'crypto', 'url', 'util', 'zlib', 'dgram', 'dns', 'readline', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', '.tsbuild/', 'test-results/', 'playwright-report/', 'artifacts/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'src-shared is pure: no Node built-ins.' },
          { group: ['electron', 'react', 'react-dom', '@xterm/*', 'serialport', '@serialport/*', 'ws'], message: 'src-shared is pure: no electron, DOM, UI or I/O libraries.' },
          { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared depends on nothing above it.' },
        ],
      }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/app/electron-main.ts', 'src-main/app/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'Only src-main/app/electron-main.ts and preload.ts import electron: keep main logic runnable in plain Node.' },
          { group: ['**/src-renderer/**'], message: 'main never imports the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeBuiltins, 'electron', 'serialport', '@serialport/*', 'ws'], message: 'The renderer is a sandboxed web page: no Node, no electron; talk to main through the bridge.' },
          { group: ['**/src-main/**'], message: 'The renderer never imports main.' },
        ],
      }],
    },
  },
);
