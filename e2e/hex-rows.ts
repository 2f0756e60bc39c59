/**
 * The hex view as the e2e specs read it (the Chromium spec and the Electron one alike): the rows in the
 * DOM, by the view's test ids and data attributes.
 */
import type { Page } from '@playwright/test';

/** The rows the hex view has in the DOM, in order: direction, marker and bytes. */
export async function hexRows(page: Page): Promise<Array<{ index: number; dir: string; mark: string; bytes: number[]; text: string }>> {
  const rows = await page.locator('[data-testid="hex-row"]').evaluateAll((els) =>
    els.map((el) => ({
      index: Number((el as HTMLElement).dataset.index),
      dir: (el as HTMLElement).dataset.dir ?? '',
      mark: el.querySelector('.hex-mark')?.textContent ?? '',
      hex: el.querySelector('[data-testid="hex-bytes"]')?.textContent ?? '',
      text: el.textContent ?? '',
    })),
  );
  return rows
    .sort((a, b) => a.index - b.index)
    .map((r) => ({ index: r.index, dir: r.dir, mark: r.mark, text: r.text, bytes: r.hex.trim() === '' ? [] : r.hex.trim().split(/\s+/).map((h) => parseInt(h, 16)) }));
}
