/**
 * Control actions shared by the buttons and the keyboard shortcuts, so both do exactly the same thing.
 */
import { canControlLines, shownValue, type LineModel } from '../../src-shared/line/line-model.js';
import type { SessionKind } from '../../src-shared/session/target.js';
import { sendBreak, setBreak, setControlLines } from '../store/actions/line.js';
import { viewOf } from '../store/sessions.js';
import { useUi } from '../store/ui.js';

/** BREAK pulse lengths offered, ms (250 is the usual; Cisco ROMMON wants >= 250, SysRq any). */
export const BREAK_PULSES_MS = [100, 250, 500, 1000, 2000] as const;

/** BREAK is held on: the operator asked for it held, or (nothing asked) the far end reports it on. */
export function breakHeld(line: LineModel | undefined): boolean {
  if (!line) return false;
  return (line.break.asked ?? line.break.inEffect) === true;
}

/** BREAK: RFC 2217 SET-CONTROL, telnet IAC BREAK, or the local port; not raw TCP. */
export function canSendBreak(kind: SessionKind | undefined): boolean {
  return kind !== 'raw' && kind !== undefined;
}

/** Flip DTR or RTS from what the session reports (an unknown line is raised). */
export function toggleLine(tabId: string, which: 'dtr' | 'rts'): void {
  const view = viewOf(tabId);
  if (!view || view.state !== 'connected' || !canControlLines(view.kind, view.line)) return;
  const now = shownValue(view.line[which]) ?? false;
  setControlLines(view.tabId, { [which]: !now });
}

/** BREAK button: release when held; Shift holds it on; otherwise a pulse of the chosen length. */
export function breakClick(tabId: string, hold: boolean): void {
  const view = viewOf(tabId);
  if (!view || view.state !== 'connected' || !canSendBreak(view.kind)) return;
  if (breakHeld(view.line)) setBreak(view.tabId, false);
  else if (hold) setBreak(view.tabId, true);
  else sendBreak(view.tabId, useUi.getState().breakMs);
}
