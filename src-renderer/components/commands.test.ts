// The renderer's command dispatcher (menu clicks and keys run the same functions) and the menu's
// accelerators against the keys the renderer itself takes (matchShortcut), per platform.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appMenu, MENU_COMMANDS, type MenuCommand } from '../../src-shared/app/menu.js';
import { useUi } from '../store/ui.js';
import { onMenuCommand } from './app-commands.js';
import { COMMAND_HANDLERS, runCommand, type CommandActions } from './commands.js';
import { copySelection, pageSelection } from '../terminal/pane-commands.js';
import { checkLogStart } from '../store/actions/logging.js';
import { formatShortcut, keyboardPlatform, matchShortcut, SHORTCUT_ACTIONS, type KeyLike } from './shortcuts.js';

/** The key press an Electron accelerator stands for on `platform` (CmdOrCtrl: Cmd on macOS, else Ctrl). */
function pressOf(accelerator: string, platform: string): KeyLike {
  const parts = accelerator.split('+');
  const key = parts.at(-1)!;
  const mods = new Set(parts.slice(0, -1));
  const mac = platform === 'darwin';
  return {
    code: /^[A-Z]$/.test(key) ? `Key${key}` : key,
    ctrlKey: mods.has('Ctrl') || (mods.has('CmdOrCtrl') && !mac),
    metaKey: mods.has('Cmd') || (mods.has('CmdOrCtrl') && mac),
    shiftKey: mods.has('Shift'),
    altKey: mods.has('Alt'),
  };
}

describe('menu accelerators and the renderer keys', () => {
  it.each(['linux', 'win32', 'darwin'])('%s: each shown key is the key the renderer takes for that action', (platform) => {
    const shown = appMenu(platform)
      .flatMap((m) => m.items)
      .flatMap((i) => (i.kind === 'command' && i.accelerator ? [i] : []));
    expect(shown.map((i) => i.command).sort()).toEqual([...SHORTCUT_ACTIONS].sort());
    for (const i of shown) {
      expect(matchShortcut(pressOf(i.accelerator!, platform)), `${i.command} ${i.accelerator}`).toBe(i.command);
      // the tooltip says the same key as the menu (Ctrl on Linux/Windows, Cmd on macOS; Ctrl+Tab everywhere)
      expect(i.accelerator!.replace('CmdOrCtrl', platform === 'darwin' ? 'Cmd' : 'Ctrl'), i.command).toBe(formatShortcut(i.command as never, platform));
    }
  });
});

/** Fake actions recording each call as "name(args)". */
function fake(tab: string | null = 't1', asking = false): { a: CommandActions; calls: string[] } {
  const calls: string[] = [];
  const rec =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push(`${name}(${args.map(String).join(',')})`);
  const a: CommandActions = {
    activeTab: () => tab,
    asking: () => asking,
    stepTab: rec('stepTab'),
    openNewSession: rec('openNewSession'),
    toggleSendBar: rec('toggleSendBar'),
    closeTab: rec('closeTab'),
    toggleLine: rec('toggleLine'),
    breakClick: rec('breakClick'),
    purge: rec('purge'),
    reconnect: rec('reconnect'),
    disconnect: rec('disconnect'),
    find: rec('find'),
    copy: rec('copy'),
    clear: rec('clear'),
    reset: rec('reset'),
    toggleHexView: rec('toggleHexView'),
    toggleTimestamps: rec('toggleTimestamps'),
    startLog: rec('startLog'),
    stopLog: rec('stopLog'),
    openTransfer: rec('openTransfer'),
  };
  return { a, calls };
}

const EXPECTED: Record<MenuCommand, string> = {
  dtr: 'toggleLine(t1,dtr)',
  rts: 'toggleLine(t1,rts)',
  break: 'breakClick(t1)',
  purge: 'purge(t1)',
  reconnect: 'reconnect(t1)',
  newSession: 'openNewSession()',
  find: 'find()',
  copy: 'copy(t1)',
  clear: 'clear(t1)',
  reset: 'reset(t1)',
  sendBar: 'toggleSendBar()',
  hexView: 'toggleHexView(t1)',
  timestamps: 'toggleTimestamps(t1)',
  nextTab: 'stepTab(1)',
  prevTab: 'stepTab(-1)',
  closeTab: 'closeTab(t1)',
  disconnect: 'disconnect(t1)',
  logStart: 'startLog(t1)',
  logStop: 'stopLog(t1)',
  sendFile: 'openTransfer(t1,send)',
  receiveFile: 'openTransfer(t1,receive)',
};

describe('runCommand', () => {
  it('has a handler for every command id, each calling its one action on the active tab', () => {
    expect(Object.keys(COMMAND_HANDLERS).sort()).toEqual([...MENU_COMMANDS].sort());
    for (const command of MENU_COMMANDS) {
      const { a, calls } = fake();
      runCommand(command, a);
      expect(calls, command).toEqual([EXPECTED[command]]);
    }
  });

  it('without a tab only the tab-free commands act (Copy takes the page selection); with a question on screen only Copy does, from the page', () => {
    const free = new Set(['newSession', 'sendBar', 'nextTab', 'prevTab']);
    for (const command of MENU_COMMANDS) {
      const none = fake(null);
      runCommand(command, none.a);
      expect(none.calls, command).toEqual(free.has(command) ? [EXPECTED[command]] : command === 'copy' ? ['copy(null)'] : []);
      const asking = fake('t1', true);
      runCommand(command, asking.a);
      // the question's text (a TLS fingerprint) is what there is to copy: the page's selection, not the terminal's
      expect(asking.calls, command).toEqual(command === 'copy' ? ['copy(null)'] : []);
    }
  });
});

describe('tooltips name the keys as the keyboard\u2019s system does', () => {
  it('keyboardPlatform: a Mac, Windows, anything else', () => {
    expect(keyboardPlatform({ platform: 'MacIntel' })).toBe('darwin');
    expect(keyboardPlatform({ userAgentData: { platform: 'macOS' }, platform: 'MacIntel' })).toBe('darwin');
    expect(keyboardPlatform({ platform: 'Win32' })).toBe('win32');
    expect(keyboardPlatform({ userAgentData: { platform: 'Windows' } })).toBe('win32');
    expect(keyboardPlatform({ platform: 'Linux x86_64' })).toBe('linux');
    expect(keyboardPlatform({})).toBe('linux');
    expect(formatShortcut('dtr', 'darwin')).toBe('Cmd+Shift+D');
    expect(formatShortcut('dtr', 'linux')).toBe('Ctrl+Shift+D');
    expect(formatShortcut('nextTab', 'darwin')).toBe('Ctrl+Tab');
    expect(formatShortcut('closeTab', null)).toBe('CmdOrCtrl+Shift+W');
  });
});

describe('one check for starting a log (the Log panel button and Logging > Start log…)', () => {
  const choices = { format: 'text', sent: true };
  it('a live tab not logging, with valid choices; otherwise why not', () => {
    expect(checkLogStart({ state: 'connected', log: null }, choices)).toMatchObject({ ok: true, choices: { format: 'text', sent: true } });
    expect(checkLogStart({ state: 'reconnecting', log: null }, choices)).toMatchObject({ ok: true });
    expect(checkLogStart(undefined, choices)).toMatchObject({ ok: false, why: 'no-session' });
    expect(checkLogStart({ state: 'closed', log: null }, choices)).toMatchObject({ ok: false, why: 'no-session' });
    const logging = { sessionId: 's1', active: true, format: 'text', fileName: 'a.log', bytesWritten: 0 };
    expect(checkLogStart({ state: 'connected', log: logging as never }, choices)).toMatchObject({ ok: false, why: 'logging' });
    expect(checkLogStart({ state: 'connected', log: null }, { format: 'nope' })).toMatchObject({ ok: false, why: 'invalid-choices' });
  });
});

describe('what Copy copies when the terminal has no selection: the page', () => {
  const page = (activeElement: unknown, selected = '') => ({ activeElement, getSelection: () => ({ toString: () => selected }) });

  it("the focused input's selected characters, else the page's selection (a dialog's text)", () => {
    expect(pageSelection(page({ value: 'AB:CD:EF', selectionStart: 3, selectionEnd: 8 }, 'elsewhere'))).toBe('CD:EF');
    // an input with the caret only, or without a text selection (a checkbox): the page's selection
    expect(pageSelection(page({ value: 'host', selectionStart: 2, selectionEnd: 2 }, 'SHA-256 12:34'))).toBe('SHA-256 12:34');
    expect(pageSelection(page({ value: 'on', selectionStart: null, selectionEnd: null }, 'text'))).toBe('text');
    expect(pageSelection(page(null, 'fingerprint'))).toBe('fingerprint');
    expect(pageSelection({ activeElement: null, getSelection: () => null })).toBe('');
  });

  it('copySelection writes the page selection to the clipboard when there is no terminal selection', async () => {
    const written: string[] = [];
    const clipboard = { writeText: async (t: string) => void written.push(t) };
    vi.stubGlobal('navigator', { clipboard });
    try {
      copySelection(null, page(null, 'AA:BB'));
      copySelection('no-such-tab', page({ value: 'xyz', selectionStart: 0, selectionEnd: 2 }));
      copySelection(null, page(null, ''));
      expect(written).toEqual(['AA:BB', 'xy']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the pane menu runs the same dispatcher on its own tab', () => {
  it('runCommand with a tab acts on that tab, not the active one', () => {
    const { a, calls } = fake('t1');
    runCommand('clear', a, 't2');
    runCommand('sendFile', a, 't2');
    runCommand('hexView', a, 't2');
    expect(calls).toEqual(['clear(t2)', 'openTransfer(t2,send)', 'toggleHexView(t2)']);
  });
});

describe("the 'menu.command' event", () => {
  /** What document.querySelector('[aria-modal="true"]') finds: a dialog, or nothing. */
  let modal: object | null = null;
  beforeEach(() => {
    useUi.getState().setNewSessionOpen(false);
    modal = null;
    vi.stubGlobal('document', { querySelector: (sel: string) => (sel === '[aria-modal="true"]' ? modal : null) });
    return () => vi.unstubAllGlobals();
  });

  it('is ignored while a dialog is open (the window behind it takes no command)', () => {
    modal = {};
    onMenuCommand({ command: 'newSession' });
    expect(useUi.getState().newSessionOpen).toBe(false);
  });

  it('runs a valid command on the real actions (New session… opens the dialog)', () => {
    onMenuCommand({ command: 'newSession' });
    expect(useUi.getState().newSessionOpen).toBe(true);
  });

  it('ignores a payload the contract refuses', () => {
    for (const bad of [{ command: 'quit' }, { command: 'newSession', extra: true }, null, 'newSession', { cmd: 'newSession' }]) onMenuCommand(bad);
    expect(useUi.getState().newSessionOpen).toBe(false);
  });
});
