// The operator's dialer, end to end in Chromium through `dialtone serve` and its demo modem (the
// in-process simulator: RFC 2217 server + Hayes modem + the demo phone network, src-main/sim). Phonebook
// entries are made, dialed, edited, exported and imported from the Dialer panel; what the panel, the
// lamps and the pane show is asserted by attribute (data-state, ...), polled by Playwright's expect.
// Short transitions (a RING, the brief 'ringing' state before ATA) are recorded in the page by a
// MutationObserver as they happen, so no assertion depends on catching them by polling.
// The phonebook's export (a download) and import stay here; the dialing scenarios are in
// scenarios/dialer.ts: e2e/electron.spec.ts runs the same in Electron.
import { readFileSync } from 'node:fs';
import { expect, openApp, test } from './fixtures.js';
import { addEntry, entry, openDemo, DIALER_SCENARIOS } from './scenarios/dialer.js';

test.use({ demo: true });

test('phonebook: edit, delete, export and import', async ({ page, dialtone }, testInfo) => {
  await openApp(page, dialtone);
  await openDemo(page);
  // a new phonebook comes with the demo network's numbers
  await expect(entry(page, 'Echo (demo)')).toContainText('555-0100');
  const demoNumbers = await page.getByTestId('phonebook-item').count();
  expect(demoNumbers).toBe(6);
  await addEntry(page, { name: 'BBS', number: '555-0101', dialCommand: 'ATDP' });
  await entry(page, 'BBS').getByTestId('phonebook-edit').click();
  const editor = page.getByTestId('phonebook-editor');
  await expect(editor.getByTestId('pb-dial-command')).toHaveValue('ATDP');
  await editor.getByTestId('pb-number').fill('555-01x1');
  await expect(editor.getByTestId('pb-error')).toContainText('number');
  await expect(editor.getByTestId('pb-save')).toBeDisabled();
  await editor.getByTestId('pb-chat-script').fill("'' 'ATZ");
  await editor.getByTestId('pb-number').fill('9,555-0101');
  await expect(editor.getByTestId('pb-error')).toContainText('chat script');
  await editor.getByTestId('pb-chat-script').fill('');
  await editor.getByTestId('pb-name').fill('Demo BBS');
  await page.screenshot({ path: testInfo.outputPath('dialer-phonebook-editor.png') });
  await editor.getByTestId('pb-save').click();
  await expect(entry(page, 'Demo BBS')).toContainText('9,555-0101 · ATDP');
  // Escape cancels an edit, as in the profile and macro editors: nothing saved
  await entry(page, 'Demo BBS').getByTestId('phonebook-edit').click();
  await page.getByTestId('phonebook-editor').getByTestId('pb-name').fill('Not saved');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('phonebook-editor')).toHaveCount(0);
  await expect(entry(page, 'Demo BBS')).toHaveCount(1);
  await expect(entry(page, 'BBS')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('dialer-phonebook.png') });

  const download = page.waitForEvent('download');
  await page.getByTestId('phonebook-export').click();
  const file = testInfo.outputPath('phonebook.json');
  await (await download).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { dialtone: string; version: number; entries: unknown[] };
  expect(exported).toMatchObject({ dialtone: 'phonebook', version: 1 });
  expect(exported.entries).toHaveLength(demoNumbers + 1);
  expect(exported.entries).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Demo BBS', number: '9,555-0101', dialCommand: 'ATDP' })]));

  await entry(page, 'Demo BBS').getByTestId('phonebook-delete').click();
  await entry(page, 'Demo BBS').getByTestId('phonebook-delete-confirm').click();
  await expect(page.getByTestId('phonebook-item')).toHaveCount(demoNumbers);
  await page.getByTestId('phonebook-import-file').setInputFiles(file);
  await expect(entry(page, 'Demo BBS')).toContainText('via Demo modem');
  // the entries already there were skipped, not added twice; importing the same file again adds nothing
  await expect(page.getByTestId('phonebook-item')).toHaveCount(demoNumbers + 1);
  await expect(page.getByTestId('notice-info').last()).toContainText(`imported 1 phonebook entry; ${demoNumbers} already in the phonebook (skipped)`);
  await page.getByTestId('phonebook-import-file').setInputFiles(file);
  await expect(page.getByTestId('notice-info').last()).toContainText(`imported 0 phonebook entries; ${demoNumbers + 1} already in the phonebook (skipped)`);
  await expect(page.getByTestId('phonebook-item')).toHaveCount(demoNumbers + 1);
});

for (const s of DIALER_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
