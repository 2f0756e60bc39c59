/**
 * Runs a macro (src-shared/macro/engine.ts) on a Session: received bytes go to the macro, its actions
 * go to the session (write, DTR/RTS, BREAK, settings); one timer, re-armed at the engine's deadline.
 * Used by `dialtone run` and by the window (through main). Transfer and log steps are carried out by
 * the caller's `external` hook; without one they fail with the reason.
 */
import type { Macro } from '../../src-shared/macro/macro.js';
import { MacroRun, type MacroAction } from '../../src-shared/macro/engine.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import type { Session } from '../sessions/session.js';

/** Session states in which the line a macro talks to is gone (a reconnect is another line: the run does not go on). */
const LOST_STATES: ReadonlySet<string> = new Set(['reconnecting', 'disconnected', 'closed']);

/** How a run ended. */
export type MacroResult =
  | { ok: true }
  /** `index`: the failed step (0-based), absent when stopped or when a setting was refused outside a step. */
  | { ok: false; stopped: boolean; index?: number; message: string; lastReceived: string };

export interface MacroRunnerOptions {
  /** Every action as it happens (progress for the CLI or the window). */
  onAction?: (action: MacroAction) => void;
  /** Carry out a transfer or log step; resolves to null when it succeeded, else the reason it failed. */
  external?: (action: Extract<MacroAction, { type: 'transfer' | 'log' }>) => Promise<string | null>;
  /** Stops the run (a DTR/RTS pulse in progress is put back). */
  signal?: AbortSignal;
}

/** Run `macro` on the open `session` until it is done, fails or is stopped. Never rejects. */
export function runMacro(session: Session, macro: Macro, options: MacroRunnerOptions = {}): Promise<MacroResult> {
  const run = new MacroRun(macro);
  let timer: NodeJS.Timeout | null = null;
  return new Promise<MacroResult>((resolve) => {
    const finish = (result: MacroResult) => {
      if (timer) clearTimeout(timer);
      session.off('data', onData);
      session.off('event', onEvent);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const act = (actions: MacroAction[]) => {
      for (const a of actions) {
        options.onAction?.(a);
        switch (a.type) {
          case 'send':
            session.write(a.bytes);
            break;
          case 'control':
            session.setControlLines({ [a.line]: a.on });
            break;
          case 'break':
            session.sendBreak(a.ms);
            break;
          case 'settings':
            try {
              session.applySettings(a.settings);
            } catch (err) {
              act(run.stop());
              return finish({ ok: false, stopped: false, message: (err as Error).message, lastReceived: '' });
            }
            break;
          case 'transfer':
          case 'log': {
            const done = options.external ? options.external(a) : Promise.resolve(`${a.type} steps are not available here`);
            void done.then((failure) => act(run.resume(failure === null, failure ?? '', performance.now())));
            break;
          }
          case 'done':
            return finish({ ok: true });
          case 'failed':
            return finish({ ok: false, stopped: false, index: a.index, message: a.message, lastReceived: a.lastReceived });
          case 'stopped':
            return finish({ ok: false, stopped: true, message: 'stopped', lastReceived: '' });
          case 'step':
            break;
        }
      }
      arm();
    };
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const at = run.nextDeadlineMs();
      if (at === null) return;
      timer = setTimeout(() => act(run.tick(performance.now())), Math.max(0, Math.ceil(at - performance.now())));
    };
    const onData = (bytes: Uint8Array) => act(run.receive(bytes, performance.now()));
    const onAbort = () => act(run.stop());
    // a lost line fails the step now, with why (a wait would otherwise time out as if the device were silent)
    const onEvent = (ev: SessionEvent) => {
      if (ev.type === 'status' && LOST_STATES.has(ev.state)) act(run.lost(ev.reason ?? ev.state));
    };
    session.on('data', onData);
    session.on('event', onEvent);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    act(run.start(performance.now()));
  });
}
