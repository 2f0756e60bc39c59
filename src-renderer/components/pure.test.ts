import { describe, expect, it } from 'vitest';
import { canSendBreak } from './controls.js';
import { formatBytes, formatDuration, formatRate } from './format.js';
import { lampState } from './Lamps.js';
import { ITEM_STATE_TEXT, askedItem, canAskLine, itemState, parseBaud, pickedItem, shownItem } from './line-model.js';
import { blankLineModel, canControlLines, offlineLineModel } from '../../src-shared/line/line-model.js';
import { MAX_BAUD } from '../../src-shared/line/settings.js';
import { SESSION_STATES } from '../../src-shared/session/events.js';
import { formatShortcut, matchShortcut } from './shortcuts.js';

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

  it('switches tabs with Ctrl+Tab / Ctrl+Shift+Tab and closes one with Ctrl+Shift+W only', () => {
    expect(matchShortcut(key('Tab', { ctrlKey: true }))).toBe('nextTab');
    expect(matchShortcut(key('Tab', { ctrlKey: true, shiftKey: true }))).toBe('prevTab');
    expect(matchShortcut(key('KeyW', { ctrlKey: true, shiftKey: true }))).toBe('closeTab');
    // plain Ctrl+W is the device's (0x17, word erase); plain Tab and Shift+Tab are the device's too
    expect(matchShortcut(key('KeyW', { ctrlKey: true }))).toBeNull();
    expect(matchShortcut(key('Tab', {}))).toBeNull();
    expect(matchShortcut(key('Tab', { shiftKey: true }))).toBeNull();
    expect(matchShortcut(key('Tab', { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it('labels tooltips as the keyboard\u2019s system names the keys (the tab keys are Ctrl+Tab on a Mac too)', () => {
    expect(formatShortcut('nextTab', 'linux')).toBe('Ctrl+Tab');
    expect(formatShortcut('closeTab', 'win32')).toBe('Ctrl+Shift+W');
    expect(formatShortcut('dtr', 'linux')).toBe('Ctrl+Shift+D');
    expect(formatShortcut('break', 'darwin')).toBe('Cmd+Shift+B');
    expect(formatShortcut('prevTab', 'darwin')).toBe('Ctrl+Shift+Tab');
  });
});

describe('lamps and controls', () => {
  it('shows null as unknown, not off', () => {
    expect([lampState(true), lampState(false), lampState(null), lampState(undefined)]).toEqual(['on', 'off', 'unknown', 'unknown']);
  });

  it('offers DTR/RTS on RFC 2217 and serial, not on raw TCP or plain telnet; unknown is not unsupported', () => {
    const unknown = blankLineModel();
    expect(canControlLines('rfc2217', unknown)).toBe(true);
    expect(canControlLines('serial', unknown)).toBe(true);
    expect(canControlLines('rfc2217', blankLineModel('unsupported'))).toBe(false);
    expect(canControlLines('raw', unknown)).toBe(false);
    expect(canControlLines('telnet', unknown)).toBe(false);
  });

  it('a baud change before DTR was touched leaves DTR/RTS drivable (the fault operators hit)', () => {
    const afterBaud = { ...blankLineModel(), baud: { asked: 9600, inEffect: 9600, state: 'confirmed' as const } };
    expect(canControlLines('rfc2217', afterBaud)).toBe(true);
  });

  it('offers BREAK everywhere but raw TCP', () => {
    expect(['rfc2217', 'telnet', 'serial', 'raw'].map((k) => canSendBreak(k as never))).toEqual([true, true, true, false]);
  });
});

describe('line model', () => {
  const line = {
    ...blankLineModel(),
    baud: { asked: 9600, inEffect: 19200, state: 'differs' as const },
    parity: { asked: null, inEffect: 'even' as const, state: 'confirmed' as const },
    dtr: { asked: true, inEffect: null, state: 'unconfirmed' as const },
  };

  it("reads an item's state while connected; no model is unknown", () => {
    expect(itemState(line, 'baud', 'connected')).toBe('differs');
    expect(itemState(line, 'parity', 'connected')).toBe('confirmed');
    expect(itemState(line, 'stopBits', 'connected')).toBe('unknown');
    expect(itemState(null, 'baud', 'connected')).toBe('unknown');
  });

  it('shows the value in effect, else what was asked, else nothing (unknown) while connected', () => {
    expect(shownItem(line, 'baud', 'connected')).toBe(19200);
    expect(shownItem(line, 'dtr', 'connected')).toBe(true);
    expect(shownItem(line, 'stopBits', 'connected')).toBeNull();
    expect(pickedItem(line, 'baud', 'connected')).toBe(19200);
  });

  // what a session reports while the link is down: asked items 'requested', nothing in effect
  const offline = offlineLineModel({ settings: { baud: 19200 }, dtr: true, rts: false });
  const down = SESSION_STATES.filter((s) => s !== 'connected');

  it('shows nothing as in effect or waiting for the server while not connected, in every state but connected', () => {
    expect(down).toEqual(['idle', 'connecting', 'reconnecting', 'disconnected', 'closed']);
    for (const s of down) {
      for (const m of [offline, line]) {
        for (const k of ['baud', 'dtr', 'rts', 'parity'] as const) {
          expect(itemState(m, k, s), `${k} ${s}`).toBe('offline');
          expect(shownItem(m, k, s), `${k} ${s}`).toBeNull();
        }
      }
      // what was asked stays, as asked: the picker stands on it
      expect(askedItem(offline, 'baud')).toBe(19200);
      expect(pickedItem(offline, 'baud', s)).toBe(19200);
      expect(pickedItem(offline, 'dtr', s)).toBe(true);
      expect(pickedItem(offline, 'stopBits', s)).toBeNull();
      expect(pickedItem(line, 'baud', s)).toBe(9600); // asked 9600, the server had 19200: Connect asks 9600 again
      expect(itemState(null, 'baud', s)).toBe('offline');
      expect(ITEM_STATE_TEXT[itemState(offline, 'baud', s)].mark).toBe('');
    }
    // connected again: the usual rules
    expect(itemState(offline, 'baud', 'connected')).toBe('requested');
    expect(shownItem(offline, 'baud', 'connected')).toBe(19200);
  });

  it('keeps unsupported (raw TCP, plain telnet) whether or not connected', () => {
    const raw = offlineLineModel({ settings: {} }, true);
    for (const s of SESSION_STATES) expect(itemState(raw, 'dtr', s)).toBe('unsupported');
  });

  it('takes line settings and DTR/RTS on an RFC 2217 or serial tab that is not closed, connected or not', () => {
    for (const s of SESSION_STATES) {
      for (const k of ['rfc2217', 'serial'] as const) expect(canAskLine(k, s), `${k} ${s}`).toBe(s !== 'closed');
      for (const k of ['raw', 'telnet'] as const) expect(canAskLine(k, s), `${k} ${s}`).toBe(false);
    }
    expect(canAskLine(undefined, 'connected')).toBe(false);
    expect(canAskLine('rfc2217', undefined)).toBe(false);
  });

  it('parses a custom baud or names the valid range; 0 and negatives are never a baud', () => {
    expect(parseBaud(' 250000 ', 16_000_000)).toBe(250000);
    expect(parseBaud('1', 100)).toBe(1);
    expect(parseBaud('100', 100)).toBe(100);
    expect(parseBaud('9600.5', 100_000)).toMatch(/whole number/);
    for (const bad of ['0', 'abc', '-300', '99999999', '', ' ', '1e5', '0x10', '+9600']) {
      const r = parseBaud(bad, MAX_BAUD);
      expect(typeof r, bad).toBe('string');
      expect(r, bad).toContain(`from 1 to ${MAX_BAUD}`);
    }
    expect(parseBaud('0', MAX_BAUD)).toMatch(/0 is out of range/);
    expect(parseBaud('99999999', MAX_BAUD)).toMatch(/99999999 is out of range/);
    expect(parseBaud('abc', MAX_BAUD)).toMatch(/"abc" is not one/);
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
