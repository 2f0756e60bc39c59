/** Line control of a tab's session: settings, DTR/RTS, BREAK, purge. Failures show a notice. */
import type { LineSettings } from '../../../src-shared/line/settings.js';
import { withSession } from './request.js';

/** Ask for line settings (baud in bits/s, data bits, parity, stop bits, flow control); main reports what took effect. */
export function applySettings(tabId: string, settings: Partial<LineSettings>): void {
  void withSession(tabId, 'line settings', (a, sessionId) => a.session.applySettings({ sessionId, settings }));
}

/** Set DTR and/or RTS. */
export function setControlLines(tabId: string, lines: { dtr?: boolean; rts?: boolean }): void {
  void withSession(tabId, 'DTR/RTS', (a, sessionId) => a.session.setControlLines({ sessionId, ...lines }));
}

/** Hold BREAK on or release it. */
export function setBreak(tabId: string, on: boolean): void {
  void withSession(tabId, 'BREAK', (a, sessionId) => a.session.setBreak({ sessionId, on }));
}

/** BREAK as a pulse of `ms` milliseconds. */
export function sendBreak(tabId: string, ms: number): void {
  void withSession(tabId, 'BREAK', (a, sessionId) => a.session.sendBreak({ sessionId, ms }));
}

/** Discard the receive and/or transmit buffers. */
export function purge(tabId: string, which: 'rx' | 'tx' | 'both'): void {
  void withSession(tabId, 'purge', (a, sessionId) => a.session.purge({ sessionId, which }));
}
