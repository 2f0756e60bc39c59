/**
 * How every store action asks main: a failed request shows a notice with main's message and resolves
 * undefined; it never throws into React.
 */
import { getBridge, type DialtoneApi } from '../../bridge/index.js';
import { viewOf } from '../sessions.js';
import { useUi } from '../ui.js';

/** Run a request; on failure show `what: message` and resolve undefined. */
export async function attempt<T>(what: string, fn: (api: DialtoneApi) => Promise<T>): Promise<T | undefined> {
  try {
    return await fn(getBridge());
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    useUi.getState().notify('error', `${what}: ${msg}`);
    console.error(`dialtone: ${what}`, err);
    return undefined;
  }
}

/** Run `fn` with the tab's live session id, as attempt() does; does nothing for a closed tab. */
export function withSession(tabId: string, what: string, fn: (a: DialtoneApi, sessionId: string) => Promise<unknown>): Promise<unknown> {
  const view = viewOf(tabId);
  if (!view?.sessionId || view.state === 'closed') return Promise.resolve(undefined);
  return attempt(`${what} (${view.name})`, (a) => fn(a, view.sessionId!));
}
