import { describe, expect, it } from 'vitest';
import { SESSION_STATES } from '../../src-shared/session/events.js';
import { offlineLineModel } from '../../src-shared/line/line-model.js';
import { breakTitle, canDriveLines, linePressed, lineButtonTitle, noLinesReason } from './controls.js';
import { inputLampTitle, outputLampView, whyUnknown } from './Lamps.js';

const DOWN = SESSION_STATES.filter((s) => s !== 'connected');

describe('tooltips give the true reason a control or lamp is unavailable', () => {
  it('BREAK: "not connected" on any tab that is down (RFC 2217 included); raw TCP only when connected raw', () => {
    for (const state of DOWN) for (const kind of ['rfc2217', 'telnet', 'serial'] as const) expect(breakTitle(kind, state, false, 250, 'Ctrl+Shift+B'), `${kind} ${state}`).toBe('BREAK: not connected');
    expect(breakTitle('rfc2217', 'reconnecting', false, 250, 'Ctrl+Shift+B')).not.toMatch(/raw TCP/);
    expect(breakTitle('raw', 'connected', false, 250, 'Ctrl+Shift+B')).toBe('BREAK: raw TCP cannot signal BREAK');
    expect(breakTitle('raw', 'disconnected', false, 250, 'Ctrl+Shift+B')).toBe('BREAK: raw TCP cannot signal BREAK');
    expect(breakTitle('rfc2217', 'connected', false, 250, 'Ctrl+Shift+B')).toBe('BREAK for 250 ms (Ctrl+Shift+B); Shift+click holds it until clicked again');
    expect(breakTitle('serial', 'connected', true, 250, 'Ctrl+Shift+B')).toBe('BREAK is held on — click to release');
  });

  it('DTR/RTS: what the kind lacks, else not connected, else the far end refused it', () => {
    expect(noLinesReason('raw', 'connected')).toBe('raw TCP has no modem lines');
    expect(noLinesReason('telnet', 'disconnected')).toBe('plain telnet has no COM-PORT control (use rfc2217://)');
    expect(noLinesReason('rfc2217', 'reconnecting')).toBe('not connected');
    expect(noLinesReason('rfc2217', 'connected')).toBe('the far end cannot set it (unsupported)');
  });

  it('input lamps: what the kind lacks (raw TCP, plain telnet), else not connected on a tab that is down, else why the far end is silent', () => {
    for (const state of DOWN) for (const kind of ['rfc2217', 'serial'] as const) expect(whyUnknown(kind, state), `${kind} ${state}`).toBe('not connected');
    expect(whyUnknown('raw', 'disconnected')).toBe('raw TCP has no modem lines');
    expect(whyUnknown('telnet', 'reconnecting')).toBe('plain telnet has no COM-PORT option (use rfc2217://)');
    expect(whyUnknown('raw', 'connected')).toBe('raw TCP has no modem lines');
    expect(whyUnknown('telnet', 'connected')).toBe('plain telnet has no COM-PORT option (use rfc2217://)');
    expect(whyUnknown('rfc2217', 'connected')).toBe('the server has not reported it yet');
    expect(whyUnknown('serial', 'connected')).toBe('this port or driver does not report it');
    expect(inputLampTitle('CTS', 'Clear To Send', null, 'raw', 'connected')).toBe('CTS (Clear To Send): unavailable — raw TCP has no modem lines');
    expect(inputLampTitle('DCD', 'Data Carrier Detect', null, 'rfc2217', 'disconnected')).toBe('DCD (Data Carrier Detect): unavailable — not connected');
    expect(inputLampTitle('DSR', 'Data Set Ready', true, 'rfc2217', 'connected')).toBe('DSR (Data Set Ready): on');
  });

  // the session's model while the link is down: asked DTR on is 'requested', nothing in effect
  const asked = offlineLineModel({ settings: { baud: 19200 }, dtr: true });

  it('output lamps: never lit nor waiting for the server while not connected; what was asked is named', () => {
    for (const state of DOWN) {
      expect(outputLampView('dtr', asked.dtr, 'rfc2217', state), state).toEqual({
        state: 'unknown',
        confirm: 'offline',
        title: 'DTR (Data Terminal Ready): unavailable — not connected; asked: on — applied when connected',
      });
      expect(outputLampView('rts', asked.rts, 'serial', state), state).toEqual({ state: 'unknown', confirm: 'offline', title: 'RTS (Request To Send): unavailable — not connected' });
      // a value the far end reported before the link went is not shown either
      expect(outputLampView('dtr', { asked: null, inEffect: true, state: 'confirmed' }, 'rfc2217', state).state, state).toBe('unknown');
    }
    const raw = offlineLineModel({ settings: {} }, true);
    expect(outputLampView('dtr', raw.dtr, 'raw', 'disconnected')).toEqual({ state: 'unknown', confirm: 'unsupported', title: 'DTR (Data Terminal Ready): unavailable — raw TCP has no modem lines' });
    // connected: the usual rules
    expect(outputLampView('dtr', asked.dtr, 'rfc2217', 'connected')).toEqual({ state: 'on', confirm: 'requested', title: 'DTR (Data Terminal Ready): on (asked for; waiting for the server)' });
    expect(outputLampView('dtr', { asked: true, inEffect: true, state: 'confirmed' }, 'rfc2217', 'connected')).toEqual({ state: 'on', confirm: 'confirmed', title: 'DTR (Data Terminal Ready): on' });
    expect(outputLampView('rts', { asked: null, inEffect: null, state: 'unknown' }, 'rfc2217', 'connected').title).toBe('RTS (Request To Send): unavailable — the server has not reported it yet');
  });

  it('DTR/RTS buttons: asked for while not connected (applied when connected), on the asked value', () => {
    for (const state of DOWN) {
      expect(canDriveLines('rfc2217', state, asked), state).toBe(state !== 'closed');
      expect(canDriveLines('serial', state, asked), state).toBe(state !== 'closed');
      expect(canDriveLines('raw', state, asked), state).toBe(false);
      expect(linePressed(asked, 'dtr', state), state).toBe(true);
      expect(linePressed(asked, 'rts', state), state).toBeNull();
    }
    expect(canDriveLines('rfc2217', 'disconnected', undefined)).toBe(false);
    expect(canDriveLines('rfc2217', 'connected', asked)).toBe(true);
    expect(canDriveLines('telnet', 'connected', asked)).toBe(false);
    expect(lineButtonTitle('DTR', true, 'disconnected', 'Ctrl+Shift+D')).toBe('DTR: not connected; asked: on — click to drop (Ctrl+Shift+D), applied when connected');
    expect(lineButtonTitle('RTS', null, 'reconnecting', 'Ctrl+Shift+R')).toBe('RTS: not connected; asked: nothing — click to raise (Ctrl+Shift+R), applied when connected');
    expect(lineButtonTitle('DTR', false, 'connected', 'Ctrl+Shift+D')).toBe('DTR off — click to raise (Ctrl+Shift+D)');
  });
});
