/**
 * The chat-script engine: runs a ChatScript (chat-script.ts) sans-I/O, in the style of the protocol
 * engine. No sockets, no timers, no clocks: the caller feeds received bytes and the time, and carries out
 * the actions returned (send bytes, send a BREAK, show SAY text); it re-arms one timer at
 * `nextDeadlineMs()` that calls `tick(now)`.
 *
 *   const chat = new ChatEngine(script, { phone: '5550100' });
 *   act(chat.start(now));
 *   session.on('data', (b) => act(chat.receive(b, now())));
 *
 * Semantics follow chat(8): each expect waits up to TIMEOUT for its string to appear in the bytes
 * received since that expect began (however the bytes are split); ABORT strings end the script with
 * that reason when they appear while expecting; on a timeout the next `-send-expect` fallback runs, or
 * the script fails with reason 'timeout'. After each send string a CR follows unless it ends in \c.
 * Bytes that arrive while sending or delaying are kept and read by the next expect, as chat(8) reads them
 * from the line then. REPORT s: when s appears, s and the rest of its line (to CR or LF) are reported
 * (e.g. "CONNECT 33600"); when the script ends during such a line, the engine waits for the line's end
 * (up to 2 s) before it reports 'done'. ECHO and HANGUP are accepted and have no effect here.
 */
import {
  DIALECT_DEFAULTS,
  expandExpect,
  expandSend,
  expandText,
  type ChatScript,
  type ChatStep,
  type ChatVariables,
  type SendPart,
} from './chat-script.js';

/** What the caller must do, or what happened, in order. */
export type ChatAction =
  /** Put these bytes on the line. `text` is the same as Latin-1, for logs. */
  | { type: 'send'; bytes: Uint8Array; text: string }
  /** Send a BREAK (BREAK or \K). */
  | { type: 'break' }
  /** A pause inside a send string (\d, \p); the engine waits itself, this is for logs. */
  | { type: 'delay'; ms: number }
  | { type: 'say'; text: string }
  /** A REPORT string seen with the rest of its line, e.g. "CONNECT 33600". */
  | { type: 'report'; text: string }
  /** Began waiting for `text` (timeoutMs allowed). */
  | { type: 'expect'; text: string; timeoutMs: number }
  | { type: 'matched'; text: string }
  /** An expect timed out and its fallback send runs. */
  | { type: 'fallback'; expect: string }
  /** The script ended successfully; every REPORT line seen. */
  | { type: 'done'; reports: string[] }
  /** The script failed: an ABORT string was seen (`text` is it), or an expect timed out (`text` is the expect). */
  | { type: 'failed'; reason: 'abort' | 'timeout'; text: string; message: string };

export type ChatState = 'idle' | 'running' | 'done' | 'failed';

export interface ChatOptions extends Partial<ChatVariables> {
  /** Override the dialect's default TIMEOUT (ms) before any TIMEOUT keyword. */
  timeoutMs?: number;
}

const WINDOW_MAX = 4096;
const REPORT_LINE_MAX = 256;
const REPORT_FINISH_MS = 2000;

type Activity =
  | { kind: 'expect'; step: Extract<ChatStep, { kind: 'expect' }>; alt: number; text: string; deadline: number }
  | { kind: 'send'; parts: SendPart[]; cr: boolean; then: (() => void) | null; resumeAt: number }
  | { kind: 'finish'; deadline: number };

const toBytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Runs one chat script once. Create a new engine for each run. */
export class ChatEngine {
  private readonly steps: ChatStep[];
  private readonly vars: ChatVariables;
  private readonly dialect: ChatScript['dialect'];
  private pc = 0;
  private timeoutMs: number;
  private aborts: string[] = [];
  private reportKeys: string[] = [];
  private reports: string[] = [];
  private capture: string | null = null;
  private inbox = '';
  private window = '';
  private activity: Activity | null = null;
  private out: ChatAction[] = [];
  private stateValue: ChatState = 'idle';

  constructor(script: ChatScript, options: ChatOptions = {}) {
    this.steps = script.steps;
    this.dialect = script.dialect;
    this.vars = { phone: options.phone ?? '', phone2: options.phone2 ?? '' };
    this.timeoutMs = options.timeoutMs ?? DIALECT_DEFAULTS[script.dialect].timeoutMs;
  }

  get state(): ChatState {
    return this.stateValue;
  }

  /** REPORT lines seen so far. */
  get reported(): readonly string[] {
    return this.reports;
  }

  /** Begin the script. @throws Error when called twice. */
  start(nowMs: number): ChatAction[] {
    if (this.stateValue !== 'idle') throw new Error('chat script already started');
    this.stateValue = 'running';
    this.run(nowMs);
    return this.take();
  }

  /** Bytes received from the line (any split; nothing is lost between calls). */
  receive(bytes: Uint8Array, nowMs: number): ChatAction[] {
    if (this.stateValue !== 'running') return [];
    for (const b of bytes) this.inbox += String.fromCharCode(b);
    this.run(nowMs);
    return this.take();
  }

  /** Let time pass: timeouts and delays that are due take effect. */
  tick(nowMs: number): ChatAction[] {
    if (this.stateValue !== 'running') return [];
    this.run(nowMs);
    return this.take();
  }

  /** When tick() must next be called (ms, same origin as nowMs), or null when nothing waits on time. */
  nextDeadlineMs(): number | null {
    if (this.stateValue !== 'running' || !this.activity) return null;
    const a = this.activity;
    return a.kind === 'send' ? a.resumeAt : a.deadline;
  }

  /**
   * Bytes received but not read by the script (they arrived after its last match); the caller hands
   * them to whatever reads the line next (e.g. a login script after CONNECT). Empties the buffer.
   */
  takeUnread(): Uint8Array {
    const rest = toBytes(this.inbox);
    this.inbox = '';
    return rest;
  }

  /** Stop the script (the caller gave up); no more actions. */
  cancel(): void {
    if (this.stateValue === 'running') this.stateValue = 'failed';
    this.activity = null;
  }

  private take(): ChatAction[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private run(now: number): void {
    while (this.stateValue === 'running') {
      const a = this.activity;
      if (a === null) {
        if (!this.nextStep(now)) return;
        continue;
      }
      if (a.kind === 'send') {
        if (now < a.resumeAt) return;
        if (!this.sendParts(a, now)) return;
        continue;
      }
      // expect or finish: read what has arrived, one character at a time
      while (this.inbox.length > 0 && this.activity === a) {
        const c = this.inbox[0]!;
        this.inbox = this.inbox.slice(1);
        this.readChar(c, a);
      }
      if (this.activity !== a || this.stateValue !== 'running') continue;
      if (now < a.deadline) return;
      if (a.kind === 'finish') {
        this.finishCapture();
        this.succeed();
        return;
      }
      this.expectTimedOut(a, now);
    }
  }

  /** Start the next step; false when the script has ended (or is waiting for a report line). */
  private nextStep(now: number): boolean {
    const step = this.steps[this.pc++];
    if (step === undefined) {
      if (this.capture !== null) {
        this.activity = { kind: 'finish', deadline: now + Math.min(REPORT_FINISH_MS, this.timeoutMs) };
        return true;
      }
      this.succeed();
      return false;
    }
    switch (step.kind) {
      case 'abort':
        this.aborts.push(expandExpect(step.text, this.vars));
        break;
      case 'clr-abort': {
        const t = expandExpect(step.text, this.vars);
        this.aborts = this.aborts.filter((x) => x !== t);
        break;
      }
      case 'report':
        this.reportKeys.push(expandExpect(step.text, this.vars));
        break;
      case 'clr-report': {
        const t = expandExpect(step.text, this.vars);
        this.reportKeys = this.reportKeys.filter((x) => x !== t);
        break;
      }
      case 'timeout':
        this.timeoutMs = step.seconds * 1000;
        break;
      case 'say':
        this.out.push({ type: 'say', text: expandText(step.text, this.vars) });
        break;
      case 'echo':
      case 'hangup':
        break;
      case 'expect':
        this.beginExpect(step, 0, now);
        break;
      case 'send': {
        const s = expandSend(step.text, this.vars, this.dialect);
        this.activity = { kind: 'send', parts: s.parts.slice(), cr: s.carriageReturn, then: null, resumeAt: now };
        break;
      }
    }
    return true;
  }

  private beginExpect(step: Extract<ChatStep, { kind: 'expect' }>, alt: number, now: number): void {
    const text = expandExpect(step.expect[alt]!, this.vars);
    this.window = '';
    this.activity = { kind: 'expect', step, alt, text, deadline: now + this.timeoutMs };
    this.out.push({ type: 'expect', text, timeoutMs: this.timeoutMs });
    if (text === '') this.matched(text);
  }

  private matched(text: string): void {
    this.out.push({ type: 'matched', text });
    this.activity = null;
  }

  private readChar(c: string, a: Extract<Activity, { kind: 'expect' | 'finish' }>): void {
    if (this.capture !== null) {
      if (c === '\r' || c === '\n' || this.capture.length >= REPORT_LINE_MAX) this.finishCapture();
      else this.capture += c;
    }
    this.window += c;
    if (this.window.length > WINDOW_MAX) this.window = this.window.slice(-WINDOW_MAX);
    if (a.kind === 'finish') {
      if (this.capture === null) this.succeed();
      return;
    }
    // chat(8) order: the expect string first, then ABORT, then REPORT
    if (this.window.endsWith(a.text)) {
      this.startCaptureIfReport();
      this.matched(a.text);
      return;
    }
    for (const abort of this.aborts) {
      if (this.window.endsWith(abort)) {
        this.stateValue = 'failed';
        this.activity = null;
        this.out.push({ type: 'failed', reason: 'abort', text: abort, message: `aborted on "${abort}"` });
        return;
      }
    }
    this.startCaptureIfReport();
  }

  private startCaptureIfReport(): void {
    if (this.capture !== null) return;
    for (const key of this.reportKeys) {
      if (this.window.endsWith(key)) {
        this.capture = key;
        return;
      }
    }
  }

  private finishCapture(): void {
    if (this.capture === null) return;
    const text = this.capture.trimEnd();
    this.capture = null;
    this.reports.push(text);
    this.out.push({ type: 'report', text });
  }

  private expectTimedOut(a: Extract<Activity, { kind: 'expect' }>, now: number): void {
    const fallback = a.step.fallbacks[a.alt];
    if (fallback === undefined) {
      this.stateValue = 'failed';
      this.activity = null;
      this.out.push({
        type: 'failed',
        reason: 'timeout',
        text: a.text,
        message: `no "${a.text}" within ${this.timeoutMs / 1000} s`,
      });
      return;
    }
    this.out.push({ type: 'fallback', expect: a.text });
    const s = expandSend(fallback, this.vars, this.dialect);
    const step = a.step;
    const alt = a.alt + 1;
    this.activity = {
      kind: 'send',
      parts: s.parts.slice(),
      cr: s.carriageReturn,
      then: () => this.beginExpect(step, alt, now),
      resumeAt: now,
    };
  }

  /** Carry out send parts until a delay; false when waiting for the delay to pass. */
  private sendParts(a: Extract<Activity, { kind: 'send' }>, now: number): boolean {
    while (a.parts.length > 0) {
      const part = a.parts.shift()!;
      if ('bytes' in part) this.out.push({ type: 'send', bytes: toBytes(part.bytes), text: part.bytes });
      else if ('break' in part) this.out.push({ type: 'break' });
      else {
        this.out.push({ type: 'delay', ms: part.delayMs });
        a.resumeAt = now + part.delayMs;
        return false;
      }
    }
    if (a.cr) this.out.push({ type: 'send', bytes: toBytes('\r'), text: '\r' });
    this.activity = null;
    if (a.then) {
      const then = a.then;
      // the fallback's expect starts now (after any delay), not when the timeout fired
      then();
      const next = this.activity as Activity | null;
      if (next?.kind === 'expect') next.deadline = now + this.timeoutMs;
    }
    return true;
  }

  private succeed(): void {
    this.stateValue = 'done';
    this.activity = null;
    this.out.push({ type: 'done', reports: this.reports.slice() });
  }
}
