// TLS in the window (issue 15), a scenario both hosts run (see scenario.ts), against ser2net's TLS
// accepter on a socat pty pair: the first connection asks, with the certificate's fingerprint, and is
// trusted; the lock shows in the status bar; after the server's key is replaced the window says loudly
// that the certificate changed, and Cancel keeps it out.
import { createReadStream } from 'node:fs';
import { startPtyPair, tempDir } from '../../test/harness/peers.js';
import { makeCert, startSer2netTls } from '../../test/harness/tls.js';
import { expect } from '../fixtures.js';
import type { SharedScenario } from './scenario.js';

export const TLS_SCENARIOS: SharedScenario[] = [
  {
    title: 'first use asks with the fingerprint; the lock shows; a changed certificate is refused loudly',
    demo: false,
    run: async (page, testInfo) => {
      const dir = tempDir('dialtone-e2e-tls-');
      const pair = await startPtyPair(dir.path);
      const first = makeCert(dir.path, 'first', 'localhost-ser2net');
      let ser2net = await startSer2netTls(dir.path, pair.a, first);
      const far = createReadStream(pair.b);
      far.on('error', () => undefined);
      let got = '';
      far.on('data', (d) => (got += d.toString('latin1')));
      try {
        await page.getByTestId('target-input').fill(`rfc2217s://127.0.0.1:${ser2net.port}`);
        await page.getByTestId('connect-button').click();
        const dialog = page.getByTestId('confirm-dialog');
        await expect(dialog).toContainText('Trust the certificate');
        await expect(dialog).toContainText(first.fingerprint256);
        await page.screenshot({ path: testInfo.outputPath('tls-first-use.png') });
        await page.getByTestId('confirm-accept').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
        await expect(page.getByTestId('status-tls')).toHaveAttribute('data-trust', 'known');
        await expect(page.getByTestId('status-tls')).toHaveAttribute('data-protocol', /^TLSv1\.[23]$/);
        await page.getByTestId('terminal').click();
        await page.keyboard.type('through TLS');
        await expect.poll(() => got).toContain('through TLS');

        // the server's key is replaced
        const port = ser2net.port;
        await ser2net.stop();
        const replaced = makeCert(dir.path, 'replaced', 'localhost-ser2net');
        ser2net = await startSer2netTls(dir.path, pair.a, replaced, { port });
        // Reconnect (Ctrl+Shift+E; the focus is in the terminal): the automatic reconnect may have met the
        // new certificate first, and then its dialog is open and the key does nothing
        await page.keyboard.press('Control+Shift+E');
        await expect(dialog).toContainText('has CHANGED');
        await expect(dialog).toContainText(replaced.fingerprint256);
        await expect(dialog).toContainText(first.fingerprint256);
        await page.screenshot({ path: testInfo.outputPath('tls-changed.png') });
        await page.getByTestId('confirm-cancel').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
        await expect(page.getByTestId('status-tls')).toHaveCount(0);
      } finally {
        far.destroy();
        await ser2net.stop();
        await pair.stop();
        dir.remove();
      }
    },
  },
];
