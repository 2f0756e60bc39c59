// Two browser windows on one `dialtone serve` (one core): what one window does to a session the other
// follows. The ZMODEM offer is asked in both, answered in one, and then gone from the other (which writes
// nothing); a tab closed in one window goes from the other too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, openDemoProfile, startServeProcess, terminalText, test } from './fixtures.js';
import { command, loginToBbs } from './bbs.js';

test('ZMODEM offer in two windows: answered in one, it closes in the other, which writes nothing', async ({ page }) => {
  test.setTimeout(180_000);
  const transferDir = mkdtempSync(join(tmpdir(), 'dialtone-transfers-'));
  const serve = await startServeProcess(['--transfer-dir', transferDir]);
  const page2 = await page.context().newPage();
  try {
    await openApp(page, serve);
    await openDemoProfile(page);
    await openApp(page2, serve);
    await expect(page2.getByTestId('tab')).toHaveCount(1);
    await loginToBbs(page);

    // 1. window 1 receives: window 2's offer closes when the transfer starts
    await command(page, 'download zmodem');
    await expect(page.getByTestId('confirm-dialog')).toContainText('Receive the file by ZMODEM?');
    await expect(page2.getByTestId('confirm-dialog')).toContainText('Receive the file by ZMODEM?');
    await page.getByTestId('confirm-accept').click();
    const bar = page.getByTestId('transfer-bar');
    await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page2.getByTestId('confirm-dialog')).toHaveCount(0);
    // window 2 started no receiver (it would ZRINIT and hold the line as "running") and wrote no abort:
    // the BBS's prompt answers and the last transfer is still the one that ended
    await page.waitForTimeout(3500);
    await expect(bar).toHaveAttribute('data-state', 'done');
    await expect(page2.getByTestId('transfer-bar')).toHaveAttribute('data-state', 'done');
    await command(page, 'help', 'Commands: help');

    // 2. window 1 declines: window 2's offer closes too
    await command(page, 'download zmodem');
    await expect(page.getByTestId('confirm-dialog')).toContainText('Receive the file by ZMODEM?');
    await expect(page2.getByTestId('confirm-dialog')).toContainText('Receive the file by ZMODEM?');
    await page.getByTestId('confirm-cancel').click();
    await expect(page2.getByTestId('confirm-dialog')).toHaveCount(0);
    await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
    await command(page, 'help', 'Commands: help');
    // window 2's pane prints again (it held the bytes while asking)
    await command(page2, 'help', 'Commands: help');
    expect(await terminalText(page2)).not.toContain('\ufffd');
  } finally {
    await page2.close();
    await serve.stop();
    rmSync(transferDir, { recursive: true, force: true });
  }
});

test.describe('tabs', () => {
  test.use({ demo: true });
  test('a tab closed in one window goes from the other', async ({ page, dialtone }) => {
    const page2 = await page.context().newPage();
    try {
      await openApp(page, dialtone);
      await openDemoProfile(page);
      await openDemoProfile(page);
      await expect(page.getByTestId('tab')).toHaveCount(2);
      await openApp(page2, dialtone);
      const tabs2 = page2.getByTestId('tab');
      await expect(tabs2).toHaveCount(2);
      await expect(tabs2.first()).toHaveAttribute('data-state', 'connected');
      // window 2 shows the first tab; window 1 closes it
      await expect(tabs2.first()).toHaveAttribute('aria-selected', 'true');
      const kept = await tabs2.nth(1).getAttribute('data-tab-id');
      await page.getByTestId('tab-close').first().click();
      await page.getByTestId('confirm-accept').click();
      await expect(page.getByTestId('tab')).toHaveCount(1);
      // window 2 drops it too (no dead "Closed" tab) and shows the one left
      await expect(tabs2).toHaveCount(1);
      await expect(tabs2.first()).toHaveAttribute('data-tab-id', kept!);
      await expect(tabs2.first()).toHaveAttribute('aria-selected', 'true');
      await expect(tabs2.first()).toHaveAttribute('data-state', 'connected');
      await expect(page2.getByTestId('terminal')).toBeVisible();
      // and closing the last one in window 2 leaves window 1 with none
      await page2.getByTestId('tab-close').click();
      await page2.getByTestId('confirm-accept').click();
      await expect(page.getByTestId('tab')).toHaveCount(0);
    } finally {
      await page2.close();
    }
  });
});
