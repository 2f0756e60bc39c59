/**
 * The Electron window's size, position and maximized state, kept between runs in a small JSON file in
 * the config folder (window-state.json beside the profiles). Pure apart from reading and writing that
 * file: electron-main.ts passes the displays' work areas in, so this runs and is tested in plain Node.
 * The file is validated (a broken or foreign one is ignored) and the bounds are clamped to a display
 * that is there now: a window last seen on an unplugged monitor comes back on the primary one.
 * (The side panel's state is the renderer's, kept in its localStorage, which Electron keeps in the same
 * user-data folder.)
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** How much of the window must lie on some display for it to stay where it was. */
const MIN_VISIBLE = 64;

const coord = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(1).max(100_000);
const schema = z.object({
  version: z.literal(1),
  bounds: z.object({ x: coord, y: coord, width: size, height: size }),
  maximized: z.boolean(),
});

/** The saved state, or null when the text is missing, not JSON or not a valid state. */
export function parseWindowState(text: string | null | undefined): WindowState | null {
  if (!text) return null;
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? { bounds: { ...r.data.bounds }, maximized: r.data.maximized } : null;
  } catch {
    return null;
  }
}

export function serializeWindowState(state: WindowState): string {
  const b = state.bounds;
  return `${JSON.stringify({ version: 1, bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) }, maximized: state.maximized }, null, 2)}\n`;
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    h: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Bounds to open with, given the saved state (or null) and the displays' work areas (the first is the
 * primary). The window keeps its place when at least 64x64 px of it is on a display, and is then
 * moved and shrunk to fit inside that display; otherwise it is centred on the primary display. Never
 * smaller than MIN_SIZE unless the display itself is.
 */
export function windowBounds(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  const want = saved?.bounds ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  let display: Rect | null = null;
  let best = 0;
  if (saved) {
    for (const area of workAreas) {
      const o = overlap(want, area);
      if (o.w >= MIN_VISIBLE && o.h >= MIN_VISIBLE && o.w * o.h > best) {
        best = o.w * o.h;
        display = area;
      }
    }
  }
  const on = display ?? primary;
  const width = Math.min(Math.max(want.width, MIN_SIZE.width), on.width);
  const height = Math.min(Math.max(want.height, MIN_SIZE.height), on.height);
  const x = display ? Math.min(Math.max(want.x, on.x), on.x + on.width - width) : on.x + Math.round((on.width - width) / 2);
  const y = display ? Math.min(Math.max(want.y, on.y), on.y + on.height - height) : on.y + Math.round((on.height - height) / 2);
  return { bounds: { x, y, width, height }, maximized: saved?.maximized ?? false };
}

/** Read the saved state from the config folder (null when there is none or it is not valid). */
export function loadWindowState(configDir: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(join(configDir, WINDOW_STATE_FILE), 'utf8'));
  } catch {
    return null;
  }
}

/** Write the state (a temporary file renamed over the old one, so a crash never leaves half a file). */
export function saveWindowState(configDir: string, state: WindowState): void {
  const file = join(configDir, WINDOW_STATE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, serializeWindowState(state));
  renameSync(tmp, file);
}

/** The About box's text: the versions an operator reports with a bug. */
export function aboutDetail(appVersion: string, versions: Partial<Record<'electron' | 'chrome' | 'node' | 'v8', string>>, os: string): string {
  return [
    `Dialtone ${appVersion}`,
    `Electron ${versions.electron ?? '?'}`,
    `Chromium ${versions.chrome ?? '?'}`,
    `Node ${versions.node ?? '?'}`,
    `V8 ${versions.v8 ?? '?'}`,
    `OS ${os}`,
    '',
    'A terminal for serial devices and modems: local ports and RFC 2217 access servers.',
  ].join('\n');
}
