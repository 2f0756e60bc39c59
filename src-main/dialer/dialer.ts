/**
 * The modem dialer: dials, answers and hangs up a Hayes modem through any Session (a modem on a local
 * port, or behind an RFC 2217 access server), running chat scripts (src-shared/dialer) over the line.
 * Reports as it goes with DialerEvents ('event'), the same JSON for `dialtone dial --events` and the UI.
 *
 * - dial(): the init string, the dial command, CONNECT (the rate captured by REPORT CONNECT), with the
 *   ABORTs BUSY / NO CARRIER / NO DIALTONE / NO ANSWER / ERROR; redials after BUSY, NO CARRIER and NO
 *   ANSWER with a countdown; an optional login script after CONNECT; a call timer while connected.
 * - hangup(): DTR dropped for dtrDropMs (setControlLines({dtr:false}) then back on; the modem hangs up
 *   with &D2), confirmed by DCD going off (the modem 'event' with dcd false) or NO CARRIER; when that
 *   does not come, the fallback: guard time, `+++`, guard time, OK, `ATH`, OK.
 * - answer(): answer mode: wait for RING (the RI lamp or the RING result code), then answer with ATA,
 *   or let the modem auto-answer (ATS0=n), or leave it to the operator; then CONNECT.
 * - callback(): Cisco-style asynchronous callback from the client side: dial, log in, hang up, answer
 *   the call back.
 *
 * One operation at a time; hangup() and cancel() end the one in progress (it resolves 'cancelled').
 * A login script that fails leaves the call up (the operator sees the far end); hangup() ends it.
 * The dialer reads the line only while a script runs; bytes still reach every other 'data' listener.
 */
import { EventEmitter } from 'node:events';
import { ChatEngine, type ChatAction } from '../../src-shared/dialer/chat-engine.js';
import { parseChatScript, type ChatScript } from '../../src-shared/dialer/chat-script.js';
import { rateFromReport, resultFromCode, type DialerEvent, type DialResult } from '../../src-shared/dialer/events.js';
import type { DialCommand } from '../../src-shared/dialer/phonebook.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import { realClock, type Clock } from '../clock.js';
import type { Session } from '../sessions/session.js';

/** Timing of the dialer itself, ms. */
export interface DialerOptions {
  /** Time source (default the real clock; tests inject a manual one). */
  clock?: Clock;
  /** How long DTR stays off for a hang-up (default 500; a modem needs > S25, 50 ms). */
  dtrDropMs?: number;
  /** How long to wait for DCD off / NO CARRIER after a hang-up step (default 3000). */
  hangupConfirmMs?: number;
  /** Silence kept before and after `+++` (default 1200: S12's 1 s plus a margin). */
  escapeGuardMs?: number;
  /** Interval of call-timer events while connected (default 1000; 0 = none). */
  callTimerMs?: number;
}

/** What to dial and how. */
export interface DialRequest {
  number: string;
  /** Init string sent first (default ATZ). */
  init?: string;
  dialCommand?: DialCommand;
  /** A chat script instead of the default (init, dial, CONNECT); the standard ABORTs and REPORT CONNECT are prepended. */
  script?: ChatScript;
  /** A chat script run after CONNECT (a login); `\T` is the number. */
  login?: ChatScript;
  /** Redials after BUSY / NO CARRIER / NO ANSWER (default 0). */
  retries?: number;
  /** Wait before each redial, ms (default 5000). */
  redialDelayMs?: number;
  /** Wait for CONNECT after the dial command, ms (default 60000). */
  connectTimeoutMs?: number;
  /** Wait for OK after the init string, ms (default 10000). */
  commandTimeoutMs?: number;
}

/** How a call attempt ended. */
export type DialOutcome =
  | { ok: true; attempt: number; rate?: number; report?: string }
  | { ok: false; attempt: number; result: DialResult; text: string };

/** Who answers an incoming call in answer mode. */
export type AnswerBy = 'ata' | 'modem' | 'operator';

export interface AnswerRequest {
  /** 'ata' (default): the dialer sends ATA; 'modem': ATS0=rings and the modem answers; 'operator': someone types ATA. */
  by?: AnswerBy;
  /** Answer on this ring (default 1). */
  rings?: number;
  /** Give up waiting for RING after this long, ms (default 0: wait until cancelled). */
  waitMs?: number;
  /** Wait for CONNECT after answering, ms (default 60000). */
  connectTimeoutMs?: number;
}

/** The ABORT strings every dial script gets (chat(8) practice), and the REPORT for the CONNECT rate. */
export const STANDARD_ABORTS = ['BUSY', 'NO CARRIER', 'NO DIALTONE', 'NO DIAL TONE', 'NO ANSWER', 'ERROR'];
const RETRYABLE: readonly DialResult[] = ['busy', 'no-carrier', 'no-answer'];
/** Most bytes kept for takeUnread() after a script ends. */
const UNREAD_MAX = 64 * 1024;

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The standard ABORT/REPORT preamble as script steps. */
function preamble(): ChatScript['steps'] {
  return parseChatScript([...STANDARD_ABORTS.map((a) => `ABORT ${q(a)}`), 'REPORT CONNECT'].join(' ')).steps;
}

/**
 * The default dial script (pppd chat form):
 *   ABORT BUSY ... REPORT CONNECT TIMEOUT 10 '' ATZ OK ATDT\T TIMEOUT 60 CONNECT
 */
export function defaultDialScript(req: Pick<DialRequest, 'init' | 'dialCommand' | 'connectTimeoutMs' | 'commandTimeoutMs'>): ChatScript {
  const init = req.init ?? 'ATZ';
  const cmdS = Math.max(1, Math.round((req.commandTimeoutMs ?? 10_000) / 1000));
  const connectS = Math.max(1, Math.round((req.connectTimeoutMs ?? 60_000) / 1000));
  const text = `TIMEOUT ${cmdS} '' ${q(init)} OK ${req.dialCommand ?? 'ATDT'}\\T TIMEOUT ${connectS} CONNECT`;
  return { dialect: 'pppd', steps: [...preamble(), ...parseChatScript(text).steps] };
}

type ChatResult = { ok: true; reports: string[] } | { ok: false; reason: 'abort' | 'timeout' | 'cancelled' | 'session-lost'; text: string };

/** One operation's cancellation: hooks run once when it is cancelled. */
class Op {
  cancelled: DialResult | null = null;
  private hooks = new Set<() => void>();
  onCancel(fn: () => void): () => void {
    this.hooks.add(fn);
    return () => this.hooks.delete(fn);
  }
  cancel(why: DialResult): void {
    if (this.cancelled) return;
    this.cancelled = why;
    for (const fn of [...this.hooks]) fn();
    this.hooks.clear();
  }
}

export interface DialerEventMap {
  event: [ev: DialerEvent];
}

/** The dialer of one session. Create it on an open session; dispose() when done. */
export class Dialer extends EventEmitter<DialerEventMap> {
  private readonly clock: Clock;
  private readonly dtrDropMs: number;
  private readonly hangupConfirmMs: number;
  private readonly escapeGuardMs: number;
  private readonly callTimerMs: number;
  private op: Op | null = null;
  private sink: ((bytes: Uint8Array) => void) | null = null;
  private ringWatch: ((bytes: Uint8Array) => void) | null = null;
  private unread: Uint8Array = new Uint8Array(0);
  private dcdValue: boolean | null;
  private riValue: boolean | null;
  private lineWatchers = new Set<(ev: SessionEvent) => void>();
  private connectedAt: number | null = null;
  private cancelCallTimer: (() => void) | null = null;
  private hangingUp = false;
  /** After a script ends, bytes keep collecting in `unread` until takeUnread() (bounded, UNREAD_MAX). */
  private collecting = false;
  private readonly onData = (bytes: Uint8Array) => {
    this.ringWatch?.(bytes);
    if (this.sink) this.sink(bytes);
    else if (this.collecting) this.collect(bytes);
  };
  private readonly onEvent = (ev: SessionEvent) => this.sessionEvent(ev);

  constructor(
    private readonly session: Session,
    options: DialerOptions = {},
  ) {
    super();
    this.clock = options.clock ?? realClock;
    this.dtrDropMs = options.dtrDropMs ?? 500;
    this.hangupConfirmMs = options.hangupConfirmMs ?? 3000;
    this.escapeGuardMs = options.escapeGuardMs ?? 1200;
    this.callTimerMs = options.callTimerMs ?? 1000;
    const lines = session.snapshot().modem;
    this.dcdValue = lines.dcd;
    this.riValue = lines.ri;
    session.on('data', this.onData);
    session.on('event', this.onEvent);
  }

  /** DCD as last reported (null: this session cannot know it). */
  get dcd(): boolean | null {
    return this.dcdValue;
  }

  /** RI as last reported (null: this session cannot know it). */
  get ri(): boolean | null {
    return this.riValue;
  }

  /** DCD reported off (read afresh: it changes while a hang-up awaits). */
  private dcdOff(): boolean {
    return this.dcdValue === false;
  }

  /** True from CONNECT until the call ends. */
  get inCall(): boolean {
    return this.connectedAt !== null;
  }

  /** True while an operation (dial, answer, callback, hang-up) runs. */
  get busy(): boolean {
    return this.op !== null || this.hangingUp;
  }

  /** Stop listening to the session and end the operation in progress. */
  dispose(): void {
    this.op?.cancel('cancelled');
    this.stopCallTimer();
    this.session.off('data', this.onData);
    this.session.off('event', this.onEvent);
  }

  /**
   * Bytes the last script received but did not read (what followed CONNECT in the same chunk, e.g. the
   * start of a banner). A caller that shows the call's data takes them once the call is up. Empties it.
   */
  takeUnread(): Uint8Array {
    const rest = this.unread;
    this.unread = new Uint8Array(0);
    this.collecting = false;
    return rest;
  }

  /**
   * Keep bytes that arrive between a script's end and takeUnread(): a session may deliver several 'data'
   * events in one turn of the event loop (data, a NOTIFY, data), before the caller's continuation runs.
   */
  private collect(bytes: Uint8Array): void {
    if (this.unread.length + bytes.length > UNREAD_MAX) {
      this.collecting = false; // a copy for convenience: the bytes still reach every other 'data' listener
      return;
    }
    const joined = new Uint8Array(this.unread.length + bytes.length);
    joined.set(this.unread);
    joined.set(bytes, this.unread.length);
    this.unread = joined;
  }

  /** End the operation in progress (dial, redial wait, answer wait); it resolves with 'cancelled'. */
  cancel(): void {
    this.op?.cancel('cancelled');
  }

  /**
   * Dial: init, dial, CONNECT, with redials; then the login script if any.
   * @throws Error('dialer busy') when another operation runs.
   */
  async dial(req: DialRequest): Promise<DialOutcome> {
    const op = this.begin();
    try {
      return await this.dialIn(op, req);
    } finally {
      this.end(op);
    }
  }

  /**
   * Answer mode: wait for RING, answer (by ATA, the modem's auto-answer, or the operator), CONNECT.
   * @throws Error('dialer busy') when another operation runs.
   */
  async answer(req: AnswerRequest = {}): Promise<DialOutcome> {
    const op = this.begin();
    try {
      return await this.answerIn(op, req);
    } finally {
      this.end(op);
    }
  }

  /**
   * Asynchronous callback (Cisco): dial `number`, run `login`, hang up, answer the call back.
   * @throws Error('dialer busy') when another operation runs.
   */
  async callback(req: DialRequest & { login: ChatScript; answer?: AnswerRequest }): Promise<DialOutcome> {
    const first = await this.dial(req);
    if (!first.ok) return first;
    await this.hangup();
    return this.answer({ waitMs: 120_000, ...req.answer });
  }

  /**
   * Hang up: DTR off for dtrDropMs, then on again; confirmed by DCD off or NO CARRIER. If neither comes
   * and the call may still be up, `+++` with guard times and ATH. Ends any operation in progress first.
   */
  async hangup(): Promise<{ confirmed: boolean; method: 'dtr' | 'escape' }> {
    this.op?.cancel('cancelled');
    // let the cancelled operation unwind (it resolves on the microtask queue)
    await Promise.resolve();
    this.hangingUp = true;
    this.collecting = false;
    const op = new Op();
    this.op = op;
    try {
      // no call and DCD known off: the DTR pulse only stops a dial in progress; nothing to confirm
      const inCall = this.connectedAt !== null || this.dcdValue !== false;
      this.emitDial({ state: 'hanging-up', method: 'dtr' });
      const confirm = inCall ? this.waitHangupConfirm(op) : Promise.resolve(true);
      this.session.setControlLines({ dtr: false });
      await this.sleep(op, this.dtrDropMs);
      this.session.setControlLines({ dtr: true });
      let confirmed = await confirm;
      let method: 'dtr' | 'escape' = 'dtr';
      if (!confirmed && this.dcdValue !== false) {
        method = 'escape';
        this.emitDial({ state: 'hanging-up', method: 'escape' });
        const guard = `${Math.ceil((this.escapeGuardMs * 2 + 3000) / 1000)}`;
        await this.sleep(op, this.escapeGuardMs);
        this.session.write(new TextEncoder().encode('+++'));
        const r = await this.runChat(op, parseChatScript(`ABORT ERROR TIMEOUT ${guard} OK ATH TIMEOUT 5 OK`), '');
        confirmed = r.ok || this.dcdOff();
      }
      const elapsedMs = this.connectedAt !== null ? this.clock.now() - this.connectedAt : undefined;
      this.stopCallTimer();
      this.connectedAt = null;
      this.emitDial({ state: 'hung-up', method, confirmed, ...(elapsedMs !== undefined ? { elapsedMs } : {}) });
      return { confirmed, method };
    } finally {
      this.hangingUp = false;
      if (this.op === op) this.op = null;
    }
  }

  // ---- operations ----

  private async dialIn(op: Op, req: DialRequest): Promise<DialOutcome> {
    const script = req.script ? { ...req.script, steps: [...preamble(), ...req.script.steps] } : defaultDialScript(req);
    const retries = req.retries ?? 0;
    for (let attempt = 1; ; attempt++) {
      this.emitDial({ state: 'initialising', attempt, number: req.number });
      let dialingSent = false;
      const r = await this.runChat(op, script, req.number, (a) => {
        if (!dialingSent && a.type === 'send' && /AT[^\r]*D/i.test(a.text)) {
          dialingSent = true;
          this.emitDial({ state: 'dialing', attempt, number: req.number });
        }
      });
      if (r.ok) {
        const report = r.reports.find((x) => /CONNECT/i.test(x));
        const rate = report ? rateFromReport(report) : undefined;
        this.callStarted();
        this.emitDial({ state: 'connected', attempt, number: req.number, ...(rate ? { rate } : {}), ...(report ? { text: report } : {}) });
        if (req.login) {
          const l = await this.runChat(op, req.login, req.number);
          if (!l.ok) {
            const fail = this.failure(attempt, l);
            this.emitDial({ state: 'failed', attempt, result: fail.result, text: `login: ${fail.text}`, final: true });
            return fail;
          }
        }
        return { ok: true, attempt, ...(rate ? { rate } : {}), ...(report ? { report } : {}) };
      }
      const fail = this.failure(attempt, r);
      const final = op.cancelled !== null || !RETRYABLE.includes(fail.result) || attempt > retries;
      this.emitDial({ state: 'failed', attempt, number: req.number, result: fail.result, text: fail.text, ...(final ? { final } : {}) });
      if (final) return fail;
      if (!(await this.countdown(op, req.redialDelayMs ?? 5000, attempt + 1))) {
        return { ok: false, attempt, result: op.cancelled ?? 'cancelled', text: 'redial cancelled' };
      }
    }
  }

  private async answerIn(op: Op, req: AnswerRequest): Promise<DialOutcome> {
    const by = req.by ?? 'ata';
    const rings = Math.max(1, req.rings ?? 1);
    if (by === 'modem') {
      const r = await this.runChat(op, parseChatScript(`ABORT ERROR TIMEOUT 10 '' ATS0=${rings} OK`), '');
      if (!r.ok) return this.failure(1, r);
    }
    this.emitDial({ state: 'answer-wait' });
    const rang = await this.waitRings(op, by === 'ata' ? rings : 1, req.waitMs ?? 0);
    if (!rang) return { ok: false, attempt: 1, result: op.cancelled ?? 'timeout', text: op.cancelled ? 'answer mode cancelled' : 'no RING' };
    if (by === 'ata') this.session.write(new TextEncoder().encode('ATA\r'));
    this.emitDial({ state: 'answering', text: by === 'ata' ? 'ATA' : by === 'modem' ? `auto-answer (S0=${rings})` : 'operator' });
    const connectS = Math.max(1, Math.round((req.connectTimeoutMs ?? 60_000) / 1000));
    const r = await this.runChat(op, parseChatScript(`ABORT 'NO CARRIER' ABORT ERROR REPORT CONNECT TIMEOUT ${connectS} CONNECT`), '');
    if (!r.ok) {
      const fail = this.failure(1, r);
      this.emitDial({ state: 'failed', attempt: 1, result: fail.result, text: fail.text, final: true });
      return fail;
    }
    const report = r.reports.find((x) => /CONNECT/i.test(x));
    const rate = report ? rateFromReport(report) : undefined;
    this.callStarted();
    this.emitDial({ state: 'connected', attempt: 1, ...(rate ? { rate } : {}), ...(report ? { text: report } : {}) });
    return { ok: true, attempt: 1, ...(rate ? { rate } : {}), ...(report ? { report } : {}) };
  }

  // ---- building blocks ----

  private begin(): Op {
    if (this.op || this.hangingUp) throw new Error('dialer busy');
    this.unread = new Uint8Array(0);
    this.collecting = false;
    const op = new Op();
    this.op = op;
    return op;
  }

  private end(op: Op): void {
    if (this.op === op) this.op = null;
  }

  private failure(attempt: number, r: Exclude<ChatResult, { ok: true }>): Extract<DialOutcome, { ok: false }> {
    if (r.reason === 'abort') return { ok: false, attempt, result: resultFromCode(r.text) ?? 'error', text: r.text };
    if (r.reason === 'timeout') return { ok: false, attempt, result: 'timeout', text: `no "${r.text}"` };
    return { ok: false, attempt, result: r.reason, text: r.text };
  }

  /** Run a chat script on the line until done, failed, or the operation is cancelled. */
  private runChat(op: Op, script: ChatScript, phone: string, onAction?: (a: ChatAction) => void): Promise<ChatResult> {
    return new Promise((resolve) => {
      if (op.cancelled) return resolve({ ok: false, reason: op.cancelled === 'session-lost' ? 'session-lost' : 'cancelled', text: '' });
      const engine = new ChatEngine(script, { phone });
      let cancelTimer: (() => void) | null = null;
      let finished = false;
      const finish = (r: ChatResult) => {
        if (finished) return;
        finished = true;
        cancelTimer?.();
        offCancel();
        this.sink = null;
        this.unread = engine.takeUnread();
        this.collecting = true;
        resolve(r);
      };
      const act = (actions: ChatAction[]) => {
        for (const a of actions) {
          onAction?.(a);
          switch (a.type) {
            case 'send':
              this.session.write(a.bytes);
              break;
            case 'break':
              this.session.sendBreak();
              break;
            case 'say':
            case 'report':
              this.emitDial({ state: a.type, text: a.text });
              break;
            case 'done':
              finish({ ok: true, reports: a.reports });
              return;
            case 'failed':
              finish({ ok: false, reason: a.reason, text: a.text });
              return;
            default:
              break;
          }
        }
        if (finished) return;
        cancelTimer?.();
        cancelTimer = null;
        const due = engine.nextDeadlineMs();
        if (due !== null) cancelTimer = this.clock.setTimer(due - this.clock.now(), () => act(engine.tick(this.clock.now())));
      };
      const offCancel = op.onCancel(() => {
        engine.cancel();
        finish({ ok: false, reason: op.cancelled === 'session-lost' ? 'session-lost' : 'cancelled', text: op.cancelled ?? '' });
      });
      this.sink = (bytes) => act(engine.receive(bytes, this.clock.now()));
      act(engine.start(this.clock.now()));
      if (!finished && this.unread.length > 0) {
        const rest = this.unread;
        this.unread = new Uint8Array(0);
        act(engine.receive(rest, this.clock.now()));
      }
    });
  }

  /** Wait `ms`; false when the operation was cancelled meanwhile. */
  private sleep(op: Op, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (op.cancelled) return resolve(false);
      const cancelTimer = this.clock.setTimer(ms, () => {
        offCancel();
        resolve(true);
      });
      const offCancel = op.onCancel(() => {
        cancelTimer();
        resolve(false);
      });
    });
  }

  /** The redial countdown: a waiting-redial event now and once a second; false when cancelled. */
  private async countdown(op: Op, ms: number, nextAttempt: number): Promise<boolean> {
    let left = ms;
    while (left > 0) {
      this.emitDial({ state: 'waiting-redial', attempt: nextAttempt, inMs: left });
      const step = Math.min(1000, left);
      if (!(await this.sleep(op, step))) return false;
      left -= step;
    }
    return !op.cancelled;
  }

  /** Count rings (RI rising edges and RING result codes, whichever counts more) up to `target`. */
  private waitRings(op: Op, target: number, waitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.collecting = false;
      let riRises = 0;
      let ringTexts = 0;
      let shown = 0;
      let window = '';
      let cancelTimer: (() => void) | null = null;
      const done = (ok: boolean) => {
        this.ringWatch = null;
        this.lineWatchers.delete(onLine);
        cancelTimer?.();
        offCancel();
        resolve(ok);
      };
      const update = () => {
        const rings = Math.max(riRises, ringTexts);
        if (rings > shown) {
          shown = rings;
          this.emitDial({ state: 'ringing', rings });
        }
        if (rings >= target) done(true);
      };
      const onLine = (ev: SessionEvent) => {
        if (ev.type === 'modem' && ev.ri === true && ev.changed?.includes('ri')) {
          riRises++;
          update();
        }
      };
      this.lineWatchers.add(onLine);
      this.ringWatch = (bytes) => {
        for (const b of bytes) {
          window = (window + String.fromCharCode(b)).slice(-4);
          if (window === 'RING') {
            ringTexts++;
            update();
          }
        }
      };
      const offCancel = op.onCancel(() => done(false));
      if (waitMs > 0) cancelTimer = this.clock.setTimer(waitMs, () => done(false));
    });
  }

  /** Resolve true when DCD goes off or NO CARRIER arrives, false after hangupConfirmMs (or when cancelled). */
  private waitHangupConfirm(op: Op): Promise<boolean> {
    return new Promise((resolve) => {
      let window = '';
      let settled = false;
      const done = (ok: boolean) => {
        if (settled) return;
        settled = true;
        this.ringWatch = null;
        this.lineWatchers.delete(onLine);
        cancelTimer();
        offCancel();
        resolve(ok);
      };
      const onLine = (ev: SessionEvent) => {
        if (ev.type === 'modem' && ev.dcd === false) done(true);
      };
      this.lineWatchers.add(onLine);
      this.ringWatch = (bytes) => {
        for (const b of bytes) {
          window = (window + String.fromCharCode(b)).slice(-10);
          if (window === 'NO CARRIER') done(true);
        }
      };
      const cancelTimer = this.clock.setTimer(this.dtrDropMs + this.hangupConfirmMs, () => done(false));
      const offCancel = op.onCancel(() => done(false));
    });
  }

  private callStarted(): void {
    this.connectedAt = this.clock.now();
    this.stopCallTimer();
    if (this.callTimerMs <= 0) return;
    const tick = () => {
      if (this.connectedAt === null) return;
      this.emitDial({ state: 'call-timer', elapsedMs: Math.round(this.clock.now() - this.connectedAt) });
      this.cancelCallTimer = this.clock.setTimer(this.callTimerMs, tick);
    };
    this.cancelCallTimer = this.clock.setTimer(this.callTimerMs, tick);
  }

  private stopCallTimer(): void {
    this.cancelCallTimer?.();
    this.cancelCallTimer = null;
  }

  private sessionEvent(ev: SessionEvent): void {
    if (ev.type === 'modem') {
      const wasDcd = this.dcdValue;
      this.dcdValue = ev.dcd;
      this.riValue = ev.ri;
      for (const w of [...this.lineWatchers]) w(ev);
      // the far end hung up (carrier lost) while we were in a call and not hanging up ourselves
      if (wasDcd === true && ev.dcd === false && this.connectedAt !== null && !this.hangingUp) {
        const elapsedMs = this.clock.now() - this.connectedAt;
        this.stopCallTimer();
        this.connectedAt = null;
        this.emitDial({ state: 'hung-up', confirmed: true, elapsedMs, text: 'carrier lost' });
      }
      return;
    }
    if (ev.type === 'status' && (ev.state === 'disconnected' || ev.state === 'reconnecting' || ev.state === 'closed')) {
      this.op?.cancel('session-lost');
      if (this.connectedAt !== null) {
        const elapsedMs = this.clock.now() - this.connectedAt;
        this.stopCallTimer();
        this.connectedAt = null;
        this.emitDial({ state: 'hung-up', confirmed: false, elapsedMs, text: 'session lost' });
      }
    }
  }

  private emitDial(fields: Omit<DialerEvent, 'type'>): void {
    this.emit('event', { type: 'dial', ...fields });
  }
}
