/**
 * What the line panel shows for each setting: the value in effect (from the 'settings' event) and how
 * far it got (SettingState). Pure, for tests.
 */
import type { SettingState } from '../../src-shared/line/settings.js';
import type { SettingsEvent } from '../../src-shared/session/events.js';

export const SETTING_STATE_TEXT: Readonly<Record<SettingState, { mark: string; text: string }>> = {
  requested: { mark: '…', text: 'asked for; waiting for the server' },
  confirmed: { mark: '✓', text: 'confirmed by the server' },
  unconfirmed: { mark: '?', text: 'the server did not confirm it' },
  differs: { mark: '≠', text: 'the server answered with a different value' },
  unsupported: { mark: '–', text: 'the server does not support it' },
};

/** The state of one setting in a settings event; 'confirmed' for a local port that reports none. */
export function settingState(ev: SettingsEvent | null, name: string): SettingState | 'unknown' {
  if (!ev) return 'unknown';
  return ev.state[name] ?? 'confirmed';
}

/** Parity and stop bits as operators write them: 8N1, 7E1, 8N1.5 ... */
export function shortForm(ev: Pick<SettingsEvent, 'dataBits' | 'parity' | 'stopBits'>): string {
  return `${ev.dataBits}${ev.parity[0]!.toUpperCase()}${ev.stopBits}`;
}

/**
 * Parse a custom baud rate typed by the operator.
 * @returns bits/s, or an error message (positive whole number up to max).
 */
export function parseBaud(text: string, max: number): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return 'baud: a whole number of bits/s';
  const n = Number(t);
  if (n < 1 || n > max) return `baud: 1..${max}`;
  return n;
}
