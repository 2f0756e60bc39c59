// The quick dial box redials as a phonebook entry does: end to end in Chromium through `dialtone serve`
// and the demo modem, at 1024x700. The scenario is in scenarios/quickdial.ts: e2e/electron.spec.ts runs
// the same one in Electron.
import { openApp, test } from './fixtures.js';
import { QUICKDIAL_SCENARIOS } from './scenarios/quickdial.js';

test.use({ demo: true });

for (const s of QUICKDIAL_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
