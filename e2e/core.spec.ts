// The line scenarios in Chromium through `dialtone serve`, against real peers: pyserial's PortManager on
// loop:// (echo, RTS->CTS, DTR->DSR) and ser2net on a socat pty pair. The scenarios are in
// scenarios/lines.ts: e2e/electron.spec.ts runs the same ones in Electron.
import { openApp, test } from './fixtures.js';
import { LINE_SCENARIOS } from './scenarios/lines.js';

for (const s of LINE_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
