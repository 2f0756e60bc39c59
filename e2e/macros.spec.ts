// Macros (issue 14), end to end in Chromium through `dialtone serve` and its demo modem: a macro is built
// in the editor (rows, drag to reorder, the text form, the dry run), saved with F2, run from the bar and
// from F2 with the terminal focused (the pane shows the modem's OK); a wait that never matches fails and
// the bar says which step and what came last; a long delay is stopped with Stop, and a second run while
// one runs is refused with a clear message; the macros file is exported (download) and imported again
// (setInputFiles); a bad file says why and imports nothing. Screenshots of the bar and the editor at
// 1280x800 and 800x600 go to the test's output folder.
// The export (a download) and import stay here; the editor and run scenarios are in scenarios/macros.ts:
// e2e/electron.spec.ts runs the same in Electron.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, openDemoProfile, test } from './fixtures.js';
import { button, macroFromText, MACRO_SCENARIOS } from './scenarios/macros.js';

test.use({ demo: true });

test('export the macros file and import it again; a bad file says why and imports nothing', async ({ page, dialtone }) => {
  await openApp(page, dialtone);
  await openDemoProfile(page);
  await macroFromText(page, 'name "Poll"\nkey F5\nrepeat 1000\nsend hex "01 03 00 00 00 02"\nchecksum crc16-modbus\nwait regex "[\\\\s\\\\S]{9}" 1000\n');
  await expect(button(page, 'Poll')).toBeVisible();

  // export: a versioned macros file as a download
  await page.getByTestId('macro-menu-button').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('macros-export').click()]);
  expect(download.suggestedFilename()).toBe('dialtone-macros.json');
  const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { dialtone: string; version: number; macros: Array<Record<string, unknown>> };
  expect(file).toMatchObject({ dialtone: 'macros', version: 1, macros: [{ name: 'Poll', key: 'F5', repeatEveryMs: 1000 }] });
  expect(file.macros[0]!.steps).toEqual([
    { kind: 'send', syntax: 'hex', data: '01 03 00 00 00 02', lineEnd: 'none' },
    { kind: 'checksum', algorithm: 'crc16-modbus' },
    { kind: 'wait', regex: '[\\s\\S]{9}', timeoutMs: 1000, abort: [] },
  ]);

  // delete it (asked first), then import the file: it is back, key and all
  await button(page, 'Poll').click({ button: 'right' });
  const editor = page.getByTestId('macro-editor');
  await editor.getByTestId('me-delete').click();
  await page.getByTestId('confirm-accept').click();
  await expect(editor).toHaveCount(0);
  await expect(button(page, 'Poll')).toHaveCount(0);
  await page.getByTestId('macros-import-file').setInputFiles({ name: 'macros.json', mimeType: 'application/json', buffer: readFileSync((await download.path())!) });
  await expect(page.getByTestId('notice-info')).toContainText('imported 1 macro(s)');
  await expect(button(page, 'Poll').locator('.macro-key')).toHaveText('F5');
  const before = readFileSync(join(dialtone.configDir, 'macros.json'), 'utf8');

  // a bad file: the first problem and where, nothing imported
  const bad = { dialtone: 'macros', version: 1, macros: [{ name: 'fine', steps: [{ kind: 'delay', ms: 10 }] }, { name: 'empty', steps: [] }] };
  await page.getByTestId('macros-import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
  await expect(page.getByTestId('notice-error')).toContainText('import macros: not a valid macros file: macros.1.steps: a macro needs at least one step; nothing imported');
  await expect(button(page, 'fine')).toHaveCount(0);
  expect(readFileSync(join(dialtone.configDir, 'macros.json'), 'utf8')).toBe(before);
  await page.getByTestId('macros-import-file').setInputFiles({ name: 'v2.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...bad, version: 2 })) });
  await expect(page.getByTestId('notice-error').last()).toContainText('not a valid macros file: version');
});

for (const s of MACRO_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
