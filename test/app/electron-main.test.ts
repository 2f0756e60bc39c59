// The Electron entry (dist/main/index.cjs, as built) loaded in plain Node against a stand-in `electron`
// module. A fake is the only option here: no Electron binary can be installed on this machine (see
// e2e/electron.spec.ts, which runs the real app where one is). The stand-in records what the entry asks
// of Electron, so this checks the security settings, the app:// protocol with its CSP, the IPC sender
// check, and the router wiring on the built bundle.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_CHANNEL_PREFIX, REQUEST_NAMES, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { startSimServer } from '../../src-main/sim/server.js';
import { DIALER_TIMING } from '../dialer/sim-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'dist/main/index.cjs');
const userData = mkdtempSync(join(tmpdir(), 'dialtone-electron-fake-'));

type Handler = (event: unknown, payload: unknown) => Promise<ReplyEnvelope>;
const handles = new Map<string, Handler>();
const privileged: unknown[] = [];
const protocols = new Map<string, (req: Request) => Promise<Response>>();
const opened: string[] = [];
const asked: Array<{ detail?: string }> = [];
const answers: number[] = [];
let permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
let permissionCheck: (() => boolean) | null = null;
let quitCalls = 0;
const notified: Array<{ title: string; body: string }> = [];
let focused = true;
class Notification extends EventEmitter {
  static isSupported = () => true;
  static shown: Notification[] = [];
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  static events = new EventEmitter();
  show() {
    notified.push(this.options);
    Notification.shown.push(this);
    Notification.events.emit('shown');
  }
}
let menuSet = false;
let menu: unknown = null;
let allHandled: () => void;
const handled = new Promise<void>((resolve) => (allHandled = resolve));

class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
    this.emit('sent');
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
}

let sandboxAll = false;
const app = Object.assign(new EventEmitter(), {
  enableSandbox: () => void (sandboxAll = true),
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => join(userData, name),
  getVersion: () => '0.1.0-test',
  quit: () => void quitCalls++,
  exit: () => undefined,
  isPackaged: false,
});

class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all;
  webContents = new FakeWebContents();
  url = '';
  constructor(readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    BrowserWindow.all.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  static getFocusedWindow = () => BrowserWindow.all[0] ?? null;
  isDestroyed = () => false;
  isMinimized = () => false;
  isFocused = () => focused;
  show() {}
  focus() {}
  restore() {}
}

const fakeElectron = {
  app,
  BrowserWindow,
  Notification,
  dialog: {
    showErrorBox: () => undefined,
    showSaveDialog: async () => ({ canceled: true }),
    // the operator's answers to message boxes, in order (0: the first button); Cancel when none is left
    showMessageBox: async (...args: unknown[]) => {
      asked.push(args.at(-1) as { detail?: string });
      return { response: answers.shift() ?? 1 };
    },
  },
  ipcMain: {
    handle(channel: string, fn: Handler) {
      handles.set(channel, fn);
      if (handles.size === REQUEST_NAMES.length) allHandled();
    },
  },
  Menu: {
    buildFromTemplate: (t: unknown) => t,
    setApplicationMenu: (m: unknown) => {
      menuSet = true;
      menu = m;
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (s: unknown[]) => privileged.push(...s),
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => protocols.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof permissionRequest) => (permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof permissionCheck) => (permissionCheck = fn),
      webRequest: { onHeadersReceived: () => undefined },
    },
  },
  shell: { openExternal: async (url: string) => void opened.push(url), showItemInFolder: () => undefined },
};

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run node scripts/build.mjs (npm test does)`);
  process.argv.push('--no-demo');
  const require = createRequire(import.meta.url);
  const Module = require('node:module') as { _load: (req: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? fakeElectron : load.call(this, request, ...rest);
  };
  try {
    require(BUNDLE);
  } finally {
    Module._load = load;
  }
  await handled;
  // the window is created right after the handlers
  await new Promise<void>((resolve) => {
    const check = () => (BrowserWindow.all.length ? resolve() : setImmediate(check));
    check();
  });
}, 60_000);

afterAll(async () => {
  app.emit('before-quit', { preventDefault: () => undefined });
  rmSync(userData, { recursive: true, force: true });
});

const win = () => BrowserWindow.all[0]!;
const ours = () => ({ sender: win().webContents, senderFrame: { url: 'app://dialtone/index.html' } });

describe('Electron main (built bundle, stand-in electron)', () => {
  it('makes a locked-down window on app://dialtone/ with the sandboxed preload', () => {
    const prefs = win().options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(existsSync(String(prefs.preload))).toBe(true);
    expect(String(prefs.preload)).toMatch(/dist\/preload\/index\.cjs$/);
    expect(win().url).toBe('app://dialtone/index.html');
    expect(privileged).toContainEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
    expect(menuSet).toBe(true);
    expect(sandboxAll).toBe(true);
  });

  type Item = { role?: string; label?: string; accelerator?: string; registerAccelerator?: boolean; submenu?: Item[]; click?: () => void };
  const menuItems = (): Item[] => {
    const items: Item[] = [];
    const walk = (list: Item[]) => list.forEach((i) => (items.push(i), i.submenu && walk(i.submenu)));
    walk(menu as Item[]);
    return items;
  };

  it('binds no key the far end needs in the menu (Ctrl+C/V/X/Z/A/Y/W/Q/R go to the device)', () => {
    const items = menuItems();
    // stock roles whose default accelerators are plain Ctrl+letter (or whole menus of them)
    const stock = new Set(['fileMenu', 'editMenu', 'windowMenu', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'close', 'quit', 'reload', 'forceReload', 'minimize']);
    for (const i of items) {
      if (i.role && stock.has(i.role)) expect(i.accelerator !== undefined || i.registerAccelerator === false, `role ${i.role}`).toBe(true);
      // a registered accelerator takes Shift; a shown-only one (the renderer's own key, e.g. Ctrl+Tab) is left to the page
      if (i.accelerator && i.registerAccelerator !== false) expect(i.accelerator, `role ${i.role}`).toMatch(/Shift\+/);
    }
    expect(items.map((i) => i.role)).toEqual(expect.arrayContaining(['paste', 'quit']));
    expect(items.find((i) => i.label === 'Toggle DTR')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+D', registerAccelerator: false });
  });

  it("a menu command goes to the window as 'menu.command'", () => {
    const items = menuItems();
    const before = win().webContents.sent.length;
    items.find((i) => i.label === 'Send BREAK')!.click!();
    items.find((i) => i.label === 'Start log…')!.click!();
    expect(win().webContents.sent.slice(before)).toEqual([
      [`${ELECTRON_CHANNEL_PREFIX}menu.command`, { command: 'break' }],
      [`${ELECTRON_CHANNEL_PREFIX}menu.command`, { command: 'logStart' }],
    ]);
  });

  it('serves the renderer with the CSP and nothing outside it', async () => {
    const serve = protocols.get('app')!;
    const page = await serve(new Request('app://dialtone/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');
    expect((await serve(new Request('app://dialtone/%2e%2e/%2e%2e/package.json'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('handles every contract channel, refusing frames that are not ours and malformed payloads', async () => {
    for (const name of REQUEST_NAMES) expect(handles.has(ELECTRON_CHANNEL_PREFIX + name)).toBe(true);
    const info = handles.get(`${ELECTRON_CHANNEL_PREFIX}app.info`)!;
    expect(await info(ours(), {})).toMatchObject({ ok: true, value: { host: 'electron', version: '0.1.0-test', demoModem: false } });
    expect(await info({ sender: win().webContents, senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false });
    expect(await info({ sender: new FakeWebContents(), senderFrame: { url: 'app://dialtone/index.html' } }, {})).toMatchObject({ ok: false });
    expect(await info({ sender: win().webContents, senderFrame: null }, {})).toMatchObject({ ok: false });
    const write = handles.get(`${ELECTRON_CHANNEL_PREFIX}session.write`)!;
    expect(await write(ours(), { sessionId: 's1', bytes: 'x' })).toMatchObject({ ok: false, code: 'bad-request' });
  });

  it('sends events to the window', async () => {
    const save = handles.get(`${ELECTRON_CHANNEL_PREFIX}profiles.save`)!;
    expect(await save(ours(), { profile: { name: 'Bench', target: { kind: 'serial', path: '/dev/ttyS0' } } })).toMatchObject({ ok: true });
    const open = handles.get(`${ELECTRON_CHANNEL_PREFIX}session.open`)!;
    const r = await open(ours(), { target: { kind: 'raw', host: '127.0.0.1', port: 1 } });
    expect(r.ok).toBe(true);
    expect(win().webContents.sent.some(([ch]) => ch === `${ELECTRON_CHANNEL_PREFIX}sessions.changed`)).toBe(true);
    // a reload makes the page a new renderer; events keep coming to the window
    win().webContents.emit('did-start-loading');
    const before = win().webContents.sent.length;
    expect(await save(ours(), { profile: { name: 'Bench 2', target: { kind: 'serial', path: '/dev/ttyS1' } } })).toMatchObject({ ok: true });
    await open(ours(), { target: { kind: 'raw', host: '127.0.0.1', port: 1 } });
    expect(win().webContents.sent.length).toBeGreaterThan(before);
    await handles.get(`${ELECTRON_CHANNEL_PREFIX}session.close`)!(ours(), { sessionId: (r as { value: { sessionId: string } }).value.sessionId });
  });

  it('a dial result notifies through Notification only while the window is not focused', async () => {
    const server = await startSimServer({ port: 0, timing: DIALER_TIMING });
    const open = handles.get(`${ELECTRON_CHANNEL_PREFIX}session.open`)!;
    const dial = handles.get(`${ELECTRON_CHANNEL_PREFIX}dial.start`)!;
    const sent = () => win().webContents.sent as Array<[string, { sessionId?: string; state?: string; event?: { state?: string } }]>;
    /** Resolve once `what` holds, checked after each event sent to the window (bounded by the test's timeout). */
    const until = (what: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!what()) return;
          win().webContents.off('sent', check);
          resolve();
        };
        win().webContents.on('sent', check);
        check();
      });
    /** Open a session to the demo modem, dial its busy number, and wait for the dial's end. */
    const dialBusy = async (name: string) => {
      const r = (await open(ours(), { target: { kind: 'rfc2217', host: '127.0.0.1', port: server.port }, options: { dtr: true, rts: true }, name })) as { ok: true; value: { sessionId: string } };
      const sessionId = r.value.sessionId;
      await until(() => sent().some(([ch, p]) => ch === `${ELECTRON_CHANNEL_PREFIX}session.event` && p.sessionId === sessionId && p.event?.state === 'connected'));
      expect(await dial(ours(), { sessionId, number: '555-0102' })).toMatchObject({ ok: true });
      await until(() => sent().some(([ch, p]) => ch === `${ELECTRON_CHANNEL_PREFIX}dial.status` && p.sessionId === sessionId && p.state === 'failed'));
      await handles.get(`${ELECTRON_CHANNEL_PREFIX}session.close`)!(ours(), { sessionId });
    };
    try {
      // focused: the operator sees the window, no notification
      focused = true;
      await dialBusy('Bench modem');
      expect(notified).toEqual([]);
      // elsewhere: BUSY as a desktop notification
      focused = false;
      await dialBusy('Lab modem');
      expect(notified).toEqual([{ title: 'BUSY: Lab modem', body: 'Dialing 555-0102 ended: BUSY' }]);
      // main holds it until it is clicked or closed (Electron's reference is weak): it listens for both
      const [n] = Notification.shown;
      expect(['click', 'close', 'failed'].map((e) => n!.listenerCount(e))).toEqual([1, 1, 1]);
    } finally {
      focused = true;
      await server.close();
    }
  });

  it('denies permissions, navigation and new windows (http links go to the system browser once the operator agrees)', async () => {
    let granted: boolean | null = null;
    permissionRequest!(win().webContents, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(permissionCheck!()).toBe(false);
    let prevented = 0;
    win().webContents.emit('will-navigate', { preventDefault: () => void prevented++ }, 'https://evil.example/');
    win().webContents.emit('will-attach-webview', { preventDefault: () => void prevented++ });
    expect(prevented).toBe(2);
    // a link the far end printed: main asks first; Cancel opens nothing, Open opens the system browser
    answers.push(1);
    expect(win().webContents.openHandler!({ url: 'https://example.org/cancelled' })).toEqual({ action: 'deny' });
    answers.push(0);
    expect(win().webContents.openHandler!({ url: 'https://example.org/docs' })).toEqual({ action: 'deny' });
    expect(win().webContents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    await new Promise((r) => setImmediate(r));
    expect(asked.map((a) => a.detail)).toEqual(['https://example.org/cancelled', 'https://example.org/docs']);
    expect(opened).toEqual(['https://example.org/docs']);
  });

  it('macOS with no window open: a menu command opens a window and reaches it once its page has loaded', () => {
    const first = win();
    first.emit('closed'); // the last window closed; the app (and its menu) stays, as on macOS
    const items = menuItems();
    items.find((i) => i.label === 'New session…')!.click!();
    expect(BrowserWindow.all).toHaveLength(2);
    const made = BrowserWindow.all[1]!;
    expect(made.url).toBe('app://dialtone/index.html');
    const channel = `${ELECTRON_CHANNEL_PREFIX}menu.command`;
    expect(made.webContents.sent.filter(([ch]) => ch === channel)).toEqual([]); // the page is not there yet
    made.webContents.emit('did-finish-load');
    expect(made.webContents.sent.filter(([ch]) => ch === channel)).toEqual([[channel, { command: 'newSession' }]]);
    // the new window is the main window now: the next command goes straight to it
    items.find((i) => i.label === 'Send BREAK')!.click!();
    expect(BrowserWindow.all).toHaveLength(2);
    expect(made.webContents.sent.filter(([ch]) => ch === channel).at(-1)).toEqual([channel, { command: 'break' }]);
  });

  it('with the window closed (macOS keeps the app) a dial result still notifies; clicking it opens the window', async () => {
    const server = await startSimServer({ port: 0, timing: DIALER_TIMING });
    const main = BrowserWindow.all.at(-1)!; // the window the previous test made
    const asMain = () => ({ sender: main.webContents, senderFrame: { url: 'app://dialtone/index.html' } });
    try {
      const r = (await handles.get(`${ELECTRON_CHANNEL_PREFIX}session.open`)!(asMain(), { target: { kind: 'rfc2217', host: '127.0.0.1', port: server.port }, options: { dtr: true, rts: true }, name: 'Night modem' })) as { ok: true; value: { sessionId: string } };
      const sessionId = r.value.sessionId;
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!main.webContents.sent.some(([ch, p]) => ch === `${ELECTRON_CHANNEL_PREFIX}session.event` && (p as { sessionId?: string; event?: { state?: string } }).sessionId === sessionId && (p as { event?: { state?: string } }).event?.state === 'connected')) return;
          main.webContents.off('sent', check);
          resolve();
        };
        main.webContents.on('sent', check);
        check();
      });
      expect(await handles.get(`${ELECTRON_CHANNEL_PREFIX}dial.start`)!(asMain(), { sessionId, number: '555-0102' })).toMatchObject({ ok: true });
      focused = true; // it would be focused, but it is closed now
      const shown = new Promise<void>((resolve) => Notification.events.once('shown', () => resolve()));
      main.emit('closed');
      await shown;
      expect(notified.at(-1)).toEqual({ title: 'BUSY: Night modem', body: 'Dialing 555-0102 ended: BUSY' });
      const windows = BrowserWindow.all.length;
      Notification.shown.at(-1)!.emit('click');
      expect(BrowserWindow.all).toHaveLength(windows + 1);
    } finally {
      await server.close();
    }
  });
});
