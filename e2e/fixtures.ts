/**
 * e2e fixtures: `dialtone` starts the real `dialtone serve` command (node bin/dialtone.mjs serve) on a free
 * loopback port with its own temporary config and log folders, serving the renderer's test build
 * (dist/renderer-test: the product plus `window.__dialtoneTest`; `npm run build` makes both), and gives
 * its URL, token and PID; it is stopped (SIGTERM, then SIGKILL after 5 s) after each test. `openApp(page)` loads the URL and waits for
 * the renderer to reach main.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { freePort, tempDir } from '../test/harness/peers.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The renderer's test build (vite.config.ts, mode e2e). */
export const TEST_RENDERER = join(ROOT, 'dist/renderer-test');

export interface DialtoneServe {
  url: string;
  origin: string;
  token: string;
  port: number;
  pid: number;
  configDir: string;
  logDir: string;
  /** stdout + stderr so far. */
  output(): string;
}

/** Start `dialtone serve` on the test build; resolves when it has printed its URL. */
export async function startServeProcess(extraArgs: string[] = []): Promise<DialtoneServe & { stop(): Promise<void> }> {
  if (!existsSync(join(TEST_RENDERER, 'index.html'))) throw new Error(`${TEST_RENDERER} is not built: run npm run build`);
  const dir = tempDir('dialtone-e2e-');
  const configDir = join(dir.path, 'config');
  const logDir = join(dir.path, 'logs');
  mkdirSync(configDir);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    // DIALTONE_SERVE_NODE_FLAGS: Node flags for serve, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" (Node refuses them in NODE_OPTIONS)
    [...(process.env.DIALTONE_SERVE_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), join(ROOT, 'bin/dialtone.mjs'), 'serve', '--port', String(port), '--config', configDir, '--log-dir', logDir, '--renderer', TEST_RENDERER, ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dialtone serve printed no URL in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`dialtone serve exited:\n${out}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token')!,
    port,
    pid: child.pid!,
    configDir,
    logDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(kill);
      }
      dir.remove();
    },
  };
}

export const test = base.extend<{ demo: boolean; dialtone: DialtoneServe }>({
  /** Run the built-in demo modem (test.use({ demo: true })); off by default. */
  demo: [false, { option: true }],
  dialtone: async ({ demo }, use) => {
    const serve = await startServeProcess(demo ? [] : ['--no-demo']);
    try {
      await use(serve);
    } finally {
      await serve.stop();
    }
  },
});

export { expect };

/** Load the app and wait until the renderer has talked to main (the quick-connect box is live). */
export async function openApp(page: Page, serve: DialtoneServe): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  await page.goto(serve.url);
  await expect(page.getByTestId('target-input')).toBeVisible();
  await expect(page.getByTestId('bridge-error')).toHaveCount(0);
  expect(problems, 'page errors').toEqual([]);
}

/** Connect with the quick-connect box and wait for the session to be connected. */
export async function connect(page: Page, target: string): Promise<void> {
  await page.getByTestId('target-input').fill(target);
  await page.getByTestId('connect-button').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
}

/** Open the built-in demo modem's profile from the Profiles panel and wait until its tab is connected. */
export async function openDemoProfile(page: Page): Promise<void> {
  await page.getByTestId('panel-profiles').click();
  await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-connect').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
}

/** The active pane's xterm buffer text (window.__dialtoneTest, defined in the test build only). */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__dialtoneTest?.terminalText() ?? '');
}

declare global {
  interface Window {
    __dialtoneTest?: { terminalText(): string; bufferText(id?: string): string; rxBytes(): number; rxChecksum(): number };
  }
}
