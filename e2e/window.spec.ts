// The operator's window (issue 10): it fits from 800x600 up with seven tabs (every essential control in
// the viewport, the tab menu reaches every tab, the side panel collapses and stays so), tabs an operator
// manages (rename by double click, profile name and connected time, a question before closing a live
// tab), and the tab keys (Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+Shift+W) while plain Ctrl+W reaches the device.
// Peers: the built-in demo modem (RFC 2217) and, for the bytes typed, a TCP server owned by the test. The
// tab scenarios are in scenarios/tabs.ts: e2e/electron.spec.ts runs the same ones in Electron.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, openApp, test } from './fixtures.js';
import { openDemoTabs, TAB_SCENARIOS } from './scenarios/tabs.js';

test.use({ demo: true });

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

test('seven tabs at 1024x700 and 800x600: every essential control in the viewport, the tab menu reaches every tab; screenshots', async ({ page, dialtone }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await openApp(page, dialtone);
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
});

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
