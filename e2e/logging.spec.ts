// Session logging from the UI, end to end in Chromium through `dialtone serve` (browser host: logs go
// only under its --log-dir, a temp folder per test from fixtures.ts) with the demo modem as the peer.
// Files are checked on disk; the recording indicator by its attributes (data-active, data-file,
// data-bytes), polled by Playwright's expect.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, terminalText, test } from './fixtures.js';

test.use({ demo: true });

async function openProfile(page: Page, id: string): Promise<void> {
  await page.getByTestId('panel-profiles').click();
  await page.locator(`[data-testid="profile-item"][data-profile-id="${id}"]`).getByTestId('profile-connect').click();
}

async function typeLine(page: Page, text: string): Promise<void> {
  await page.getByTestId('terminal').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const bytesShown = async (page: Page) => Number(await page.getByTestId('log-status').getAttribute('data-bytes'));

test('start a log from the UI: recording indicator with file name and growing bytes; stop; the file has the received bytes', async ({ page, dialtone }, testInfo) => {
  await openApp(page, dialtone);
  await openProfile(page, 'demo-modem');
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('panel-log').click();
  const status = page.getByTestId('log-status');
  await expect(status).toHaveAttribute('data-active', 'false');
  await expect(page.getByTestId('log-dir')).toContainText(dialtone.logDir);

  await page.getByTestId('log-format').selectOption('raw');
  await page.getByTestId('log-start').click();
  await expect(status).toHaveAttribute('data-active', 'true');
  const fileName = (await status.getAttribute('data-file'))!;
  expect(fileName).toMatch(/^Demo modem-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d(\.\d+)?\.log$/);
  await expect(page.getByTestId('log-file')).toHaveText(fileName);
  await expect(page.getByTestId('log-start')).toBeDisabled();

  await typeLine(page, 'ATI');
  await expect.poll(() => terminalText(page)).toMatch(/ATI[\s\S]*OK/);
  await expect.poll(() => bytesShown(page)).toBeGreaterThan(0);
  const first = await bytesShown(page);
  await typeLine(page, 'ATS7?');
  await expect.poll(() => bytesShown(page)).toBeGreaterThan(first);
  await expect(page.getByTestId('log-bytes')).toHaveText(/^\d+ B$/);
  await page.screenshot({ path: testInfo.outputPath('log-recording.png') });

  await page.getByTestId('log-stop').click();
  await expect(status).toHaveAttribute('data-active', 'false');
  await expect(page.getByTestId('log-status')).toContainText('Stopped');
  const file = join(dialtone.logDir, fileName);
  const onDisk = readFileSync(file, 'latin1');
  // raw format: exactly the bytes received while recording (the modem's echo and answers)
  expect(onDisk).toMatch(/ATI\r[\s\S]*OK\r\n[\s\S]*ATS7\?\r[\s\S]*010[\s\S]*OK\r\n$/);
  expect(statSync(file).size).toBe(await bytesShown(page));
  expect(readdirSync(dialtone.logDir)).toEqual([fileName]);
  await page.screenshot({ path: testInfo.outputPath('log-stopped.png') });
});

test('log options do what they say: a text log with wall-clock timestamps and the sent bytes marked', async ({ page, dialtone }) => {
  await openApp(page, dialtone);
  await openProfile(page, 'demo-modem');
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('panel-log').click();
  await page.getByTestId('log-format').selectOption('text');
  await page.getByTestId('log-timestamps').selectOption('wall');
  await expect(page.getByTestId('log-sent')).toBeChecked();
  // timestamps exist only for text and hex; a raw log never has the sent bytes
  await page.getByTestId('log-format').selectOption('raw');
  await expect(page.getByTestId('log-timestamps')).toBeDisabled();
  await expect(page.getByTestId('log-sent')).toBeDisabled();
  await page.getByTestId('log-format').selectOption('text');
  await page.getByTestId('log-rotate-mib').fill('0.001');
  await expect(page.getByTestId('log-choices-error')).toContainText('64 KiB');
  await expect(page.getByTestId('log-start')).toBeDisabled();
  await page.getByTestId('log-rotate-mib').fill('');
  await page.getByTestId('log-start').click();
  const status = page.getByTestId('log-status');
  await expect(status).toHaveAttribute('data-active', 'true');
  await typeLine(page, 'ATI');
  await expect.poll(() => terminalText(page)).toMatch(/ATI[\s\S]*OK/);
  await page.getByTestId('log-stop').click();
  await expect(status).toHaveAttribute('data-active', 'false');
  const text = readFileSync(join(dialtone.logDir, (await status.getAttribute('data-file'))!), 'utf8');
  // typed keys go out as they come and the modem echoes them, so sent and received lines interleave
  // (one key a line, or a few together on a busy machine)
  expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z > A/m);
  expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z < OK$/m);
});

test('an asciicast log records the real size of the pane and its resizes', async ({ page, dialtone }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openApp(page, dialtone);
  await openProfile(page, 'demo-modem');
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('panel-log').click();
  await page.getByTestId('log-format').selectOption('asciicast');
  await page.getByTestId('log-start').click();
  const status = page.getByTestId('log-status');
  await expect(status).toHaveAttribute('data-active', 'true');
  await page.setViewportSize({ width: 900, height: 600 });
  await typeLine(page, 'AT');
  await expect.poll(() => terminalText(page)).toMatch(/AT[\s\S]*OK/);
  await page.getByTestId('log-stop').click();
  await expect(status).toHaveAttribute('data-active', 'false');
  const [header, ...events] = readFileSync(join(dialtone.logDir, (await status.getAttribute('data-file'))!), 'utf8').trimEnd().split('\n');
  const { width, height } = JSON.parse(header!) as { width: number; height: number };
  expect(width).toBeGreaterThan(80); // not the old fixed 80x24: the pane at 1280 px is wider
  expect([width, height]).not.toEqual([80, 24]);
  const resizes = events.map((l) => JSON.parse(l) as [number, string, string]).filter((e) => e[1] === 'r');
  expect(resizes.length).toBeGreaterThan(0);
  const [cols] = resizes.at(-1)![2].split('x').map(Number) as [number, number];
  expect(cols).toBeLessThan(width);
});

test('a profile with automatic logging on logs from the moment it opens, named by its template', async ({ page, dialtone }, testInfo) => {
  await openApp(page, dialtone);
  // a saved copy of the demo profile (the built-in one cannot be changed)
  await page.getByTestId('panel-profiles').click();
  await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-duplicate').click();
  const copy = page.locator('[data-testid="profile-item"][data-profile-name="Demo modem (copy)"]');
  await expect(copy).toBeVisible();
  const copyId = (await copy.getAttribute('data-profile-id'))!;
  await copy.getByTestId('profile-connect').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');

  await page.getByTestId('panel-log').click();
  const auto = page.getByTestId('autolog');
  await expect(auto).toHaveAttribute('data-enabled', 'false');
  await auto.getByTestId('autolog-enabled').check();
  await auto.getByTestId('autolog-format').selectOption('text');
  await auto.getByTestId('autolog-template').fill('../escape.log');
  await expect(auto.getByTestId('autolog-error')).toContainText('names a file, not a path');
  await expect(auto.getByTestId('autolog-save')).toBeDisabled();
  await auto.getByTestId('autolog-template').fill('auto-{profile}-{date}.txt');
  await auto.getByTestId('autolog-save').click();
  await expect(auto).toHaveAttribute('data-enabled', 'true');
  await page.screenshot({ path: testInfo.outputPath('log-autolog-settings.png') });
  // saved with the profile
  const saved = JSON.parse(readFileSync(join(dialtone.configDir, 'profiles.json'), 'utf8')) as { profiles: Array<{ id: string; autoLog: unknown }> };
  expect(saved.profiles.find((p) => p.id === copyId)?.autoLog).toEqual({
    enabled: true,
    format: 'text',
    timestamps: 'none',
    sent: false,
    rotate: { maxBytes: null, daily: false },
    fileNameTemplate: 'auto-{profile}-{date}.txt',
  });
  expect(existsSync(dialtone.logDir) ? readdirSync(dialtone.logDir) : []).toEqual([]);

  // opened again: the log starts with the session
  await page.getByTestId('disconnect-button').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
  await page.getByTestId('btn-connect').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
  const d = new Date();
  const expected = `auto-Demo modem (copy)-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}.txt`;
  const status = page.getByTestId('log-status');
  await expect(status).toHaveAttribute('data-active', 'true');
  await expect(status).toHaveAttribute('data-file', expected);
  await typeLine(page, 'ATI');
  await expect.poll(() => terminalText(page)).toMatch(/ATI[\s\S]*OK/);
  await expect.poll(() => bytesShown(page)).toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('log-autolog-recording.png') });
  await page.getByTestId('disconnect-button').click();
  await expect(status).toHaveAttribute('data-active', 'false');
  const text = readFileSync(join(dialtone.logDir, expected), 'utf8');
  expect(text).toContain('OK');
});
