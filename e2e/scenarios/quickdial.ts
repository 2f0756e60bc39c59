// The quick dial box redials as a phonebook entry does (issue 10), a scenario both hosts run (see
// scenario.ts): its redials and delay (an entry's defaults until changed) reach main's dialer with the
// number, against the demo modem, where 555-0102 is always busy. States are read from the status card's
// attributes; the short ones are recorded in the page by a MutationObserver as they happen.
import type { Page } from '@playwright/test';
import { expect, openDemoProfile, terminalText } from '../fixtures.js';
import type { SharedScenario } from './scenario.js';

/** Record every value the dial state takes from now on (window.__dialStates). */
async function recordDialStates(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __dialStates: string[] };
    w.__dialStates = [];
    const el = document.querySelector('[data-testid="dial-state"]');
    if (!el) throw new Error('no dial-state');
    const log = () => {
      const v = el.getAttribute('data-state') ?? '';
      if (w.__dialStates.at(-1) !== v) w.__dialStates.push(v);
    };
    log();
    new MutationObserver(log).observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
}

export const QUICKDIAL_SCENARIOS: SharedScenario[] = [
  {
    title: 'quick dial of a busy number with 1 redial: the countdown and attempt counter, then BUSY after the last attempt',
    demo: true,
    run: async (page, testInfo) => {
      await openDemoProfile(page);
      await page.getByTestId('panel-dialer').click();

      // an entry's defaults: no redials, 5 s apart
      await expect(page.getByTestId('dial-redials')).toHaveValue('0');
      await expect(page.getByTestId('dial-redial-delay')).toHaveValue('5');
      await page.getByTestId('dial-number').fill('555-0102');
      await page.getByTestId('dial-redials').fill('x');
      await expect(page.getByTestId('dial-redial-error')).toContainText('redials:');
      await expect(page.getByTestId('dial-start')).toBeDisabled();
      await page.getByTestId('dial-redials').fill('1');
      await page.getByTestId('dial-redial-delay').fill('1.5');
      await expect(page.getByTestId('dial-redial-error')).toHaveCount(0);

      const card = page.getByTestId('dial-state');
      await recordDialStates(page);
      await page.getByTestId('dial-start').click();
      await expect(card).toHaveAttribute('data-state', 'waiting-redial', { timeout: 30_000 });
      await expect(card).toHaveAttribute('data-attempt', '2');
      await expect(card).toHaveAttribute('data-attempts', '2');
      await expect(card).toHaveAttribute('data-flow', 'dial');
      await expect(page.getByTestId('dial-countdown')).toBeVisible();
      await expect(page.getByTestId('dial-headline')).toHaveText(/^Redial in [12] s$/);
      await expect(page.getByTestId('dial-detail')).toContainText('attempt 2 of 2');
      await page.screenshot({ path: testInfo.outputPath('quickdial-redial-countdown.png') });

      await expect(card).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
      await expect(card).toHaveAttribute('data-result', 'BUSY');
      await expect(card).toHaveAttribute('data-attempt', '2');
      await expect(page.getByTestId('dial-headline')).toHaveText('Busy');
      await expect(page.getByTestId('dial-detail')).toContainText('attempt 2 of 2');
      const states = await page.evaluate(() => (window as unknown as { __dialStates: string[] }).__dialStates);
      // two attempts, each ending BUSY, with one countdown between them
      expect(states.filter((s) => s === 'failed')).toHaveLength(2);
      expect(states.filter((s) => s === 'waiting-redial')).toHaveLength(1);
      expect(await terminalText(page)).toContain('BUSY');
      await expect(page.getByTestId('dial-start')).toBeEnabled();
      await page.screenshot({ path: testInfo.outputPath('quickdial-busy.png') });
    },
  },
];
