/**
 * The Electron entry (bundled to dist/main/index.cjs). Thin: it creates the window, the menu and the
 * dialogs, and adapts the shared AppCore/router (src-main/app/core.ts) onto ipcMain.handle and
 * webContents.send. Only this file and preload.ts import electron.
 *
 * Security (Electron's security checklist):
 * - contextIsolation, sandbox, no nodeIntegration, webSecurity on; the preload exposes one object.
 * - The renderer is served from the privileged app://dialtone/ scheme (not file://) with a strict
 *   Content-Security-Policy header on every response; remote content is never loaded.
 * - No navigation (will-navigate prevented), no new windows (http(s) links open in the system browser),
 *   no <webview>, every permission request and check denied.
 * - Every IPC call's sender frame must be our page (app://dialtone/); others get a failed reply.
 * - File paths come only from main's own dialogs: the renderer never hands main a path.
 * - A single-instance lock: a second launch focuses the first window.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, Menu, Notification, protocol, screen, session, shell, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { arch, release } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { appMenu, type MenuCommand, type MenuItemModel } from '../../src-shared/app/menu.js';
import { ELECTRON_CHANNEL_PREFIX, events, REQUEST_NAMES, type ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { AppCore } from './core.js';
import { contentSecurityPolicy } from './csp.js';
import { appUserModelId, CallNotifier, HeldNotifications, type CallNotification } from './notifications.js';
import { aboutDetail, loadWindowState, MIN_SIZE, saveWindowState, windowBounds, type Rect } from './window-state.js';

const SCHEME = 'app';
const ORIGIN = `${SCHEME}://dialtone`;
const RENDERER_DIR = join(__dirname, '..', 'renderer');
const PRELOAD = join(__dirname, '..', 'preload', 'index.cjs');
const CSP = contentSecurityPolicy([]);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

// every renderer sandboxed, whatever a window's own preferences say
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;
/** The main window's client id in the core (its acks count for it). */
let mainClient = '';
let core: AppCore | null = null;
/** RING and dial results as desktop notifications (notifications.ts decides; shown here when the window is not focused). */
let notifier: CallNotifier | null = null;
/** The notifications on screen, held until clicked or closed (Electron's own reference is weak). */
const shownNotifications = new HeldNotifications<Notification>();

// Windows shows an installed app's notifications only under its AppUserModelID (the NSIS shortcut's)
const aumid = appUserModelId(process.platform);
if (aumid) app.setAppUserModelId(aumid);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('Dialtone could not start', String(err));
    app.exit(1);
  });
}

/** Serve dist/renderer on app://dialtone/ with the CSP; nothing outside that folder. */
async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== 'dialtone') return new Response('not found', { status: 404 });
  const path = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = normalize(join(RENDERER_DIR, path));
  if (!file.startsWith(RENDERER_DIR + sep)) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

function isOurFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return mainWindow !== null && event.sender === mainWindow.webContents && (url === ORIGIN || url.startsWith(`${ORIGIN}/`));
}

async function start(): Promise<void> {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  protocol.handle(SCHEME, serveRenderer);

  core = await AppCore.start({
    platform: process.platform,
    configDir: app.getPath('userData'),
    demo: !process.argv.includes('--no-demo'),
    services: {
      kind: 'electron',
      version: app.getVersion(),
      autoLogDir: join(app.getPath('documents'), 'Dialtone logs'),
      async chooseLogFile(suggestedName) {
        const options = {
          title: 'Save session log',
          defaultPath: join(app.getPath('documents'), suggestedName),
          properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
        };
        const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      async showInFolder(file) {
        shell.showItemInFolder(file);
      },
      transferFiles: {
        async pickSendFile() {
          const options = { title: 'Send file', defaultPath: app.getPath('documents'), properties: ['openFile'] as Array<'openFile'> };
          const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
        },
        async pickReceiveFolder() {
          const options = {
            title: 'Receive files into',
            defaultPath: app.getPath('downloads'),
            properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'>,
          };
          const r = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
          return r.canceled || !r.filePaths[0] ? null : r.filePaths[0];
        },
      },
    },
  });

  const c = core;
  notifier = new CallNotifier((id) => {
    const ms = c.manager.get(id);
    if (!ms) return undefined;
    const profile = ms.profileId ? c.profiles.get(ms.profileId) : undefined;
    return { name: ms.name, notify: profile?.notify ?? true };
  });
  // every event, window or not: a RING on macOS with the window closed is announced too
  c.observe((name, payload) => {
    const note = notifier?.observe(name, payload) ?? null;
    if (note) notifyAway(note);
  });

  for (const name of REQUEST_NAMES) {
    ipcMain.handle(ELECTRON_CHANNEL_PREFIX + name, async (event, payload: unknown): Promise<ReplyEnvelope> => {
      if (!isOurFrame(event)) return { ok: false, error: 'request from an unknown frame refused', code: 'bad-request' };
      return core!.router.handle(name, payload, { client: mainClient });
    });
  }

  Menu.setApplicationMenu(buildMenu());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

/** The displays' work areas, the primary first; none when the screen cannot be asked (then the defaults). */
function displayAreas(): Rect[] {
  try {
    const primary = screen.getPrimaryDisplay();
    return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
  } catch {
    return [];
  }
}

/** Make the main window (it becomes mainWindow) and load the page into it. */
function createWindow(): BrowserWindow {
  // size, position and maximized as last closed (window-state.json in the config folder), on a display that is there
  const configDir = app.getPath('userData');
  const state = windowBounds(loadWindowState(configDir), displayAreas());
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    backgroundColor: '#0f1115',
    title: 'Dialtone',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      // middle-click opens nothing (new windows are denied anyway): one less way to leave the app
      disableBlinkFeatures: 'Auxclick',
    },
  });
  mainWindow = win;
  // A (re)loaded page is a new renderer: it never acks what the previous one was sent, so it gets a new
  // client id and the old one's unacked bytes stop holding the sources.
  let detach = (): void => undefined;
  const attach = () => {
    detach();
    const sink = core!.addSink((name, payload) => {
      if (!win.isDestroyed()) win.webContents.send(ELECTRON_CHANNEL_PREFIX + name, payload);
    });
    mainClient = sink.client;
    detach = sink.detach;
  };
  attach();
  win.webContents.on('did-start-loading', attach);
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    try {
      saveWindowState(configDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // not remembered this time (a read-only config folder): the next start uses the defaults
    }
  });
  win.on('closed', () => {
    detach();
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(`${ORIGIN}/index.html`);
  return win;
}

/** A desktop notification, only while no window is focused (the operator is elsewhere, or the window is closed) and where the OS has them. */
function notifyAway(note: CallNotification): void {
  const win = mainWindow;
  if ((win && !win.isDestroyed() && win.isFocused()) || !Notification.isSupported()) return;
  const n = new Notification({ title: note.title, body: note.body });
  const release = shownNotifications.hold(n);
  n.on('click', () => {
    release();
    // the window again, or a new one when it was closed (macOS keeps the app and its sessions running)
    const w = mainWindow;
    if (!w || w.isDestroyed()) {
      createWindow();
      return;
    }
    if (w.isMinimized()) w.restore();
    w.focus();
  });
  n.on('close', release);
  n.on('failed', release);
  n.show();
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // links in the terminal (web-links addon) open in the system browser, never in the app, and only
    // after the operator says so here in main (a far end can print any link)
    if (/^https?:\/\//i.test(url)) void confirmExternal(url);
    return { action: 'deny' };
  });
});

/** Ask before a link from the terminal goes to the system browser; opens it when the operator agrees. */
async function confirmExternal(url: string): Promise<void> {
  const owner = BrowserWindow.getFocusedWindow();
  const options = { type: 'question' as const, buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your browser?', detail: url };
  const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  if (response === 0) await shell.openExternal(url);
}

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.dispose().finally(() => app.quit());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

/**
 * The application menu: the model of src-shared/app/menu.ts (every menu, command, label and accelerator,
 * and why no key the far end needs is taken) mapped to Electron's items. A command item's click goes to
 * the window as the 'menu.command' event, which the renderer runs like the key or button.
 */
function buildMenu(): Menu {
  const item = (i: MenuItemModel): MenuItemConstructorOptions => {
    switch (i.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'about':
        return { label: i.label, click: () => void showAbout() };
      case 'role':
        return { role: i.role, ...(i.accelerator ? { accelerator: i.accelerator } : {}), ...(i.registerAccelerator === false ? { registerAccelerator: false } : {}) };
      case 'command':
        // the command as the item's id: Menu.getApplicationMenu().getMenuItemById('clear') finds it (e2e/electron.spec.ts)
        return { id: i.command, label: i.label, ...(i.accelerator ? { accelerator: i.accelerator, registerAccelerator: i.registerAccelerator } : {}), click: () => sendMenuCommand(i.command) };
    }
  };
  const template = appMenu(process.platform).map((m): MenuItemConstructorOptions => (m.role === 'appMenu' ? { role: 'appMenu' } : { label: m.label, ...(m.role ? { role: m.role } : {}), submenu: m.items.map(item) }));
  return Menu.buildFromTemplate(template);
}

/**
 * Send a menu command to the window (checked against the contract's event schema first). With no window
 * (macOS keeps the app and its menu after the last window closed) a window is made and gets the command
 * once its page has loaded (the renderer subscribes to events as its script starts).
 */
function sendMenuCommand(command: MenuCommand): void {
  const payload = events['menu.command'].parse({ command });
  const channel = `${ELECTRON_CHANNEL_PREFIX}menu.command`;
  if (mainWindow && !mainWindow.isDestroyed()) {
    mainWindow.webContents.send(channel, payload);
    return;
  }
  const win = createWindow();
  win.webContents.once('did-finish-load', () => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  });
}

/** Help > About: the app, Electron, Chromium, Node and V8 versions and the OS, with a button to copy them for a bug report. */
async function showAbout(): Promise<void> {
  const detail = aboutDetail(app.getVersion(), process.versions as Record<string, string>, `${process.platform} ${arch()} ${release()}`);
  const options = { type: 'info' as const, title: 'About Dialtone', message: `Dialtone ${app.getVersion()}`, detail, buttons: ['OK', 'Copy versions'], defaultId: 0, cancelId: 0 };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  if (response === 1) clipboard.writeText(detail);
}
