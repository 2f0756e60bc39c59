// The demo modem (the in-process simulator behind `dialtone serve`): open its built-in profile from the
// profiles list, dial the echo service from the dialer panel, see CONNECT and the DCD lamp, type through
// the call, hang up.
// The scenario is in scenarios/demo.ts: e2e/electron.spec.ts runs the same in Electron.
import { openApp, test } from './fixtures.js';
import { DEMO_SCENARIOS } from './scenarios/demo.js';

test.use({ demo: true });

for (const s of DEMO_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
