// The send bar (issue 12), a scenario both hosts run (see scenario.ts), against ser2net on a socat pty
// pair: hex typed in the bar arrives at the far pty byte-exact (all 256 values: 0xFF doubled on the wire
// by the engine and undoubled by ser2net; 0x11/0x13 are data), text with escapes and a line end
// likewise; malformed input says where and sends nothing; the history recalls an entry with its mode.
import { createReadStream } from 'node:fs';
import type { Page } from '@playwright/test';
import { connect, expect } from '../fixtures.js';
import { startPtyPair, startSer2net, tempDir } from '../../test/harness/peers.js';
import type { SharedScenario } from './scenario.js';

/** Everything the far pty receives, as it comes. */
function farEnd(path: string): { bytes(): Buffer; stop(): void } {
  const chunks: Buffer[] = [];
  const far = createReadStream(path);
  far.on('error', () => undefined); // EIO when socat closes the pty: the pty going away
  far.on('data', (d) => chunks.push(Buffer.from(d)));
  return { bytes: () => Buffer.concat(chunks), stop: () => far.destroy() };
}

async function openSendBar(page: Page): Promise<void> {
  await page.getByTestId('pane-menu').click();
  await page.getByTestId('pane-send-bar').click();
  await expect(page.getByTestId('send-bar')).toBeVisible();
}

export const SENDBAR_SCENARIOS: SharedScenario[] = [
  {
    title: 'hex and escaped text from the send bar reach the far pty byte-exact; bad input sends nothing',
    demo: false,
    run: async (page, testInfo) => {
      const dir = tempDir('dialtone-e2e-sendbar-');
      const pair = await startPtyPair(dir.path);
      const ser2net = await startSer2net(dir.path, pair.a);
      const far = farEnd(pair.b);
      try {
        await connect(page, `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`);
        // ser2net answers a BREAK query with "on" whatever the line does: never shown as held
        await expect(page.getByTestId('break-button')).toHaveAttribute('data-state', 'off');
        await openSendBar(page);
        const input = page.getByTestId('send-input');
        const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

        await page.getByTestId('send-syntax').selectOption('hex');
        await input.fill(all.toString('hex').toUpperCase().replace(/(..)/g, '$1 ').trim());
        await expect(page.getByTestId('send-preview')).toHaveAttribute('data-bytes', '256');
        await page.screenshot({ path: testInfo.outputPath('send-bar-hex.png') });
        await page.getByTestId('send-button').click();
        await expect.poll(() => far.bytes().length).toBe(256);
        expect(far.bytes().equals(all)).toBe(true);

        // malformed: an odd digit count is an error with its place, and Send is off
        await input.fill('0d 0');
        await expect(page.getByTestId('send-preview')).toContainText('odd number of hex digits');
        await expect(page.getByTestId('send-button')).toBeDisabled();

        // text with escapes and a line end: exactly these bytes
        await page.getByTestId('send-syntax').selectOption('text');
        await page.getByTestId('send-line-end').selectOption('crlf');
        await input.fill('AT\\x00\\xff\\\\');
        await expect(page.getByTestId('send-preview')).toContainText('7 B: 41 54 00 FF 5C 0D 0A');
        await input.press('Enter');
        await expect.poll(() => far.bytes().length).toBe(256 + 7);
        expect(far.bytes().subarray(256).equals(Buffer.from([0x41, 0x54, 0x00, 0xff, 0x5c, 0x0d, 0x0a]))).toBe(true);

        // the history brings it back
        await input.press('ArrowUp');
        await expect(input).toHaveValue('AT\\x00\\xff\\\\');

        // a history entry keeps its mode and line end: "12 34" sent as Text, then "0D" as Hex; Up Up
        // brings "12 34" back as Text, and Enter sends the same five bytes again (not hex 12 34)
        const sent = () => far.bytes().length;
        await page.getByTestId('send-line-end').selectOption('none');
        await input.fill('12 34');
        await input.press('Enter');
        await expect.poll(sent).toBe(256 + 7 + 5);
        await page.getByTestId('send-syntax').selectOption('hex');
        await input.fill('0D');
        await input.press('Enter');
        await expect.poll(sent).toBe(256 + 7 + 5 + 1);
        await input.press('ArrowUp');
        await input.press('ArrowUp');
        await expect(input).toHaveValue('12 34');
        await expect(page.getByTestId('send-syntax')).toHaveValue('text');
        await expect(page.getByTestId('send-line-end')).toHaveValue('none');
        await input.press('Enter');
        await expect.poll(sent).toBe(256 + 7 + 5 + 1 + 5);
        expect(far.bytes().subarray(256 + 7).toString('latin1')).toBe('12 34\r12 34');
        // Up to the CR LF entry restores its line end too
        await input.press('ArrowUp');
        await input.press('ArrowUp');
        await input.press('ArrowUp');
        await expect(input).toHaveValue('AT\\x00\\xff\\\\');
        await expect(page.getByTestId('send-line-end')).toHaveValue('crlf');
      } finally {
        far.stop();
        await ser2net.stop();
        await pair.stop();
        dir.remove();
      }
    },
  },
];
