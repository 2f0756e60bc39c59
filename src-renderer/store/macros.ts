/**
 * The macros slice (issue 14): the macros main lists (saved ones with where they show, and the shipped
 * examples), each session's last 'macro.status' (running step k/n, or how the last run ended), and the
 * editor's open draft. The pure helpers say which macros a tab's bar shows and which one a key runs.
 */
import { create } from 'zustand';
import type { MacroEntry, MacroStatus } from '../../src-shared/ipc/contract.js';
import type { Macro } from '../../src-shared/macro/macro.js';

/** What the editor edits: a macro (no id: a new one, or a copy of an example) and where it shows. */
export interface MacroEditorTarget {
  macro: Macro;
  /** Show only on tabs of this profile; absent: on every tab. */
  profileId?: string;
}

export interface MacrosState {
  entries: MacroEntry[];
  /** The last status of each session's run, by session id. */
  status: Readonly<Record<string, MacroStatus>>;
  editing: MacroEditorTarget | null;
  setEntries(entries: MacroEntry[]): void;
  applyStatus(status: MacroStatus): void;
  /** Forget a session's last status (the operator dismissed how the last run ended). */
  clearStatus(sessionId: string): void;
  edit(target: MacroEditorTarget | null): void;
}

export const useMacros = create<MacrosState>()((set) => ({
  entries: [],
  status: {},
  editing: null,
  setEntries(entries) {
    set({ entries });
  },
  applyStatus(status) {
    set((s) => ({ status: { ...s.status, [status.sessionId]: status } }));
  },
  clearStatus(sessionId) {
    set((s) => {
      const status = { ...s.status };
      delete status[sessionId];
      return { status };
    });
  },
  edit(editing) {
    set({ editing });
  },
}));

/**
 * The macros a tab's bar shows: saved ones for every tab or for the tab's profile, then the examples
 * that belong to that profile (the demo modem's). Order as main lists them.
 */
export function macrosForTab(entries: readonly MacroEntry[], profileId: string | undefined): MacroEntry[] {
  return entries.filter((e) => (e.example ? e.profileId !== undefined && e.profileId === profileId : e.profileId === undefined || e.profileId === profileId));
}

/** The macro a function key ('F1'..'F12') runs on a tab showing `shown`, if any. */
export function macroForKey(shown: readonly MacroEntry[], key: string): MacroEntry | undefined {
  return shown.find((e) => e.macro.key === key);
}
