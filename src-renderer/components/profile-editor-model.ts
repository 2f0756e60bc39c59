/**
 * The profile editor's logic, pure: a saved profile as the editor's draft (text fields kept as typed),
 * and a draft back into a profile, validated by the target rules of the new-session dialog
 * (presets.ts dialogTarget) and then profileSchema, with the first problem named by its field in the
 * order the form shows them.
 *
 * What is saved asks for no more than the target can do: line settings and DTR/RTS only for RFC 2217
 * and local ports (telnet and raw TCP carry bytes only), and no DTR/RTS with safe open (which leaves
 * both alone and would override them).
 */
import type { z } from 'zod';
import { profileSchema, terminalOptionsSchema, type AutoLog, type Profile, type ProfileInput, type ProfileTarget, type ProfileTls, type TerminalOptions } from '../../src-shared/ipc/profile.js';
import { MAX_BAUD, type FlowControl, type LineSettings, type Parity } from '../../src-shared/line/settings.js';
import { parseBaud } from './line-model.js';
import { dialogTarget, type DialogFields } from './presets.js';

/** DTR or RTS on open: leave it as it is, assert it, or drop it. */
export type LineChoice = 'leave' | 'on' | 'off';

/** The terminal options whose values are numbers, typed as text in the editor. */
export const TERMINAL_NUMBERS = ['pasteCharDelayMs', 'pasteLineDelayMs', 'fontSize'] as const;
/** One of TERMINAL_NUMBERS. */
export type TerminalNumber = (typeof TERMINAL_NUMBERS)[number];

/** The editor's fields. Text fields hold what was typed; '' in a line setting means "as the far end has it". */
export interface ProfileDraft {
  id?: string;
  name: string;
  target: DialogFields;
  /** Baud as text: '' (the far end's), a common rate or any other whole number. */
  baud: string;
  dataBits: '' | `${LineSettings['dataBits']}`;
  parity: '' | Parity;
  stopBits: '' | `${LineSettings['stopBits']}`;
  flow: '' | FlowControl;
  dtr: LineChoice;
  rts: LineChoice;
  safeOpen: boolean;
  reconnect: boolean;
  /** A desktop notification on RING and at a dial's end while the window is not focused. */
  notify: boolean;
  terminal: Omit<TerminalOptions, TerminalNumber> & Record<TerminalNumber, string>;
  autoLog: AutoLog;
  tls: TlsDraft;
}

/** How the server is trusted: trust on first use (known-servers), a CA file, or a pinned fingerprint. */
export type TlsTrust = 'tofu' | 'ca' | 'pin';
/** Who we are: no client certificate, PEM certificate + key, or a PKCS#12 bundle. */
export type TlsClient = 'none' | 'pem' | 'pfx';

/**
 * The TLS section: on for RFC 2217, telnet and raw TCP targets (rfc2217s://, telnets://, tls://). File
 * names are of the certificates folder in main ('' none chosen); each choice keeps the others' values
 * while the form is open, and only the chosen ones are saved.
 */
export interface TlsDraft {
  enabled: boolean;
  trust: TlsTrust;
  caName: string;
  pin: string;
  checkHostname: boolean;
  minVersion: ProfileTls['minVersion'];
  client: TlsClient;
  certName: string;
  keyName: string;
  pfxName: string;
}

/** True for the targets that may run inside TLS (a Cisco line preset and a local port cannot). */
export function canUseTls(kind: DialogFields['kind']): boolean {
  return kind === 'rfc2217' || kind === 'telnet' || kind === 'raw';
}

/** The TLS section's draft of a profile. */
export function tlsDraftOf(p: Profile): TlsDraft {
  const t = p.tls;
  return {
    enabled: p.target.kind !== 'serial' && p.target.kind !== 'cisco-line' && p.target.tls === true,
    trust: t?.pin ? 'pin' : t?.caName ? 'ca' : 'tofu',
    caName: t?.caName ?? '',
    pin: t?.pin ?? '',
    checkHostname: t?.checkHostname ?? true,
    minVersion: t?.minVersion ?? 'TLSv1.2',
    client: t?.pfxName ? 'pfx' : t?.certName ? 'pem' : 'none',
    certName: t?.certName ?? '',
    keyName: t?.keyName ?? '',
    pfxName: t?.pfxName ?? '',
  };
}

/** The profile's tls for a draft (what the chosen trust and client certificate need, nothing else), or the problem. */
export function profileTlsOf(t: TlsDraft): { ok: true; tls: z.input<typeof profileSchema>['tls'] } | { ok: false; field: DraftField; message: string } {
  if (t.trust === 'ca' && !t.caName) return { ok: false, field: 'tlsTrust', message: 'choose or import a CA file' };
  if (t.trust === 'pin' && !t.pin.trim()) return { ok: false, field: 'tlsTrust', message: 'give the SHA-256 fingerprint to pin' };
  if (t.client === 'pem' && (!t.certName || !t.keyName)) return { ok: false, field: 'tlsClient', message: 'choose or import both the client certificate and its key' };
  if (t.client === 'pfx' && !t.pfxName) return { ok: false, field: 'tlsClient', message: 'choose or import the PKCS#12 file' };
  return {
    ok: true,
    tls: {
      minVersion: t.minVersion,
      checkHostname: t.checkHostname,
      ...(t.trust === 'pin' ? { pin: t.pin.trim() } : {}),
      ...(t.trust === 'ca' ? { caName: t.caName } : {}),
      ...(t.client === 'pem' ? { certName: t.certName, keyName: t.keyName } : {}),
      ...(t.client === 'pfx' ? { pfxName: t.pfxName } : {}),
    },
  };
}

/** The fields a problem can be shown at, in the order the form shows them. */
export const DRAFT_FIELDS = ['name', 'host', 'port', 'line', 'serialPath', 'tlsTrust', 'tlsClient', 'baud', ...TERMINAL_NUMBERS, 'rotate', 'fileNameTemplate'] as const;
/** One of DRAFT_FIELDS. */
export type DraftField = (typeof DRAFT_FIELDS)[number];

/** What each field is called where the editor names it. */
export const FIELD_LABEL: Readonly<Record<DraftField, string>> = {
  name: 'Name',
  host: 'Host',
  port: 'Port',
  line: 'Line N',
  serialPath: 'Port path',
  tlsTrust: 'Trust',
  tlsClient: 'Client certificate',
  baud: 'Baud',
  pasteCharDelayMs: 'Char delay',
  pasteLineDelayMs: 'Line delay',
  fontSize: 'Font size',
  rotate: 'New file',
  fileNameTemplate: 'File name',
};

/** A profile ready to save, or the first problem and the field it belongs to. */
export type DraftResult = { ok: true; profile: ProfileInput } | { ok: false; field: DraftField; message: string };

/** True for the targets that have a serial line to set (RFC 2217 and a local port). */
export function hasLineSettings(kind: DialogFields['kind']): boolean {
  return kind === 'rfc2217' || kind === 'serial';
}

function choiceOf(v: boolean | undefined): LineChoice {
  return v === undefined ? 'leave' : v ? 'on' : 'off';
}

/** The dialog's fields for a profile's target (a Cisco line keeps its host, line number and mode). */
export function fieldsOfTarget(t: ProfileTarget): DialogFields {
  const blank: DialogFields = { kind: 'rfc2217', host: '', port: '', line: '', ciscoMode: 'telnet', serialPath: '' };
  switch (t.kind) {
    case 'serial':
      return { ...blank, kind: 'serial', serialPath: t.path };
    case 'cisco-line':
      return { ...blank, kind: 'cisco', host: t.host, line: String(t.line), ciscoMode: t.mode };
    default:
      return { ...blank, kind: t.kind, host: t.host, port: String(t.port) };
  }
}

/** The editor's draft of a profile. */
export function draftOf(p: Profile): ProfileDraft {
  const s = p.settings;
  return {
    ...(p.id ? { id: p.id } : {}),
    name: p.name,
    target: fieldsOfTarget(p.target),
    baud: s.baud === undefined ? '' : String(s.baud),
    dataBits: s.dataBits === undefined ? '' : `${s.dataBits}`,
    parity: s.parity ?? '',
    stopBits: s.stopBits === undefined ? '' : `${s.stopBits}`,
    flow: s.flow ?? '',
    dtr: choiceOf(p.dtr),
    rts: choiceOf(p.rts),
    safeOpen: p.safeOpen,
    reconnect: p.reconnect,
    notify: p.notify,
    terminal: {
      ...p.terminal,
      pasteCharDelayMs: String(p.terminal.pasteCharDelayMs),
      pasteLineDelayMs: String(p.terminal.pasteLineDelayMs),
      fontSize: String(p.terminal.fontSize),
    },
    autoLog: p.autoLog,
    tls: tlsDraftOf(p),
  };
}

/** The profile target the dialog's fields name, or the target problem (dialogTarget's rules). */
export function profileTargetOf(f: DialogFields): { ok: true; target: ProfileTarget } | { ok: false; field: DraftField; message: string } {
  const r = dialogTarget(f);
  if (!r.ok) return r;
  if (f.kind !== 'cisco') return r;
  return { ok: true, target: { kind: 'cisco-line', host: f.host.trim(), line: Number(f.line), mode: f.ciscoMode } };
}

/** The range a terminal number accepts, read from terminalOptionsSchema (e.g. "6..72"). */
export function terminalRange(name: TerminalNumber): string {
  const n = terminalOptionsSchema.shape[name].unwrap();
  return `${n.minValue ?? 0}..${n.maxValue ?? ''}`;
}

function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** The draft field a profileSchema issue is about (undefined for one the editor cannot place). */
function fieldOfIssue(path: readonly PropertyKey[]): DraftField | undefined {
  const [top, sub] = path.map(String);
  if (top === 'name') return 'name';
  if (top === 'tls') return sub === 'certName' || sub === 'keyName' || sub === 'pfxName' ? 'tlsClient' : 'tlsTrust';
  if (top === 'settings') return 'baud';
  if (top === 'terminal' && (TERMINAL_NUMBERS as readonly string[]).includes(sub ?? '')) return sub as TerminalNumber;
  if (top === 'autoLog') return sub === 'fileNameTemplate' ? 'fileNameTemplate' : 'rotate';
  return undefined;
}

function issueMessage(field: DraftField, issue: z.core.$ZodIssue): string {
  if ((TERMINAL_NUMBERS as readonly string[]).includes(field)) return `${FIELD_LABEL[field].toLowerCase()}: a whole number ${terminalRange(field as TerminalNumber)}`;
  return issue.message;
}

/**
 * The profile a draft describes, checked: the target by dialogTarget's rules, the baud by parseBaud,
 * the rest by profileSchema. The first problem in the form's order wins. The draft's id is kept, so a
 * renamed profile is the same profile.
 */
export function profileFromDraft(d: ProfileDraft, original?: Profile): DraftResult {
  const problems: Array<{ field: DraftField; message: string }> = [];
  const target = profileTargetOf(d.target);
  if (!target.ok) problems.push(target);
  const line = hasLineSettings(d.target.kind);
  let baud: number | undefined;
  if (line && d.baud.trim() !== '') {
    const b = parseBaud(d.baud, MAX_BAUD);
    if (typeof b === 'string') problems.push({ field: 'baud', message: b });
    else baud = b;
  }
  const settings: Partial<LineSettings> = !line
    ? {}
    : {
        ...(baud !== undefined ? { baud } : {}),
        ...(d.dataBits ? { dataBits: Number(d.dataBits) as LineSettings['dataBits'] } : {}),
        ...(d.parity ? { parity: d.parity } : {}),
        ...(d.stopBits ? { stopBits: Number(d.stopBits) as LineSettings['stopBits'] } : {}),
        ...(d.flow ? { flow: d.flow } : {}),
      };
  const lines = line && !d.safeOpen;
  const withTls = d.tls.enabled && canUseTls(d.target.kind);
  const tls = withTls ? profileTlsOf(d.tls) : null;
  if (tls && !tls.ok) problems.push(tls);
  // fields the editor does not manage (none today) survive an edit; the ones it does are rebuilt
  const { dtr: _dtr, rts: _rts, settings: _settings, builtIn: _builtIn, tls: _tls, ...kept } = original ?? ({} as Partial<Profile>);
  const input: ProfileInput = {
    ...kept,
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    target: target.ok ? (withTls && target.target.kind !== 'serial' && target.target.kind !== 'cisco-line' ? { ...target.target, tls: true } : target.target) : { kind: 'serial', path: 'unused' },
    ...(tls?.ok ? { tls: tls.tls } : {}),
    settings,
    ...(lines && d.dtr !== 'leave' ? { dtr: d.dtr === 'on' } : {}),
    ...(lines && d.rts !== 'leave' ? { rts: d.rts === 'on' } : {}),
    safeOpen: line && d.safeOpen,
    reconnect: d.reconnect,
    notify: d.notify,
    terminal: {
      ...d.terminal,
      pasteCharDelayMs: wholeNumber(d.terminal.pasteCharDelayMs),
      pasteLineDelayMs: wholeNumber(d.terminal.pasteLineDelayMs),
      fontSize: wholeNumber(d.terminal.fontSize),
    },
    autoLog: d.autoLog,
  };
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldOfIssue(issue.path);
      if (field && !problems.some((p) => p.field === field)) problems.push({ field, message: issueMessage(field, issue) });
    }
  }
  if (problems.length === 0 && !parsed.success) return { ok: false, field: 'name', message: parsed.error.issues[0]?.message ?? 'invalid profile' };
  if (problems.length > 0) {
    const first = problems.reduce((a, b) => (DRAFT_FIELDS.indexOf(b.field) < DRAFT_FIELDS.indexOf(a.field) ? b : a));
    return { ok: false, ...first };
  }
  return { ok: true, profile: input };
}
