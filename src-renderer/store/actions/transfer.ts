/**
 * Transfer actions (issue 13): Send / Receive from the dialog, a file dropped onto the pane, Cancel, and
 * the ZMODEM auto-start offer (detectZmodemStart per session on the pane's bytes, a possible header's
 * start held back across chunks): on the far end's ZRQINIT the pane stops printing, the operator is
 * asked, and the receiver starts or the far end's sender is aborted.
 */
import { MAX_DROP_BYTES, transferActive, type ReceiveProtocol, type SendProtocol, type TransferProtocol } from '../../../src-shared/ipc/contract.js';
import { detectZmodemStart, ZMODEM_ABORT } from '../../../src-shared/transfer/index.js';
import { sendProtocolOf } from '../../../src-shared/transfer/protocols.js';
import { getBridge } from '../../bridge/index.js';
import { dataHub } from '../../terminal/data-hub.js';
import { viewOf } from '../sessions.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../reducers.js';
import { useTransfers } from '../transfers.js';
import { useUi } from '../ui.js';

/** Say a failed request as a notice; resolve whether it started. */
async function started(what: string, p: Promise<{ started: boolean }>): Promise<boolean> {
  try {
    return (await p).started;
  } catch (err) {
    useUi.getState().notify('error', `${what}: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}

/** Protocol 'text' goes as a paste of the tab would: its send newline and paste pacing. */
function textOf(sessionId: string, protocol: SendProtocol) {
  if (protocol !== 'text') return {};
  const t = viewOf(sessionId)?.terminal ?? DEFAULT_TERMINAL_OPTIONS;
  return { text: { newline: t.sendNewline, charDelayMs: t.pasteCharDelayMs, lineDelayMs: t.pasteLineDelayMs } };
}

/** Send a file: Electron asks for it in main; the browser host takes `fileName` in its transfer folder. */
export function sendFile(sessionId: string, protocol: SendProtocol, fileName?: string): Promise<boolean> {
  return started('Send file', getBridge().transfer.send({ sessionId, protocol, ...(fileName ? { fileName } : {}), ...textOf(sessionId, protocol) }));
}

/** Receive into the folder main chooses (Electron asks; the browser host's transfer folder). */
export function receiveFile(sessionId: string, protocol: ReceiveProtocol): Promise<boolean> {
  return started('Receive file', getBridge().transfer.receive({ sessionId, protocol }));
}

/** A file dropped onto the pane: its bytes go to main with its name (at most MAX_DROP_BYTES), sent by `protocol`. */
export async function sendDroppedFile(sessionId: string, file: File, protocol: SendProtocol): Promise<boolean> {
  if (file.size > MAX_DROP_BYTES) {
    useUi.getState().notify('error', `${file.name} is ${file.size} bytes: a dropped file is at most ${MAX_DROP_BYTES / 1024 / 1024} MiB (use Send file… for larger ones)`);
    return false;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return started('Send file', getBridge().transfer.send({ sessionId, protocol, drop: { name: file.name.slice(0, 255) || 'dropped.bin', bytes }, ...textOf(sessionId, protocol) }));
}

export function cancelTransfer(sessionId: string): void {
  getBridge()
    .transfer.cancel({ sessionId })
    .catch(() => undefined);
}

/** The protocol last chosen (the dialog's default and what a drop uses). */
let lastProtocol: TransferProtocol = 'zmodem';
export function rememberProtocol(p: TransferProtocol): void {
  lastProtocol = p;
}
export function defaultProtocol(): TransferProtocol {
  return lastProtocol;
}

/** The protocol to send with: the last one chosen, as a sender names it (YMODEM-g is the receiver's choice: YMODEM). */
export function defaultSendProtocol(): SendProtocol {
  return sendProtocolOf(lastProtocol);
}

// ---- the ZMODEM auto-start offer

/** What precedes a ZRQINIT/ZRINIT on the line: lrzsz's "rz\r" hint, then the hex header's start. */
const RZ = [0x72, 0x7a, 0x0d];
const HEADER = [0x2a, 0x2a, 0x18, 0x42, 0x30];
/** Most time a held tail (the start of a possible header) waits for the next chunk before it is printed, ms. */
const HOLD_MS = 100;

interface Gate {
  /** The end of the last chunk that may begin a header (not printed yet). */
  held: Uint8Array;
  timer: ReturnType<typeof setTimeout> | null;
  /** Bytes of a ZRINIT's hex header still to hide (its 14 hex digits, CR, LF, XON). */
  skip: number;
}
/** The bytes that end a hex header after "**\x18B01": hex digits, CR, LF (or 0x8A), XON. */
const HEX_TAIL = new Set([...'0123456789abcdef'].map((c) => c.charCodeAt(0)).concat([0x0d, 0x0a, 0x8a, 0x11]));
const gates = new Map<string, Gate>();
/** Sessions whose offer is being asked: their bytes (the sender's repeated ZRQINITs) are not printed. */
const holding = new Set<string>();

/**
 * Length of the longest end of `b` that could begin RZ+HEADER (at least "rz") or HEADER: the byte after
 * HEADER ('0' ZRQINIT, '1' ZRINIT) decides, so all of HEADER may wait.
 */
function heldTail(b: Uint8Array): number {
  const full = [...RZ, ...HEADER];
  for (let k = Math.min(full.length, b.length); k >= 1; k--) {
    const tail = b.subarray(b.length - k);
    const startsFull = k >= 2 && tail.every((x, i) => x === full[i]);
    const startsHeader = k <= HEADER.length && tail.every((x, i) => x === HEADER[i]);
    if (startsFull || startsHeader) return k;
  }
  return 0;
}

/**
 * The pane's share of a session's received bytes (detectZmodemStart on each chunk plus the held end of
 * the one before): all of them, or those before a ZRQINIT ("rz\r" and the header are not printed), or
 * none while the offer is open. The end of a chunk that may begin a header waits for the next chunk (at
 * most HOLD_MS). Bytes the pane never gets are acked here, so the source is not held paused.
 */
export function zmodemGate(sessionId: string, bytes: Uint8Array, api: { session: { ack(p: { sessionId: string; bytes: number }): Promise<unknown> } }): Uint8Array {
  const ack = (n: number) => void (n > 0 && api.session.ack({ sessionId, bytes: n }).catch(() => undefined));
  let g = gates.get(sessionId);
  if (!g) gates.set(sessionId, (g = { held: new Uint8Array(0), timer: null, skip: 0 }));
  if (g.timer) clearTimeout(g.timer);
  g.timer = null;
  let joined = bytes;
  if (g.held.length > 0) {
    joined = new Uint8Array(g.held.length + bytes.length);
    joined.set(g.held, 0);
    joined.set(bytes, g.held.length);
    g.held = new Uint8Array(0);
  }
  if (holding.has(sessionId) || transferActive(useTransfers.getState().status[sessionId]?.state)) {
    if (holding.has(sessionId)) {
      ack(joined.length);
      return joined.subarray(0, 0);
    }
    return joined;
  }
  if (g.skip > 0) {
    let i = 0;
    for (; i < joined.length && g.skip > 0 && HEX_TAIL.has(joined[i]!); i++) g.skip--;
    if (i < joined.length) g.skip = 0;
    ack(i);
    joined = joined.subarray(i);
  }
  const hit = detectZmodemStart(joined);
  if (hit !== null && hit.kind === 'send') {
    // the far end runs rz and waits for a file (Send file… starts it): its ZRINIT is not printed either
    g.skip = 17;
    const before = joined.subarray(0, Math.max(0, hit.start));
    ack(hit.end - before.length);
    // what follows the header is looked at the same way (the call acks what it hides)
    const after = zmodemGate(sessionId, joined.slice(hit.end), api);
    const out = new Uint8Array(before.length + after.length);
    out.set(before, 0);
    out.set(after, before.length);
    return out;
  }
  if (hit !== null && hit.kind === 'receive') {
    holding.add(sessionId);
    void offerReceive(sessionId);
    let cut = hit.start;
    if (cut >= RZ.length && RZ.every((x, i) => joined[cut - RZ.length + i] === x)) cut -= RZ.length;
    ack(joined.length - cut);
    return joined.subarray(0, cut);
  }
  const k = heldTail(joined);
  if (k === 0) return joined;
  g.held = joined.slice(joined.length - k);
  const gate = g;
  gate.timer = setTimeout(() => {
    gate.timer = null;
    const late = gate.held;
    gate.held = new Uint8Array(0);
    if (late.length > 0) dataHub.push(sessionId, late);
  }, HOLD_MS);
  return joined.subarray(0, joined.length - k);
}

/** The open offers, by session: aborted when the offer no longer applies (see withdrawOffer). */
const offers = new Map<string, AbortController>();

/** The session closed: its offer (if open) goes unanswered. */
export function withdrawOffer(sessionId: string): void {
  offers.get(sessionId)?.abort();
}

/**
 * Another window answered "no" to the same offer: main told every window its abort as 'session.sent'.
 * Any other write main reports leaves the offer open.
 */
export function noteSentElsewhere(sessionId: string, bytes: Uint8Array): void {
  if (bytes.length === ZMODEM_ABORT.length && bytes.every((b, i) => b === ZMODEM_ABORT[i])) offers.get(sessionId)?.abort();
}

/**
 * Ask whether to receive; start the receiver, or cancel the far end's sender. Every window on the core
 * asks (the browser host): the offer is withdrawn unanswered, and does nothing, once a transfer on the
 * session reports (this window's or another's: a 'transfer.status') or another window declined it, so
 * a late answer never starts a receiver nor writes an abort into a line that has moved on.
 */
async function offerReceive(sessionId: string): Promise<void> {
  offers.get(sessionId)?.abort();
  const withdraw = new AbortController();
  offers.set(sessionId, withdraw);
  const before = useTransfers.getState().status[sessionId];
  const unsubscribe = useTransfers.subscribe((s) => {
    if (s.status[sessionId] !== before) withdraw.abort();
  });
  try {
    const ok = await useUi.getState().askConfirm(
      {
        title: 'ZMODEM download',
        body: `${viewOf(sessionId)?.name ?? 'The far end'} is sending a file by ZMODEM. Receive the file by ZMODEM?`,
        accept: 'Receive',
      },
      withdraw.signal,
    );
    unsubscribe();
    if (offers.get(sessionId) === withdraw) offers.delete(sessionId);
    if (withdraw.signal.aborted) return;
    if (ok && (await receiveFile(sessionId, 'zmodem'))) return;
    // declined (or the folder dialog cancelled): stop the sender so the line comes back; the other
    // windows hear of it ('session.sent') and close their offer
    if (useTransfers.getState().status[sessionId] !== before) return;
    await getBridge().session.write({ sessionId, bytes: ZMODEM_ABORT, announce: true });
  } catch {
    // the session is gone
  } finally {
    unsubscribe();
    if (offers.get(sessionId) === withdraw) offers.delete(sessionId);
    holding.delete(sessionId);
  }
}
