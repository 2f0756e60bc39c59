/**
 * Control actions shared by the buttons and the keyboard shortcuts, so both do exactly the same thing.
 */
import { canControlLines, type LineModel } from '../../src-shared/line/line-model.js';
import type { SessionState } from '../../src-shared/session/events.js';
import type { SessionKind } from '../../src-shared/session/target.js';
import { sendBreak, setBreak, setControlLines } from '../store/actions/line.js';
import { viewOf } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { canAskLine, linkUp, pickedItem } from './line-model.js';

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

/**
 * Why DTR and RTS cannot be driven on a tab (the buttons' tooltip when disabled): what the kind lacks
 * (raw TCP, plain telnet: true whether or not connected), else not connected, else the far end refused.
 */
export function noLinesReason(kind: SessionKind | undefined, state: SessionState | undefined): string {
  if (kind === 'raw') return 'raw TCP has no modem lines';
  if (kind === 'telnet') return 'plain telnet has no COM-PORT control (use rfc2217://)';
  if (state !== 'connected') return 'not connected';
  return 'the far end cannot set it (unsupported)';
}

/**
 * The BREAK button's tooltip: how to use it when it can be sent, else the true reason it cannot (raw TCP
 * has no BREAK, whether connected or not; any other kind of tab that is down is not connected).
 */
export function breakTitle(kind: SessionKind | undefined, state: SessionState | undefined, held: boolean, breakMs: number, shortcut: string): string {
  if (kind === 'raw') return 'BREAK: raw TCP cannot signal BREAK';
  if (state !== 'connected' || !canSendBreak(kind)) return 'BREAK: not connected';
  if (held) return 'BREAK is held on — click to release';
  return `BREAK for ${breakMs} ms (${shortcut}); Shift+click holds it until clicked again`;
}

/**
 * DTR and RTS can be asked for on a tab: while connected when the far end can set them (canControlLines);
 * while not connected on any tab that can ask for line control (canAskLine), kept and applied when connected.
 */
export function canDriveLines(kind: SessionKind | undefined, state: SessionState | undefined, line: LineModel | undefined): boolean {
  if (linkUp(state)) return canControlLines(kind, line);
  return canAskLine(kind, state) && line !== undefined;
}

/** What a DTR/RTS button stands on: while connected the value shown (in effect, else asked), else what was asked; null unknown. */
export function linePressed(line: LineModel | undefined, which: 'dtr' | 'rts', state: SessionState | undefined): boolean | null {
  return pickedItem(line, which, state);
}

/** Flip DTR or RTS from what the session reports (an unknown line is raised); while not connected, from what was asked. */
export function toggleLine(tabId: string, which: 'dtr' | 'rts'): void {
  const view = viewOf(tabId);
  if (!view || !canDriveLines(view.kind, view.state, view.line)) return;
  const now = linePressed(view.line, which, view.state) ?? false;
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

/**
 * A DTR/RTS button's tooltip when it can be used: the value and what a click does; while not connected
 * the value is what was asked ("not asked" when nothing was) and a click asks for it, applied when connected.
 */
export function lineButtonTitle(name: string, v: boolean | null, state: SessionState | undefined, shortcut: string): string {
  const click = `click to ${v ? 'drop' : 'raise'} (${shortcut})`;
  if (!linkUp(state)) return `${name}: not connected; asked: ${v === null ? 'nothing' : v ? 'on' : 'off'} — ${click}, applied when connected`;
  return `${name} ${v === null ? 'unknown' : v ? 'on' : 'off'} — ${click}`;
}
