// Macros (issue 14), scenarios both hosts run (see scenario.ts), against the demo modem: built in the
// editor, run from the bar and from an F-key, a failed wait, Stop; the shipped dial example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, openDemoProfile, terminalText } from '../fixtures.js';
import { hexRows } from '../hex-rows.js';
import type { SharedScenario } from './scenario.js';

/** Open the built-in demo modem profile. */
export const button = (page: Page, name: string): Locator => page.locator(`[data-testid="macro-button"][data-macro-name="${name}"]`);
const rows = (editor: Locator) => editor.getByTestId('me-step');
const kinds = (editor: Locator) => rows(editor).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));

async function newMacro(page: Page): Promise<Locator> {
  await page.getByTestId('macro-menu-button').click();
  await page.getByTestId('macro-new').click();
  const editor = page.getByTestId('macro-editor');
  await expect(editor).toBeVisible();
  return editor;
}

/** Make and save a macro from its text form. */
export async function macroFromText(page: Page, text: string): Promise<void> {
  const editor = await newMacro(page);
  await editor.getByTestId('me-view-text').click();
  await editor.getByTestId('me-text').fill(text);
  await editor.getByTestId('me-text-apply').click();
  await expect(editor.getByTestId('me-error')).toHaveCount(0);
  await editor.getByTestId('me-save').click();
  await expect(editor).toHaveCount(0);
}

/** The whole of `el` is inside a w x h viewport. */
async function fits(el: Locator, w: number, h: number): Promise<void> {
  const box = (await el.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(w);
  expect(box.y + box.height).toBeLessThanOrEqual(h);
}

const countOk = (text: string) => (text.match(/^OK\s*$/gm) ?? []).length;

export const MACRO_SCENARIOS: SharedScenario[] = [
  {
    title: 'build a macro in the editor, run it from the bar and from F2; a failed wait names its step and what came last; Stop ends a long delay',
    demo: true,
    run: async (page, testInfo, host) => {
      await openDemoProfile(page);
      const bar = page.getByTestId('macro-bar');
      // the demo modem's shipped example is on its tab
      await expect(button(page, 'Dial echo and say hello')).toBeVisible();

      // ---- the editor: one send row to start; a wait added; a delay added, dragged to the top and removed
      const editor = await newMacro(page);
      await editor.getByTestId('me-name').fill('AT check');
      await expect(rows(editor)).toHaveCount(1);
      await expect(rows(editor).first().getByTestId('me-step-data')).toHaveValue('AT');
      await editor.getByTestId('me-add-step').click();
      const wait = rows(editor).nth(1);
      await expect(wait).toHaveAttribute('data-kind', 'wait');
      await expect(editor.getByTestId('me-error')).toContainText('step 2: a wait needs either text or a regular expression');
      await expect(editor.getByTestId('me-save')).toBeDisabled();
      await wait.getByTestId('me-step-pattern').fill('OK');
      await wait.getByTestId('me-step-timeout').fill('3000');
      await editor.getByTestId('me-add-step').click();
      await rows(editor).nth(2).getByTestId('me-step-kind').selectOption('delay');
      await rows(editor).nth(2).getByTestId('me-step-handle').dragTo(rows(editor).nth(0));
      await expect.poll(() => kinds(editor)).toEqual(['delay', 'send', 'wait']);
      await rows(editor).nth(0).getByTestId('me-step-down').click();
      await expect.poll(() => kinds(editor)).toEqual(['send', 'delay', 'wait']);
      await rows(editor).nth(1).getByTestId('me-step-remove').click();
      await expect.poll(() => kinds(editor)).toEqual(['send', 'wait']);
      await editor.getByTestId('me-key').selectOption('F2');

      // ---- the dry run: the bytes in hex, the wait taken as matched; nothing sent
      await editor.getByTestId('me-view-dry').click();
      await expect(editor.getByTestId('me-dry-action').first()).toHaveText('send 3 bytes: 41 54 0D  "AT\\r"');
      await expect(editor.getByTestId('me-dry-step').nth(1)).toContainText('wait for "OK" up to 3000 ms');

      // ---- the text form round-trips; a bad line is named and changes nothing
      await editor.getByTestId('me-view-text').click();
      const text = editor.getByTestId('me-text');
      await expect(text).toHaveValue('name "AT check"\nkey F2\nsend text "AT" cr\nwait text "OK" 3000\n');
      await text.fill('name "AT check"\nkey F2\nsend text "AT" cr\nwiat text "OK" 3000\n');
      await editor.getByTestId('me-text-apply').click();
      await expect(editor.getByTestId('me-text-error')).toHaveText('line 4: unknown step "wiat"');
      await text.fill('name "AT check"\nkey F2\nsend text "AT" cr\nwait text "OK" 3000 abort "ERROR"\n');
      await editor.getByTestId('me-text-apply').click();
      await expect(rows(editor)).toHaveCount(2);
      await expect(rows(editor).nth(1).getByTestId('me-step-abort')).toHaveValue('ERROR');

      // ---- it fits at 800x600 (Save on screen); screenshots in both sizes
      for (const [w, h] of [
        [1280, 800],
        [800, 600],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await fits(editor, w, h);
        await expect(editor.getByTestId('me-save')).toBeInViewport();
        await page.screenshot({ path: testInfo.outputPath(`macro-editor-${w}x${h}.png`) });
      }
      // a wait's fields stay on one line at 800x600
      const waitRow = rows(editor).nth(1);
      const [pattern, abort] = [(await waitRow.getByTestId('me-step-pattern').boundingBox())!, (await waitRow.getByTestId('me-step-abort').boundingBox())!];
      expect(Math.abs(pattern.y - abort.y)).toBeLessThan(2);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.screenshot({ path: testInfo.outputPath('macro-editor-800x600-dark.png') });
      await page.emulateMedia({ colorScheme: 'light' });
      await editor.getByTestId('me-view-dry').click();
      await page.screenshot({ path: testInfo.outputPath('macro-editor-dry-run-800x600.png') });
      await editor.getByTestId('me-view-text').click();
      await page.screenshot({ path: testInfo.outputPath('macro-editor-text-800x600.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
      await editor.getByTestId('me-save').click();
      await expect(editor).toHaveCount(0);
      const stored = JSON.parse(readFileSync(join(host.configDir, 'macros.json'), 'utf8')) as { entries: Array<{ macro: { name: string; key?: string } }> };
      expect(stored.entries.map((e) => e.macro)).toEqual([expect.objectContaining({ name: 'AT check', key: 'F2' })]);

      // ---- run from the bar: done, and the pane shows the modem's OK
      const at = button(page, 'AT check');
      await expect(at.locator('.macro-key')).toHaveText('F2');
      await at.click();
      const status = page.getByTestId('macro-status');
      await expect(status).toHaveAttribute('data-state', 'done');
      await expect(status.getByTestId('macro-status-text')).toHaveText('AT check: done');
      await expect.poll(async () => countOk(await terminalText(page))).toBe(1);

      // ---- F2 with the terminal focused runs it again (one more OK)
      await page.locator('.xterm').first().click();
      await page.keyboard.press('F2');
      await expect.poll(async () => countOk(await terminalText(page))).toBe(2);
      await expect(status).toHaveAttribute('data-state', 'done');

      // ---- what the macro sent (in main) is counted as sent and shown in the hex view, as typing is
      await expect.poll(async () => Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'))).toBeGreaterThanOrEqual(4);
      await page.keyboard.press('Control+Shift+H');
      await expect.poll(async () => (await hexRows(page)).filter((r) => r.dir === 'tx' && r.bytes[0] === 0x41 && r.bytes[1] === 0x54).length).toBe(2);
      await page.keyboard.press('Control+Shift+H');

      // ---- a wait that never matches: the bar says which step and what came last
      await macroFromText(page, 'name "never"\nsend text "AT" cr\nwait text "NEVER" 500\n');
      await button(page, 'never').click();
      await expect(status).toHaveAttribute('data-state', 'failed');
      await expect(status).toHaveAttribute('data-step', '2');
      await expect(status).toContainText('never failed at step 2 (wait): no "NEVER" within the timeout · last received: "');
      await expect(status).toContainText('OK\\r\\n"');
      // the whole failure is on screen, not cut short
      const failure = status.getByTestId('macro-status-text');
      for (const [w, h] of [
        [1280, 800],
        [800, 600],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        expect(await failure.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
        await page.screenshot({ path: testInfo.outputPath(`macro-bar-failed-${w}x${h}.png`) });
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      // ---- a long delay: running with its step, Stop ends it; a second run meanwhile is refused
      await macroFromText(page, 'name "long delay"\nsend text "AT" cr\ndelay 600000\n');
      await button(page, 'long delay').click();
      await expect(status).toHaveAttribute('data-state', 'running');
      await expect(status).toHaveText('long delay: step 2/2 (delay)');
      await expect(button(page, 'long delay')).toHaveAttribute('data-running', 'true');
      await expect(at).toBeDisabled();
      await page.locator('.xterm').first().click();
      await page.keyboard.press('F2');
      await expect(page.getByTestId('notice-error')).toContainText('"long delay" is still running on this session: stop it first');
      for (const [w, h] of [
        [1280, 800],
        [800, 600],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await fits(bar, w, h);
        await expect(page.getByTestId('macro-stop')).toBeInViewport();
        await page.screenshot({ path: testInfo.outputPath(`macro-bar-running-${w}x${h}.png`) });
        // one row: the status, Stop and the menu stay beside the buttons (the buttons scroll)
        const [b, m] = [(await bar.getByTestId('macro-menu-button').boundingBox())!, (await bar.getByTestId('macro-button').first().boundingBox())!];
        expect(Math.abs(b.y - m.y)).toBeLessThan(4);
      }
      await page.getByTestId('macro-stop').click();
      await expect(status).toHaveAttribute('data-state', 'stopped');
      await expect(status.getByTestId('macro-status-text')).toHaveText('long delay: stopped at step 2/2');
      await expect(page.getByTestId('macro-stop')).toHaveCount(0);
      await expect(at).toBeEnabled();

      // ---- not connected: the buttons say why and run nothing; F2 is refused by main, in words, and sends nothing
      const sentBefore = Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'));
      await page.getByTestId('disconnect-button').click();
      await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
      await expect(at).toBeDisabled();
      await expect(at).toHaveAttribute('title', /not connected: Connect to run it/);
      await page.locator('.xterm').first().click();
      await page.keyboard.press('F2');
      await expect(page.getByTestId('notice-error').filter({ hasText: 'this session is not connected: a macro can run once it is (Connect first)' })).toHaveCount(1);
      await expect(status).toHaveAttribute('data-state', 'stopped'); // the last run's status, no new run
      expect(await terminalText(page)).not.toContain('not sent: not connected');
      expect(Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'))).toBe(sentBefore);
    },
  },
  {
    title: 'the shipped dial example runs from the demo modem tab: CONNECT, then the echo of hello',
    demo: true,
    run: async (page) => {
      await openDemoProfile(page);
      await button(page, 'Dial echo and say hello').click();
      const status = page.getByTestId('macro-status');
      await expect(status).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
      await expect(status.getByTestId('macro-status-text')).toHaveText('Dial echo and say hello: done');
      await expect.poll(() => terminalText(page)).toMatch(/CONNECT[\s\S]*hello from dialtone/);
      // the other examples are offered as copies to read and adapt
      await page.getByTestId('macro-menu-button').click();
      await expect(page.getByTestId('macro-example')).toHaveCount(6);
      await page.locator('[data-testid="macro-example"][data-macro-id="example-esp32-boot"]').click();
      const editor = page.getByTestId('macro-editor');
      await expect(editor.getByTestId('me-name')).toHaveValue('ESP32 boot mode (RTS/DTR sequence) (copy)');
      await expect(editor.getByTestId('me-step')).toHaveCount(8);
      await editor.getByTestId('me-cancel').click();
      await expect(editor).toHaveCount(0);
    },
  },
];
