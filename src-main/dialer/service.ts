/**
 * The dialer behind the IPC contract (src-shared/ipc/contract.ts: dial.start, dial.hangup,
 * dial.answerMode, and the dial.status event): one Dialer per session, created on first use. Host
 * agnostic: the app core hands it how to find a session and a phonebook entry, and where status goes.
 *
 * Wiring (src-main/app/core.ts):
 *   const dialers = new DialerService({
 *     session: (id) => this.sessions.get(id)?.session,
 *     entry: (id) => this.profiles.getEntry(id),
 *     emit: (status) => this.emit('dial.status', status),
 *   });
 *   'dial.start': (req) => dialers.start(req),
 *   'dial.hangup': ({ sessionId }) => dialers.hangup(sessionId),
 *   'dial.answerMode': ({ sessionId, mode }) => dialers.answerMode(sessionId, mode),
 *   and dialers.forget(id) when a session closes.
 */
import { parseChatScript, ChatScriptError, type ChatScript } from '../../src-shared/dialer/chat-script.js';
import type { DialerEvent } from '../../src-shared/dialer/events.js';
import { dialEntrySchema, type DialEntry } from '../../src-shared/dialer/phonebook.js';
import type { DialStatus } from '../../src-shared/ipc/contract.js';
import type { Session } from '../sessions/session.js';
import { Dialer, type DialerOptions } from './dialer.js';

export interface DialerServiceDeps {
  /** The open session with this id, if any. */
  session(id: string): Session | undefined;
  /** The phonebook entry with this id (any object the dialEntrySchema reads), if any. */
  entry(id: string): unknown;
  /** Where dial.status events go. */
  emit(status: DialStatus): void;
  /** Dialer timing (tests). */
  options?: DialerOptions;
}

/** A request the service refuses; the message says why (the IPC router turns it into an error reply). */
export class DialRequestError extends Error {
  override name = 'DialRequestError';
}

/**
 * Map a DialerEvent to the contract's DialStatus; null for events the contract does not carry
 * (call-timer, hanging-up, say, report: the renderer computes the call timer from 'connected').
 */
export function toDialStatus(sessionId: string, ev: DialerEvent, entryId?: string): DialStatus | null {
  const base = { sessionId, ...(entryId ? { entryId } : {}), ...(ev.attempt ? { attempt: ev.attempt } : {}) };
  switch (ev.state) {
    case 'initialising':
      return { ...base, state: 'dialing', message: 'initialising the modem' };
    case 'dialing':
      return { ...base, state: 'dialing', message: `dialing ${ev.number ?? ''}`.trim() };
    case 'connected':
      return { ...base, state: 'connected', resultCode: 'CONNECT', ...(ev.rate ? { rate: ev.rate } : {}), ...(ev.text ? { message: ev.text } : {}) };
    case 'failed':
      return { ...base, state: 'failed', resultCode: ev.text ?? ev.result ?? 'ERROR', ...(ev.result ? { message: ev.result } : {}) };
    case 'waiting-redial':
      return { ...base, state: 'waiting-redial', message: `redial in ${Math.ceil((ev.inMs ?? 0) / 1000)} s` };
    case 'hung-up':
      return { ...base, state: 'hung-up', ...(ev.text ? { message: ev.text } : {}), ...(ev.confirmed === false ? { message: 'not confirmed by the modem' } : {}) };
    case 'answer-wait':
      return { ...base, state: 'answer-wait' };
    case 'ringing':
      return { ...base, state: 'ringing', resultCode: 'RING', message: `ring ${ev.rings ?? 1}` };
    case 'answering':
      return { ...base, state: 'answering', ...(ev.text ? { message: ev.text } : {}) };
    default:
      return null;
  }
}

/** Dialers for the app's sessions. */
export class DialerService {
  private readonly dialers = new Map<string, { dialer: Dialer; entryId?: string }>();

  constructor(private readonly deps: DialerServiceDeps) {}

  /**
   * dial.start: dial a phonebook entry or a number on an open session. Resolves once the dial has
   * started (progress arrives as dial.status).
   * @throws DialRequestError for an unknown session or entry, a bad chat script, or a call up or in progress.
   */
  async start(req: { sessionId: string; entryId: string } | { sessionId: string; number: string; chatScript?: string }): Promise<Record<string, never>> {
    const slot = this.slot(req.sessionId);
    let entry: DialEntry;
    if ('entryId' in req) {
      const parsed = dialEntrySchema.safeParse(this.deps.entry(req.entryId));
      if (!parsed.success) throw new DialRequestError(`no phonebook entry ${req.entryId}`);
      entry = parsed.data;
      slot.entryId = req.entryId;
    } else {
      entry = dialEntrySchema.parse({ name: req.number, number: req.number, ...(req.chatScript ? { chatScript: req.chatScript } : {}) });
      delete slot.entryId;
    }
    if (slot.dialer.busy || slot.dialer.inCall) throw new DialRequestError('a call is up or being set up on this session: hang up first');
    const script = entry.chatScript ? this.script(entry.chatScript, 'chat script') : undefined;
    const login = entry.loginScript ? this.script(entry.loginScript, 'login script') : undefined;
    void slot.dialer.dial({
      number: entry.number,
      ...(entry.initString ? { init: entry.initString } : {}),
      ...(entry.dialCommand ? { dialCommand: entry.dialCommand } : {}),
      ...(script ? { script } : {}),
      ...(login ? { login } : {}),
      retries: entry.redialAttempts,
      redialDelayMs: entry.redialDelayMs,
      ...(entry.connectTimeoutS ? { connectTimeoutMs: entry.connectTimeoutS * 1000 } : {}),
    });
    return {};
  }

  /** dial.hangup: end the call (or the dial / answer wait) on a session. @throws DialRequestError */
  async hangup(sessionId: string): Promise<Record<string, never>> {
    await this.slot(sessionId).dialer.hangup();
    return {};
  }

  /**
   * dial.answerMode: 'auto' answers the next call with ATA on the first RING; 'manual' waits for RING
   * and reports it (the operator types ATA); 'off' leaves answer mode. @throws DialRequestError
   */
  async answerMode(sessionId: string, mode: 'off' | 'manual' | 'auto'): Promise<Record<string, never>> {
    const slot = this.slot(sessionId);
    slot.dialer.cancel();
    if (mode === 'off') return {};
    await Promise.resolve(); // let the cancelled operation unwind
    if (slot.dialer.busy) throw new DialRequestError('the dialer is busy on this session');
    void slot.dialer.answer({ by: mode === 'auto' ? 'ata' : 'operator' });
    return {};
  }

  /** The session closed: drop its dialer. */
  forget(sessionId: string): void {
    this.dialers.get(sessionId)?.dialer.dispose();
    this.dialers.delete(sessionId);
  }

  private slot(sessionId: string): { dialer: Dialer; entryId?: string } {
    const existing = this.dialers.get(sessionId);
    if (existing) return existing;
    const session = this.deps.session(sessionId);
    if (!session) throw new DialRequestError(`no open session ${sessionId}`);
    const slot: { dialer: Dialer; entryId?: string } = { dialer: new Dialer(session, this.deps.options) };
    slot.dialer.on('event', (ev) => {
      const status = toDialStatus(sessionId, ev, slot.entryId);
      if (status) this.deps.emit(status);
    });
    this.dialers.set(sessionId, slot);
    return slot;
  }

  private script(text: string, what: string): ChatScript {
    try {
      return parseChatScript(text);
    } catch (err) {
      if (err instanceof ChatScriptError) throw new DialRequestError(`${what}: ${err.message}`);
      throw err;
    }
  }
}
