// The send bar (issue 12) against ser2net on a socat pty pair: hex typed in the bar arrives at the far pty
// byte-exact (all 256 values: 0xFF doubled on the wire by the engine and undoubled by ser2net; 0x11/0x13
// are data), text with escapes and a line end likewise; malformed input says where and sends nothing.
// The scenario is in scenarios/sendbar.ts: e2e/electron.spec.ts runs the same in Electron.
import { openApp, test } from './fixtures.js';
import { SENDBAR_SCENARIOS } from './scenarios/sendbar.js';

for (const s of SENDBAR_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
