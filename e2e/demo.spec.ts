// The demo modem (the in-process simulator behind `dialtone serve`): open its built-in profile from the
// profiles list, dial the echo service from the dialer panel, see CONNECT and the DCD lamp, type through
// the call, hang up.
import { expect, openApp, terminalText, test } from './fixtures.js';

test.use({ demo: true });

test('demo modem: dial the echo service, type through the call, hang up', async ({ page, dialtone }, testInfo) => {
  await openApp(page, dialtone);
  await page.getByTestId('panel-profiles').click();
  const demo = page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]');
  await expect(demo).toBeVisible();
  await demo.getByTestId('profile-connect').click();
  await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');

  await page.getByTestId('panel-dialer').click();
  await page.getByTestId('dial-number').fill('555-0100');
  await page.getByTestId('dial-start').click();
  await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
  await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');

  await page.getByTestId('terminal').click();
  await page.keyboard.type('through the phone line');
  await expect.poll(() => terminalText(page)).toContain('through the phone line');
  await page.screenshot({ path: testInfo.outputPath('demo-modem-connected.png') });

  await page.getByTestId('dial-hangup').click();
  await expect(page.getByTestId('dial-state')).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });
  await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off');
});
