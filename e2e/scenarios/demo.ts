// The demo modem, a scenario both hosts run (see scenario.ts): open its built-in profile, dial the echo
// service from the dialer panel, see CONNECT and the DCD lamp, type through the call, hang up.
import { expect, terminalText } from '../fixtures.js';
import type { SharedScenario } from './scenario.js';

export const DEMO_SCENARIOS: SharedScenario[] = [
  {
    title: 'demo modem: dial the echo service, type through the call, hang up',
    demo: true,
    run: async (page, testInfo) => {
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
    },
  },
];
