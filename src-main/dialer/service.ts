/**
 * The dialer behind the IPC contract (src-shared/ipc/contract.ts: dial.start, dial.callback,
 * dial.hangup, dial.answerMode, and the dial.status event): one Dialer per session, created on first
 * use. Host agnostic: the app core hands it how to find a session and a phonebook entry, and where
 * status goes.
 *
 * Wiring (src-main/app/core.ts):
 *   const dialers = new DialerService({
 *     session: (id) => this.manager.get(id)?.session,
 *     entry: (id) => this.profiles.getEntry(id),
 *     emit: (status) => this.emit('dial.status', status),
 *   });
 *   'dial.start': (req) => dialers.start(req),
 *   'dial.callback': (req) => dialers.callback(req),
 *   'dial.hangup': ({ sessionId }) => dialers.hangup(sessionId),
 *   'dial.answerMode': ({ sessionId, mode }) => dialers.answerMode(sessionId, mode),
 *   and dialers.forget(id) when a session closes.
 *
 * Every request resolves as soon as the operation has started; progress arrives as dial.status, each
 * one complete on its own (state, flow, entry, number, attempt of attempts, result code, rate...), so
 * the renderer shows the last one it got. Refusals are DialRequestErrors with a contract error code.
 *
 * Answer mode stays armed across calls, as a modem in auto-answer does: when a call answered in answer
 * mode ends, the service waits for RING again until the mode is set to 'off'.
 */
import { parseChatScript, ChatScriptError, type ChatScript } from '../../src-shared/dialer/chat-script.js';
import type { DialerEvent, DialResult } from '../../src-shared/dialer/events.js';
import { dialEntrySchema, type DialEntry } from '../../src-shared/dialer/phonebook.js';
import type { ANSWER_MODES, CALLBACK_ANSWERS, DIAL_FLOWS, DialStatus, IpcErrorCode } from '../../src-shared/ipc/contract.js';
import type { Session } from '../sessions/session.js';
import { Dialer, type DialOutcome, type DialRequest, type DialerOptions } from './dialer.js';

export type AnswerMode = (typeof ANSWER_MODES)[number];
export type CallbackAnswer = (typeof CALLBACK_ANSWERS)[number];
export type DialFlow = (typeof DIAL_FLOWS)[number];

export interface DialerServiceDeps {
  /** The open session with this id, if any. */
  session(id: string): Session | undefined;
  /** The phonebook entry with this id (any object the dialEntrySchema reads), if any. */
  entry(id: string): unknown;
  /** Where dial.status events go. */
  emit(status: DialStatus): void;
  /** Dialer timing (tests). */
  options?: DialerOptions;
  /** How long the callback flow waits for the call back, ms (default 120000). */
  callbackWaitMs?: number;
}

/** A request the service refuses; the message says why, `code` is the contract's error code. */
export class DialRequestError extends Error {
  override name = 'DialRequestError';
  constructor(
    message: string,
    readonly code: IpcErrorCode = 'failed',
  ) {
    super(message);
  }
}

/** What a status carries besides the dialer event: which operation and entry it belongs to. */
export interface DialContext {
  entryId?: string;
  flow?: DialFlow;
  /** Attempts allowed in all (1 + redials). */
  attempts?: number;
  number?: string;
}

/** The Hayes result code shown for a failure (BUSY, NO CARRIER, ...), or what else ended the attempt. */
const RESULT_CODE: Record<DialResult, string> = {
  busy: 'BUSY',
  'no-carrier': 'NO CARRIER',
  'no-dialtone': 'NO DIALTONE',
  'no-answer': 'NO ANSWER',
  error: 'ERROR',
  timeout: 'TIMEOUT',
  'session-lost': 'SESSION LOST',
  cancelled: 'CANCELLED',
};

/**
 * Map a DialerEvent to the contract's DialStatus; null for events the contract does not carry as a
 * state of their own (call-timer: the renderer counts from 'connected'; report: the CONNECT rate is in
 * 'connected'; say: the service re-sends the last status with the SAY text; a failure by cancel: the
 * hang-up that cancelled it reports).
 */
export function toDialStatus(sessionId: string, ev: DialerEvent, ctx: DialContext = {}): DialStatus | null {
  const base: DialStatus = {
    sessionId,
    state: 'idle',
    ...(ctx.entryId ? { entryId: ctx.entryId } : {}),
    ...(ctx.flow ? { flow: ctx.flow } : {}),
    ...(ctx.attempts ? { attempts: ctx.attempts } : {}),
    ...((ev.number ?? ctx.number) ? { number: ev.number ?? ctx.number } : {}),
    ...(ev.attempt ? { attempt: ev.attempt } : {}),
  };
  switch (ev.state) {
    case 'initialising':
      return { ...base, state: 'initialising', message: 'sending the init string' };
    case 'dialing':
      return { ...base, state: 'dialing', message: `dialing ${ev.number ?? ctx.number ?? ''}`.trim() };
    case 'connected':
      return { ...base, state: 'connected', resultCode: 'CONNECT', ...(ev.rate ? { rate: ev.rate } : {}), message: ev.text ?? 'CONNECT' };
    case 'failed':
      if (ev.result === 'cancelled') return null;
      return { ...base, state: 'failed', resultCode: ev.result ? RESULT_CODE[ev.result] : (ev.text ?? 'ERROR'), ...(ev.text ? { message: ev.text } : {}), ...(ev.final ? { final: true } : {}) };
    case 'waiting-redial':
      return { ...base, state: 'waiting-redial', inMs: ev.inMs ?? 0, message: `redial in ${Math.ceil((ev.inMs ?? 0) / 1000)} s` };
    case 'hanging-up':
      return { ...base, state: 'hanging-up', ...(ev.method ? { method: ev.method } : {}), message: ev.method === 'escape' ? '+++ then ATH (DTR did not hang up)' : 'DTR dropped' };
    case 'hung-up': {
      const how = ev.text ?? (ev.confirmed ? (ev.method === 'escape' ? 'confirmed by OK after ATH' : 'confirmed: DCD off') : 'not confirmed by the modem');
      return {
        ...base,
        state: 'hung-up',
        ...(ev.method ? { method: ev.method } : {}),
        ...(ev.confirmed !== undefined ? { confirmed: ev.confirmed } : {}),
        ...(ev.elapsedMs !== undefined ? { elapsedMs: ev.elapsedMs } : {}),
        message: how,
      };
    }
    case 'answer-wait':
      return { ...base, state: 'answer-wait', message: ctx.flow === 'callback' ? 'waiting for the call back (RING)' : 'waiting for RING' };
    case 'ringing':
      return { ...base, state: 'ringing', resultCode: 'RING', rings: ev.rings ?? 1, message: `ring ${ev.rings ?? 1}` };
    case 'answering':
      return { ...base, state: 'answering', ...(ev.text ? { message: ev.text } : {}) };
    default:
      return null;
  }
}

interface Slot {
  dialer: Dialer;
  ctx: DialContext;
  /** The answer mode the operator set; re-armed after each answered call while not 'off'. */
  answerMode: AnswerMode;
  /** A call answered in answer mode is up (its end re-arms answer mode). */
  answeredCall: boolean;
  last: DialStatus | null;
  /** The operation in progress (settles, never rejects), awaited after a cancel. */
  op: Promise<unknown> | null;
}

/** Dialers for the app's sessions. */
export class DialerService {
  private readonly dialers = new Map<string, Slot>();

  constructor(private readonly deps: DialerServiceDeps) {}

  /**
   * dial.start: dial a phonebook entry or a number on an open session, with the entry's redials (a
   * number's own redials are read into an entry the same way, with the same defaults).
   * @throws DialRequestError: 'unknown-session', 'not-found' (entry), 'bad-request' (chat script),
   * 'failed' (a call is up or an operation runs).
   */
  async start(
    req: { sessionId: string; entryId: string } | { sessionId: string; number: string; chatScript?: string; redialAttempts?: number; redialDelayMs?: number },
  ): Promise<Record<string, never>> {
    const slot = this.slot(req.sessionId);
    const { entry, entryId } =
      'entryId' in req
        ? this.entry(req.entryId)
        : {
            entry: dialEntrySchema.parse({ name: req.number, number: req.number, ...(req.chatScript ? { chatScript: req.chatScript } : {}), redialAttempts: req.redialAttempts, redialDelayMs: req.redialDelayMs }),
            entryId: undefined,
          };
    this.idle(slot);
    const dial = this.request(entry);
    slot.ctx = { ...(entryId ? { entryId } : {}), flow: 'dial', attempts: entry.redialAttempts + 1, number: entry.number };
    this.run(req.sessionId, slot, slot.dialer.dial(dial));
    return {};
  }

  /**
   * dial.callback: dial, log in with the login script, hang up, and answer the call back (ATA on RING,
   * or the modem's ATS0=1). @throws DialRequestError as start(), and 'bad-request' without a login script.
   */
  async callback(
    req: { sessionId: string; entryId: string; answerBy?: CallbackAnswer } | { sessionId: string; number: string; loginScript: string; answerBy?: CallbackAnswer },
  ): Promise<Record<string, never>> {
    const slot = this.slot(req.sessionId);
    const { entry, entryId } = 'entryId' in req ? this.entry(req.entryId) : { entry: dialEntrySchema.parse({ name: req.number, number: req.number, loginScript: req.loginScript }), entryId: undefined };
    if (!entry.loginScript) throw new DialRequestError(`"${entry.name}" has no login script: the callback flow logs in to ask for the call back`, 'bad-request');
    this.idle(slot);
    const dial = this.request(entry);
    slot.ctx = { ...(entryId ? { entryId } : {}), flow: 'callback', attempts: entry.redialAttempts + 1, number: entry.number };
    const by = req.answerBy === 'modem' ? 'modem' : 'ata';
    this.run(req.sessionId, slot, slot.dialer.callback({ ...dial, login: dial.login!, answer: { by, waitMs: this.deps.callbackWaitMs ?? 120_000 } }));
    return {};
  }

  /**
   * dial.hangup: end the call (or the dial, redial wait or answer wait) on a session: DTR dropped, `+++`
   * and ATH as the fallback, confirmed by DCD off. Resolves once started. @throws DialRequestError
   */
  async hangup(sessionId: string): Promise<Record<string, never>> {
    const slot = this.slot(sessionId);
    void slot.dialer.hangup().catch((err: unknown) => this.emit(sessionId, slot, { sessionId, state: 'failed', resultCode: 'ERROR', message: `hang-up: ${String(err)}` }));
    return {};
  }

  /**
   * dial.answerMode: 'manual' waits for RING and reports it (the operator answers with ATA); 'auto'
   * sends ATA on the first RING; 'modem' sets ATS0=1 and lets the modem answer; 'off' leaves answer mode
   * (and sets ATS0=0 again after 'modem'). Armed again after each answered call until 'off'.
   * @throws DialRequestError 'failed' while a call is up or a dial runs.
   */
  async answerMode(sessionId: string, mode: AnswerMode): Promise<Record<string, never>> {
    const slot = this.slot(sessionId);
    const was = slot.answerMode;
    if (mode !== 'off' && (slot.dialer.inCall || (slot.dialer.busy && slot.ctx.flow !== 'answer'))) {
      throw new DialRequestError('a call is up or being set up on this session: hang up first', 'failed');
    }
    slot.answerMode = mode;
    if (slot.dialer.inCall) return {}; // 'off' during an answered call: the call stays, answer mode ends with it
    slot.dialer.cancel();
    await slot.op; // let the cancelled operation unwind
    if (was === 'modem' && mode !== 'modem') this.deps.session(sessionId)?.write(new TextEncoder().encode('ATS0=0\r'));
    if (mode === 'off') {
      slot.ctx = { flow: 'answer' };
      this.emit(sessionId, slot, { sessionId, state: 'idle', flow: 'answer', message: 'answer mode off' });
      return {};
    }
    if (slot.dialer.busy) throw new DialRequestError('the dialer is busy on this session', 'failed');
    this.arm(sessionId, slot);
    return {};
  }

  /** The session closed: drop its dialer. */
  forget(sessionId: string): void {
    this.dialers.get(sessionId)?.dialer.dispose();
    this.dialers.delete(sessionId);
  }

  // ---- internals

  private arm(sessionId: string, slot: Slot): void {
    slot.ctx = { flow: 'answer' };
    const by = slot.answerMode === 'auto' ? 'ata' : slot.answerMode === 'modem' ? 'modem' : 'operator';
    this.run(sessionId, slot, slot.dialer.answer({ by }));
  }

  /** Refuse when a call is up or an operation (other than answer mode, which a dial ends) runs. */
  private idle(slot: Slot): void {
    if (slot.dialer.inCall) throw new DialRequestError('a call is up on this session: hang up first', 'failed');
    if (slot.dialer.busy && slot.ctx.flow === 'answer') throw new DialRequestError('answer mode is on on this session: turn it off first', 'failed');
    if (slot.dialer.busy) throw new DialRequestError('a call is being set up on this session: hang up first', 'failed');
  }

  /** Watch an operation to its end: a failure the dialer did not report itself becomes a 'failed' status. */
  private run(sessionId: string, slot: Slot, op: Promise<DialOutcome>): void {
    const ctx = slot.ctx;
    slot.op = op.then(
      (out) => {
        if (out.ok || out.result === 'cancelled' || slot.ctx !== ctx) return;
        const last = slot.last?.state;
        if (last === 'failed' || last === 'hung-up') return;
        const message = ctx.flow === 'callback' && last === 'answer-wait' ? 'no call back came' : out.text;
        this.emit(sessionId, slot, { ...this.base(sessionId, slot), state: 'failed', resultCode: RESULT_CODE[out.result], message, final: true });
      },
      (err: unknown) => this.emit(sessionId, slot, { ...this.base(sessionId, slot), state: 'failed', resultCode: 'ERROR', message: String(err), final: true }),
    );
  }

  private base(sessionId: string, slot: Slot): DialStatus {
    const c = slot.ctx;
    return { sessionId, state: 'idle', ...(c.entryId ? { entryId: c.entryId } : {}), ...(c.flow ? { flow: c.flow } : {}), ...(c.attempts ? { attempts: c.attempts } : {}), ...(c.number ? { number: c.number } : {}) };
  }

  /** The last status of the session's dialer, or undefined when it never ran there. */
  last(sessionId: string): DialStatus | undefined {
    return this.dialers.get(sessionId)?.last ?? undefined;
  }

  private emit(sessionId: string, slot: Slot, status: DialStatus): void {
    if (this.dialers.get(sessionId) !== slot) return; // forgotten
    // a call's CONNECT time stays the same through its later statuses (a SAY text, a second CONNECT line)
    if (status.state === 'connected') status = { ...status, since: slot.last?.state === 'connected' && slot.last.since !== undefined ? slot.last.since : Date.now() };
    slot.last = status;
    this.deps.emit(status);
  }

  private onEvent(sessionId: string, slot: Slot, ev: DialerEvent): void {
    if (ev.state === 'say' && slot.last && ev.text) {
      this.emit(sessionId, slot, { ...slot.last, message: ev.text });
      return;
    }
    if (ev.state === 'answering' && ev.text === 'operator') {
      // manual answer: it rings until the operator sends ATA (the dialer then waits for CONNECT)
      this.emit(sessionId, slot, { ...(slot.last?.state === 'ringing' ? slot.last : this.base(sessionId, slot)), state: 'ringing', resultCode: 'RING', message: 'RING: answer with ATA' });
      return;
    }
    let status = toDialStatus(sessionId, ev, slot.ctx);
    if (!status) return;
    // a redial's countdown says why it redials: the result code the attempt before it ended with (BUSY)
    const before = slot.last;
    if (status.state === 'waiting-redial' && before?.resultCode && (before.state === 'failed' || before.state === 'waiting-redial')) status = { ...status, resultCode: before.resultCode };
    if (ev.state === 'connected') slot.answeredCall = slot.ctx.flow === 'answer';
    this.emit(sessionId, slot, status);
    if (ev.state === 'hung-up' && slot.answeredCall) {
      slot.answeredCall = false;
      // the hang-up finishes synchronously after its event: re-arm once it has let go of the dialer
      queueMicrotask(() => {
        if (this.dialers.get(sessionId) === slot && slot.answerMode !== 'off' && !slot.dialer.busy) this.arm(sessionId, slot);
      });
    }
  }

  private entry(id: string): { entry: DialEntry; entryId: string } {
    const raw = this.deps.entry(id);
    if (raw === undefined) throw new DialRequestError(`no phonebook entry "${id}"`, 'not-found');
    const parsed = dialEntrySchema.safeParse(raw);
    if (!parsed.success) throw new DialRequestError(`phonebook entry "${id}" is invalid: ${parsed.error.issues[0]?.message}`, 'bad-request');
    return { entry: parsed.data, entryId: id };
  }

  private request(entry: DialEntry): DialRequest {
    const script = entry.chatScript ? this.script(entry.chatScript, 'chat script') : undefined;
    const login = entry.loginScript ? this.script(entry.loginScript, 'login script') : undefined;
    return {
      number: entry.number,
      ...(entry.initString ? { init: entry.initString } : {}),
      ...(entry.dialCommand ? { dialCommand: entry.dialCommand } : {}),
      ...(script ? { script } : {}),
      ...(login ? { login } : {}),
      retries: entry.redialAttempts,
      redialDelayMs: entry.redialDelayMs,
      ...(entry.connectTimeoutS ? { connectTimeoutMs: entry.connectTimeoutS * 1000 } : {}),
    };
  }

  private slot(sessionId: string): Slot {
    const existing = this.dialers.get(sessionId);
    if (existing) return existing;
    const session = this.deps.session(sessionId);
    if (!session) throw new DialRequestError(`no open session "${sessionId}"`, 'unknown-session');
    const slot: Slot = { dialer: new Dialer(session, this.deps.options), ctx: {}, answerMode: 'off', answeredCall: false, last: null, op: null };
    slot.dialer.on('event', (ev) => this.onEvent(sessionId, slot, ev));
    this.dialers.set(sessionId, slot);
    return slot;
  }

  private script(text: string, what: string): ChatScript {
    try {
      return parseChatScript(text);
    } catch (err) {
      if (err instanceof ChatScriptError) throw new DialRequestError(`${what}: ${err.message}`, 'bad-request');
      throw err;
    }
  }
}
