/** The phonebook and the dialer: entries, dialing, the callback flow, answer mode, hang up. */
import type { ANSWER_MODES, CALLBACK_ANSWERS } from '../../../src-shared/ipc/contract.js';
import type { PhonebookEntry, PhonebookEntryInput } from '../../../src-shared/ipc/profile.js';
import { write } from '../../terminal/send.js';
import { useProfiles } from '../profiles.js';
import { useSessions, viewOf } from '../sessions.js';
import { useUi } from '../ui.js';
import { attempt, withSession } from './request.js';
import { openProfile } from './sessions.js';

/** Load the phonebook from main into the store. */
export async function refreshPhonebook(): Promise<void> {
  const list = await attempt('list phonebook', (a) => a.phonebook.list({}));
  if (list) useProfiles.getState().setPhonebook(list);
}

/** Save (create or replace) a phonebook entry; resolves to it as stored, or undefined (a notice said why). */
export async function savePhonebookEntry(entry: PhonebookEntryInput): Promise<PhonebookEntry | undefined> {
  const saved = await attempt(`save entry "${entry.name}"`, (a) => a.phonebook.save({ entry }));
  await refreshPhonebook();
  return saved;
}

/** Delete a phonebook entry. */
export async function deletePhonebookEntry(id: string): Promise<void> {
  await attempt('delete phonebook entry', (a) => a.phonebook.delete({ id }));
  await refreshPhonebook();
}

/** Import a phonebook file's text (all or nothing); resolves to how many entries were imported. */
export async function importPhonebook(json: string): Promise<number | undefined> {
  const r = await attempt('import phonebook', (a) => a.phonebook.import({ json }));
  await refreshPhonebook();
  if (r) {
    const n = r.imported.length;
    useUi.getState().notify('info', `imported ${n} phonebook entr${n === 1 ? 'y' : 'ies'}${r.skipped > 0 ? `; ${r.skipped} already in the phonebook (skipped)` : ''}`);
  }
  return r?.imported.length;
}

/** The phonebook as a file's text and suggested name. */
export function exportPhonebook(): Promise<{ json: string; fileName: string } | undefined> {
  return attempt('export phonebook', (a) => a.phonebook.export({}));
}

/**
 * The tab to dial an entry through: the given tab when the entry names no profile or the tab's own;
 * else a live tab of the entry's profile, or that profile opened in a new tab. undefined when it
 * cannot be had (a notice says why).
 */
async function tabFor(tabId: string, entry: PhonebookEntry): Promise<string | undefined> {
  const view = viewOf(tabId);
  if (!entry.profileId || view?.profileId === entry.profileId) return tabId;
  const open = useSessions.getState().views.find((v) => v.profileId === entry.profileId && v.sessionId && v.state !== 'closed');
  if (open) {
    useSessions.getState().activate(open.tabId);
    return open.tabId;
  }
  const profile = useProfiles.getState().profiles.find((p) => p.id === entry.profileId);
  if (!profile) {
    useUi.getState().notify('error', `dial "${entry.name}": its profile "${entry.profileId}" no longer exists; edit the entry`);
    return undefined;
  }
  return openProfile(profile);
}

/** Dial a phonebook entry, through the modem of the entry's profile (opened if need be) or of the tab. */
export async function dialEntry(tabId: string, entry: PhonebookEntry): Promise<void> {
  const id = entry.id;
  const tab = id ? await tabFor(tabId, entry) : undefined;
  if (tab && id) await withSession(tab, 'dial', (a, sessionId) => a.dial.start({ sessionId, entryId: id }));
}

/** The callback flow of an entry with a login script: dial, log in, hang up, answer the call back. */
export async function callbackEntry(tabId: string, entry: PhonebookEntry, answerBy: (typeof CALLBACK_ANSWERS)[number] = 'ata'): Promise<void> {
  const id = entry.id;
  const tab = id ? await tabFor(tabId, entry) : undefined;
  if (tab && id) await withSession(tab, 'callback', (a, sessionId) => a.dial.callback({ sessionId, entryId: id, answerBy }));
}

/**
 * Dial `number` through the tab's modem, with redials as a phonebook entry has them (redialAttempts,
 * redialDelayMs; main reads them with the entry's schema and defaults when omitted).
 */
export async function dialNumber(tabId: string, number: string, redials?: { redialAttempts: number; redialDelayMs: number }): Promise<void> {
  await withSession(tabId, 'dial', (a, sessionId) => a.dial.start({ sessionId, number, ...redials }));
}

/** Answer mode: off, manual (wait for RING; the operator answers), auto (ATA on RING), modem (ATS0=1). */
export async function setAnswerMode(tabId: string, mode: (typeof ANSWER_MODES)[number]): Promise<void> {
  const view = viewOf(tabId);
  const before = view?.answerMode ?? 'off';
  if (view) useSessions.getState().patch(view.tabId, { answerMode: mode });
  const r = await withSession(tabId, 'answer mode', (a, sessionId) => a.dial.answerMode({ sessionId, mode }));
  if (r === undefined && view) useSessions.getState().patch(view.tabId, { answerMode: before });
}

/** Manual answer: send ATA to the modem (answer mode then waits for CONNECT). */
export function answerNow(tabId: string): Promise<void> {
  return write(tabId, new TextEncoder().encode('ATA\r'));
}

/** Hang up the tab's call. */
export async function hangup(tabId: string): Promise<void> {
  await withSession(tabId, 'hang up', (a, sessionId) => a.dial.hangup({ sessionId }));
}
