// The operator's dialer, scenarios both hosts run (see scenario.ts), against the demo modem (the
// in-process simulator: RFC 2217 server + Hayes modem + the demo phone network, src-main/sim). What the
// panel, the lamps and the pane show is asserted by attribute (data-state, ...); short transitions (a
// RING, the brief 'ringing' state before ATA) are recorded in the page by a MutationObserver as they
// happen, so no assertion depends on catching them by polling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openDemoProfile, terminalText } from '../fixtures.js';
import type { SharedScenario } from './scenario.js';

/** Open the built-in demo modem profile and show the Dialer panel. */
export async function openDemo(page: Page): Promise<void> {
  await openDemoProfile(page);
  await page.getByTestId('panel-dialer').click();
}

interface EntryFields {
  name: string;
  number: string;
  retries?: number;
  delayS?: number;
  login?: string;
  dialCommand?: 'ATDT' | 'ATDP';
}

/** Add a phonebook entry through the editor (it dials through the active tab's profile by default). */
export async function addEntry(page: Page, e: EntryFields): Promise<void> {
  await page.getByTestId('phonebook-new').click();
  const editor = page.getByTestId('phonebook-editor');
  await editor.getByTestId('pb-name').fill(e.name);
  await editor.getByTestId('pb-number').fill(e.number);
  if (e.dialCommand) await editor.getByTestId('pb-dial-command').selectOption(e.dialCommand);
  if (e.retries !== undefined) await editor.getByTestId('pb-retries').fill(String(e.retries));
  if (e.delayS !== undefined) await editor.getByTestId('pb-redial-delay').fill(String(e.delayS));
  if (e.login) await editor.getByTestId('pb-login-script').fill(e.login);
  await expect(editor.getByTestId('pb-error')).toHaveCount(0);
  await editor.getByTestId('pb-save').click();
  await expect(editor).toHaveCount(0);
  await expect(entry(page, e.name)).toBeVisible();
}

export const entry = (page: Page, name: string) => page.locator(`[data-testid="phonebook-item"][data-entry-name="${name}"]`);

/** Record every value the dial state and the RI/DCD lamps take from now on (window.__seen). */
async function recordTransitions(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: Record<string, string[]> };
    w.__seen = { dial: [], ri: [], dcd: [] };
    const watch = (key: string, el: Element | null) => {
      if (!el) throw new Error(`nothing to watch for ${key}`);
      const log = () => {
        const v = el.getAttribute('data-state') ?? '';
        if (w.__seen[key]!.at(-1) !== v) w.__seen[key]!.push(v);
      };
      log();
      new MutationObserver(log).observe(el, { attributes: true, attributeFilter: ['data-state'] });
    };
    watch('dial', document.querySelector('[data-testid="dial-state"]'));
    watch('ri', document.querySelector('[data-testid="lamp-ri"]'));
    watch('dcd', document.querySelector('[data-testid="lamp-dcd"]'));
  });
}

const seen = (page: Page, key: 'dial' | 'ri' | 'dcd') => page.evaluate((k) => (window as unknown as { __seen: Record<string, string[]> }).__seen[k] ?? [], key);

export const DIALER_SCENARIOS: SharedScenario[] = [
  {
    title: 'echo number from the phonebook: CONNECT with its rate, DCD on, echo, call timer; hang up by DTR: NO CARRIER, DCD off',
    demo: true,
    run: async (page, testInfo, host) => {
      await openDemo(page);
      await addEntry(page, { name: 'Echo service', number: '555-0100' });
      // saved with the profiles (the same config folder)
      const stored = JSON.parse(readFileSync(join(host.configDir, 'phonebook.json'), 'utf8')) as { entries: Array<{ name: string; profileId?: string }> };
      expect(stored.entries).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Echo service', profileId: 'demo-modem' })]));

      const card = page.getByTestId('dial-state');
      await expect(card).toHaveAttribute('data-state', 'idle');
      await recordTransitions(page);
      await entry(page, 'Echo service').getByTestId('phonebook-dial').click();
      await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
      expect(await seen(page, 'dial')).toEqual(['idle', 'initialising', 'dialing', 'connected']);
      const rate = await card.getAttribute('data-rate');
      expect(rate).toMatch(/^\d{3,6}$/);
      await expect(page.getByTestId('dial-result')).toHaveText(`CONNECT ${rate}`);
      // the chat script's ATZ and ATDT555-0100, written in main, count as sent
      await expect.poll(async () => Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'))).toBeGreaterThanOrEqual('ATZ\rATDT555-0100\r'.length);
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');
      await expect(page.getByTestId('dial-dcd')).toHaveAttribute('data-state', 'on');
      await expect(page.getByTestId('dial-timer')).toHaveAttribute('data-running', 'true');
      await expect.poll(async () => Number(await page.getByTestId('dial-timer').getAttribute('data-seconds')), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      // the entry cannot be dialed again while the call is up
      await expect(entry(page, 'Echo service').getByTestId('phonebook-dial')).toBeDisabled();

      await page.getByTestId('terminal').click();
      await page.keyboard.type('hello over the phone line');
      await expect.poll(() => terminalText(page)).toContain('hello over the phone line');
      await page.screenshot({ path: testInfo.outputPath('dialer-connected.png') });

      await page.getByTestId('dial-hangup').click();
      await expect(card).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off');
      await expect.poll(() => terminalText(page)).toContain('NO CARRIER');
      await expect(page.getByTestId('dial-detail')).toContainText('confirmed: DCD off');
      expect(await seen(page, 'dial')).toEqual(['idle', 'initialising', 'dialing', 'connected', 'hanging-up', 'hung-up']);
      await expect(page.getByTestId('dial-timer')).toHaveAttribute('data-running', 'false');
      await page.screenshot({ path: testInfo.outputPath('dialer-hung-up.png') });
    },
  },
  {
    title: 'a window reloaded mid-call shows the call as main has it: connected, DCD on, the timer counting from CONNECT',
    demo: true,
    run: async (page) => {
      await openDemo(page);
      await addEntry(page, { name: 'Echo service', number: '555-0100' });
      const card = page.getByTestId('dial-state');
      await entry(page, 'Echo service').getByTestId('phonebook-dial').click();
      await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
      const timer = page.getByTestId('dial-timer');
      await expect.poll(async () => Number(await timer.getAttribute('data-seconds')), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const before = Number(await timer.getAttribute('data-seconds'));

      await page.reload();
      await page.getByTestId('tab').first().click();
      await page.getByTestId('panel-dialer').click();
      await expect(card).toHaveAttribute('data-state', 'connected');
      await expect(page.getByTestId('dial-dcd')).toHaveAttribute('data-state', 'on');
      await expect(timer).toHaveAttribute('data-running', 'true');
      expect(Number(await timer.getAttribute('data-seconds'))).toBeGreaterThanOrEqual(before);
      await page.getByTestId('dial-hangup').click();
      await expect(card).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });
    },
  },
  {
    title: 'busy number: the redial countdown and attempt counter, then BUSY after the last attempt',
    demo: true,
    run: async (page, testInfo) => {
      await openDemo(page);
      await addEntry(page, { name: 'Busy line', number: '555-0102', retries: 2, delayS: 2 });
      await expect(entry(page, 'Busy line')).toContainText('2× every 2 s');

      const card = page.getByTestId('dial-state');
      await recordTransitions(page);
      await entry(page, 'Busy line').getByTestId('phonebook-dial').click();
      await expect(card).toHaveAttribute('data-state', 'waiting-redial', { timeout: 30_000 });
      await expect(card).toHaveAttribute('data-attempt', '2');
      await expect(card).toHaveAttribute('data-attempts', '3');
      await expect(page.getByTestId('dial-countdown')).toBeVisible();
      await expect(page.getByTestId('dial-headline')).toHaveText(/^Redial in [12] s$/);
      // and says why it redials, during the countdown: the attempt before ended BUSY
      await expect.poll(() => card.evaluate((el) => `${el.getAttribute('data-state')}/${el.getAttribute('data-result')}/${el.querySelector('[data-testid="dial-result"]')?.textContent ?? ''}`)).toBe('waiting-redial/BUSY/BUSY');
      await expect(page.getByTestId('dial-detail')).toContainText('attempt 2 of 3');
      await page.screenshot({ path: testInfo.outputPath('dialer-redial-countdown.png') });

      await expect(card).toHaveAttribute('data-attempt', '3', { timeout: 30_000 });
      await expect(card).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
      await expect(card).toHaveAttribute('data-result', 'BUSY');
      await expect(page.getByTestId('dial-headline')).toHaveText('Busy');
      await expect(page.getByTestId('dial-detail')).toContainText('attempt 3 of 3');
      const states = await seen(page, 'dial');
      // three attempts, each ending BUSY, with a countdown before each redial
      expect(states.filter((s) => s === 'failed')).toHaveLength(3);
      expect(states.filter((s) => s === 'waiting-redial')).toHaveLength(2);
      expect(await terminalText(page)).toContain('BUSY');
      await expect(entry(page, 'Busy line').getByTestId('phonebook-dial')).toBeEnabled();
      await page.screenshot({ path: testInfo.outputPath('dialer-busy.png') });
    },
  },
  {
    title: 'callback flow with the shipped Callback (demo) entry: dial, log in, hang up, RING on the RI lamp, ATA answers, DCD on again',
    demo: true,
    run: async (page, testInfo) => {
      await openDemo(page);
      const card = page.getByTestId('dial-state');
      await recordTransitions(page);
      await entry(page, 'Callback (demo)').getByTestId('phonebook-callback').click();

      await expect(card).toHaveAttribute('data-flow', 'callback');
      await expect(card).toHaveAttribute('data-state', 'answer-wait', { timeout: 60_000 });
      await expect(page.getByTestId('callback-steps')).toHaveAttribute('data-step', '4');
      await expect(page.getByTestId('dial-headline')).toHaveText('Waiting for the call back');
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off');
      await page.screenshot({ path: testInfo.outputPath('dialer-callback-waiting.png') });

      await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
      await expect(page.getByTestId('callback-steps')).toHaveAttribute('data-step', '5');
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');
      await expect.poll(() => terminalText(page)).toContain('Callback connected');
      expect(await seen(page, 'ri')).toContain('on');
      expect((await seen(page, 'dcd')).slice(-4)).toEqual(['off', 'on', 'off', 'on']);
      expect(await seen(page, 'dial')).toEqual(['idle', 'initialising', 'dialing', 'connected', 'hanging-up', 'hung-up', 'answer-wait', 'ringing', 'answering', 'connected']);
      await page.screenshot({ path: testInfo.outputPath('dialer-callback-connected.png') });

      await page.getByTestId('dial-hangup').click();
      await expect(card).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'off');
    },
  },
  {
    title: 'answer mode: manual shows the ring and an Answer button (ATA); it stays armed after the call until off',
    demo: true,
    run: async (page, testInfo) => {
      await openDemo(page);
      // the callback server calls this modem back once we log in and hang up: the incoming call to answer
      await addEntry(page, { name: 'Callback server', number: '555-0104', login: "TIMEOUT 10 Username: demo Password: dialtone 'Hang up now'" });
      const card = page.getByTestId('dial-state');
      await entry(page, 'Callback server').getByTestId('phonebook-dial').click();
      await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });
      await expect.poll(() => terminalText(page)).toContain('Hang up now');
      await page.getByTestId('dial-hangup').click();
      await expect(card).toHaveAttribute('data-state', 'hung-up', { timeout: 30_000 });

      await page.getByTestId('dial-answer-mode').selectOption('manual');
      await expect(card).toHaveAttribute('data-state', 'answer-wait');
      await expect(card).toHaveAttribute('data-flow', 'answer');
      await expect(page.getByTestId('dial-start')).toBeDisabled();
      // switching panels keeps the mode shown (it lives in the tab's view; main keeps it armed)
      await page.getByTestId('panel-line').click();
      await page.getByTestId('panel-dialer').click();
      await expect(page.getByTestId('dial-answer-mode')).toHaveValue('manual');

      const answer = page.getByTestId('dial-answer-now');
      await expect(answer).toBeVisible({ timeout: 30_000 });
      await expect(card).toHaveAttribute('data-rings', /^[1-9]/);
      await page.screenshot({ path: testInfo.outputPath('dialer-manual-ring.png') });
      await answer.click();
      await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
      await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('data-state', 'on');
      await expect.poll(() => terminalText(page)).toContain('Callback connected');

      // hanging up an answered call re-arms answer mode (as a modem in auto-answer stays armed)
      await page.getByTestId('dial-hangup').click();
      await expect(card).toHaveAttribute('data-state', 'answer-wait', { timeout: 30_000 });
      await page.getByTestId('dial-answer-mode').selectOption('off');
      await expect(card).toHaveAttribute('data-state', 'idle');
      await page.getByTestId('dial-number').fill('555-0100');
      await expect(page.getByTestId('dial-start')).toBeEnabled();
    },
  },
];
