import { defineConfig } from 'vitest/config';

// Unit, property and interop tests. Interop tests start real peers (ser2net, socat, sredird, pyserial)
// on free loopback ports; they run in parallel files but each file owns its peers.
export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
