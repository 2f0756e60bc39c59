// The profile editor (issue 10), scenarios both hosts run (see scenario.ts), with the demo modem: a
// duplicate of the built-in demo profile is renamed and its baud, DTR on open and automatic log changed;
// profiles.json in the host's config folder is read back; the profile is opened and the Line panel shows
// the baud it asked for. Bad fields keep Save disabled and are named beside the field; Cancel keeps the
// profile as it was. Screenshots of the editor at 1024x700 and 800x600 in both themes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from '../fixtures.js';
import type { SharedScenario } from './scenario.js';

interface StoredProfile {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  dtr?: boolean;
  rts?: boolean;
  autoLog: Record<string, unknown>;
}

const stored = (configDir: string): StoredProfile[] => (JSON.parse(readFileSync(join(configDir, 'profiles.json'), 'utf8')) as { profiles: StoredProfile[] }).profiles;
const item = (page: Page, name: string): Locator => page.locator(`[data-testid="profile-item"][data-profile-name="${name}"]`);

/** Duplicate the built-in demo profile; resolves to the copy's id. */
async function duplicateDemo(page: Page): Promise<string> {
  await page.getByTestId('panel-profiles').click();
  await page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]').getByTestId('profile-duplicate').click();
  const copy = item(page, 'Demo modem (copy)');
  await expect(copy).toBeVisible();
  return (await copy.getAttribute('data-profile-id'))!;
}

/** Screenshots of the open editor at two sizes in both themes (the theme follows the emulated scheme). */
async function shootEditor(page: Page, path: (name: string) => string): Promise<void> {
  const editor = page.getByTestId('profile-editor');
  for (const [w, h] of [
    [1024, 700],
    [800, 600],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      // the whole dialog is on screen, Save and Cancel included
      const box = (await editor.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(w);
      expect(box.y + box.height).toBeLessThanOrEqual(h);
      await expect(page.getByTestId('pe-save')).toBeInViewport();
      await page.screenshot({ path: path(`profile-editor-${w}x${h}-${scheme}.png`) });
    }
  }
}

export const PROFILE_SCENARIOS: SharedScenario[] = [
  {
    title: 'edit a duplicated profile: rename, baud, DTR on open and the automatic log are saved under the same id and used when it opens',
    demo: true,
    run: async (page, testInfo, host) => {
      const copyId = await duplicateDemo(page);
      await item(page, 'Demo modem (copy)').getByTestId('profile-edit').click();
      const editor = page.getByTestId('profile-editor');
      await expect(editor).toHaveAttribute('data-profile-id', copyId);
      await expect(editor.getByTestId('pe-name')).toHaveValue('Demo modem (copy)');
      await expect(editor.getByTestId('pe-kind-rfc2217')).toHaveAttribute('aria-checked', 'true');
      // nothing asked yet: every line setting is left as the far end has it
      await expect(editor.getByTestId('pe-baud')).toHaveValue('');
      await expect(editor.getByTestId('pe-dtr')).toHaveValue('leave');
      await expect(editor.getByTestId('pe-tabs-hint')).toContainText('next time the profile is opened');

      await editor.getByTestId('pe-name').fill('Bench modem');
      await editor.getByTestId('pe-baud').selectOption('9600');
      await editor.getByTestId('pe-dtr').selectOption('off');
      await editor.getByTestId('pe-autolog-enabled').check();
      await editor.getByTestId('pe-autolog-format').selectOption('hex');
      await editor.getByTestId('pe-autolog-timestamps').selectOption('elapsed');
      await editor.getByTestId('pe-autolog-rotate-daily').check();
      await editor.getByTestId('pe-autolog-template').fill('bench-{date}.log');
      await expect(editor.getByTestId('pe-error')).toHaveCount(0);
      await expect(editor.getByTestId('pe-target')).toHaveText(/^rfc2217:\/\/127\.0\.0\.1:\d+$/);
      await shootEditor(page, (n) => testInfo.outputPath(n));

      await editor.getByTestId('pe-save').click();
      await expect(editor).toHaveCount(0);
      await expect(item(page, 'Bench modem')).toHaveAttribute('data-profile-id', copyId);
      await expect(item(page, 'Demo modem (copy)')).toHaveCount(0);

      const saved = stored(host.configDir);
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({ id: copyId, name: 'Bench modem', settings: { baud: 9600 }, dtr: false });
      expect('rts' in saved[0]!).toBe(false);
      expect(saved[0]!.autoLog).toEqual({ enabled: true, format: 'hex', timestamps: 'elapsed', sent: false, rotate: { maxBytes: null, daily: true }, fileNameTemplate: 'bench-{date}.log' });

      // opened: the session asks for 9600 and DTR off, and logs from the start
      await item(page, 'Bench modem').getByTestId('profile-connect').click();
      await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
      await expect(page.getByTestId('tab-name')).toHaveText('Bench modem');
      await page.getByTestId('panel-line').click();
      await expect(page.getByTestId('baud-input')).toHaveValue('9600');
      await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '9600');
      await expect(page.getByTestId('dtr-toggle')).toHaveAttribute('aria-pressed', 'false');
      await page.getByTestId('panel-log').click();
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-active', 'true');
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-file', /^bench-\d{4}-\d\d-\d\d-\d{8}\.log$/); // daily rotation adds the day

      // the editor says the open tab is not changed by an edit
      await page.getByTestId('panel-profiles').click();
      await item(page, 'Bench modem').getByTestId('profile-edit').click();
      await expect(page.getByTestId('pe-tabs-hint')).toHaveAttribute('data-open-tabs', '1');
      await expect(page.getByTestId('pe-tabs-hint')).toContainText('One tab of this profile is open and will not change');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('profile-editor')).toHaveCount(0);
    },
  },
  {
    title: 'a bad field is named beside it and keeps Save disabled; Cancel keeps the profile as it was',
    demo: true,
    run: async (page, testInfo, host) => {
      await page.setViewportSize({ width: 800, height: 600 });
      const copyId = await duplicateDemo(page);
      const before = stored(host.configDir);
      await item(page, 'Demo modem (copy)').getByTestId('profile-edit').click();
      const editor = page.getByTestId('profile-editor');
      const save = editor.getByTestId('pe-save');
      const error = editor.getByTestId('pe-error');
      await expect(save).toBeEnabled();

      await editor.getByTestId('pe-name').fill('   ');
      await expect(error).toHaveAttribute('data-field', 'name');
      await expect(error).toHaveText('profile name is empty');
      await expect(editor.getByTestId('pe-name')).toHaveAttribute('aria-invalid', 'true');
      await expect(editor.getByTestId('pe-fix')).toHaveText('Cannot save: profile name is empty');
      await expect(save).toBeDisabled();

      await editor.getByTestId('pe-name').fill('Renamed but not saved');
      await editor.getByTestId('pe-port').fill('99999');
      await expect(error).toHaveAttribute('data-field', 'port');
      await expect(error).toHaveText('port: 1..65535');
      await expect(save).toBeDisabled();
      await page.screenshot({ path: testInfo.outputPath('profile-editor-bad-port.png') });
      // two problems: the first in the form is the one shown
      await editor.getByTestId('pe-name').fill('');
      await expect(error).toHaveAttribute('data-field', 'name');
      await editor.getByTestId('pe-name').fill('Renamed but not saved');

      await editor.getByTestId('pe-port').fill('7');
      await editor.getByTestId('pe-font-size').fill('200');
      await expect(error).toHaveAttribute('data-field', 'fontSize');
      await expect(error).toHaveText('font size: a whole number 6..72');
      await expect(save).toBeDisabled();

      await editor.getByTestId('pe-cancel').click();
      await expect(editor).toHaveCount(0);
      await expect(item(page, 'Demo modem (copy)')).toHaveAttribute('data-profile-id', copyId);
      await expect(item(page, 'Renamed but not saved')).toHaveCount(0);
      expect(stored(host.configDir)).toEqual(before);

      // opened again, the editor shows the profile as saved, not the dropped draft
      await item(page, 'Demo modem (copy)').getByTestId('profile-edit').click();
      await expect(editor.getByTestId('pe-name')).toHaveValue('Demo modem (copy)');
      await expect(editor.getByTestId('pe-port')).not.toHaveValue('7');
      await editor.getByTestId('pe-cancel').click();
    },
  },
  {
    title: 'a built-in profile is read-only: its Edit copy saves a new profile and leaves the built-in as it is; Cancel saves nothing',
    demo: true,
    run: async (page, testInfo, host) => {
      await page.setViewportSize({ width: 800, height: 600 });
      await page.getByTestId('panel-profiles').click();
      const demo = page.locator('[data-testid="profile-item"][data-profile-id="demo-modem"]');
      await expect(demo.getByTestId('profile-edit')).toHaveCount(0);
      await demo.getByTestId('profile-edit-copy').click();
      const editor = page.getByTestId('profile-editor');
      await expect(editor).toHaveAttribute('data-profile-id', '');
      await expect(editor.getByTestId('pe-name')).toHaveValue('Demo modem (copy)');
      await editor.getByTestId('pe-cancel').click();
      await expect(page.getByTestId('profile-item')).toHaveCount(1);

      await demo.getByTestId('profile-edit-copy').click();
      await editor.getByTestId('pe-name').fill('Slow demo');
      await editor.getByTestId('pe-baud').selectOption('custom');
      await editor.getByTestId('pe-baud-custom').fill('1200x');
      await expect(editor.getByTestId('pe-error')).toHaveAttribute('data-field', 'baud');
      await editor.getByTestId('pe-baud-custom').fill('110');
      await editor.getByTestId('pe-save').click();
      await expect(editor).toHaveCount(0);
      await expect(item(page, 'Slow demo')).toBeVisible();
      await expect(item(page, 'Demo modem')).toHaveAttribute('data-profile-id', 'demo-modem');
      await page.screenshot({ path: testInfo.outputPath('profiles-list-800x600.png') });
      expect(stored(host.configDir)).toEqual([expect.objectContaining({ name: 'Slow demo', settings: { baud: 110 } })]);
    },
  },
];
