/**
 * The new-session dialog's target logic, pure: Cisco line presets (2000+N telnet, 4000+N raw TCP,
 * 6000+N binary telnet, per Cisco's reverse-telnet convention; src-shared/ipc/profile.ts) and the
 * validation of host (a name or address: not host:port, not a URL), port and line number with messages
 * an operator can act on.
 */
import { CISCO_LINE_BASE, resolveProfileTarget, type CiscoLineMode } from '../../src-shared/ipc/profile.js';
import { hostProblem, type NetworkKind, type Target } from '../../src-shared/session/target.js';

/** The dialog's connection kinds: the three network kinds, a Cisco line, or a local port. */
export type DialogKind = NetworkKind | 'cisco' | 'serial';

/** The highest Cisco line number the presets accept (6000+N must stay a TCP port below 8000). */
export const MAX_CISCO_LINE = 1535;

/** The TCP port of Cisco line `line` in `mode`. */
export function ciscoPort(line: number, mode: CiscoLineMode): number {
  return CISCO_LINE_BASE[mode] + line;
}

/** The dialog's fields, as typed (strings; validated by dialogTarget). */
export interface DialogFields {
  kind: DialogKind;
  host: string;
  port: string;
  line: string;
  ciscoMode: CiscoLineMode;
  serialPath: string;
}

/** A target, or the message saying what to fix. */
export type DialogResult = { ok: true; target: Target } | { ok: false; field: 'host' | 'port' | 'line' | 'serialPath'; message: string };

function intIn(text: string, lo: number, hi: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= lo && n <= hi ? n : null;
}

/** Validate the dialog's fields into a session target. */
export function dialogTarget(f: DialogFields): DialogResult {
  if (f.kind === 'serial') {
    const path = f.serialPath.trim();
    return path ? { ok: true, target: { kind: 'serial', path } } : { ok: false, field: 'serialPath', message: 'pick a serial port' };
  }
  const host = f.host.trim();
  if (!host) return { ok: false, field: 'host', message: 'host is empty' };
  if (/\s/.test(host)) return { ok: false, field: 'host', message: 'host has a space in it' };
  const problem = hostProblem(host);
  if (problem) return { ok: false, field: 'host', message: problem };
  if (f.kind === 'cisco') {
    const line = intIn(f.line, 0, MAX_CISCO_LINE);
    if (line === null) return { ok: false, field: 'line', message: `line number: 0..${MAX_CISCO_LINE}` };
    return { ok: true, target: resolveProfileTarget({ kind: 'cisco-line', host, line, mode: f.ciscoMode }) };
  }
  const port = intIn(f.port, 1, 65535);
  if (port === null) return { ok: false, field: 'port', message: 'port: 1..65535' };
  return { ok: true, target: { kind: f.kind, host, port } };
}

/** A default display name for a target, e.g. "10.0.0.5 line 3" for Cisco presets. */
export function dialogName(f: DialogFields, t: Target): string {
  if (t.kind === 'serial') return t.path.replace(/^\/dev\//, '');
  if (f.kind === 'cisco') return `${t.host} line ${f.line.trim()}`;
  return `${t.host}:${t.port}`;
}
