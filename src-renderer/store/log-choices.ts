/**
 * How the operator's next session log is written (format, timestamps, sent bytes, rotation): the Log
 * panel edits it, and its Start button and the menu's Logging > Start log… both start with it.
 */
import { create } from 'zustand';
import { logChoicesSchema, type LogChoices } from '../../src-shared/ipc/profile.js';

export interface LogChoicesState {
  /** The choices as edited (may be invalid while typed: check with logChoicesSchema). */
  choices: LogChoices;
  setChoices(choices: LogChoices): void;
}

export const useLogChoices = create<LogChoicesState>()((set) => ({
  // the operator's log keeps both directions unless told otherwise
  choices: logChoicesSchema.parse({ sent: true }),
  setChoices(choices) {
    set({ choices });
  },
}));
