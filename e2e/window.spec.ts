// The operator's window (issue 10): it fits from 800x600 up with seven tabs (every essential control in
// the viewport, the tab menu reaches every tab, the side panel collapses and stays so), tabs an operator
// manages (rename by double click, profile name and connected time, a question before closing a live
// tab), and the tab keys (Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+Shift+W) while plain Ctrl+W reaches the device.
// Peers: the built-in demo modem (RFC 2217) and, for the bytes typed, a TCP server owned by the test. All
// but the reload are in scenarios/tabs.ts: e2e/electron.spec.ts runs the same ones in Electron (it has its
// own restart test for the remembered side panel).
import { expect, openApp, test } from './fixtures.js';
import { TAB_SCENARIOS } from './scenarios/tabs.js';

test.use({ demo: true });

test('the side panel collapses and stays collapsed after a reload', async ({ page, dialtone }) => {
  await openApp(page, dialtone);
  const toggle = page.getByTestId('side-toggle');
  await expect(page.getByTestId('side-panel')).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.click();
  await expect(page.getByTestId('side-panel')).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await page.reload();
  await expect(page.getByTestId('target-input')).toBeVisible();
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('side-panel')).toHaveCount(0);
  // with no tab the empty screen offers the profiles the panel would show
  await page.getByTestId('empty-show-profiles').click();
  await expect(page.getByTestId('side-panel')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('target-input')).toBeVisible();
  await expect(page.getByTestId('side-panel')).toBeVisible();
});

for (const s of TAB_SCENARIOS) {
  test(s.title, async ({ page, dialtone }, testInfo) => {
    await openApp(page, dialtone);
    await s.run(page, testInfo, { configDir: dialtone.configDir });
  });
}
