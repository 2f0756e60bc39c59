/** Session logs: start, stop, open the folder, and log status that arrives before its tab. */
import type { LogStatus } from '../../../src-shared/ipc/contract.js';
import type { LogChoices } from '../../../src-shared/ipc/profile.js';
import { useSessions, viewOf } from '../sessions.js';
import { attempt, withSession } from './request.js';

/** Start logging the tab's session as chosen (format, timestamps, sent bytes, rotation). */
export async function startLog(tabId: string, choices: LogChoices): Promise<void> {
  await withSession(tabId, 'start log', (a, sessionId) => a.log.start({ sessionId, ...choices }));
}

export async function stopLog(tabId: string): Promise<void> {
  await withSession(tabId, 'stop log', (a, sessionId) => a.log.stop({ sessionId }));
}

/** Show the tab's log folder in the system's file manager. */
export async function openLogFolder(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view?.sessionId) return;
  await attempt('open log folder', (a) => a.log.openFolder({ sessionId: view.sessionId! }));
}

/** Most early statuses kept (the newest win). */
const EARLY_KEPT = 32;

/**
 * 'log.status' of sessions no tab shows yet: an automatic log starts with its session, so its first
 * status can arrive before the open reply tells this window the session's id. Kept (the last few) and
 * applied when the tab appears, so the recording indicator never says "not recording" while it records.
 */
function createEarlyLogStatus(): { keep(status: LogStatus): void; apply(sessionId: string): void } {
  const early = new Map<string, LogStatus>();
  return {
    keep(status) {
      early.delete(status.sessionId);
      early.set(status.sessionId, status);
      if (early.size > EARLY_KEPT) early.delete(early.keys().next().value!);
    },
    apply(sessionId) {
      const status = early.get(sessionId);
      const view = status && viewOf(sessionId);
      if (!status || !view) return;
      early.delete(sessionId);
      useSessions.getState().patch(view.tabId, { log: status });
    },
  };
}

export const earlyLogStatus = createEarlyLogStatus();

/** Show main's 'log.status' on its tab, or keep it until the tab appears. */
export function applyLogStatus(status: LogStatus): void {
  const view = viewOf(status.sessionId);
  if (view) useSessions.getState().patch(view.tabId, { log: status });
  else earlyLogStatus.keep(status);
}
