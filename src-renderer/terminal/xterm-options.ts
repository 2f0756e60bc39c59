/**
 * The xterm options every pane uses, shared with the e2e ceiling measurement (test-hook.ts) so that
 * measures the same terminal. Scrollback is in lines; 10 000 lines of 80 columns is a few MB per pane.
 */
import type { ITerminalOptions } from '@xterm/xterm';
import { MONO_FONT } from './xterm-theme.js';

export const XTERM_OPTIONS: ITerminalOptions = {
  allowProposedApi: true,
  fontFamily: MONO_FONT,
  scrollback: 10_000,
  cursorBlink: true,
  convertEol: false,
};
