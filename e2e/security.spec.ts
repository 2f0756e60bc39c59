// The browser host's guards, seen from a real browser: a page without the token cannot reach main, and a
// page from another origin that knows the token still cannot open the socket (cross-site WebSocket
// hijacking), because the Origin is checked before the upgrade.
import { createServer } from 'node:http';
import { freePort } from '../test/harness/peers.js';
import { expect, test } from './fixtures.js';

test('without the token the page cannot reach main and says so', async ({ page, dialtone }) => {
  await page.goto(dialtone.origin + '/');
  await expect(page.getByTestId('bridge-error')).toBeVisible();
});

test('a page from a foreign origin cannot open the socket, even with the token', async ({ page, dialtone }) => {
  const port = await freePort();
  const foreign = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => foreign.listen(port, '127.0.0.1', () => resolve()));
  try {
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onclose = (ev) => resolve(`closed ${ev.code}`);
        }),
      `ws://127.0.0.1:${dialtone.port}/ws?token=${dialtone.token}`,
    );
    expect(outcome).toBe('closed 1006');
    // the same URL from the app's own page opens
    await page.goto(dialtone.url);
    const own = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onclose = (ev) => resolve(`closed ${ev.code}`);
        }),
      `ws://127.0.0.1:${dialtone.port}/ws?token=${dialtone.token}`,
    );
    expect(own).toBe('open');
  } finally {
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  }
});
