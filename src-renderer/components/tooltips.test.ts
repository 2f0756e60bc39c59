import { describe, expect, it } from 'vitest';
import { SESSION_STATES } from '../../src-shared/session/events.js';
import { breakTitle, noLinesReason } from './controls.js';
import { inputLampTitle, whyUnknown } from './Lamps.js';

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
});
