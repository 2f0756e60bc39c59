/**
 * Start the bridge: main's events wired into the slices and the byte path, then the initial lists
 * (sessions, profiles, phonebook, ports) loaded.
 */
import { getBridge, setBridge, type DialtoneApi } from '../../bridge/index.js';
import { onMenuCommand } from '../../components/app-commands.js';
import { noteSessionEvent } from '../../terminal/connection-notes.js';
import { recordTx } from '../../terminal/hex-history.js';
import { receiveSessionData } from '../../terminal/receive.js';
import { useHost } from '../host.js';
import { live } from '../live.js';
import { useProfiles } from '../profiles.js';
import { useSessions, viewOf } from '../sessions.js';
import { applyLogStatus } from './logging.js';
import { useMacros } from '../macros.js';
import { useTransfers } from '../transfers.js';
import { applySessionsList } from './sessions.js';
import { askTlsTrust } from './tls.js';
import { noteSentElsewhere } from './transfer.js';

/** Subscribe to main's events and load the initial state. `given` lets tests and the static preview supply their own API. */
export async function startBridge(given?: DialtoneApi): Promise<void> {
  let a: DialtoneApi;
  try {
    if (given) setBridge(given);
    a = getBridge();
  } catch (err) {
    useHost.getState().set({ bridgeError: err instanceof Error ? err.message : String(err) });
    return;
  }
  receiveSessionData(a);
  a.on('session.event', ({ sessionId, event }) => {
    const tabId = useSessions.getState().applyEvent(sessionId, event);
    if (tabId !== null) live.event(tabId, event);
    noteSessionEvent(sessionId, event);
    if (event.type === 'status' && (event.code === 'tls-unknown-certificate' || event.code === 'tls-certificate-changed')) void askTlsTrust(sessionId, event);
  });
  // main's lists, newest last: a list asked for at start is older than any 'sessions.changed' that
  // arrives before its reply (an open the operator started meanwhile), so it must not undo that one
  let listsSeen = 0;
  a.on('sessions.changed', ({ sessions }) => {
    listsSeen++;
    applySessionsList(sessions);
  });
  a.on('ports.changed', ({ ports }) => useHost.getState().set({ ports }));
  a.on('log.status', applyLogStatus);
  a.on('dial.status', (status) => {
    const view = viewOf(status.sessionId);
    if (!view) return;
    // the call timer counts from the first 'connected' of a call (a later one only adds a SAY text)
    const callStartedAt = status.state === 'connected' ? (status.since ?? (view.dial?.state === 'connected' && view.callStartedAt ? view.callStartedAt : Date.now())) : null;
    useSessions.getState().patch(view.tabId, { dial: status, callStartedAt });
  });
  // what the dialer and macros wrote in main, and another window's answer to the ZMODEM offer (an abort
  // written with announce): counted and shown as the window's own writes are
  a.on('session.sent', ({ sessionId, bytes }) => {
    const view = viewOf(sessionId);
    if (!view) return;
    live.sent(view.tabId, bytes.byteLength);
    recordTx(view.tabId, bytes);
    noteSentElsewhere(sessionId, bytes);
  });
  a.on('macro.status', (status) => useMacros.getState().applyStatus(status));
  a.on('transfer.status', (status) => useTransfers.getState().applyStatus(status));
  // the Electron application menu: the same commands as the keys and buttons
  a.on('menu.command', onMenuCommand);

  try {
    const info = await a.app.info({});
    useHost.getState().set({ info, bridgeError: null });
  } catch (err) {
    useHost.getState().set({ bridgeError: err instanceof Error ? err.message : String(err) });
    return;
  }
  const listsBefore = listsSeen;
  const [sessions, profiles, phonebook, ports, macros] = await Promise.allSettled([
    a.session.list({}),
    a.profiles.list({}),
    a.phonebook.list({}),
    a.ports.list({}),
    a.macros.list({}),
  ]);
  if (sessions.status === 'fulfilled' && listsSeen === listsBefore) applySessionsList(sessions.value);
  if (profiles.status === 'fulfilled') useProfiles.getState().setProfiles(profiles.value);
  if (phonebook.status === 'fulfilled') useProfiles.getState().setPhonebook(phonebook.value);
  if (macros.status === 'fulfilled') useMacros.getState().setEntries(macros.value);
  // A host without port listing (or udev) answers with an error: the dialog then offers network kinds.
  useHost.getState().set({ ports: ports.status === 'fulfilled' ? ports.value : null });
}
