// The Chromium e2e scenarios, in the real Electron app through its preload (e2e/electron-fixture.ts: the
// built main and preload with the renderer's test build, served on app://dialtone/), one test each.
// Shared with the Chromium specs (e2e/scenarios/: one function, called by both hosts, so the Electron job
// runs exactly what passes in Chromium here): the line (PortManager: echo, DTR->DSR, RTS->CTS, baud,
// BREAK, settings re-applied on Disconnect/Connect and Reconnect; ser2net: bytes both ways), the demo
// modem's echo call, the dialer (a phonebook entry's call, a busy number's redials, the callback flow,
// answer mode), the send bar (all 256 byte values), macros (built in the editor, run from the bar and
// F2; the shipped dial example), the profile editor (edit a copy, bad fields, a built-in's copy; screenshots
// at two sizes in both themes), the pane (every byte value in every encoding, Latin-1 box drawing,
// invalid UTF-8, Reset and Clear, a lost connection written in the pane), the window (seven tabs from
// 800x600 up, every essential control in view; the tab strip: names and rename, a question before closing
// a live tab, the tab keys), quick dial's redial countdown, and TLS (first use, a changed certificate).
// Electron's own, written here:
// - security: no Node in the page, one bridge object, app:// origin, no navigation or new windows;
// - logging: a raw log goes to the file main's stubbed dialog.showSaveDialog returns (e2e/logging.spec.ts);
// - window: size, position and the collapsed side panel come back after a restart (e2e/window.spec.ts);
// - About: the Help menu's versions dialog;
// - file transfer: the demo BBS (555-0101), a ZMODEM download of README.TXT into the folder main's stubbed
//   dialog.showOpenDialog returns (SHA-256 as the BBS lists it), a YMODEM upload of the file it returns
//   (the BBS prints the received SHA-256) (e2e/transfer.spec.ts);
// - send bar and hex view: hex from the send bar reaches the far pty of ser2net byte-exact and shows in the
//   hex view's '>' rows, the far end's answer in its '<' rows (e2e/hexview.spec.ts);
// - application menu: every menu command has its item (found by id); Terminal > Clear scrollback empties
//   the pane, Terminal > Hex view toggles the view, Session > New session… opens the dialog, each through
//   Electron's Menu and the 'menu.command' event (src-shared/app/menu.ts).
// Not shared: what only a browser host has (the token and origin checks, downloads, clipboard grants,
// viewport sizes), the UI model's random sequences and the flood bench.
// Paths come only from main's dialogs (stubbed with app.evaluate); the renderer never names one.
// Where no Electron binary is installed (machines with ELECTRON_SKIP_BINARY_DOWNLOAD, or without a
// download), every scenario is listed and skipped with that reason. The CI workflow runs them under
// xvfb-run after `npx install-electron` (.github/workflows/ci.yml, job electron-e2e).
import type { ElectronApplication, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MENU_COMMANDS, type MenuCommand } from '../src-shared/app/menu.js';
import { startPtyPair, startSer2net, tempDir } from '../test/harness/peers.js';
import { appWithTestRenderer, ELECTRON_UNAVAILABLE, launchElectron, type DialtoneElectron } from './electron-fixture.js';
import { connect, expect, openDemoProfile, terminalText, test } from './fixtures.js';
import { bbsReadmeSha, command, downloadReadmeByZmodemOffer, loginToBbs, sha256 } from './bbs.js';
import { hexRows } from './hex-rows.js';
import { DEMO_SCENARIOS } from './scenarios/demo.js';
import { DIALER_SCENARIOS } from './scenarios/dialer.js';
import { LINE_SCENARIOS } from './scenarios/lines.js';
import { MACRO_SCENARIOS } from './scenarios/macros.js';
import { PANE_SCENARIOS } from './scenarios/pane.js';
import { PROFILE_SCENARIOS } from './scenarios/profiles.js';
import { QUICKDIAL_SCENARIOS } from './scenarios/quickdial.js';
import { SENDBAR_SCENARIOS } from './scenarios/sendbar.js';
import { TAB_SCENARIOS } from './scenarios/tabs.js';
import { TLS_SCENARIOS } from './scenarios/tls.js';

test.skip(ELECTRON_UNAVAILABLE !== null, ELECTRON_UNAVAILABLE ?? '');

let appDir: { dir: string; remove(): void } | null = null;
test.beforeAll(() => {
  if (ELECTRON_UNAVAILABLE === null) appDir = appWithTestRenderer();
});
test.afterAll(() => appDir?.remove());

/** Launch, run the scenario, always close and clean up. */
async function withElectron(opts: { demo?: boolean; userData?: string }, fn: (e: DialtoneElectron) => Promise<void>): Promise<void> {
  const e = await launchElectron(appDir!.dir, opts);
  try {
    await fn(e);
  } finally {
    await e.close();
    if (!opts.userData) rmSync(e.userData, { recursive: true, force: true });
  }
}

/** Click the application menu's item for `id` in main, as the operator would; returns its label (null: no such item). */
function clickMenuItem(app: ElectronApplication, id: MenuCommand): Promise<string | null> {
  return app.evaluate(({ Menu }, itemId) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(itemId) ?? null;
    item?.click();
    return item ? item.label : null;
  }, id);
}

const hexBytesOf = async (page: Page, dir: 'rx' | 'tx') => (await hexRows(page)).filter((r) => r.dir === dir).flatMap((r) => r.bytes);

test('Electron, security: no Node in the page, one bridge object, app:// origin; no navigation, no new windows', async () => {
  await withElectron({}, async ({ app, page }) => {
    expect(page.url()).toMatch(/^app:\/\/dialtone\//);
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((window as { dialtone?: object }).dialtone ?? {}).sort())).toEqual(['invoke', 'on']);
    // an unknown channel is refused in the preload, before main
    expect(await page.evaluate(() => (window as unknown as { dialtone: { invoke(n: string, p: unknown): Promise<{ ok: boolean; code?: string }> } }).dialtone.invoke('no.such.channel', {}))).toMatchObject({ ok: false, code: 'unknown-channel' });
    // no new window, no navigation away from the app
    expect(await page.evaluate(() => window.open('https://example.invalid/') === null)).toBe(true);
    await page.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/dialtone\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});

test('Electron, logging: a raw log goes to the file chosen in main\'s save dialog and has the received bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-electron-log-'));
  const file = join(dir, 'chosen.log');
  try {
    await withElectron({ demo: true }, async ({ app, page }) => {
      // the operator's choice in the save dialog (main asks it; the renderer never names a path)
      await app.evaluate(({ dialog }, path) => {
        dialog.showSaveDialog = (async () => ({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
      }, file);
      await openDemoProfile(page);
      await page.getByTestId('panel-log').click();
      await page.getByTestId('log-format').selectOption('raw');
      await page.getByTestId('log-start').click();
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-active', 'true');
      await page.getByTestId('terminal').click();
      await page.keyboard.type('ATI');
      await page.keyboard.press('Enter');
      await expect.poll(() => terminalText(page)).toMatch(/ATI[\s\S]*OK/);
      await expect.poll(async () => Number(await page.getByTestId('log-status').getAttribute('data-bytes'))).toBeGreaterThan(0);
      await page.getByTestId('log-stop').click();
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-active', 'false');
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'latin1')).toMatch(/ATI\r[\s\S]*OK\r\n/);
      expect(statSync(file).size).toBe(Number(await page.getByTestId('log-status').getAttribute('data-bytes')));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Electron, window: size and position and the collapsed side panel are there again after a restart', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'dialtone-electron-data-'));
  const want = { x: 40, y: 30, width: 900, height: 640 };
  try {
    await withElectron({ userData }, async ({ app, page }) => {
      await app.evaluate(({ BrowserWindow }, b) => BrowserWindow.getAllWindows()[0]!.setBounds(b), want);
      await page.getByTestId('side-toggle').click();
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
    });
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ version: 1, maximized: false, bounds: { width: want.width, height: want.height } });
    await withElectron({ userData }, async ({ app, page }) => {
      const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
      expect({ width: bounds.width, height: bounds.height }).toEqual({ width: want.width, height: want.height });
      await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'false');
      await expect(page.getByTestId('side-panel')).toHaveCount(0);
    });
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('Electron, About: Dialtone, Electron, Chromium and Node versions', async () => {
  await withElectron({}, async ({ app }) => {
    const detail = await app.evaluate(async ({ Menu, dialog }) => {
      let shown = '';
      dialog.showMessageBox = (async (...args: unknown[]) => {
        shown = (args.at(-1) as { detail?: string }).detail ?? '';
        return { response: 0, checkboxChecked: false };
      }) as typeof dialog.showMessageBox;
      const help = Menu.getApplicationMenu()!.items.find((i) => i.role === 'help' || i.label === 'Help')!;
      help.submenu!.items.find((i) => i.label === 'About Dialtone')!.click();
      for (let i = 0; i < 50 && !shown; i++) await new Promise((r) => setTimeout(r, 20));
      return { shown, versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node } };
    });
    expect(detail.shown).toContain(`Electron ${detail.versions.electron}`);
    expect(detail.shown).toContain(`Chromium ${detail.versions.chrome}`);
    expect(detail.shown).toContain(`Node ${detail.versions.node}`);
    expect(detail.shown).toMatch(/^Dialtone \d+\.\d+\.\d+/);
  });
});

test('Electron, file transfer: ZMODEM download from the demo BBS into the folder main\'s open dialog returns, YMODEM upload of the file it returns', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const receiveDir = mkdtempSync(join(tmpdir(), 'dialtone-electron-receive-'));
  const sendDir = mkdtempSync(join(tmpdir(), 'dialtone-electron-send-'));
  const upload = randomBytes(6000);
  const uploadFile = join(sendDir, 'upload.bin');
  writeFileSync(uploadFile, upload);
  try {
    await withElectron({ demo: true }, async ({ app, page }) => {
      // the operator's choices in main's open dialogs: a folder to receive into, a file to send (the
      // renderer never names a path); each ask is noted by its title
      await app.evaluate(({ dialog }, paths) => {
        const asked: string[] = [];
        (globalThis as { __dialtoneOpenDialogs?: string[] }).__dialtoneOpenDialogs = asked;
        dialog.showOpenDialog = (async (...args: unknown[]) => {
          const options = args.at(-1) as { title?: string; properties?: string[] };
          asked.push(options.title ?? '');
          return { canceled: false, filePaths: [options.properties?.includes('openDirectory') ? paths.folder : paths.file] };
        }) as typeof dialog.showOpenDialog;
      }, { folder: receiveDir, file: uploadFile });
      const asked = () => app.evaluate(() => [...((globalThis as { __dialtoneOpenDialogs?: string[] }).__dialtoneOpenDialogs ?? [])]);

      await openDemoProfile(page);
      await loginToBbs(page);
      const readmeSha = await bbsReadmeSha(page);

      // ZMODEM download through the auto-start offer, into the folder the dialog returned
      await downloadReadmeByZmodemOffer(page);
      const bar = page.getByTestId('transfer-bar');
      await page.screenshot({ path: testInfo.outputPath('electron-transfer-zmodem-done.png') });
      expect(sha256(readFileSync(join(receiveDir, 'README.TXT')))).toBe(readmeSha);
      await expect.poll(() => terminalText(page)).toMatch(/README\.TXT sent\.\s*> $/m);
      expect(await asked()).toEqual(['Receive files into']);
      await page.getByTestId('transfer-dismiss').click();

      // YMODEM upload via Send…: no file name field in Electron, main's dialog picks the file
      await command(page, 'upload ymodem', 'Start your sender now.');
      await page.getByTestId('pane-menu').click();
      await page.getByTestId('pane-transfer-send').click();
      await expect(page.getByTestId('transfer-dialog')).toBeVisible();
      await expect(page.getByTestId('transfer-file-name')).toHaveCount(0);
      await page.getByTestId('transfer-protocol').selectOption('ymodem');
      await page.getByTestId('transfer-dialog-start').click();
      await expect(bar).toHaveAttribute('data-direction', 'send');
      await expect(bar).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain(`Received upload.bin: ${upload.length} bytes, sha256 ${sha256(upload)}`);
      expect(await asked()).toEqual(['Receive files into', 'Send file']);
    });
  } finally {
    rmSync(receiveDir, { recursive: true, force: true });
    rmSync(sendDir, { recursive: true, force: true });
  }
});

test('Electron, send bar and hex view: hex from the send bar reaches the far pty byte-exact and shows in the hex view\'s rows', async ({}, testInfo) => {
  const dir = tempDir('dialtone-e2e-electron-hex-');
  const pair = await startPtyPair(dir.path);
  const ser2net = await startSer2net(dir.path, pair.a);
  const chunks: Buffer[] = [];
  const far = createReadStream(pair.b);
  far.on('error', () => undefined); // EIO when socat closes the pty
  far.on('data', (d) => chunks.push(Buffer.from(d)));
  const farBytes = () => Buffer.concat(chunks);
  try {
    await withElectron({}, async ({ page }) => {
      await connect(page, `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`);
      await page.getByTestId('pane-menu').click();
      await page.getByTestId('pane-send-bar').click();
      await expect(page.getByTestId('send-bar')).toBeVisible();
      await page.getByTestId('pane-menu').click();
      await page.getByTestId('pane-hex-view').click();
      await expect(page.getByTestId('hex-view')).toBeVisible();
      await expect(page.getByTestId('terminal')).toBeHidden();

      // hex in the bar: these bytes exactly at the far pty (0xFF doubled on the wire, undoubled by ser2net), a '>' row
      const sent = [0x00, 0x01, 0x11, 0x13, 0x7f, 0x80, 0xfe, 0xff, 0x41, 0x54, 0x0d];
      await page.getByTestId('send-syntax').selectOption('hex');
      await page.getByTestId('send-input').fill(Buffer.from(sent).toString('hex').toUpperCase().replace(/(..)/g, '$1 ').trim());
      await expect(page.getByTestId('send-preview')).toHaveAttribute('data-bytes', String(sent.length));
      await page.getByTestId('send-button').click();
      await expect.poll(() => farBytes().length).toBe(sent.length);
      expect([...farBytes()]).toEqual(sent);
      await expect.poll(() => hexBytesOf(page, 'tx')).toEqual(sent);
      expect((await hexRows(page)).filter((r) => r.dir === 'tx').every((r) => r.mark === '>')).toBe(true);

      // the far end's answer in '<' rows
      writeFileSync(pair.b, Buffer.from([0x4f, 0x4b, 0x0d, 0x0a, 0x00, 0xff]));
      await expect.poll(() => hexBytesOf(page, 'rx')).toEqual([0x4f, 0x4b, 0x0d, 0x0a, 0x00, 0xff]);
      expect((await hexRows(page)).filter((r) => r.dir === 'rx').every((r) => r.mark === '<')).toBe(true);
      await page.screenshot({ path: testInfo.outputPath('electron-hex-view-send-bar.png') });
    });
  } finally {
    far.destroy();
    await ser2net.stop();
    await pair.stop();
    dir.remove();
  }
});

test('Electron, application menu: every command has its item; Clear scrollback, Hex view and New session… act in the window', async () => {
  await withElectron({ demo: true }, async ({ app, page }) => {
    // every command of the model is an item of Electron's menu, found by its id
    const missing = await app.evaluate(({ Menu }, ids) => ids.filter((id) => !Menu.getApplicationMenu()?.getMenuItemById(id)), [...MENU_COMMANDS]);
    expect(missing).toEqual([]);

    await openDemoProfile(page);
    await command(page, 'ATI', /ATI[\s\S]*OK/);
    // Terminal > Clear scrollback: the pane is empty (the cursor's empty line stays), and still works
    expect(await clickMenuItem(app, 'clear')).toBe('Clear scrollback');
    await expect.poll(() => terminalText(page)).not.toMatch(/ATI|OK/);
    await command(page, 'AT', /OK/);

    // Terminal > Hex view: on, then off again
    expect(await clickMenuItem(app, 'hexView')).toBe('Hex view');
    await expect(page.getByTestId('hex-view')).toBeVisible();
    await expect(page.getByTestId('terminal')).toBeHidden();
    await clickMenuItem(app, 'hexView');
    await expect(page.getByTestId('hex-view')).toHaveCount(0);
    await expect(page.getByTestId('terminal')).toBeVisible();

    // Session > New session…: the dialog opens; Cancel closes it
    expect(await clickMenuItem(app, 'newSession')).toBe('New session…');
    const dialog = page.getByTestId('new-session-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('ns-cancel').click();
    await expect(dialog).toHaveCount(0);
  });
});

const SHARED = [
  { area: 'line', scenarios: LINE_SCENARIOS },
  { area: 'demo modem', scenarios: DEMO_SCENARIOS },
  { area: 'dialer', scenarios: DIALER_SCENARIOS },
  { area: 'send bar', scenarios: SENDBAR_SCENARIOS },
  { area: 'macros', scenarios: MACRO_SCENARIOS },
  { area: 'pane', scenarios: PANE_SCENARIOS },
  { area: 'profiles', scenarios: PROFILE_SCENARIOS },
  { area: 'window', scenarios: TAB_SCENARIOS },
  { area: 'quick dial', scenarios: QUICKDIAL_SCENARIOS },
  { area: 'TLS', scenarios: TLS_SCENARIOS },
];
for (const { area, scenarios } of SHARED) {
  for (const s of scenarios) {
    test(`Electron, ${area}: ${s.title}`, async ({}, testInfo) => {
      await withElectron({ demo: s.demo }, async ({ app, page }) => {
        // main's config folder, as main itself names it
        const configDir = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
        await s.run(page, testInfo, { configDir });
      });
    });
  }
}
