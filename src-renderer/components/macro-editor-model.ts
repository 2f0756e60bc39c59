/**
 * The macro editor's draft (MacroEditor.tsx), pure: what the fields hold (text, as typed), how a macro
 * becomes a draft and a draft a macro (checked by macroSchema, first problem named with its step),
 * moving a step, and the dry run described for the window (dryRun(): the bytes as hex and the actions).
 */
import { formatSendHex } from '../../src-shared/bytes/send-syntax.js';
import { dryRun, type MacroAction } from '../../src-shared/macro/engine.js';
import { macroSchema, MACRO_KEYS, type Macro, type MacroStep, type MacroStepInput } from '../../src-shared/macro/macro.js';

export type StepKind = MacroStep['kind'];
export const STEP_KINDS: readonly StepKind[] = ['send', 'checksum', 'wait', 'delay', 'control', 'break', 'settings', 'transfer', 'log'];
export type MacroKey = (typeof MACRO_KEYS)[number];

/**
 * One step row. Every kind's fields are kept (changing the kind keeps what was typed for the others);
 * numbers are text as typed (ms). `uid` keys the row while it moves.
 */
export interface DraftStep {
  uid: number;
  kind: StepKind;
  syntax: 'text' | 'hex';
  data: string;
  lineEnd: 'none' | 'cr' | 'lf' | 'crlf';
  algorithm: Extract<MacroStep, { kind: 'checksum' }>['algorithm'];
  line: 'dtr' | 'rts';
  action: Extract<MacroStep, { kind: 'control' }>['action'];
  /** control pulse, break, delay: ms. */
  ms: string;
  waitBy: 'text' | 'regex';
  pattern: string;
  timeoutMs: string;
  /** ABORT strings, comma-separated. */
  abort: string;
  /** Line settings as JSON, e.g. {"baud":115200}. */
  settings: string;
  direction: 'send' | 'receive';
  protocol: Extract<MacroStep, { kind: 'transfer' }>['protocol'];
  logAction: 'start' | 'stop';
}

/** The whole draft: name, key ('' none), repeat ms ('' once), where it shows ('' every tab), steps. */
export interface MacroDraft {
  id?: string;
  name: string;
  key: MacroKey | '';
  repeat: string;
  profileId: string;
  steps: DraftStep[];
}

let nextUid = 1;

/** A new step row of `kind` with the defaults macroSchema gives. */
export function newStep(kind: StepKind = 'send'): DraftStep {
  return {
    uid: nextUid++,
    kind,
    syntax: 'text',
    data: '',
    lineEnd: 'cr',
    algorithm: 'crc16-modbus',
    line: 'dtr',
    action: 'pulse-on',
    ms: kind === 'break' ? '250' : kind === 'delay' ? '500' : '100',
    waitBy: 'text',
    pattern: '',
    timeoutMs: '10000',
    abort: '',
    settings: '{"baud":115200}',
    direction: 'send',
    protocol: 'ymodem',
    logAction: 'start',
  };
}

/** A step row showing `s`. */
export function draftStep(s: MacroStep): DraftStep {
  const d = newStep(s.kind);
  switch (s.kind) {
    case 'send':
      return { ...d, syntax: s.syntax, data: s.data, lineEnd: s.lineEnd };
    case 'checksum':
      return { ...d, algorithm: s.algorithm };
    case 'control':
      return { ...d, line: s.line, action: s.action, ms: String(s.ms) };
    case 'break':
    case 'delay':
      return { ...d, ms: String(s.ms) };
    case 'wait':
      return { ...d, waitBy: s.regex !== undefined ? 'regex' : 'text', pattern: s.regex ?? s.text ?? '', timeoutMs: String(s.timeoutMs), abort: formatAbortList(s.abort) };
    case 'settings':
      return { ...d, settings: JSON.stringify(s.settings) };
    case 'transfer':
      return { ...d, direction: s.direction, protocol: s.protocol };
    case 'log':
      return { ...d, logAction: s.action };
  }
}

/** The draft of `macro` shown on `profileId`'s tabs (absent: every tab). */
export function draftOf(macro: Macro, profileId?: string): MacroDraft {
  return {
    ...(macro.id ? { id: macro.id } : {}),
    name: macro.name,
    key: macro.key ?? '',
    repeat: macro.repeatEveryMs === undefined ? '' : String(macro.repeatEveryMs),
    profileId: profileId ?? '',
    steps: macro.steps.map(draftStep),
  };
}

/** A draft read as a macro, or the first problem (with the step it is in, when in one). */
export type DraftResult = { ok: true; macro: Macro; profileId?: string } | { ok: false; message: string; step: number | null };

class DraftProblem extends Error {}

const whole = (text: string, what: string): number => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new DraftProblem(`${what} must be a whole number of ms`);
  return Number(t);
};

function stepInput(d: DraftStep): MacroStepInput {
  switch (d.kind) {
    case 'send':
      return { kind: 'send', syntax: d.syntax, data: d.data, lineEnd: d.lineEnd };
    case 'checksum':
      return { kind: 'checksum', algorithm: d.algorithm };
    case 'control':
      return { kind: 'control', line: d.line, action: d.action, ms: d.action.startsWith('pulse') ? whole(d.ms, 'the pulse') : 100 };
    case 'break':
      return { kind: 'break', ms: whole(d.ms, 'the BREAK') };
    case 'delay':
      return { kind: 'delay', ms: whole(d.ms, 'the delay') };
    case 'wait': {
      const abort = parseAbortList(d.abort);
      return { kind: 'wait', ...(d.pattern ? { [d.waitBy]: d.pattern } : {}), timeoutMs: whole(d.timeoutMs, 'the timeout'), abort };
    }
    case 'settings': {
      let settings: unknown;
      try {
        settings = JSON.parse(d.settings);
      } catch {
        throw new DraftProblem('settings must be JSON, e.g. {"baud":115200,"parity":"none"}');
      }
      return { kind: 'settings', settings: settings as never };
    }
    case 'transfer':
      return { kind: 'transfer', direction: d.direction, protocol: d.protocol };
    case 'log':
      return { kind: 'log', action: d.logAction };
  }
}

/** Read the draft with macroSchema; the first problem is named (a step's with "step N:"). */
export function macroFromDraft(d: MacroDraft): DraftResult {
  const steps: MacroStepInput[] = [];
  for (const [i, s] of d.steps.entries()) {
    try {
      steps.push(stepInput(s));
    } catch (err) {
      if (err instanceof DraftProblem) return { ok: false, message: `step ${i + 1}: ${err.message}`, step: i };
      throw err;
    }
  }
  let repeatEveryMs: number | undefined;
  if (d.repeat.trim() !== '') {
    try {
      repeatEveryMs = whole(d.repeat, 'repeat every');
    } catch (err) {
      return { ok: false, message: (err as Error).message, step: null };
    }
  }
  const parsed = macroSchema.safeParse({
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    ...(d.key ? { key: d.key } : {}),
    ...(repeatEveryMs !== undefined ? { repeatEveryMs } : {}),
    steps,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const step = issue.path[0] === 'steps' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const message = step !== null && !issue.message.startsWith('step ') ? `step ${step + 1}: ${issue.path.slice(2).join('.') || 'step'}: ${issue.message}` : issue.message;
    return { ok: false, message, step };
  }
  return { ok: true, macro: parsed.data, ...(d.profileId ? { profileId: d.profileId } : {}) };
}

/** `list` with the item at `from` moved to `to`. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** One step of the dry run: what it is, and what it does (bytes in hex, lines, BREAK, ...). */
export interface DryRunStep {
  /** 1-based. */
  step: number;
  title: string;
  actions: string[];
}

/** Printable text of bytes: ASCII as is, the rest as \r \n \xHH. */
export function printable(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b === 13 ? '\\r' : b === 10 ? '\\n' : b === 9 ? '\\t' : b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return s;
}

function stepTitle(s: MacroStep): string {
  switch (s.kind) {
    case 'send':
      return `send ${s.syntax}`;
    case 'checksum':
      return `checksum ${s.algorithm}`;
    case 'control':
      return `${s.line.toUpperCase()} ${s.action}${s.action.startsWith('pulse') ? ` ${s.ms} ms` : ''}`;
    case 'break':
      return `BREAK ${s.ms} ms`;
    case 'wait':
      return `wait for ${s.text !== undefined ? `"${s.text}"` : `/${s.regex}/`} up to ${s.timeoutMs} ms${s.abort.length ? `, abort on ${s.abort.map((a) => `"${a}"`).join(', ')}` : ''} (taken as matched)`;
    case 'delay':
      return `delay ${s.ms} ms`;
    case 'settings':
      return `settings ${JSON.stringify(s.settings)}`;
    case 'transfer':
      return `${s.direction} a file by ${s.protocol} (taken as done)`;
    case 'log':
      return `log ${s.action} (taken as done)`;
  }
}

function actionText(a: Exclude<MacroAction, { type: 'step' }>): string | null {
  switch (a.type) {
    case 'send':
      return `send ${a.bytes.length} byte${a.bytes.length === 1 ? '' : 's'}: ${formatSendHex(a.bytes)}  "${printable(a.bytes)}"`;
    case 'control':
      return `${a.line.toUpperCase()} ${a.on ? 'on' : 'off'}`;
    case 'break':
      return `BREAK for ${a.ms} ms`;
    case 'settings':
      return `apply ${JSON.stringify(a.settings)}`;
    case 'transfer':
      return `transfer: ${a.direction} (${a.protocol})`;
    case 'log':
      return `log ${a.action}`;
    case 'failed':
      return `fails: ${a.message}`;
    case 'done':
    case 'stopped':
      return null;
  }
}

/** The dry run of `macro` by step: nothing is sent; waits are taken as matched at once. */
export function describeDryRun(macro: Macro): DryRunStep[] {
  const out: DryRunStep[] = [];
  for (const a of dryRun(macro)) {
    if (a.type === 'step') {
      out.push({ step: a.index + 1, title: stepTitle(a.step), actions: [] });
      // a send's checksums go out with it: show them as their own (empty) rows after it
      if (a.step.kind === 'send') {
        for (let i = a.index + 1; macro.steps[i]?.kind === 'checksum'; i++) out.push({ step: i + 1, title: `${stepTitle(macro.steps[i]!)} (sent with step ${a.index + 1})`, actions: [] });
      }
      continue;
    }
    const text = actionText(a);
    if (text === null) continue;
    const owner = a.type === 'send' ? out.findLast((s) => !s.title.includes('(sent with step')) : out.at(-1);
    owner?.actions.push(text);
  }
  return out;
}

/**
 * The abort field of a wait row: strings separated by commas, each as typed or in double quotes (which
 * may hold commas and spaces; \" is a quote inside): `ERROR, "NO CARRIER", "BUSY, try later"`. Empty
 * items are dropped.
 */
export function parseAbortList(text: string): string[] {
  const out: string[] = [];
  const item = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)/gy;
  for (let m = item.exec(text); m && item.lastIndex <= text.length; m = item.exec(text)) {
    const value = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!.trim();
    if (value) out.push(value);
    if (item.lastIndex >= text.length) break;
  }
  return out;
}

/** The abort field's text for `list` (parseAbortList reads it back): a string with a comma, a quote or edge spaces is quoted. */
export function formatAbortList(list: readonly string[]): string {
  return list.map((s) => (/[,"\\]|^\s|\s$/.test(s) ? `"${s.replace(/["\\]/g, '\\$&')}"` : s)).join(', ');
}
