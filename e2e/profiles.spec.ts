// Profiles are edited in the profile editor (ProfilesPanel -> ProfileEditor), end to end in Chromium
// through `dialtone serve` with the demo modem: a duplicate of the built-in demo profile is renamed and
// its baud, DTR on open and automatic log changed; profiles.json in the fixture's config folder is
// read back; the profile is opened and the Line panel shows the baud it asked for. Bad fields keep Save
// disabled and are named beside the field; Cancel keeps the profile as it was. Screenshots of the
// editor at 1024x700 and 800x600 in both themes go to the test's output folder.
// The scenarios are in scenarios/profiles.ts: e2e/electron.spec.ts runs the same ones in Electron.
import { openApp, test } from './fixtures.js';
import { PROFILE_SCENARIOS } from './scenarios/profiles.js';

test.use({ demo: true });

for (const s of PROFILE_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
