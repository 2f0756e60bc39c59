// Scenarios of the window and its tab strip (issue 10) that both hosts run (see scenario.ts): seven tabs
// from 800x600 up (every essential control in the viewport, the tab menu reaches every tab; screenshots
// in both themes), tabs an operator manages
// (profile name, numbered twins, connected time, rename by double click), a question before closing a
// live tab, and the tab keys (Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+Shift+W) while plain Ctrl+W reaches the
// device. Peers: the built-in demo modem and, for the bytes typed, a TCP server the scenario owns.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect } from '../fixtures.js';
import { tcpPeer } from '../tcp-peer.js';
import type { SharedScenario } from './scenario.js';

const DEMO = '[data-testid="profile-item"][data-profile-id="demo-modem"]';

/** Open the demo modem's profile `n` times and wait until every tab is connected. */
async function openDemoTabs(page: Page, n: number): Promise<void> {
  await page.getByTestId('panel-profiles').click();
  for (let i = 0; i < n; i++) {
    await page.locator(DEMO).getByTestId('profile-connect').click();
    await expect(page.getByTestId('tab')).toHaveCount(i + 1);
  }
  await expect(page.locator('[data-testid="tab"][data-state="connected"]')).toHaveCount(n);
}

/** Assert the element is shown and its whole box lies inside the viewport. */
async function expectInViewport(page: Page, el: Locator, what: string): Promise<void> {
  await expect(el, what).toBeVisible();
  const box = await el.boundingBox();
  const vp = page.viewportSize()!;
  expect(box, what).not.toBeNull();
  const { x, y, width, height } = box!;
  expect({ what, left: x >= 0, top: y >= 0, right: x + width <= vp.width, bottom: y + height <= vp.height }).toEqual({
    what,
    left: true,
    top: true,
    right: true,
    bottom: true,
  });
}

const ESSENTIALS = [
  'target-input',
  'connect-button',
  'side-toggle',
  'theme-toggle',
  'new-session',
  'btn-connect',
  'disconnect-button',
  'btn-reconnect',
  'dtr-toggle',
  'rts-toggle',
  'break-button',
  'lamp-cts',
  'lamp-dsr',
  'lamp-ri',
  'lamp-dcd',
  'lamp-dtr',
  'lamp-rts',
  'count-overrun',
  'count-parity',
  'count-framing',
  'count-break',
  'session-status',
  'rx-bytes',
  'tx-bytes',
  'status-warnings',
];

async function expectEssentialsInViewport(page: Page, where: string): Promise<void> {
  for (const id of ESSENTIALS) await expectInViewport(page, page.getByTestId(id), `${id} (${where})`);
  await expectInViewport(page, page.locator('[data-testid="tab"][aria-selected="true"]'), `active tab (${where})`);
  await expectInViewport(page, page.getByTestId('terminal'), `terminal (${where})`);
}

async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  const toggle = page.getByTestId('theme-toggle');
  for (let i = 0; i < 3 && (await toggle.getAttribute('data-theme-choice')) !== theme; i++) await toggle.click();
  await expect(toggle).toHaveAttribute('data-theme-choice', theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

export const TAB_SCENARIOS: SharedScenario[] = [
  {
    title: 'seven tabs at 1024x700 and 800x600: every essential control in the viewport, the tab menu reaches every tab; screenshots',
    demo: true,
    run: async (page, testInfo) => {
      await page.setViewportSize({ width: 1024, height: 700 });
      await openDemoTabs(page, 7);
      await page.getByTestId('panel-line').click();

      for (const [width, height] of [
        [1024, 700],
        [800, 600],
      ] as const) {
        await page.setViewportSize({ width, height });
        await expectEssentialsInViewport(page, `${width}x${height}, side panel open`);
        await page.getByTestId('side-toggle').click();
        await expect(page.getByTestId('side-panel')).toHaveCount(0);
        await expectEssentialsInViewport(page, `${width}x${height}, side panel collapsed`);
        await page.getByTestId('side-toggle').click();
        await expect(page.getByTestId('side-panel')).toBeVisible();
      }

      // at 800x600 seven tabs do not fit: the menu lists all of them and each one chosen comes into view
      const tabIds = await page.getByTestId('tab').evaluateAll((els) => els.map((e) => e.getAttribute('data-tab-id')!));
      expect(tabIds).toHaveLength(7);
      const strip = await page.getByTestId('tab-strip').boundingBox();
      for (const id of tabIds) {
        await page.getByTestId('tab-menu-button').click();
        await expect(page.getByTestId('tab-menu-item')).toHaveCount(7);
        await page.locator(`[data-testid="tab-menu-item"][data-tab-id="${id}"]`).click();
        await expect(page.getByTestId('tab-menu')).toHaveCount(0);
        const tab = page.locator(`[data-testid="tab"][data-tab-id="${id}"]`);
        await expect(tab).toHaveAttribute('aria-selected', 'true');
        await expect.poll(async () => {
          const b = await tab.boundingBox();
          return b !== null && b.x >= strip!.x - 1 && b.x + b.width <= strip!.x + strip!.width + 1;
        }, `tab ${id} scrolled into the strip`).toBe(true);
      }
      await page.getByTestId('tab-menu-button').click();
      await screenshot(page, testInfo, 'window-800x600-tab-menu');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('tab-menu')).toHaveCount(0);

      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, theme);
        for (const [width, height] of [
          [800, 600],
          [1024, 700],
          [1920, 1080],
        ] as const) {
          await page.setViewportSize({ width, height });
          await expectEssentialsInViewport(page, `${width}x${height} ${theme}`);
          await screenshot(page, testInfo, `window-${width}x${height}-${theme}`);
        }
      }
      await page.setViewportSize({ width: 800, height: 600 });
      await page.getByTestId('side-toggle').click();
      await screenshot(page, testInfo, 'window-800x600-light-side-collapsed');
    },
  },
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
    title: 'names of any length or direction fit: a 3000-character target tab, a refused 3000-character profile name, a right-to-left override',
    demo: false,
    run: async (page) => {
      await page.setViewportSize({ width: 800, height: 600 });
      const long = `serial:/dev/${'a'.repeat(3000)}`;
      await page.getByTestId('target-input').fill(long);
      await page.getByTestId('connect-button').click();
      const tabName = page.getByTestId('tab-name').first();
      await expect(tabName).toHaveText(/^serial:\/dev\/a+…a{10}$/);
      expect(((await tabName.textContent()) ?? '').length).toBeLessThanOrEqual(80);

      // Save active tab with a 3000-character name: refused, and the notice fits with its × on screen
      await page.getByTestId('panel-profiles').click();
      await page.getByTestId('profile-save-name').fill(`\u202E${'n'.repeat(3000)}`);
      await page.getByTestId('profile-save').click();
      const notice = page.getByTestId('notice-error').last();
      await expect(notice).toContainText('⟨U+202E⟩');
      await expect(notice).toBeInViewport({ ratio: 1 });
      const close = notice.getByRole('button', { name: 'Dismiss' });
      await expect(close).toBeInViewport();
      await close.click();
      await expect(page.getByTestId('notice-error')).toHaveCount(0);
      await page.setViewportSize({ width: 1280, height: 800 });
    },
  },
  {
    title: 'a tab closes at once even when its far end never closes its side (the link ends in the background)',
    demo: false,
    run: async (page) => {
      // a far end that keeps its side open after ours ends (half-open), as a hung access server does
      const sockets: Socket[] = [];
      const server = createServer({ allowHalfOpen: true }, (s) => {
        sockets.push(s);
        s.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as AddressInfo).port;
        await page.getByTestId('target-input').fill(`tcp://127.0.0.1:${port}`);
        await page.getByTestId('connect-button').click();
        const tabs = page.getByTestId('tab');
        await expect(tabs.first()).toHaveAttribute('data-state', 'connected');
        // the far end writes on: once main has ended the link, the next byte is refused (RST, 'close')
        const far = sockets[0]!;
        let endedAt = 0;
        far.once('close', () => (endedAt = Date.now()));
        const writer = setInterval(() => !far.destroyed && far.write('x'), 20);
        try {
          await tabs.first().getByTestId('tab-close').click();
          await page.getByTestId('confirm-accept').click();
          await expect(tabs).toHaveCount(0);
          const goneAt = Date.now();
          // main ends the link itself, after its grace time; the tab was gone before that
          await expect.poll(() => endedAt, { timeout: 10_000 }).toBeGreaterThan(0);
          expect(goneAt).toBeLessThan(endedAt);
        } finally {
          clearInterval(writer);
        }
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
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

        // with the send bar open, switching tabs keeps one control strip and one send bar (they once
        // shared a React key: each switch stacked another strip, still driving another tab's line)
        await page.getByTestId('terminal').click();
        await page.keyboard.press('Control+Shift+S');
        await expect(page.getByTestId('send-bar')).toHaveCount(1);
        for (const i of [0, 1, 2, 1, 0, 2]) {
          await tabs.nth(i).click();
          await selected(i);
          await expect(page.getByTestId('controlbar')).toHaveCount(1);
          await expect(page.getByTestId('send-bar')).toHaveCount(1);
        }
        await page.keyboard.press('Control+Shift+S');
        await expect(page.getByTestId('send-bar')).toHaveCount(0);
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

        // while a dialog is open the tabs behind it take no key: Ctrl+Shift+W, Ctrl+Tab and a second
        // Ctrl+Shift+O do nothing there (the dialog's fields keep Ctrl+Shift+C/V as copy and paste)
        await page.getByTestId('new-session').click();
        await expect(page.getByTestId('new-session-dialog')).toBeVisible();
        await page.keyboard.press('Control+Shift+W');
        await page.keyboard.press('Control+Tab');
        await page.keyboard.press('Control+Shift+O');
        await expect(page.getByTestId('new-session-dialog')).toHaveCount(1);
        await expect(page.getByTestId('confirm-dialog')).toHaveCount(0);
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('new-session-dialog')).toHaveCount(0);
        await expect(tabs).toHaveCount(3);
        await selected(1);

        // Ctrl+Shift+W asks (the tab is connected); Escape keeps it, Close tab closes it; a second
        // Ctrl+Shift+W while it asks opens nothing more
        await page.getByTestId('terminal').click();
        await page.keyboard.press('Control+Shift+W');
        await expect(page.getByTestId('confirm-dialog')).toBeVisible();
        await page.keyboard.press('Control+Shift+W');
        await expect(page.getByTestId('confirm-dialog')).toHaveCount(1);
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
