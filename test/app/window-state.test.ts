// The Electron window's remembered bounds (src-main/app/window-state.ts): the file is validated, the
// bounds clamped to a display that is there, and the About text carries every version.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aboutDetail, loadWindowState, parseWindowState, saveWindowState, serializeWindowState, windowBounds, WINDOW_STATE_FILE } from '../../src-main/app/window-state.js';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-window-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window state', () => {
  it('round-trips through the file in the config folder', () => {
    expect(loadWindowState(dir)).toBeNull();
    saveWindowState(dir, { bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({ version: 1, bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
    expect(loadWindowState(dir)).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
  });

  it('ignores a broken or foreign file', () => {
    for (const text of ['', '{', 'null', '[]', '{"version":2,"bounds":{"x":0,"y":0,"width":800,"height":600},"maximized":false}', '{"version":1,"bounds":{"x":0,"y":0,"width":-5,"height":600},"maximized":false}', '{"version":1,"bounds":{"x":"0","y":0,"width":800,"height":600},"maximized":false}', '{"version":1,"bounds":{"x":1e9,"y":0,"width":800,"height":600},"maximized":false}', '{"version":1,"bounds":{"x":0.5,"y":0,"width":800,"height":600},"maximized":false}']) {
      expect(parseWindowState(text), text).toBeNull();
    }
    writeFileSync(join(dir, WINDOW_STATE_FILE), 'garbage');
    expect(loadWindowState(dir)).toBeNull();
  });

  it('first run: the default size, centred on the primary display', () => {
    expect(windowBounds(null, [primary])).toEqual({ bounds: { x: 320, y: 110, width: 1280, height: 820 }, maximized: false });
  });

  it('a window on a display that is there keeps its place; one partly off it is moved inside', () => {
    const keep = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: false };
    expect(windowBounds(keep, [primary, right])).toEqual(keep);
    const hanging = { bounds: { x: 1700, y: 900, width: 1000, height: 700 }, maximized: true };
    // more of it on the right display (780x124 px) than on the primary (220x140): moved inside the right one
    expect(windowBounds(hanging, [primary, right])).toEqual({ bounds: { x: 1920, y: 324, width: 1000, height: 700 }, maximized: true });
    const low = { bounds: { x: 1000, y: 900, width: 800, height: 600 }, maximized: false };
    expect(windowBounds(low, [primary, right])).toEqual({ bounds: { x: 1000, y: 440, width: 800, height: 600 }, maximized: false });
  });

  it('a window on a display that is gone comes back centred on the primary display', () => {
    const gone = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: false };
    expect(windowBounds(gone, [primary])).toEqual({ bounds: { x: 460, y: 170, width: 1000, height: 700 }, maximized: false });
    // only a sliver visible (less than 64 px) counts as gone
    expect(windowBounds({ bounds: { x: 1900, y: 0, width: 800, height: 600 }, maximized: false }, [primary]).bounds.x).toBe(560);
  });

  it('never larger than the display, never smaller than the minimum', () => {
    expect(windowBounds({ bounds: { x: 0, y: 0, width: 5000, height: 4000 }, maximized: false }, [primary]).bounds).toEqual(primary);
    expect(windowBounds({ bounds: { x: 10, y: 10, width: 100, height: 100 }, maximized: false }, [primary]).bounds).toEqual({ x: 10, y: 10, width: 720, height: 480 });
    const small = { x: 0, y: 0, width: 640, height: 400 };
    expect(windowBounds(null, [small]).bounds).toEqual(small);
  });

  it('serializes whole pixels', () => {
    expect(parseWindowState(serializeWindowState({ bounds: { x: 1.4, y: 2.6, width: 800.2, height: 600.7 }, maximized: false }))).toEqual({ bounds: { x: 1, y: 3, width: 800, height: 601 }, maximized: false });
  });

  it('About names the app, Electron, Chromium and Node versions', () => {
    const text = aboutDetail('0.1.0', { electron: '45.4.1', chrome: '142.0.1', node: '22.20.0', v8: '14.2' }, 'linux x64');
    expect(text).toContain('Dialtone 0.1.0');
    expect(text).toContain('Electron 45.4.1');
    expect(text).toContain('Chromium 142.0.1');
    expect(text).toContain('Node 22.20.0');
  });
});
