/** Session logs: start, stop, open the folder, and log status that arrives before its tab. */
import type { LogStatus } from '../../../src-shared/ipc/contract.js';
import { logChoicesSchema, type LogChoices } from '../../../src-shared/ipc/profile.js';
import { noteHub } from '../../terminal/connection-notes.js';
import { useLogChoices } from '../log-choices.js';
import type { SessionView } from '../reducers.js';
import { useSessions, viewOf } from '../sessions.js';
import { useUi } from '../ui.js';
import { attempt, withSession } from './request.js';

/** Whether a tab can start its log now with the operator's choices: the choices checked, or why not. */
export type LogStartCheck =
  | { ok: true; choices: LogChoices }
  | { ok: false; why: 'no-session' | 'logging' | 'invalid-choices'; message: string };

/**
 * Can a log start (the Log panel's Start button and the menu's Logging > Start log… ask the same): a tab
 * whose session is not closed, not logging already, and choices logChoicesSchema accepts (as edited they
 * may be invalid: a rotation size below the minimum, say). Pure.
 * @param view the tab's state and log status; undefined for no such tab
 */
export function checkLogStart(view: Pick<SessionView, 'state' | 'log'> | undefined, choices: unknown): LogStartCheck {
  if (!view || view.state === 'closed') return { ok: false, why: 'no-session', message: 'no open session' };
  if (view.log?.active) return { ok: false, why: 'logging', message: 'already logging' };
  const checked = logChoicesSchema.safeParse(choices);
  if (!checked.success) return { ok: false, why: 'invalid-choices', message: checked.error.issues[0]?.message ?? 'invalid log choices' };
  return { ok: true, choices: checked.data };
}

/**
 * Start the tab's log with the Log panel's choices (useLogChoices), when checkLogStart allows: invalid
 * choices are said in a notice (the menu has no field to show them by); a closed tab or one logging
 * already does nothing (the button is disabled then).
 */
export async function startLogWithChoices(tabId: string): Promise<void> {
  const check = checkLogStart(viewOf(tabId), useLogChoices.getState().choices);
  if (check.ok) await startLog(tabId, check.choices);
  else if (check.why === 'invalid-choices') useUi.getState().notify('error', `start log: ${check.message} (see the Log panel)`);
}

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
      showLogStatus(view, status);
    },
  };
}

export const earlyLogStatus = createEarlyLogStatus();

/** Show main's 'log.status' on its tab, or keep it until the tab appears. */
export function applyLogStatus(status: LogStatus): void {
  const view = viewOf(status.sessionId);
  if (view) showLogStatus(view, status);
  else earlyLogStatus.keep(status);
}

/**
 * The warning a log status is, or null: a log that stopped with an error (disk full, read-only, folder
 * removed) or an automatic log that could not start. A status that repeats the failure the tab shows
 * already (`shown`) is no new warning. Pure.
 */
export function logFailureWarning(shown: LogStatus | null | undefined, status: LogStatus): string | null {
  if (status.active || !status.error) return null;
  if (shown && !shown.active && shown.error === status.error && shown.fileName === status.fileName) return null;
  // main's own wording for an automatic log that never started says so already
  return /^automatic log not started\b/.test(status.error) ? status.error : `log stopped: ${status.error}`;
}

/**
 * Put a log status on its tab. A failed log is a warning the operator sees wherever they look: the
 * status bar (its count and last warning), a `[dialtone]` line in the pane, and a notice.
 */
function showLogStatus(view: SessionView, status: LogStatus): void {
  const warning = logFailureWarning(view.log, status);
  if (!warning) {
    useSessions.getState().patch(view.tabId, { log: status });
    return;
  }
  useSessions.getState().patch(view.tabId, { log: status, warnings: view.warnings + 1, lastWarning: warning });
  noteHub.push(status.sessionId, warning);
  useUi.getState().notify('error', `${view.name}: ${warning}`);
}
