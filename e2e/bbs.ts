/**
 * The demo modem's BBS (555-0101) as the transfer scenarios drive it, in Chromium (transfer.spec.ts) and
 * in Electron (electron.spec.ts): type a command and wait for its answer, dial and log in, read the
 * BBS's own SHA-256 of README.TXT, download README.TXT through the ZMODEM offer.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, terminalText } from './fixtures.js';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Type a line into the terminal (Enter sends CR) and wait for `expectText` after it. */
export async function command(page: Page, line: string, expectText?: string | RegExp): Promise<void> {
  await page.getByTestId('terminal').click();
  const before = (await terminalText(page)).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  if (expectText !== undefined) {
    await expect.poll(async () => (await terminalText(page)).slice(Math.max(0, before - 80)), { timeout: 30_000 }).toMatch(expectText);
  }
}

/** Dial the demo BBS (555-0101) on the open demo modem tab and log in (demo / dialtone). */
export async function loginToBbs(page: Page): Promise<void> {
  await page.getByTestId('panel-dialer').click();
  await page.getByTestId('dial-number').fill('555-0101');
  await page.getByTestId('dial-start').click();
  await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('login:');
  await command(page, 'demo', 'Password:');
  await command(page, 'dialtone', /Welcome, demo[\s\S]*> $/m);
}

/** The BBS's `files` listing: the SHA-256 it gives for README.TXT. */
export async function bbsReadmeSha(page: Page): Promise<string> {
  await command(page, 'files', /DIALTONE\.ZIP[^\n]*sha256 [0-9a-f]{64}/);
  const listing = await terminalText(page);
  const sha = /README\.TXT\s+8192\s+sha256 ([0-9a-f]{64})/.exec(listing)?.[1];
  expect(sha, listing).toBeDefined();
  return sha!;
}

/**
 * `download zmodem` at the BBS prompt and the window's offer accepted: README.TXT comes in, its bar ends
 * done and says where it was saved. `whileRunning` runs once the bar shows the file (a check, a screenshot).
 */
export async function downloadReadmeByZmodemOffer(page: Page, whileRunning?: () => Promise<void>): Promise<void> {
  await command(page, 'download zmodem');
  await expect(page.getByTestId('confirm-dialog')).toContainText('Receive the file by ZMODEM?');
  await page.getByTestId('confirm-accept').click();
  const bar = page.getByTestId('transfer-bar');
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('transfer-file')).toHaveText('README.TXT');
  await whileRunning?.();
  await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('transfer-message')).toContainText('saved README.TXT');
}
