/**
 * How each tab shows its line (issue 12): the view mode (Terminal: xterm; Hex: rows of both directions,
 * hex-view.tsx) and the on-screen timestamps of the Terminal view (a gutter beside xterm,
 * timestamps-gutter.tsx), per tab; the timestamp style and the hex rows' shape for the whole window,
 * remembered. Both views show the same raw bytes: switching never loses any.
 */
import { create } from 'zustand';

export type ViewMode = 'terminal' | 'hex';
/** Wall clock "12:34:56.789" or the delta since the previous line "+0.123". */
export type StampStyle = 'wall' | 'delta';
export type HexWidth = 8 | 16;

/** The idle gap that starts a new hex row, ms: default and bounds. */
export const HEX_GAP_DEFAULT_MS = 100;
export const HEX_GAP_MAX_MS = 60_000;

const KEY = 'dialtone.viewMode';

interface Saved {
  stampStyle: StampStyle;
  hexWidth: HexWidth;
  hexGapMs: number;
}

export interface ViewModeState extends Saved {
  /** Per tab; a tab not here is in Terminal mode without timestamps. */
  modes: Readonly<Record<string, ViewMode>>;
  stamps: Readonly<Record<string, boolean>>;
  setMode(tabId: string, mode: ViewMode): void;
  toggleMode(tabId: string): void;
  toggleStamps(tabId: string): void;
  setStampStyle(style: StampStyle): void;
  setHexWidth(width: HexWidth): void;
  setHexGapMs(ms: number): void;
}

function load(): Saved {
  const fallback: Saved = { stampStyle: 'wall', hexWidth: 16, hexGapMs: HEX_GAP_DEFAULT_MS };
  try {
    const raw = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (!raw) return fallback;
    return {
      stampStyle: raw.stampStyle === 'delta' ? 'delta' : 'wall',
      hexWidth: raw.hexWidth === 8 ? 8 : 16,
      hexGapMs: clampGap(raw.hexGapMs),
    };
  } catch {
    return fallback;
  }
}

/** A usable idle gap (0..HEX_GAP_MAX_MS, whole ms), or the default. */
export function clampGap(ms: unknown): number {
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.min(HEX_GAP_MAX_MS, Math.max(0, Math.round(ms))) : HEX_GAP_DEFAULT_MS;
}

export const useViewMode = create<ViewModeState>()((set, get) => {
  const save = (patch: Partial<Saved>) => {
    set(patch);
    const { stampStyle, hexWidth, hexGapMs } = get();
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ stampStyle, hexWidth, hexGapMs }));
    } catch {
      // storage full or off: the choice holds for this window
    }
  };
  return {
    ...load(),
    modes: {},
    stamps: {},
    setMode: (tabId, mode) => set({ modes: { ...get().modes, [tabId]: mode } }),
    toggleMode: (tabId) => get().setMode(tabId, get().modes[tabId] === 'hex' ? 'terminal' : 'hex'),
    toggleStamps: (tabId) => set({ stamps: { ...get().stamps, [tabId]: !get().stamps[tabId] } }),
    setStampStyle: (stampStyle) => save({ stampStyle }),
    setHexWidth: (hexWidth) => save({ hexWidth }),
    setHexGapMs: (ms) => save({ hexGapMs: clampGap(ms) }),
  };
});

/** Hook: the view mode of `tabId`. */
export const useTabViewMode = (tabId: string): ViewMode => useViewMode((s) => s.modes[tabId] ?? 'terminal');
/** Hook: whether `tabId` shows timestamps. */
export const useTabStamps = (tabId: string): boolean => useViewMode((s) => s.stamps[tabId] === true);
