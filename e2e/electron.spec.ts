// The Chromium e2e scenarios, in the real Electron app through its preload (e2e/electron-fixture.ts: the
// built main and preload with the renderer's test build, served on app://dialtone/): the core PortManager
// and ser2net sessions, the demo modem, the dialer, logging through main's save dialog, the security
// guards of the Electron window, the window's remembered bounds and side panel, and About.
// Where no Electron binary is installed (machines with ELECTRON_SKIP_BINARY_DOWNLOAD, or without a
// download), every scenario is listed and skipped with that reason. The CI workflow runs them under
// xvfb-run after `npx install-electron` (.github/workflows/ci.yml, job electron-e2e).
import type { Page } from '@playwright/test';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPortManager, startPtyPair, startSer2net, tempDir } from '../test/harness/peers.js';
import { appWithTestRenderer, ELECTRON_UNAVAILABLE, launchElectron, type DialtoneElectron } from './electron-fixture.js';
import { connect, expect, terminalText, test } from './fixtures.js';

test.skip(ELECTRON_UNAVAILABLE !== null, ELECTRON_UNAVAILABLE ?? '');

let appDir: { dir: string; remove(): void } | null = null;
test.beforeAll(() => {
  if (ELECTRON_UNAVAILABLE === null) appDir = appWithTestRenderer();
});
test.afterAll(() => appDir?.remove());

/** Launch, run the scenario, always close and clean up. */
async function withElectron(opts: { demo?: boolean; userData?: string }, fn: (e: DialtoneElectron) => Promise<void>): Promise<void> {
  const e = await launchElectron(appDir!.dir, opts);
  try {
    await fn(e);
  } finally {
    await e.close();
    if (!opts.userData) rmSync(e.userData, { recursive: true, force: true });
  }
}

async function openDemoProfile(page: Page): Promise<void> {
  await page.getByTestId('panel-profiles').click();
  await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-connect').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
}

test('Electron, security: no Node in the page, one bridge object, app:// origin; no navigation, no new windows', async () => {
  await withElectron({}, async ({ app, page }) => {
    expect(page.url()).toMatch(/^app:\/\/dialtone\//);
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as { dialtone?: object }).dialtone ?? {}).sort())).toEqual(['invoke', 'on']);
    // an unknown channel is refused in the preload, before main
    expect(await page.evaluate(() => (window as unknown as { dialtone: { invoke(n: string, p: unknown): Promise<{ ok: boolean; code?: string }> } }).dialtone.invoke('no.such.channel', {}))).toMatchObject({ ok: false, code: 'unknown-channel' });
    // no new window, no navigation away from the app
    expect(await page.evaluate(() => window.open('https://example.invalid/') === null)).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/dialtone\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});

test('Electron, PortManager: echo, DTR->DSR, RTS->CTS through the preload bridge', async ({}, testInfo) => {
  const pm = await startPortManager();
  try {
    await withElectron({}, async ({ page }) => {
      await connect(page, `rfc2217://127.0.0.1:${pm.port}`);
      await page.getByTestId('terminal').click();
      await page.keyboard.type('hello electron');
      await expect.poll(() => terminalText(page)).toContain('hello electron');
      for (const [toggle, lamp] of [['dtr-toggle', 'lamp-dsr'], ['rts-toggle', 'lamp-cts']] as const) {
        const button = page.getByTestId(toggle);
        const expectOn = (await button.getAttribute('aria-pressed')) !== 'true';
        await button.click();
        await expect(page.getByTestId(lamp)).toHaveAttribute('data-state', expectOn ? 'on' : 'off');
      }
      await page.screenshot({ path: testInfo.outputPath('electron-portmanager.png') });
    });
  } finally {
    await pm.stop();
  }
});

test('Electron, ser2net: bytes written at the far pty appear in the pane, typed bytes reach it', async () => {
  const dir = tempDir('dialtone-e2e-electron-pty-');
  const pair = await startPtyPair(dir.path);
  const ser2net = await startSer2net(dir.path, pair.a);
  try {
    await withElectron({}, async ({ page }) => {
      await connect(page, `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`);
      writeFileSync(pair.b, 'from the far side of the cable\r\n');
      await expect.poll(() => terminalText(page)).toContain('from the far side of the cable');
      const far = createReadStream(pair.b);
      far.on('error', () => undefined);
      let got = '';
      const arrived = new Promise<void>((resolve) =>
        far.on('data', (d) => {
          got += d.toString();
          if (got.includes('typed toward the device')) resolve();
        }),
      );
      await page.getByTestId('terminal').click();
      await page.keyboard.type('typed toward the device');
      await arrived;
      far.destroy();
    });
  } finally {
    await ser2net.stop();
    await pair.stop();
    dir.remove();
  }
});

test('Electron, demo modem: dial the echo service, type through the call, hang up', async ({}, testInfo) => {
  await withElectron({ demo: true }, async ({ page }) => {
    await openDemoProfile(page);
    await page.getByTestId('panel-dialer').click();
    await page.getByTestId('dial-number').fill('555-0100');
    await page.getByTestId('dial-start').click();
    await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('through the phone line');
    await expect.poll(() => terminalText(page)).toContain('through the phone line');
    await page.screenshot({ path: testInfo.outputPath('electron-demo-connected.png') });
    await page.getByTestId('dial-hangup').click();
    await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });
    await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off');
  });
});

test('Electron, dialer: a phonebook entry dials the echo number: CONNECT, DCD on; hang up: DCD off', async () => {
  await withElectron({ demo: true }, async ({ page }) => {
    await openDemoProfile(page);
    await page.getByTestId('panel-dialer').click();
    await page.getByTestId('phonebook-new').click();
    const editor = page.getByTestId('phonebook-editor');
    await editor.getByTestId('pb-name').fill('Echo');
    await editor.getByTestId('pb-number').fill('555-0100');
    await expect(editor.getByTestId('pb-error')).toHaveCount(0);
    await editor.getByTestId('pb-save').click();
    const entry = page.locator('[data-testid="phonebook-item"][data-entry-name="Echo"]');
    await expect(entry).toBeVisible();
    await entry.getByTestId('phonebook-dial').click();
    await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
    await expect.poll(() => terminalText(page)).toMatch(/CONNECT/);
    await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');
    await page.getByTestId('dial-hangup').click();
    await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off', { timeout: 30_000 });
  });
});

test('Electron, logging: a raw log goes to the file chosen in main\'s save dialog and has the received bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-electron-log-'));
  const file = join(dir, 'chosen.log');
  try {
    await withElectron({ demo: true }, async ({ app, page }) => {
      // the operator's choice in the save dialog (main asks it; the renderer never names a path)
      await app.evaluate(({ dialog }, path) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
      }, file);
      await openDemoProfile(page);
      await page.getByTestId('panel-log').click();
      await page.getByTestId('log-format').selectOption('raw');
      await page.getByTestId('log-start').click();
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-active', 'true');
      await page.getByTestId('terminal').click();
      await page.keyboard.type('ATI');
      await page.keyboard.press('Enter');
      await expect.poll(() => terminalText(page)).toMatch(/ATI[\s\S]*OK/);
      await expect.poll(async () => Number(await page.getByTestId('log-status').getAttribute('data-bytes'))).toBeGreaterThan(0);
      await page.getByTestId('log-stop').click();
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-active', 'false');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'latin1')).toMatch(/ATI\r[\s\S]*OK\r\n/);
      expect(statSync(file).size).toBe(Number(await page.getByTestId('log-status').getAttribute('data-bytes')));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Electron, window: size and position and the collapsed side panel are there again after a restart', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'dialtone-electron-data-'));
  const want = { x: 40, y: 30, width: 900, height: 640 };
  try {
    await withElectron({ userData }, async ({ app, page }) => {
      await app.evaluate(({ BrowserWindow }, b) => BrowserWindow.getAllWindows()[0]!.setBounds(b), want);
      await page.getByTestId('side-toggle').click();
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
    });
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ version: 1, maximized: false, bounds: { width: want.width, height: want.height } });
    await withElectron({ userData }, async ({ app, page }) => {
      const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
      expect({ width: bounds.width, height: bounds.height }).toEqual({ width: want.width, height: want.height });
      await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
    });
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('Electron, About: Dialtone, Electron, Chromium and Node versions', async () => {
  await withElectron({}, async ({ app }) => {
    const detail = await app.evaluate(async ({ Menu, dialog }) => {
      let shown = '';
      dialog.showMessageBox = (async (...args: unknown[]) => {
        shown = (args.at(-1) as { detail?: string }).detail ?? '';
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
      const help = Menu.getApplicationMenu()!.items.find((i) => i.role === 'help' || i.label === 'Help')!;
      help.submenu!.items.find((i) => i.label === 'About Dialtone')!.click();
      for (let i = 0; i < 50 && !shown; i++) await new Promise((r) => setTimeout(r, 20));
      return { shown, versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node } };
    });
    expect(detail.shown).toContain(`Electron ${detail.versions.electron}`);
    expect(detail.shown).toContain(`Chromium ${detail.versions.chrome}`);
    expect(detail.shown).toContain(`Node ${detail.versions.node}`);
    expect(detail.shown).toMatch(/^Dialtone \d+\.\d+\.\d+/);
  });
});
