// The line scenarios both hosts run (see scenario.ts), against real peers: pyserial's PortManager on
// loop:// (echo, RTS->CTS, DTR->DSR, baud, BREAK; settings re-applied on reconnect) and ser2net on a socat
// pty pair.
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, expect, terminalText } from '../fixtures.js';
import { startPortManager, startPtyPair, startSer2net, tempDir } from '../../test/harness/peers.js';
import type { SharedScenario } from './scenario.js';

/** The profile named `name` in the config folder's profiles.json, or undefined. */
function savedProfile(configDir: string, name: string): unknown {
  const file = join(configDir, 'profiles.json');
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { profiles: Array<{ name: string }> };
  return stored.profiles.find((p) => p.name === name);
}

export const LINE_SCENARIOS: SharedScenario[] = [
  {
    title: 'PortManager: echo, DTR->DSR, RTS->CTS, baud in effect, BREAK',
    demo: false,
    run: async (page, testInfo) => {
      const pm = await startPortManager();
      try {
        await page.screenshot({ path: testInfo.outputPath('main-screen-empty.png') });
        await connect(page, `rfc2217://127.0.0.1:${pm.port}`);

        // typing: PortManager echoes on loop://, local echo is off, so the text appears once, from the line
        await page.getByTestId('terminal').click();
        await page.keyboard.type('hello dialtone');
        await expect.poll(() => terminalText(page)).toContain('hello dialtone');

        // DTR drives DSR and RTS drives CTS on loop://: the lamps follow the buttons
        const dtr = page.getByTestId('dtr-toggle');
        const rts = page.getByTestId('rts-toggle');
        for (const [button, lamp] of [
          [dtr, page.getByTestId('lamp-dsr')],
          [rts, page.getByTestId('lamp-cts')],
        ] as const) {
          const before = await button.getAttribute('aria-pressed');
          const expectOn = before !== 'true';
          await button.click();
          await expect(button).toHaveAttribute('aria-pressed', String(expectOn));
          await expect(lamp).toHaveAttribute('data-state', expectOn ? 'on' : 'off');
          await button.click();
          await expect(button).toHaveAttribute('aria-pressed', String(!expectOn));
          await expect(lamp).toHaveAttribute('data-state', expectOn ? 'off' : 'on');
        }

        // baud: the value in effect is the one the server confirmed
        await page.getByTestId('baud-input').selectOption('9600');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '9600');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-state', 'confirmed');
        await page.getByTestId('baud-input').selectOption('115200');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '115200');
        // a custom baud out of range or not a number: the valid range is said beside the field, nothing sent
        await page.getByTestId('baud-input').selectOption('custom');
        const custom = page.getByTestId('baud-custom');
        for (const bad of ['0', 'abc', '-300', '99999999']) {
          await custom.fill(bad);
          await custom.press('Enter');
          await expect(page.getByTestId('baud-error')).toContainText('a whole number of bits/s from 1 to 16000000');
          await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '115200');
          await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-state', 'confirmed');
        }
        await custom.fill('250000');
        await custom.press('Enter');
        await expect(page.getByTestId('baud-error')).toHaveCount(0);
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '250000');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-state', 'confirmed');
        // with a custom rate in effect, Custom… still opens the field for another one
        await expect(page.getByTestId('baud-custom')).toHaveCount(0);
        await expect(page.getByTestId('baud-input')).toHaveValue('250000');
        await page.getByTestId('baud-input').selectOption('custom');
        await custom.fill('76800');
        await custom.press('Enter');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '76800');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-state', 'confirmed');
        await page.getByTestId('baud-input').selectOption('115200');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-value', '115200');

        // BREAK: Shift+click holds it (the server confirms BREAK on), a click releases it
        const brk = page.getByTestId('break-button');
        await brk.click({ modifiers: ['Shift'] });
        await expect(brk).toHaveClass(/held/);
        await brk.click();
        await expect(brk).not.toHaveClass(/held/);
        // and a plain click sends a timed pulse without any error notice
        await brk.click();
        await expect(page.getByTestId('notice-error')).toHaveCount(0);

        await page.screenshot({ path: testInfo.outputPath('main-screen-connected.png'), fullPage: true });
        await testInfo.attach('main screen', { path: testInfo.outputPath('main-screen-connected.png'), contentType: 'image/png' });
      } finally {
        await pm.stop();
      }
    },
  },
  {
    title: 'ser2net: bytes written at the far pty appear in the pane, typed bytes reach it',
    demo: false,
    run: async (page) => {
      const dir = tempDir('dialtone-e2e-pty-');
      const pair = await startPtyPair(dir.path);
      const ser2net = await startSer2net(dir.path, pair.a);
      try {
        await connect(page, `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`);
        writeFileSync(pair.b, 'from the far side of the cable\r\n');
        await expect.poll(() => terminalText(page)).toContain('from the far side of the cable');
        // and the other way: typed bytes arrive at the far pty
        const far = createReadStream(pair.b);
        // a read still pending when socat closes the pty ends in EIO: the pty going away, not a failure
        far.on('error', () => undefined);
        let got = '';
        const arrived = new Promise<void>((resolve) =>
          far.on('data', (d) => {
            got += d.toString();
            if (got.includes('typed toward the device')) resolve();
          }),
        );
        await page.getByTestId('terminal').click();
        await page.keyboard.type('typed toward the device');
        await arrived;
        far.destroy();
      } finally {
        await ser2net.stop();
        await pair.stop();
        dir.remove();
      }
    },
  },
  // the sequences operators broke the first landing with (a baud change before DTR is touched,
  // Disconnect then Connect, Reconnect): DTR and RTS stay drivable, and what was asked is applied again
  {
    title: 'PortManager: baud first, then DTR/RTS; Disconnect/Connect and Reconnect re-apply them; Save active tab keeps them',
    demo: false,
    run: async (page, testInfo, host) => {
      const pm = await startPortManager();
      try {
        await connect(page, `rfc2217://127.0.0.1:${pm.port}`);
        const dtr = page.getByTestId('dtr-toggle');
        const rts = page.getByTestId('rts-toggle');
        const dsr = page.getByTestId('lamp-dsr');
        const cts = page.getByTestId('lamp-cts');

        // baud before DTR: the buttons stay enabled (an unknown line is not an unsupported one)
        await page.getByTestId('baud-input').selectOption('9600');
        await expect(page.getByTestId('baud-effective')).toHaveAttribute('data-state', 'confirmed');
        await expect(dtr).toBeEnabled();
        await expect(rts).toBeEnabled();
        // PortManager never answers the DTR/RTS queries: unknown, shown as such, not as off or confirmed
        await expect(page.getByTestId('lamp-dtr')).toHaveAttribute('data-state', 'unknown');
        await dtr.click();
        await rts.click();
        await expect(dsr).toHaveAttribute('data-state', 'on');
        await expect(cts).toHaveAttribute('data-state', 'on');

        // Disconnect: nothing stays lit, nothing is shown as in effect or waiting for the server; what
        // was asked is named as asked, applied when connected
        const baudEffective = page.getByTestId('baud-effective');
        await page.getByTestId('disconnect-button').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
        await expect(dsr).toHaveAttribute('data-state', 'unknown');
        for (const which of ['dtr', 'rts']) {
          const lamp = page.getByTestId(`lamp-${which}`);
          await expect(lamp).toHaveAttribute('data-state', 'unknown');
          await expect(lamp).toHaveAttribute('data-confirm', 'offline');
          await expect(lamp).toHaveAttribute('title', new RegExp(`^${which.toUpperCase()} \\(.*\\): unavailable — not connected; asked: on — applied when connected$`));
        }
        await expect(baudEffective).toHaveAttribute('data-state', 'offline');
        await expect(baudEffective).toHaveAttribute('data-value', '');
        await expect(baudEffective).toHaveAttribute('title', 'Not connected — asked: 9600, applied when connected');
        await expect(baudEffective).not.toContainText('…');
        await expect(page.getByTestId('line-offline-hint')).toContainText('applied when connected');
        // what is asked while disconnected is kept and applied by Connect: baud, and DTR/RTS
        await expect(dtr).toBeEnabled();
        await expect(page.getByTestId('baud-input')).toBeEnabled();
        await page.getByTestId('baud-input').selectOption('19200');
        await expect(baudEffective).toHaveAttribute('data-asked', '19200');
        await expect(baudEffective).toHaveAttribute('data-state', 'offline');
        await expect(page.getByTestId('baud-input')).toHaveValue('19200');
        await page.getByTestId('btn-connect').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
        await expect(dtr).toBeEnabled();
        await expect(dsr).toHaveAttribute('data-state', 'on');
        await expect(cts).toHaveAttribute('data-state', 'on');
        await expect(page.getByTestId('lamp-dtr')).toHaveAttribute('data-state', 'on');
        await expect(page.getByTestId('lamp-dtr')).not.toHaveAttribute('data-confirm', 'offline');
        // the server reports the baud asked while disconnected
        await expect(baudEffective).toHaveAttribute('data-value', '19200');
        await expect(baudEffective).toHaveAttribute('data-state', 'confirmed');
        await page.getByTestId('baud-input').selectOption('9600');
        await expect(baudEffective).toHaveAttribute('data-value', '9600');

        // Reconnect: the same again
        await page.getByTestId('btn-reconnect').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'connected');
        await expect(dsr).toHaveAttribute('data-state', 'on');
        await dtr.click();
        await expect(dsr).toHaveAttribute('data-state', 'off');
        await expect(cts).toHaveAttribute('data-state', 'on');
        await page.screenshot({ path: testInfo.outputPath('reapplied-after-reconnect.png'), fullPage: true });

        // Save active tab: the profile keeps what the operator asked for (baud, DTR off, RTS on)
        await page.getByTestId('panel-profiles').click();
        await page.getByTestId('profile-save-name').fill('PortManager as asked');
        await page.getByTestId('profile-save').click();
        await expect.poll(() => savedProfile(host.configDir, 'PortManager as asked')).toMatchObject({ settings: { baud: 9600 }, dtr: false, rts: true });
      } finally {
        await pm.stop();
      }
    },
  },
  // the tooltips give the true reason a lamp or BREAK is unavailable: on a connected raw TCP tab the lamps
  // are not "not connected" (the title was written once, while connecting, and never again), and a
  // disconnected RFC 2217 tab's BREAK is "not connected", not "raw TCP"
  {
    title: 'ser2net: lamp and BREAK tooltips say why (raw TCP has no modem lines; not connected)',
    demo: false,
    run: async (page) => {
      const dir = tempDir('dialtone-e2e-tooltips-');
      const pair = await startPtyPair(dir.path);
      const ser2net = await startSer2net(dir.path, pair.a);
      try {
        const cts = page.getByTestId('lamp-cts');
        const brk = page.getByTestId('break-button');
        await connect(page, `tcp://127.0.0.1:${ser2net.rawPort}`);
        await expect(cts).toHaveAttribute('data-state', 'unknown');
        await expect(cts).toHaveAttribute('title', 'CTS (Clear To Send): unavailable — raw TCP has no modem lines');
        await expect(brk).toHaveAttribute('title', 'BREAK: raw TCP cannot signal BREAK');
        await page.getByTestId('disconnect-button').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');

        await connect(page, `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`);
        await expect(brk).toBeEnabled();
        await page.getByTestId('disconnect-button').click();
        await expect(page.getByTestId('session-status').first()).toHaveAttribute('data-state', 'disconnected');
        await expect(brk).toBeDisabled();
        await expect(brk).toHaveAttribute('title', 'BREAK: not connected');
        await expect(cts).toHaveAttribute('data-state', 'unknown');
        await expect(cts).toHaveAttribute('title', 'CTS (Clear To Send): unavailable — not connected');
        await expect(page.getByTestId('lamp-dcd')).toHaveAttribute('title', 'DCD (Data Carrier Detect): unavailable — not connected');
      } finally {
        await ser2net.stop();
        await pair.stop();
        dir.remove();
      }
    },
  },
];
