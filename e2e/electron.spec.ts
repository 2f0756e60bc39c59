// The core scenario in the real Electron app (dist/main/index.cjs), where an Electron binary is installed:
// the window loads, the preload's bridge reaches main, a session to PortManager echoes typed text and the
// DSR lamp follows DTR. On machines without the binary (this one: ELECTRON_SKIP_BINARY_DOWNLOAD, no
// download possible) the test is skipped with that reason.
import { _electron as electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findElectronBinary } from '../scripts/electron-binary.mjs';
import { startPortManager } from '../test/harness/peers.js';
import { expect, ROOT, test } from './fixtures.js';

const binary = findElectronBinary();

test('Electron: echo and DTR->DSR through the preload bridge', async () => {
  // Skipped only where no Electron binary is installed (ELECTRON_SKIP_BINARY_DOWNLOAD; no download here).
  test.skip(!('path' in binary), 'reason' in binary ? binary.reason : 'Electron binary not installed');
  if (!('path' in binary)) return;
  const userData = mkdtempSync(join(tmpdir(), 'dialtone-electron-'));
  const pm = await startPortManager();
  const app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT, `--user-data-dir=${userData}`, '--no-demo', '--no-sandbox'],
    cwd: ROOT,
  });
  try {
    const page = await app.firstWindow();
    // no Node in the page (nodeIntegration off, context isolated), served from app://dialtone/, one bridge object
    expect(page.url()).toMatch(/^app:\/\/dialtone\//);
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as { dialtone?: object }).dialtone ?? {}).sort())).toEqual(['invoke', 'on']);

    await page.getByTestId('target-input').fill(`rfc2217://127.0.0.1:${pm.port}`);
    await page.getByTestId('connect-button').click();
    await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
    await page.getByTestId('terminal').click();
    await page.keyboard.type('hello electron');
    await expect.poll(() => page.evaluate(() => window.__dialtoneTest?.terminalText() ?? '')).toContain('hello electron');
    const dtr = page.getByTestId('dtr-toggle');
    const expectOn = (await dtr.getAttribute('aria-pressed')) !== 'true';
    await dtr.click();
    await expect(page.getByTestId('lamp-dsr')).toHaveAttribute('data-state', expectOn ? 'on' : 'off');
    await page.screenshot({ path: test.info().outputPath('electron-main-screen.png') });
  } finally {
    await app.close();
    await pm.stop();
    rmSync(userData, { recursive: true, force: true });
  }
});
