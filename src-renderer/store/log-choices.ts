/**
 * How the operator's next session log is written (format, timestamps, sent bytes, rotation): the Log
 * panel edits it, and its Start button and the menu's Logging > Start log… both start with it.
 */
import { create } from 'zustand';
import { logChoicesSchema, type LogChoices } from '../../src-shared/ipc/profile.js';

/** The log choices slice: what the next operator-started log is written as, and the setter the Log panel uses. */
export interface LogChoicesState {
  /** The choices as edited (may be invalid while typed: check with logChoicesSchema). */
  choices: LogChoices;
  /** Replace the choices as edited (not checked here: checkLogStart checks them before a start). */
  setChoices(choices: LogChoices): void;
}

/**
 * The log choices store (zustand): one per window, shared by all tabs; starts as text with both
 * directions logged. Read by the Log panel, checkLogStart and startLogWithChoices (store/actions/logging.ts).
 */
export const useLogChoices = create<LogChoicesState>()((set) => ({
  // the operator's log keeps both directions unless told otherwise
  choices: logChoicesSchema.parse({ sent: true }),
  setChoices(choices) {
    set({ choices });
  },
}));
