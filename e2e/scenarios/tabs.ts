// Scenarios of the tab strip (issue 10) that both hosts run (see scenario.ts): tabs an operator manages
// (profile name, numbered twins, connected time, rename by double click), a question before closing a
// live tab, and the tab keys (Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+Shift+W) while plain Ctrl+W reaches the
// device. Peers: the built-in demo modem and, for the bytes typed, a TCP server the scenario owns.
import type { Page } from '@playwright/test';
import { expect } from '../fixtures.js';
import { tcpPeer } from '../tcp-peer.js';
import type { SharedScenario } from './scenario.js';

const DEMO = '[data-testid="profile-item"][data-profile-id="demo-modem"]';

/** Open the demo modem's profile `n` times and wait until every tab is connected. */
export async function openDemoTabs(page: Page, n: number): Promise<void> {
  await page.getByTestId('panel-profiles').click();
  for (let i = 0; i < n; i++) {
    await page.locator(DEMO).getByTestId('profile-connect').click();
    await expect(page.getByTestId('tab')).toHaveCount(i + 1);
  }
  await expect(page.locator('[data-testid="tab"][data-state="connected"]')).toHaveCount(n);
}

export const TAB_SCENARIOS: SharedScenario[] = [
  {
    title: 'tabs: profile name, numbered twins, connected time; rename by double click',
    demo: true,
    run: async (page) => {
      await openDemoTabs(page, 2);
      const names = page.getByTestId('tab-name');
      await expect(names).toHaveText(['Demo modem', 'Demo modem 2']);

      // the connected time counts up (from the connect this window saw)
      const time = page.getByTestId('tab').nth(1).getByTestId('tab-time');
      await expect(time).toHaveText(/^\d+:\d\d$/);
      const first = await time.textContent();
      await expect(time).not.toHaveText(first!, { timeout: 5000 });

      // rename: double click, type, Enter
      const tab = page.getByTestId('tab').nth(1);
      await tab.getByTestId('tab-name').dblclick();
      const input = page.getByTestId('tab-rename-input');
      await expect(input).toBeFocused();
      await input.fill('core switch');
      await input.press('Enter');
      await expect(names).toHaveText(['Demo modem', 'core switch']);
      await expect(page).toHaveTitle(/^core switch \(connected\)/);
      // Escape leaves the name as it was
      await tab.getByTestId('tab-name').dblclick();
      await page.getByTestId('tab-rename-input').fill('nope');
      await page.getByTestId('tab-rename-input').press('Escape');
      await expect(names).toHaveText(['Demo modem', 'core switch']);
      // an empty name goes back to the profile's
      await tab.getByTestId('tab-name').dblclick();
      await page.getByTestId('tab-rename-input').fill('');
      await page.getByTestId('tab-rename-input').press('Enter');
      await expect(names).toHaveText(['Demo modem', 'Demo modem 2']);
    },
  },
  {
    title: 'closing a connected tab asks first: Cancel and Escape keep it, Close tab closes it; a disconnected tab closes at once',
    demo: true,
    run: async (page) => {
      await openDemoTabs(page, 3);
      const tabs = page.getByTestId('tab');
      const dialog = page.getByTestId('confirm-dialog');

      await tabs.nth(2).getByTestId('tab-close').click();
      await expect(dialog).toBeVisible();
      await expect(dialog).toContainText('Demo modem 3');
      await expect(dialog).toContainText('ends the connection');
      await expect(page.getByTestId('confirm-cancel')).toBeFocused();
      await page.getByTestId('confirm-cancel').click();
      await expect(dialog).toHaveCount(0);
      await expect(tabs).toHaveCount(3);
      await expect(tabs.nth(2)).toHaveAttribute('data-state', 'connected');

      await tabs.nth(2).getByTestId('tab-close').click();
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(tabs).toHaveCount(3);

      await tabs.nth(2).getByTestId('tab-close').click();
      await page.getByTestId('confirm-accept').click();
      await expect(tabs).toHaveCount(2);

      // Disconnect first: nothing live would end, so no question
      await tabs.nth(1).getByTestId('tab-name').click();
      await page.getByTestId('disconnect-button').click();
      await expect(tabs.nth(1)).toHaveAttribute('data-state', 'disconnected');
      await tabs.nth(1).getByTestId('tab-close').click();
      await expect(tabs).toHaveCount(1);
      await expect(dialog).toHaveCount(0);
    },
  },
  {
    title: 'Ctrl+Tab and Ctrl+Shift+Tab switch tabs, Ctrl+Shift+W closes one (asking); plain Ctrl+W reaches the far end as 0x17',
    demo: false,
    run: async (page) => {
      const peer = await tcpPeer();
      try {
        const tabs = page.getByTestId('tab');
        for (let i = 0; i < 3; i++) {
          await page.getByTestId('target-input').fill(`tcp://127.0.0.1:${peer.port}`);
          await page.getByTestId('connect-button').click();
          await expect(tabs).toHaveCount(i + 1);
          await expect(tabs.nth(i)).toHaveAttribute('data-state', 'connected');
        }
        await expect.poll(() => peer.received.length).toBe(3);
        const selected = (i: number) => expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
        await selected(2);
        await page.getByTestId('terminal').click();

        await page.keyboard.press('Control+Tab');
        await selected(0);
        await page.keyboard.press('Control+Shift+Tab');
        await selected(2);
        await page.keyboard.press('Control+Shift+Tab');
        await selected(1);

        // plain Ctrl+W is the device's: the second connection gets ETB, the tab stays
        await page.keyboard.press('Control+w');
        await expect.poll(() => [...peer.received[1]!]).toEqual([0x17]);
        await expect(tabs).toHaveCount(3);

        // Ctrl+Shift+W asks (the tab is connected); Escape keeps it, Close tab closes it
        await page.keyboard.press('Control+Shift+W');
        await expect(page.getByTestId('confirm-dialog')).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(tabs).toHaveCount(3);
        await page.keyboard.press('Control+Shift+W');
        await page.getByTestId('confirm-accept').click();
        await expect(tabs).toHaveCount(2);
        await selected(1);

        // typing goes on in the tab now shown; nothing the tab keys did reached any connection
        await page.getByTestId('terminal').click();
        await page.keyboard.type('m');
        await page.keyboard.press('Control+Tab');
        await selected(0);
        await page.getByTestId('terminal').click();
        await page.keyboard.type('n');
        await expect.poll(() => peer.received.map((b) => b.toString('latin1'))).toEqual(['n', '\x17', 'm']);
      } finally {
        await peer.close();
      }
    },
  },
];
