// e2e: Playwright drives the built renderer (dist/renderer) in Debian's Chromium through `dialtone serve`,
// against real peers (test/harness/peers.ts); e2e/electron.spec.ts runs the same core scenario in Electron
// where its binary is installed. Screenshots are kept under test-results/ as artifacts.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // one worker: the flood spec measures latency and memory, and the machine has 2 cores shared with vitest
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 20_000,
  },
});
