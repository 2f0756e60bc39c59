/**
 * Electron-side e2e fixture: the real app (dist/main, dist/preload) in the real Electron binary, with
 * the renderer's test build (dist/renderer-test: the product plus `window.__dialtoneTest`) in the place
 * of dist/renderer, so the scenarios read the pane as the Chromium ones do, through the preload and
 * app://dialtone/. The app is copied into a temporary folder for that (its node_modules linked to the
 * repository's); the product's files are not changed. Each launch gets its own user-data folder unless
 * one is given (a restart keeps it).
 * Where no Electron binary is installed, ELECTRON_UNAVAILABLE says why and the scenarios skip with it.
 */
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadDisabledReason, findElectronBinary } from '../scripts/electron-binary.mjs';
import { expect, ROOT, TEST_RENDERER } from './fixtures.js';

const binary = findElectronBinary();
/** Why the Electron scenarios cannot run here, or null when they can. */
export const ELECTRON_UNAVAILABLE: string | null =
  'path' in binary ? null : `no Electron binary on this machine: ${binary.reason}${downloadDisabledReason() ? `; ${downloadDisabledReason()}` : ''}`;

/** A temporary copy of the built app whose renderer is the test build. */
export function appWithTestRenderer(): { dir: string; remove(): void } {
  for (const p of ['dist/main/index.cjs', 'dist/preload/index.cjs']) {
    if (!existsSync(join(ROOT, p))) throw new Error(`${p} is not built: run npm run build`);
  }
  if (!existsSync(join(TEST_RENDERER, 'index.html'))) throw new Error(`${TEST_RENDERER} is not built: run npm run build`);
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-electron-app-'));
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  mkdirSync(join(dir, 'dist'));
  cpSync(join(ROOT, 'dist/main'), join(dir, 'dist/main'), { recursive: true });
  cpSync(join(ROOT, 'dist/preload'), join(dir, 'dist/preload'), { recursive: true });
  cpSync(TEST_RENDERER, join(dir, 'dist/renderer'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DialtoneElectron {
  app: ElectronApplication;
  page: Page;
  userData: string;
  /** Close the app (its windows' close handlers run, as when the operator quits). */
  close(): Promise<void>;
}

/** Launch the app on `appDir` and wait until the renderer has reached main through the preload. */
export async function launchElectron(appDir: string, { demo = false, userData }: { demo?: boolean; userData?: string } = {}): Promise<DialtoneElectron> {
  if (!('path' in binary)) throw new Error(ELECTRON_UNAVAILABLE ?? 'no Electron binary');
  const data = userData ?? mkdtempSync(join(tmpdir(), 'dialtone-electron-data-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: [appDir, `--user-data-dir=${data}`, ...(demo ? [] : ['--no-demo']), '--no-sandbox'],
    cwd: appDir,
  });
  const page = await app.firstWindow();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  await expect(page.getByTestId('target-input')).toBeVisible();
  await expect(page.getByTestId('bridge-error')).toHaveCount(0);
  expect(problems, 'page errors').toEqual([]);
  return {
    app,
    page,
    userData: data,
    close: () => app.close(),
  };
}
