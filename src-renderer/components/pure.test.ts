import { describe, expect, it } from 'vitest';
import type { SettingsEvent } from '../../src-shared/session/events.js';
import { canControlLines, canSendBreak } from './controls.js';
import { formatBytes, formatDuration, formatRate } from './format.js';
import { lampState } from './Lamps.js';
import { parseBaud, settingState, shortForm } from './line-model.js';
import { matchShortcut, shortcutLabel } from './shortcuts.js';

const key = (code: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean; altKey: boolean; metaKey: boolean }>) => ({
  code,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('maps Ctrl+Shift+D/R/B to DTR, RTS, BREAK (Cmd+Shift too)', () => {
    expect(matchShortcut(key('KeyD', { ctrlKey: true, shiftKey: true }))).toBe('dtr');
    expect(matchShortcut(key('KeyR', { ctrlKey: true, shiftKey: true }))).toBe('rts');
    expect(matchShortcut(key('KeyB', { metaKey: true, shiftKey: true }))).toBe('break');
    expect(matchShortcut(key('KeyC', { ctrlKey: true, shiftKey: true }))).toBe('copy');
  });

  it('leaves plain Ctrl keys to the terminal (Ctrl+D is EOT, Ctrl+B a tmux prefix)', () => {
    expect(matchShortcut(key('KeyD', { ctrlKey: true }))).toBeNull();
    expect(matchShortcut(key('KeyB', { ctrlKey: true, shiftKey: true, altKey: true }))).toBeNull();
    expect(matchShortcut(key('KeyZ', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('labels tooltips', () => {
    expect(shortcutLabel('dtr')).toBe('Ctrl+Shift+D');
    expect(shortcutLabel('break', true)).toBe('Cmd+Shift+B');
  });
});

describe('lamps and controls', () => {
  it('shows null as unknown, not off', () => {
    expect([lampState(true), lampState(false), lampState(null), lampState(undefined)]).toEqual(['on', 'off', 'unknown', 'unknown']);
  });

  it('offers DTR/RTS on RFC 2217 and serial, not on raw TCP or plain telnet', () => {
    expect(canControlLines('rfc2217', null)).toBe(true);
    expect(canControlLines('serial', null)).toBe(true);
    expect(canControlLines('raw', null)).toBe(false);
    expect(canControlLines('telnet', null)).toBe(false);
  });

  it('offers BREAK everywhere but raw TCP', () => {
    expect(['rfc2217', 'telnet', 'serial', 'raw'].map((k) => canSendBreak(k as never))).toEqual([true, true, true, false]);
  });
});

describe('line model', () => {
  const ev = { type: 'settings', baud: 9600, dataBits: 7, parity: 'even', stopBits: 1, flow: 'none', dtr: null, rts: null, break: false, state: { baud: 'differs' } } as SettingsEvent;

  it("reads a setting's state; a setting the map omits is confirmed; no event is unknown", () => {
    expect(settingState(ev, 'baud')).toBe('differs');
    expect(settingState(ev, 'parity')).toBe('confirmed');
    expect(settingState(null, 'baud')).toBe('unknown');
  });

  it('writes the usual short form', () => {
    expect(shortForm(ev)).toBe('7E1');
  });

  it('parses a custom baud or says why not', () => {
    expect(parseBaud(' 250000 ', 16_000_000)).toBe(250000);
    expect(parseBaud('0', 100)).toMatch(/1\.\.100/);
    expect(parseBaud('9600.5', 100_000)).toMatch(/whole number/);
  });
});

describe('format', () => {
  it('formats bytes, rates and call durations', () => {
    expect(formatBytes(9870)).toBe('9870 B');
    expect(formatBytes(12.34 * 1024)).toBe('12.3 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
    expect(formatRate(0)).toBe('0 B/s');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
