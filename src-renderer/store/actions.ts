/**
 * The one store module that talks to main through the bridge: it wires bridge events into the slices
 * and the data hub, and exposes every operator action (open, connect, settings, lines, BREAK, purge,
 * profiles, logging, dialing). Components call these and never touch the bridge.
 *
 * A failed request shows a notice with main's message and never throws into React.
 */
import { createAcker, getBridge, type Acker, type DialtoneApi } from '../bridge/index.js';
import type { ANSWER_MODES, CALLBACK_ANSWERS, LogStatus, RequestOf, SessionInfo } from '../../src-shared/ipc/contract.js';
import type { LineSettings } from '../../src-shared/line/settings.js';
import { askedSettings, settingsInEffect, type LineModel } from '../../src-shared/line/line-model.js';
import type { LogFormat, PhonebookEntry, PhonebookEntryInput, Profile, ProfileInput, TerminalOptions } from '../../src-shared/ipc/profile.js';
import type { Target } from '../../src-shared/session/target.js';
import { formatTarget } from '../../src-shared/session/target.js';
import { dataHub } from '../terminal/data-hub.js';
import { rxStats } from '../terminal/rx-stats.js';
import { useHost } from './host.js';
import { live } from './live.js';
import { useProfiles } from './profiles.js';
import { DEFAULT_TERMINAL_OPTIONS, liveFromInfo, viewFromInfo, type SessionView } from './reducers.js';
import { useSessions, viewOf } from './sessions.js';
import { useUi } from './ui.js';

let api: DialtoneApi | null = null;
/** Opens this window has in flight: main's 'sessions.changed' for them must not make extra tabs. */
let opensInFlight = 0;
let lastInfos: SessionInfo[] | null = null;
/** Sessions this window opened that main's list has not shown yet (the reply may come first). */
const unlisted = new Set<string>();

function bridge(): DialtoneApi {
  if (!api) throw new Error('bridge not started');
  return api;
}

/** Run a request; on failure show `what: message` and resolve undefined. */
async function attempt<T>(what: string, fn: (api: DialtoneApi) => Promise<T>): Promise<T | undefined> {
  try {
    return await fn(bridge());
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    useUi.getState().notify('error', `${what}: ${msg}`);
    console.error(`dialtone: ${what}`, err);
    return undefined;
  }
}

/** A short description of an unexpected value, for error messages. */
function describeValue(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v;
  const keys = Object.keys(v).slice(0, 3).join(', ');
  return `${v.constructor?.name ?? 'object'} with ${keys || 'no keys'}`;
}

/**
 * 'log.status' of sessions no tab shows yet: an automatic log starts with its session, so its first
 * status can arrive before the open reply tells this window the session's id. Kept (the last few) and
 * applied when the tab appears, so the recording indicator never says "not recording" while it records.
 */
const earlyLogStatus = new Map<string, LogStatus>();
function keepEarly(status: LogStatus): void {
  earlyLogStatus.delete(status.sessionId);
  earlyLogStatus.set(status.sessionId, status);
  if (earlyLogStatus.size > 32) earlyLogStatus.delete(earlyLogStatus.keys().next().value!);
}
function applyEarly(sessionId: string): void {
  const status = earlyLogStatus.get(sessionId);
  const view = status && viewOf(sessionId);
  if (!status || !view) return;
  earlyLogStatus.delete(sessionId);
  useSessions.getState().patch(view.tabId, { log: status });
}

function applySessionsList(infos: SessionInfo[]): void {
  lastInfos = infos;
  for (const i of infos) unlisted.delete(i.sessionId);
  const added = useSessions.getState().reconcile(infos, opensInFlight === 0, unlisted);
  for (const info of added) live.set(info.sessionId, liveFromInfo(info, rxStats.get(info.sessionId).bytes));
  for (const info of added) applyEarly(info.sessionId);
}

/**
 * Start the bridge: subscribe to main's events and load sessions, profiles, phonebook and ports.
 * `given` lets tests and the static preview supply their own API.
 */
export async function startBridge(given?: DialtoneApi): Promise<void> {
  try {
    api = given ?? getBridge();
  } catch (err) {
    useHost.getState().set({ bridgeError: err instanceof Error ? err.message : String(err) });
    return;
  }
  const a = api;
  let badDataReported = false;
  a.on('session.data', ({ sessionId, bytes }) => {
    // The contract says Uint8Array; anything else is a host bug: say so once rather than show garbage.
    if (!(bytes instanceof Uint8Array)) {
      if (!badDataReported) useUi.getState().notify('error', `session.data from main is not a Uint8Array (${describeValue(bytes)}): not shown; this is a host bug`);
      badDataReported = true;
      console.error('dialtone: session.data payload is not a Uint8Array', bytes);
      return;
    }
    rxStats.add(sessionId, bytes);
    const view = useSessions.getState().views.find((v) => v.sessionId === sessionId);
    if (view) live.received(view.tabId, bytes.byteLength);
    dataHub.push(sessionId, bytes);
  });
  a.on('session.event', ({ sessionId, event }) => {
    const tabId = useSessions.getState().applyEvent(sessionId, event);
    if (tabId !== null) live.event(tabId, event);
  });
  a.on('sessions.changed', ({ sessions }) => applySessionsList(sessions));
  a.on('ports.changed', ({ ports }) => useHost.getState().set({ ports }));
  a.on('log.status', (status) => {
    const view = viewOf(status.sessionId);
    if (view) useSessions.getState().patch(view.tabId, { log: status });
    else keepEarly(status);
  });
  a.on('dial.status', (status) => {
    const view = viewOf(status.sessionId);
    if (!view) return;
    // the call timer counts from the first 'connected' of a call (a later one only adds a SAY text)
    const callStartedAt = status.state === 'connected' ? (view.dial?.state === 'connected' && view.callStartedAt ? view.callStartedAt : Date.now()) : null;
    useSessions.getState().patch(view.tabId, { dial: status, callStartedAt });
  });

  try {
    const info = await a.app.info({});
    useHost.getState().set({ info, bridgeError: null });
  } catch (err) {
    useHost.getState().set({ bridgeError: err instanceof Error ? err.message : String(err) });
    return;
  }
  const [sessions, profiles, phonebook, ports] = await Promise.allSettled([
    a.session.list({}),
    a.profiles.list({}),
    a.phonebook.list({}),
    a.ports.list({}),
  ]);
  if (sessions.status === 'fulfilled') applySessionsList(sessions.value);
  if (profiles.status === 'fulfilled') useProfiles.getState().setProfiles(profiles.value);
  if (phonebook.status === 'fulfilled') useProfiles.getState().setPhonebook(phonebook.value);
  // A host without port listing (or udev) answers with an error: the dialog then offers network kinds.
  useHost.getState().set({ ports: ports.status === 'fulfilled' ? ports.value : null });
}

/** A flow-control acker for a session's pane (chunks of ACK_CHUNK_BYTES). */
export function ackerFor(sessionId: string): Acker {
  return createAcker(bridge(), sessionId);
}

/** What to open: a target with options, or a saved profile. */
export type OpenRequest = RequestOf<'session.open'>;

async function open(what: string, req: OpenRequest, terminal: TerminalOptions, intoTab?: SessionView): Promise<string | undefined> {
  opensInFlight++;
  let info: SessionInfo | undefined;
  try {
    info = await attempt(what, (a) => a.session.open(req));
  } finally {
    opensInFlight--;
  }
  if (info) {
    if (!lastInfos?.some((i) => i.sessionId === info.sessionId)) unlisted.add(info.sessionId);
    const s = useSessions.getState();
    if (intoTab) {
      const fresh = viewFromInfo(info, intoTab.terminal);
      s.upsert({ ...fresh, tabId: intoTab.tabId, name: intoTab.name, log: null, dial: null });
      live.set(intoTab.tabId, liveFromInfo(info, rxStats.get(info.sessionId).bytes));
    } else {
      s.upsert(viewFromInfo(info, terminal));
      live.set(info.sessionId, liveFromInfo(info, rxStats.get(info.sessionId).bytes));
    }
    s.activate(intoTab?.tabId ?? info.sessionId);
    applyEarly(info.sessionId);
  }
  if (lastInfos && opensInFlight === 0) applySessionsList(lastInfos);
  return info ? (intoTab?.tabId ?? info.sessionId) : undefined;
}

/** Open a session to `target` in a new tab; resolves to the tab id, or undefined on failure. */
export function openTarget(
  target: Target,
  options: RequestOf<'session.open'> extends infer U ? (U extends { options?: infer O } ? O : never) : never,
  terminal: TerminalOptions = DEFAULT_TERMINAL_OPTIONS,
  name?: string,
): Promise<string | undefined> {
  const req: OpenRequest = { target, ...(options ? { options } : {}), ...(name ? { name } : {}) };
  return open(`open ${formatTarget(target)}`, req, terminal);
}

/** Open a saved profile in a new tab. */
export function openProfile(profile: Profile): Promise<string | undefined> {
  if (!profile.id) return Promise.resolve(undefined);
  return open(`open profile "${profile.name}"`, { profileId: profile.id }, profile.terminal);
}

/**
 * Connect a tab: its session in main again (disconnected by the operator or stopped after failures), which
 * re-applies what was asked; or, when main has no session for it any more, a new session to the same
 * profile or target, into the same tab, asking for what the old one asked.
 */
export async function connect(tabId: string): Promise<string | undefined> {
  const view = viewOf(tabId);
  if (!view) return undefined;
  if (view.sessionId && view.state !== 'closed') {
    await attempt(`connect ${view.name}`, (a) => a.session.connect({ sessionId: view.sessionId! }));
    return view.tabId;
  }
  const asked = askedSettings(view.line);
  const req: OpenRequest = view.profileId
    ? { profileId: view.profileId }
    : { target: view.target, name: view.name, options: { settings: asked, ...askedLines(view.line) } };
  return open(`connect ${view.name}`, req, view.terminal, view);
}

/** DTR and RTS the operator asked for in a line model (for a new session that replaces a closed one). */
function askedLines(line: LineModel): { dtr?: boolean; rts?: boolean } {
  return {
    ...(line.dtr.asked !== null ? { dtr: line.dtr.asked } : {}),
    ...(line.rts.asked !== null ? { rts: line.rts.asked } : {}),
  };
}

/** The operator's Disconnect: main drops the link and keeps the session; the tab and its screen stay. */
export async function disconnect(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view?.sessionId || view.state === 'closed' || view.state === 'disconnected') return;
  await attempt(`disconnect ${view.name}`, (a) => a.session.disconnect({ sessionId: view.sessionId! }));
}

/** Reconnect now: main's reconnect for a live session, a fresh connect for a closed tab. */
export async function reconnect(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view) return;
  if (!view.sessionId || view.state === 'closed' || view.state === 'disconnected') {
    await connect(tabId);
    return;
  }
  await attempt(`reconnect ${view.name}`, (a) => a.session.reconnect({ sessionId: view.sessionId! }));
}

/** Close the tab, closing its session first when open. */
export async function closeTab(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view) return;
  if (view.sessionId && view.state !== 'closed') {
    await attempt(`close ${view.name}`, (a) => a.session.close({ sessionId: view.sessionId! }));
  }
  if (view.sessionId) {
    dataHub.drop(view.sessionId);
    rxStats.drop(view.sessionId);
  }
  useSessions.getState().remove(view.tabId);
  live.remove(view.tabId);
}

/** Run `fn` with the tab's live session id; does nothing for a closed tab. */
function withSession(tabId: string, what: string, fn: (a: DialtoneApi, sessionId: string) => Promise<unknown>): Promise<unknown> {
  const view = viewOf(tabId);
  if (!view?.sessionId || view.state === 'closed') return Promise.resolve(undefined);
  return attempt(`${what} (${view.name})`, (a) => fn(a, view.sessionId!));
}

/** Tabs already told that typing goes nowhere while closed (one notice per closed period). */
const toldClosed = new Set<string>();

/**
 * Send bytes typed or pasted into the tab; resolves once main has taken them (or refused: a notice).
 * While the tab is closed nothing is sent, and the operator is told once (main keeps input typed
 * while connecting or reconnecting; a disconnected or closed tab sends nothing).
 */
export async function write(tabId: string, bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) return;
  const view = viewOf(tabId);
  if (view && (!view.sessionId || view.state === 'closed' || view.state === 'disconnected')) {
    if (!toldClosed.has(view.tabId)) {
      toldClosed.add(view.tabId);
      useUi.getState().notify('info', `${view.name} is not connected: typed input is not sent (Connect to reopen)`);
    }
    return;
  }
  if (view) toldClosed.delete(view.tabId);
  // A copy on a plain ArrayBuffer: the caller may reuse its buffer, and IPC clones plain buffers only.
  const copy = new Uint8Array(bytes);
  await withSession(tabId, 'send', async (a, sessionId) => {
    await a.session.write({ sessionId, bytes: copy });
    live.sent(tabId, bytes.byteLength);
  });
}

export function applySettings(tabId: string, settings: Partial<LineSettings>): void {
  void withSession(tabId, 'line settings', (a, sessionId) => a.session.applySettings({ sessionId, settings }));
}

export function setControlLines(tabId: string, lines: { dtr?: boolean; rts?: boolean }): void {
  void withSession(tabId, 'DTR/RTS', (a, sessionId) => a.session.setControlLines({ sessionId, ...lines }));
}

export function setBreak(tabId: string, on: boolean): void {
  void withSession(tabId, 'BREAK', (a, sessionId) => a.session.setBreak({ sessionId, on }));
}

/** BREAK as a pulse of `ms` milliseconds. */
export function sendBreak(tabId: string, ms: number): void {
  void withSession(tabId, 'BREAK', (a, sessionId) => a.session.sendBreak({ sessionId, ms }));
}

export function purge(tabId: string, which: 'rx' | 'tx' | 'both'): void {
  void withSession(tabId, 'purge', (a, sessionId) => a.session.purge({ sessionId, which }));
}

/** Change how the tab's pane shows and sends text (local to this window). */
export function setTerminalOptions(tabId: string, patch: Partial<TerminalOptions>): void {
  const view = viewOf(tabId);
  if (view) useSessions.getState().patch(view.tabId, { terminal: { ...view.terminal, ...patch } });
}

// ---- profiles -------------------------------------------------------------------------------------

export async function refreshProfiles(): Promise<void> {
  const list = await attempt('list profiles', (a) => a.profiles.list({}));
  if (list) useProfiles.getState().setProfiles(list);
}

export async function saveProfile(profile: ProfileInput): Promise<Profile | undefined> {
  const saved = await attempt(`save profile "${profile.name}"`, (a) => a.profiles.save({ profile }));
  await refreshProfiles();
  return saved;
}

/** Save the tab as a profile: its target, the settings in effect (what was asked where it differs), and its terminal options. */
export function saveTabAsProfile(tabId: string, name: string): Promise<Profile | undefined> {
  const view = viewOf(tabId);
  if (!view) return Promise.resolve(undefined);
  const settings = { ...settingsInEffect(view.line), ...askedSettings(view.line) };
  return saveProfile({ name, target: view.target, settings, terminal: view.terminal });
}

export async function duplicateProfile(id: string): Promise<void> {
  await attempt('duplicate profile', (a) => a.profiles.duplicate({ id }));
  await refreshProfiles();
}

export async function deleteProfile(id: string): Promise<void> {
  await attempt('delete profile', (a) => a.profiles.delete({ id }));
  await refreshProfiles();
}

/** Import a profiles file's text (all or nothing); resolves to how many were imported. */
export async function importProfiles(json: string): Promise<number | undefined> {
  const r = await attempt('import profiles', (a) => a.profiles.import({ json }));
  await refreshProfiles();
  if (r) useUi.getState().notify('info', `imported ${r.imported.length} profile(s)`);
  return r?.imported.length;
}

/** Export profiles (all when `ids` is omitted) as a profiles file's text and suggested name. */
export function exportProfiles(ids?: string[]): Promise<{ json: string; fileName: string } | undefined> {
  return attempt('export profiles', (a) => a.profiles.export(ids ? { ids } : {}));
}

// ---- logging --------------------------------------------------------------------------------------

export async function startLog(tabId: string, format: LogFormat): Promise<void> {
  await withSession(tabId, 'start log', (a, sessionId) => a.log.start({ sessionId, format }));
}

export async function stopLog(tabId: string): Promise<void> {
  await withSession(tabId, 'stop log', (a, sessionId) => a.log.stop({ sessionId }));
}

export async function openLogFolder(tabId: string): Promise<void> {
  const view = viewOf(tabId);
  if (!view?.sessionId) return;
  await attempt('open log folder', (a) => a.log.openFolder({ sessionId: view.sessionId! }));
}

// ---- dialer ---------------------------------------------------------------------------------------

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

export async function deletePhonebookEntry(id: string): Promise<void> {
  await attempt('delete phonebook entry', (a) => a.phonebook.delete({ id }));
  await refreshPhonebook();
}

/** Import a phonebook file's text (all or nothing); resolves to how many entries were imported. */
export async function importPhonebook(json: string): Promise<number | undefined> {
  const r = await attempt('import phonebook', (a) => a.phonebook.import({ json }));
  await refreshPhonebook();
  if (r) useUi.getState().notify('info', `imported ${r.imported.length} phonebook entr${r.imported.length === 1 ? 'y' : 'ies'}`);
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

export async function dialNumber(tabId: string, number: string): Promise<void> {
  await withSession(tabId, 'dial', (a, sessionId) => a.dial.start({ sessionId, number }));
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

export async function hangup(tabId: string): Promise<void> {
  await withSession(tabId, 'hang up', (a, sessionId) => a.dial.hangup({ sessionId }));
}
