// Scenarios of the pane (issue 10) that both hosts run (see scenario.ts): whatever bytes the far end
// sends, in any encoding, text after them is drawn; invalid UTF-8 shows as U+FFFD; an unterminated
// control string (ESC P ...) is ended by Reset; Clear empties the scrollback; a lost connection is written
// in the pane. The far end is a raw TCP server the scenario owns (tcp-peer.ts), so every byte value
// reaches the pane exactly.
import type { Page } from '@playwright/test';
import { connect, expect, terminalText } from '../fixtures.js';
import { tcpPeer, type TcpPeer } from '../tcp-peer.js';
import type { SharedScenario } from './scenario.js';

/** Run `fn` with a fresh TCP far end, closed after (whatever the scenario left it as). */
async function withPeer(fn: (peer: { current: TcpPeer }) => Promise<void>): Promise<void> {
  const peer = { current: await tcpPeer() };
  try {
    await fn(peer);
  } finally {
    await peer.current.close();
  }
}

async function setEncoding(page: Page, encoding: 'utf-8' | 'latin1' | 'cp437'): Promise<void> {
  await page.getByTestId('panel-line').click();
  await page.getByTestId('opt-encoding').selectOption(encoding);
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** `n` printable ASCII bytes (no line ends) whose order shows: the same in the page and here. */
function pasteText(n: number): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${i.toString(36)}.`;
  return s.slice(0, n);
}

/** Paste pasteText(n) into the active pane the way the clipboard does (a paste event on xterm's textarea). */
async function paste(page: Page, n: number): Promise<void> {
  await page.evaluate((count) => {
    let text = ''; // built in the page (as pasteText): 10 MiB is not sent over the protocol
    for (let i = 0; text.length < count; i++) text += `${i.toString(36)}.`;
    const data = new DataTransfer();
    data.setData('text/plain', text.slice(0, count));
    const target = document.querySelector('[data-testid="terminal"] textarea')!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, n);
}

const txBytes = async (page: Page) => Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'));

export const PANE_SCENARIOS: SharedScenario[] = [
  {
    title: 'every byte value, in every encoding, and then ASCII: the ASCII is on screen',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        for (const encoding of ['utf-8', 'latin1', 'cp437'] as const) {
          await setEncoding(page, encoding);
          peer.current.send(ALL_BYTES);
          peer.current.send(`\r\nafter all 256 bytes in ${encoding}\r\n`);
          await expect.poll(() => terminalText(page), { message: encoding }).toContain(`after all 256 bytes in ${encoding}`);
        }
      }),
  },
  {
    title: 'Latin-1 with UTF-8 box drawing from the far end (E2 94 90): 0x90 is shown, not run as DCS',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        await setEncoding(page, 'latin1');
        peer.current.send(Buffer.from([0x41, 0xe2, 0x94, 0x90, 0x42, 0x0d, 0x0a]));
        peer.current.send('still drawing\r\n');
        await expect.poll(() => terminalText(page)).toContain('still drawing');
        expect(await terminalText(page)).toContain('A\u00e2\ufffd\ufffdB'); // â, then 0x94 and 0x90 as visible substitutes
      }),
  },
  {
    title: 'UTF-8: invalid bytes show as U+FFFD (a wrong baud rate looks like garbage, not blank lines)',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        peer.current.send(Buffer.from([0x61, 0xff, 0xfe, 0x80, 0x62, 0x0d, 0x0a]));
        await expect.poll(() => terminalText(page)).toContain('a\ufffd\ufffd\ufffdb');
      }),
  },
  {
    title: 'Reset ends a control string the far end left open; Clear empties the scrollback',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        peer.current.send('before\r\n');
        await expect.poll(() => terminalText(page)).toContain('before');
        // count the bytes xterm has parsed (the test build's tap on the write callback)
        await page.evaluate(() => {
          const w = window as unknown as { __parsed: number; __dialtoneTest: { onParsed(l: (dir: string, n: number) => void): void } };
          w.__parsed = 0;
          w.__dialtoneTest.onParsed((_dir, n) => (w.__parsed += n));
        });
        const swallowed = '\x1bPqswallowed\r\n'; // a 7-bit DCS (sixel) that never gets its ST: xterm swallows what follows
        peer.current.send(swallowed);
        await expect.poll(() => page.evaluate(() => (window as unknown as { __parsed: number }).__parsed)).toBe(swallowed.length);
        expect(await terminalText(page)).not.toContain('swallowed');
        await page.getByTestId('pane-menu').click();
        await page.getByTestId('pane-reset').click();
        peer.current.send('after reset\r\n');
        await expect.poll(() => terminalText(page)).toContain('after reset');
        expect(await terminalText(page)).not.toContain('swallowed');

        for (let i = 0; i < 200; i++) peer.current.send(`scrollback line ${i}\r\n`);
        await expect.poll(() => terminalText(page)).toContain('scrollback line 199');
        await page.getByTestId('terminal').click();
        await page.keyboard.press('Control+Shift+K');
        await expect.poll(() => terminalText(page)).not.toContain('scrollback line 10');
        peer.current.send('drawn after clear\r\n');
        await expect.poll(() => terminalText(page)).toContain('drawn after clear');
      }),
  },
  {
    title: 'the keyboard comes back to the terminal after a menu, a dialog or a question: typing goes on reaching the far end',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        await page.getByTestId('terminal').click();
        const typed = () => peer.current.received.map((b) => b.toString('latin1')).join('');
        const typeAndSee = async (key: string, sent: string) => {
          await page.keyboard.type(key);
          await expect.poll(typed).toBe(sent);
        };
        await typeAndSee('a', 'a');
        // the Terminal menu: a choice (Clear), then Escape
        await page.getByTestId('pane-menu').click();
        await page.getByTestId('pane-clear').click();
        await typeAndSee('b', 'ab');
        await page.getByTestId('pane-menu').click();
        await page.keyboard.press('Escape');
        await typeAndSee('c', 'abc');
        // a dialog closed with Escape, and with its Cancel button
        await page.getByTestId('new-session').click();
        await expect(page.getByTestId('new-session-dialog')).toBeVisible();
        await page.keyboard.press('Escape');
        await typeAndSee('d', 'abcd');
        await page.getByTestId('new-session').click();
        await page.getByTestId('ns-cancel').click();
        await typeAndSee('e', 'abcde');
        // a question closed (the tab's close question, cancelled)
        await page.keyboard.press('Control+Shift+W');
        await page.getByTestId('confirm-cancel').click();
        await typeAndSee('f', 'abcdef');
      }),
  },
  {
    title: 'a 10 MiB paste reaches the far end whole and in order; one over the limit is refused before anything is sent; ↑ counts exactly what was sent',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        await page.getByTestId('terminal').click();
        const MiB = 1024 * 1024;
        const got = () => peer.current.received[0]?.length ?? 0;

        // over the limit: told in words, nothing sent, nothing counted
        await paste(page, 17 * MiB);
        await expect.poll(() => terminalText(page)).toContain('a paste of 17 MiB is over the 16 MiB limit: nothing was sent');
        await page.waitForTimeout(500);
        expect(got()).toBe(0);
        expect(await txBytes(page)).toBe(0);

        const big = pasteText(10 * MiB);
        await paste(page, 10 * MiB);
        await page.keyboard.type('abc'); // typed during the paste: after it on the line
        const want = Buffer.from(`${big}abc`, 'latin1');
        await expect.poll(got, { timeout: 60_000 }).toBe(want.length);
        expect(peer.current.received[0]!.equals(want)).toBe(true);
        await expect.poll(() => txBytes(page)).toBe(want.length);
        expect(await terminalText(page)).not.toContain('not accepted');
      }),
  },
  {
    title: 'a lost connection is written in the pane, the lamps go unknown, typing is kept (shown as queued) and sent once it is back',
    demo: false,
    run: (page) =>
      withPeer(async (peer) => {
        await connect(page, `tcp://127.0.0.1:${peer.current.port}`);
        peer.current.send('hello\r\n');
        await expect.poll(() => terminalText(page)).toContain('hello');
        const port = peer.current.port;
        await peer.current.close(); // the far end goes away: refused on every retry
        await expect.poll(() => terminalText(page)).toMatch(/\[dialtone\] connection lost: .* — reconnecting in [\d.]+ s/);
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', /reconnecting|connecting/);
        for (const lamp of ['cts', 'dsr', 'ri', 'dcd']) await expect(page.getByTestId(`lamp-${lamp}`)).toHaveAttribute('data-state', 'unknown');
        // at 800x600 the status bar's "Reconnecting in N s" fits its cell (it once ran over the target)
        const size = page.viewportSize();
        await page.setViewportSize({ width: 800, height: 600 });
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'reconnecting');
        await expect.poll(() => page.getByTestId('session-status').first().evaluate((el) => /in \d+ s/.test(el.textContent ?? '') && el.scrollWidth <= el.clientWidth)).toBe(true);
        if (size) await page.setViewportSize(size);

        const sentBefore = Number(await page.getByTestId('tx-bytes').getAttribute('data-bytes'));
        await page.getByTestId('terminal').click();
        await page.keyboard.type('kept');
        await expect.poll(() => terminalText(page)).toContain('[dialtone] not connected yet: what you type is kept and sent when the link is back');
        await expect(page.getByTestId('tx-bytes')).toHaveAttribute('data-queued', '4');
        await expect(page.getByTestId('tx-bytes')).toHaveAttribute('data-bytes', String(sentBefore));

        peer.current = await tcpPeer(port); // the far end is back (closed after)
        await expect.poll(() => terminalText(page), { timeout: 45_000 }).toContain('[dialtone] connected again');
        await expect.poll(() => peer.current.received[0]?.toString('latin1')).toBe('kept');
        await expect(page.getByTestId('tx-bytes')).toHaveAttribute('data-queued', '0');
        await expect(page.getByTestId('tx-bytes')).toHaveAttribute('data-bytes', String(sentBefore + 4));
      }),
  },
];
