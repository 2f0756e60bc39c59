/**
 * Macro runs for the window (issue 14): at most one run per session, carried out in main by runMacro
 * (runner.ts) on the session, its progress sent as 'macro.status' (src-shared/ipc/contract.ts). Host
 * agnostic, in the style of the dialer service: the app core hands it how to find a session and a macro,
 * how to carry out transfer and log steps, and where status goes.
 *
 * Wiring (src-main/app/core.ts):
 *   const macros = new MacroService({ session, macro: (id) => store.get(id), external, emit });
 *   'macro.run': ({ sessionId, macroId }) => macros.run(sessionId, macroId),
 *   'macro.stop': ({ sessionId }) => macros.stop(sessionId),
 *   and macros.forget(id) when a session closes (its run is stopped).
 *
 * Statuses: 'running' at each step (1-based `step` of `steps`), at most one every RUNNING_GAP_MS per
 * session (a fast poll would otherwise flood the window; the latest is sent at the end of the gap), then
 * exactly one final 'done', 'failed' (the engine's message names the step; `lastReceived` what came
 * last) or 'stopped', sent at once.
 */
import { MACRO_NEEDS_LINK, type IpcErrorCode, type MacroStatus } from '../../src-shared/ipc/contract.js';
import type { Macro } from '../../src-shared/macro/macro.js';
import type { Session } from '../sessions/session.js';
import { runMacro, type MacroRunnerOptions } from './runner.js';

/** Least time between two 'running' statuses of one session, ms. */
export const RUNNING_GAP_MS = 50;

export interface MacroServiceDeps {
  /** The open session with this id, if any. */
  session(id: string): Session | undefined;
  /** A saved or example macro by id. */
  macro(id: string): Macro | undefined;
  /** Carry out a transfer or log step on the session (null when it succeeded, else why it failed). */
  external?(sessionId: string, action: Parameters<NonNullable<MacroRunnerOptions['external']>>[0]): Promise<string | null>;
  emit(status: MacroStatus): void;
}

/** A request the service refuses; `code` is the contract's error code. */
export class MacroRunError extends Error {
  override name = 'MacroRunError';
  constructor(
    message: string,
    readonly code: IpcErrorCode = 'failed',
  ) {
    super(message);
  }
}

interface Running {
  macroId: string;
  name: string;
  abort: AbortController;
  /** The latest 'running' status not yet sent, and the timer that sends it. */
  pending: MacroStatus | null;
  timer: ReturnType<typeof setTimeout> | null;
  lastSentAt: number;
  /** The step last reported (sent or pending), 1-based. */
  step: number;
  done: Promise<void>;
}

export class MacroService {
  private readonly runs = new Map<string, Running>();

  constructor(private readonly deps: MacroServiceDeps) {}

  /** The macro running on a session (its id and name), if any. */
  running(sessionId: string): { macroId: string; name: string } | undefined {
    const r = this.runs.get(sessionId);
    return r && { macroId: r.macroId, name: r.name };
  }

  /**
   * Start `macroId` on the session; resolves once it has started (its progress comes as statuses).
   * @throws MacroRunError 'unknown-session', 'not-found', or 'failed' when the session is not connected
   * (MACRO_NEEDS_LINK) or a macro already runs there.
   */
  run(sessionId: string, macroId: string): Record<string, never> {
    const session = this.deps.session(sessionId);
    if (!session) throw new MacroRunError(`no open session "${sessionId}"`, 'unknown-session');
    const macro = this.deps.macro(macroId);
    if (!macro) throw new MacroRunError(`no macro "${macroId}"`, 'not-found');
    if (session.snapshot().state !== 'connected') throw new MacroRunError(MACRO_NEEDS_LINK, 'failed');
    const busy = this.runs.get(sessionId);
    if (busy) throw new MacroRunError(`"${busy.name}" is still running on this session: stop it first`, 'failed');
    const steps = macro.steps.length;
    const base = { sessionId, macroId, name: macro.name, steps };
    const r: Running = { macroId, name: macro.name, abort: new AbortController(), pending: null, timer: null, lastSentAt: -Infinity, step: 0, done: Promise.resolve() };
    this.runs.set(sessionId, r);
    this.sendRunning(r, { ...base, state: 'running', step: 0 });
    r.done = runMacro(session, macro, {
      signal: r.abort.signal,
      onAction: (a) => {
        if (a.type === 'step') this.sendRunning(r, { ...base, state: 'running', step: a.index + 1 });
      },
      ...(this.deps.external ? { external: (a) => this.deps.external!(sessionId, a) } : {}),
    }).then((result) => {
      const step = r.step;
      if (r.timer) clearTimeout(r.timer);
      r.pending = null;
      this.runs.delete(sessionId);
      if (result.ok) return this.deps.emit({ ...base, state: 'done', step: steps });
      if (result.stopped) return this.deps.emit({ ...base, state: 'stopped', step });
      this.deps.emit({ ...base, state: 'failed', step: result.index !== undefined ? result.index + 1 : step, message: result.message, lastReceived: result.lastReceived });
    });
    return {};
  }

  /** Stop the session's run (nothing running: nothing to do); resolves once its final status is out. */
  async stop(sessionId: string): Promise<Record<string, never>> {
    const r = this.runs.get(sessionId);
    if (r) {
      r.abort.abort();
      await r.done;
    }
    return {};
  }

  /** The session is closing: stop its run. */
  forget(sessionId: string): void {
    void this.stop(sessionId);
  }

  /** Send a 'running' status now, or at the end of the gap since the last one (the latest wins). */
  private sendRunning(r: Running, status: MacroStatus): void {
    r.step = status.step;
    const now = performance.now();
    const wait = r.lastSentAt + RUNNING_GAP_MS - now;
    if (wait <= 0 && !r.timer) {
      r.lastSentAt = now;
      this.deps.emit(status);
      return;
    }
    r.pending = status;
    r.timer ??= setTimeout(() => {
      r.timer = null;
      const p = r.pending;
      r.pending = null;
      if (p && this.runs.get(p.sessionId) === r) {
        r.lastSentAt = performance.now();
        this.deps.emit(p);
      }
    }, Math.max(0, wait));
  }
}
