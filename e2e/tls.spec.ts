// TLS in the window (issue 15) against ser2net's TLS accepter: first use, the lock, a changed
// certificate. The scenario is in scenarios/tls.ts: e2e/electron.spec.ts runs the same one in Electron.
import { openApp, test } from './fixtures.js';
import { TLS_SCENARIOS } from './scenarios/tls.js';

for (const s of TLS_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
