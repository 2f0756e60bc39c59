// The application menu model: every command once, the renderer's keys shown and left to the page, and
// no registered accelerator that takes a key the far end needs.
import { describe, expect, it } from 'vitest';
import { events } from '../ipc/contract.js';
import { appMenu, MENU_COMMANDS, type MenuItemModel } from './menu.js';
import { SHORTCUT_ACTIONS } from './shortcut-keys.js';

const PLATFORMS = ['linux', 'win32', 'darwin'] as const;
const items = (platform: string): MenuItemModel[] => appMenu(platform).flatMap((m) => m.items);
const commands = (platform: string) => items(platform).flatMap((i) => (i.kind === 'command' ? [i] : []));

/** The accelerators Electron registers for an item (shown-only ones excluded); a role's own default is listed where the model leaves it. */
const ROLE_DEFAULTS: Record<string, string> = {
  close: 'CmdOrCtrl+W',
  quit: 'CmdOrCtrl+Q',
  paste: 'CmdOrCtrl+V',
  selectAll: 'CmdOrCtrl+A',
  reload: 'CmdOrCtrl+R',
  toggleDevTools: 'CmdOrCtrl+Shift+I',
  resetZoom: 'CmdOrCtrl+0',
  zoomIn: 'CmdOrCtrl+Plus',
  zoomOut: 'CmdOrCtrl+-',
  togglefullscreen: 'F11',
  minimize: 'CmdOrCtrl+M',
};
function registered(i: MenuItemModel): string | null {
  if (i.kind === 'command') return i.registerAccelerator && i.accelerator ? i.accelerator : null;
  if (i.kind === 'role') return i.registerAccelerator === false ? null : (i.accelerator ?? ROLE_DEFAULTS[i.role] ?? null);
  return null;
}

describe('application menu model', () => {
  it.each(PLATFORMS)('%s: every command id appears exactly once, every shortcut action among them', (platform) => {
    const ids = commands(platform).map((i) => i.command);
    expect([...ids].sort()).toEqual([...MENU_COMMANDS].sort());
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of SHORTCUT_ACTIONS) expect(ids.filter((id) => id === a)).toHaveLength(1);
  });

  it.each(PLATFORMS)("%s: a shortcut action's item shows its key and leaves it to the page (registerAccelerator false)", (platform) => {
    // Electron's accelerator syntax, written out: CmdOrCtrl is Cmd on macOS, Ctrl elsewhere; the tab keys are Ctrl on every system
    const expected: Record<string, string> = {
      dtr: 'CmdOrCtrl+Shift+D',
      rts: 'CmdOrCtrl+Shift+R',
      break: 'CmdOrCtrl+Shift+B',
      purge: 'CmdOrCtrl+Shift+P',
      reconnect: 'CmdOrCtrl+Shift+E',
      newSession: 'CmdOrCtrl+Shift+O',
      find: 'CmdOrCtrl+Shift+F',
      copy: 'CmdOrCtrl+Shift+C',
      clear: 'CmdOrCtrl+Shift+K',
      reset: 'CmdOrCtrl+Shift+U',
      sendBar: 'CmdOrCtrl+Shift+S',
      hexView: 'CmdOrCtrl+Shift+H',
      timestamps: 'CmdOrCtrl+Shift+L',
      nextTab: 'Ctrl+Tab',
      prevTab: 'Ctrl+Shift+Tab',
      closeTab: 'CmdOrCtrl+Shift+W',
    };
    expect(Object.keys(expected).sort()).toEqual([...SHORTCUT_ACTIONS].sort());
    for (const i of commands(platform)) {
      expect(i.accelerator, i.command).toBe(expected[i.command]); // undefined for the commands without a key
      expect(i.registerAccelerator, i.command).toBe(false);
    }
  });

  it('darwin: no accelerator, shown or registered (a role default included), is Ctrl+letter without Shift', () => {
    // on macOS CmdOrCtrl is Cmd, never a terminal key; a literal Ctrl+letter would be the device's control character
    const all = items('darwin').flatMap((i) => {
      const shown = i.kind === 'command' || i.kind === 'role' ? i.accelerator : undefined;
      return [shown, registered(i)].filter((a): a is string => a !== undefined && a !== null);
    });
    expect(all).toContain('CmdOrCtrl+Shift+D');
    expect(all).toContain('Ctrl+Tab');
    for (const acc of all) {
      const parts = acc.split('+');
      const ctrl = parts.some((p) => p === 'Ctrl' || p === 'Control');
      if (ctrl && /^[A-Z]$/i.test(parts.at(-1)!)) expect(parts, acc).toContain('Shift');
    }
  });

  it.each(['linux', 'win32'] as const)('%s: no registered accelerator is Ctrl+letter (or Ctrl+M, Ctrl+Q, Ctrl+S, Ctrl+W) without Shift', (platform) => {
    const taken = items(platform).map(registered).filter((a): a is string => a !== null);
    expect(taken).toContain('Ctrl+Shift+Q'); // quit
    for (const acc of taken) {
      const parts = acc.split('+');
      const ctrl = parts.some((p) => p === 'Ctrl' || p === 'CmdOrCtrl' || p === 'CommandOrControl' || p === 'Control');
      const letter = /^[A-Z]$/i.test(parts.at(-1)!);
      if (ctrl && letter) expect(parts, acc).toContain('Shift');
    }
  });

  it('darwin has the application menu and closes the window from the Session menu; Linux/Windows quit with Ctrl+Shift+Q', () => {
    expect(appMenu('darwin')[0]).toMatchObject({ role: 'appMenu' });
    expect(items('darwin')).toContainEqual({ kind: 'role', role: 'close' });
    expect(items('linux')).toContainEqual({ kind: 'role', role: 'quit', accelerator: 'Ctrl+Shift+Q' });
    expect(items('linux').some((i) => i.kind === 'role' && i.role === 'close')).toBe(false);
    expect(appMenu('linux').map((m) => m.label)).toEqual(['Session', 'Edit', 'Line', 'Terminal', 'Logging', 'Transfer', 'View', 'Window', 'Help']);
    expect(items('win32')).toContainEqual({ kind: 'about', label: 'About Dialtone' });
  });

  it("the 'menu.command' event takes every command id and refuses anything else", () => {
    const schema = events['menu.command'];
    for (const command of MENU_COMMANDS) expect(schema.parse({ command })).toEqual({ command });
    for (const bad of [{ command: 'quit' }, { command: 'DTR' }, { command: '' }, { command: 1 }, {}, null, 'dtr', { command: 'dtr', extra: 1 }]) expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
