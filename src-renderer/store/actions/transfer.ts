/**
 * Transfer actions (issue 13): Send / Receive from the dialog, a file dropped onto the pane, Cancel, and
 * the ZMODEM auto-start offer (a ZmodemDetector per session on the received bytes: on the far end's
 * ZRQINIT the pane stops printing, the operator is asked, and the receiver starts or the sender is
 * cancelled).
 */
import { MAX_DROP_BYTES, type RECEIVE_PROTOCOLS, type TransferProtocol } from '../../../src-shared/ipc/contract.js';
import { ZMODEM_ABORT, ZmodemDetector } from '../../../src-shared/transfer/index.js';
import { getBridge } from '../../bridge/index.js';
import { viewOf } from '../sessions.js';
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

/** Send a file: Electron asks for it in main; the browser host takes `fileName` in its transfer folder. */
export function sendFile(sessionId: string, protocol: TransferProtocol, fileName?: string): Promise<boolean> {
  return started('Send file', getBridge().transfer.send({ sessionId, protocol, ...(fileName ? { fileName } : {}) }));
}

/** Receive into the folder main chooses (Electron asks; the browser host's transfer folder). */
export function receiveFile(sessionId: string, protocol: (typeof RECEIVE_PROTOCOLS)[number]): Promise<boolean> {
  return started('Receive file', getBridge().transfer.receive({ sessionId, protocol }));
}

/** A file dropped onto the pane: its bytes go to main with its name (at most MAX_DROP_BYTES), sent by `protocol`. */
export async function sendDroppedFile(sessionId: string, file: File, protocol: TransferProtocol): Promise<boolean> {
  if (file.size > MAX_DROP_BYTES) {
    useUi.getState().notify('error', `${file.name} is ${file.size} bytes: a dropped file is at most ${MAX_DROP_BYTES / 1024 / 1024} MiB (use Send file… for larger ones)`);
    return false;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  return started('Send file', getBridge().transfer.send({ sessionId, protocol, drop: { name: file.name.slice(0, 255) || 'dropped.bin', bytes } }));
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

// ---- the ZMODEM auto-start offer

const detectors = new Map<string, ZmodemDetector>();
/** Sessions whose offer is being asked: their bytes (the sender's repeated ZRQINITs) are not printed. */
const holding = new Set<string>();

/**
 * Look at a session's received bytes for a ZMODEM start: returns the bytes the pane prints (all of them,
 * or those before the ZRQINIT; none while the offer is open) and the count it does not print (to be acked).
 */
export function zmodemGate(sessionId: string, bytes: Uint8Array): { show: Uint8Array; hidden: number } {
  if (holding.has(sessionId)) return { show: bytes.subarray(0, 0), hidden: bytes.byteLength };
  if (useTransfers.getState().status[sessionId]?.state === 'running') return { show: bytes, hidden: 0 };
  let d = detectors.get(sessionId);
  if (!d) detectors.set(sessionId, (d = new ZmodemDetector()));
  const hit = d.push(bytes);
  if (hit === null || hit.kind !== 'receive') return { show: bytes, hidden: 0 };
  d.reset();
  holding.add(sessionId);
  void offerReceive(sessionId);
  const cut = Math.max(0, hit.start);
  // "rz\r" before the header is the sender's hint for a shell: not printed either
  const text = bytes.subarray(0, cut);
  const shown = text.length >= 3 && text[text.length - 1] === 0x0d && text[text.length - 2] === 0x7a && text[text.length - 3] === 0x72 ? text.subarray(0, text.length - 3) : text;
  return { show: shown, hidden: bytes.byteLength - shown.byteLength };
}

/** Ask whether to receive; start the receiver, or cancel the far end's sender. */
async function offerReceive(sessionId: string): Promise<void> {
  const ok = await useUi.getState().askConfirm({
    title: 'ZMODEM download',
    body: `${viewOf(sessionId)?.name ?? 'The far end'} is sending a file by ZMODEM. Receive the file by ZMODEM?`,
    accept: 'Receive',
  });
  try {
    if (ok && (await receiveFile(sessionId, 'zmodem'))) return;
    // declined (or the folder dialog cancelled): stop the sender so the line comes back
    await getBridge().session.write({ sessionId, bytes: ZMODEM_ABORT });
  } catch {
    // the session is gone
  } finally {
    holding.delete(sessionId);
  }
}
