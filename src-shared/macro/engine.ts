/**
 * Runs one macro (macro.ts) sans-I/O, in the style of the protocol and chat engines: no sockets, no
 * timers, no clock. The caller feeds received bytes and the time, carries out the actions returned (send
 * bytes, set DTR/RTS, BREAK, settings, a transfer, the log), and re-arms one timer at nextDeadlineMs()
 * that calls tick(now). Steps that the caller carries out over time (transfer, log) wait for resume().
 *
 *   const run = new MacroRun(macro);
 *   act(run.start(now));
 *   session.on('data', (b) => act(run.receive(b, now())));
 *
 * Waits for text are the chat engine's (chat(8) matching over any split of the bytes, ABORT strings);
 * waits for a regular expression test a window of the last WINDOW characters received since the wait
 * began (bounded work per chunk). A failed wait says which step and what was received last.
 * stop() ends the run at once; a DTR/RTS pulse in progress is put back first.
 */
import { ChatEngine } from '../dialer/chat-engine.js';
import { parseSend } from '../bytes/send-syntax.js';
import type { LineSettings } from '../line/settings.js';
import { checksumBytes } from './checksum.js';
import type { Macro, MacroStep, TRANSFER_PROTOCOLS } from './macro.js';

/** What the caller must do, or what happened, in order. */
export type MacroAction =
  /** Step `index` (0-based) began: the window shows it as current. */
  | { type: 'step'; index: number; step: MacroStep }
  | { type: 'send'; bytes: Uint8Array }
  | { type: 'control'; line: 'dtr' | 'rts'; on: boolean }
  | { type: 'break'; ms: number }
  | { type: 'settings'; settings: Partial<LineSettings> }
  /** Carry these out, then call resume(ok, message). */
  | { type: 'transfer'; direction: 'send' | 'receive'; protocol: (typeof TRANSFER_PROTOCOLS)[number]; file?: string }
  | { type: 'log'; action: 'start' | 'stop' }
  | { type: 'done' }
  /** The run failed at step `index`: why, and the last bytes received (as Latin-1 text). */
  | { type: 'failed'; index: number; message: string; lastReceived: string }
  | { type: 'stopped' };

export type MacroState = 'idle' | 'running' | 'done' | 'failed' | 'stopped';

/** Characters kept for regular-expression waits and for the failure report. */
const WINDOW = 4096;
const LAST_SHOWN = 200;
const LINE_ENDS = { none: '', cr: '\r', lf: '\n', crlf: '\r\n' } as const;

type Activity =
  | { kind: 'chat'; chat: ChatEngine }
  | { kind: 'regex'; re: RegExp; abort: string[]; window: string; deadline: number; timeoutMs: number }
  | { kind: 'until'; at: number; then: (() => void) | null }
  | { kind: 'external' };

const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

export class MacroRun {
  private pc = 0;
  private out: MacroAction[] = [];
  private activity: Activity | null = null;
  private stateValue: MacroState = 'idle';
  private last = '';
  /** A pulse in progress: the line and the state to put back. */
  private pulse: { line: 'dtr' | 'rts'; restore: boolean } | null = null;

  constructor(readonly macro: Macro) {}

  get state(): MacroState {
    return this.stateValue;
  }

  /** The step running now (0-based), or null when not running. */
  get current(): number | null {
    return this.stateValue === 'running' ? this.pc : null;
  }

  /** Begin. @throws Error when called twice. */
  start(nowMs: number): MacroAction[] {
    if (this.stateValue !== 'idle') throw new Error('macro already started');
    this.stateValue = 'running';
    this.advance(nowMs);
    return this.take();
  }

  /** Bytes received from the line (any split). */
  receive(bytes: Uint8Array, nowMs: number): MacroAction[] {
    if (this.stateValue !== 'running' || bytes.length === 0) return [];
    this.last = (this.last + latin1(bytes)).slice(-LAST_SHOWN);
    this.feed(bytes, nowMs);
    return this.take();
  }

  /** Bytes for the current wait; what a match leaves over goes on to the next wait (same chunk). */
  private feed(bytes: Uint8Array, nowMs: number): void {
    const a = this.activity;
    if (a?.kind === 'chat') this.chatActions(a.chat.receive(bytes, nowMs), nowMs);
    else if (a?.kind === 'regex') {
      a.window = (a.window + latin1(bytes)).slice(-WINDOW);
      this.checkRegex(a, nowMs);
    }
  }

  /** Let time pass. */
  tick(nowMs: number): MacroAction[] {
    if (this.stateValue !== 'running') return [];
    const a = this.activity;
    if (a?.kind === 'chat') this.chatActions(a.chat.tick(nowMs), nowMs);
    else if (a?.kind === 'regex' && nowMs >= a.deadline) this.fail(`no match for /${a.re.source}/ within ${a.timeoutMs} ms`);
    else if (a?.kind === 'until' && nowMs >= a.at) {
      this.activity = null;
      a.then?.();
      this.next(nowMs);
    }
    return this.take();
  }

  /** When tick() is next due (ms, same origin as now), or null. */
  nextDeadlineMs(): number | null {
    const a = this.activity;
    if (this.stateValue !== 'running' || !a) return null;
    if (a.kind === 'chat') return a.chat.nextDeadlineMs();
    if (a.kind === 'regex') return a.deadline;
    if (a.kind === 'until') return a.at;
    return null;
  }

  /** A transfer or log step the caller carried out has ended (ok, or failed with `message`). */
  resume(ok: boolean, message: string, nowMs: number): MacroAction[] {
    if (this.stateValue !== 'running' || this.activity?.kind !== 'external') return [];
    this.activity = null;
    if (ok) this.next(nowMs);
    else this.fail(message);
    return this.take();
  }

  /** End the current wait as if it matched (the editor's dry run). */
  skipWait(nowMs: number): MacroAction[] {
    const a = this.activity;
    if (this.stateValue !== 'running' || (a?.kind !== 'chat' && a?.kind !== 'regex')) return [];
    this.activity = null;
    this.next(nowMs);
    return this.take();
  }

  /**
   * The line went away (lost, or closed) mid-run: the current step fails with `reason` at once, rather
   * than as the wait's timeout it would become (a pulse in progress is put back).
   */
  lost(reason: string): MacroAction[] {
    if (this.stateValue !== 'running') return [];
    this.fail(`the line was lost (${reason})`);
    return this.take();
  }

  /** Stop now (a pulse in progress is put back). */
  stop(): MacroAction[] {
    if (this.stateValue !== 'running') return [];
    this.endPulse();
    this.activity = null;
    this.stateValue = 'stopped';
    this.out.push({ type: 'stopped' });
    return this.take();
  }

  // ---------------------------------------------------------------- steps

  private next(nowMs: number): void {
    this.pc++;
    this.advance(nowMs);
  }

  /** Run steps from pc until one has to wait (or the macro ends). */
  private advance(nowMs: number): void {
    while (this.stateValue === 'running' && this.activity === null) {
      const steps = this.macro.steps;
      if (this.pc >= steps.length) {
        if (this.macro.repeatEveryMs === undefined) {
          this.stateValue = 'done';
          this.out.push({ type: 'done' });
          return;
        }
        // a poll: the whole macro again after the interval
        this.activity = { kind: 'until', at: nowMs + this.macro.repeatEveryMs, then: () => (this.pc = -1) };
        return;
      }
      const step = steps[this.pc]!;
      this.out.push({ type: 'step', index: this.pc, step });
      this.begin(step, nowMs);
      if (this.activity === null && this.stateValue === 'running') this.pc++;
    }
  }

  private begin(step: MacroStep, nowMs: number): void {
    switch (step.kind) {
      case 'send':
        return this.send(nowMs);
      case 'checksum':
        return; // sent with the send before it
      case 'control':
        if (step.action === 'on' || step.action === 'off') {
          this.out.push({ type: 'control', line: step.line, on: step.action === 'on' });
          return;
        }
        this.pulse = { line: step.line, restore: step.action === 'pulse-off' };
        this.out.push({ type: 'control', line: step.line, on: step.action === 'pulse-on' });
        this.activity = { kind: 'until', at: nowMs + step.ms, then: () => this.endPulse() };
        return;
      case 'break':
        this.out.push({ type: 'break', ms: step.ms });
        this.activity = { kind: 'until', at: nowMs + step.ms, then: null };
        return;
      case 'delay':
        this.activity = { kind: 'until', at: nowMs + step.ms, then: null };
        return;
      case 'settings':
        this.out.push({ type: 'settings', settings: step.settings });
        return;
      case 'transfer':
        this.out.push({ type: 'transfer', direction: step.direction, protocol: step.protocol, ...(step.file !== undefined ? { file: step.file } : {}) });
        this.activity = { kind: 'external' };
        return;
      case 'log':
        this.out.push({ type: 'log', action: step.action });
        this.activity = { kind: 'external' };
        return;
      case 'wait':
        return this.wait(step, nowMs);
    }
  }

  /** A send and the checksums right after it, as one write. */
  private send(nowMs: number): void {
    const step = this.macro.steps[this.pc] as Extract<MacroStep, { kind: 'send' }>;
    let bytes: Uint8Array;
    try {
      const body = parseSend(step.data, step.syntax);
      const end = Uint8Array.from(LINE_ENDS[step.lineEnd], (c) => c.charCodeAt(0));
      bytes = concat(body, end);
    } catch (err) {
      return this.fail((err as Error).message);
    }
    for (let s = this.macro.steps[this.pc + 1]; s?.kind === 'checksum'; s = this.macro.steps[this.pc + 1]) {
      bytes = concat(bytes, checksumBytes(s.algorithm, bytes));
      this.pc++;
    }
    this.out.push({ type: 'send', bytes });
    void nowMs;
  }

  private wait(step: Extract<MacroStep, { kind: 'wait' }>, nowMs: number): void {
    if (step.text !== undefined) {
      const chat = new ChatEngine(
        { dialect: 'pppd', steps: [...step.abort.map((text) => ({ kind: 'abort' as const, text })), { kind: 'expect', expect: [step.text], fallbacks: [] }] },
        { timeoutMs: step.timeoutMs },
      );
      this.activity = { kind: 'chat', chat };
      this.chatActions(chat.start(nowMs), nowMs);
      return;
    }
    const a: Activity = { kind: 'regex', re: new RegExp(step.regex!), abort: step.abort, window: '', deadline: nowMs + step.timeoutMs, timeoutMs: step.timeoutMs };
    this.activity = a;
  }

  private checkRegex(a: Extract<Activity, { kind: 'regex' }>, nowMs: number): void {
    const aborted = a.abort.find((s) => a.window.includes(s));
    if (aborted !== undefined) return this.fail(`ABORT "${aborted}" received`);
    const m = a.re.exec(a.window);
    if (m) {
      const rest = a.window.slice(m.index + m[0].length);
      this.activity = null;
      this.next(nowMs);
      if (rest) this.feed(Uint8Array.from(rest, (c) => c.charCodeAt(0)), nowMs);
    }
  }

  private chatActions(actions: ReturnType<ChatEngine['tick']>, nowMs: number): void {
    for (const x of actions) {
      if (x.type === 'done') {
        const chat = (this.activity as Extract<Activity, { kind: 'chat' }>).chat;
        const rest = chat.takeUnread();
        this.activity = null;
        this.next(nowMs);
        if (rest.length > 0) this.feed(rest, nowMs);
        return;
      }
      if (x.type === 'failed') {
        return this.fail(x.reason === 'abort' ? `ABORT "${x.text}" received` : `no "${x.text}" within the timeout`);
      }
    }
  }

  private endPulse(): void {
    if (!this.pulse) return;
    this.out.push({ type: 'control', line: this.pulse.line, on: this.pulse.restore });
    this.pulse = null;
  }

  private fail(message: string): void {
    this.endPulse();
    this.activity = null;
    this.stateValue = 'failed';
    this.out.push({ type: 'failed', index: this.pc, message: `step ${this.pc + 1} (${this.macro.steps[this.pc]?.kind}): ${message}`, lastReceived: this.last });
  }

  private take(): MacroAction[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A dry run: the actions `macro` would produce if every wait were matched at once and every transfer and
 * log step succeeded, without a line. For the editor's "what will this send" view.
 */
export function dryRun(macro: Macro): MacroAction[] {
  const run = new MacroRun({ ...macro, repeatEveryMs: undefined });
  const actions: MacroAction[] = [];
  let now = 0;
  actions.push(...run.start(now));
  for (let guard = 0; run.state === 'running' && guard < macro.steps.length * 4 + 8; guard++) {
    const step = run.current === null ? undefined : macro.steps[run.current];
    if (step?.kind === 'transfer' || step?.kind === 'log') {
      actions.push(...run.resume(true, '', now));
    } else if (step?.kind === 'wait') {
      actions.push(...run.skipWait(now));
    } else {
      now = run.nextDeadlineMs() ?? now;
      actions.push(...run.tick(now));
    }
  }
  return actions;
}
