/**
 * A scenario both hosts run: the Chromium spec (through `dialtone serve`) and e2e/electron.spec.ts (the
 * real app through its preload) call the same `run` on a page where the app has reached main, so what
 * passes in Chromium here is exactly what the Electron job runs where its binary is installed.
 */
import type { Page, TestInfo } from '@playwright/test';

/** What a scenario may know of the host it runs in. */
export interface ScenarioHost {
  /** The app's config folder (profiles.json, phonebook.json, macros.json): serve's --config, Electron's user data. */
  configDir: string;
}

export interface SharedScenario {
  /** The test's title (the Electron spec prefixes its host and area). */
  title: string;
  /** Needs the built-in demo modem. */
  demo: boolean;
  /** The scenario, on a page whose app is open and has reached main; `testInfo` for screenshots. */
  run(page: Page, testInfo: TestInfo, host: ScenarioHost): Promise<void>;
}
