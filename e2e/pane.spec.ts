// The pane can always be recovered and never hides bytes (issue 10): whatever bytes the far end sends,
// in any encoding, text after them is drawn; invalid UTF-8 shows as U+FFFD; an unterminated control
// string (ESC P ...) is ended by Reset; Clear empties the scrollback; a lost connection is written in the
// pane. The scenarios are in scenarios/pane.ts: e2e/electron.spec.ts runs the same ones in Electron.
import { openApp, test } from './fixtures.js';
import { PANE_SCENARIOS } from './scenarios/pane.js';

for (const s of PANE_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
