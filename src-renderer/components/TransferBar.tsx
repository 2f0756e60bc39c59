/**
 * The transfer bar above the pane (issue 13): while a transfer runs, the file, a progress bar,
 * bytes/total, rate, ETA and retries with Cancel; after it, how it ended (done with where it was saved,
 * failed with why, cancelled) until dismissed. It also takes a file dropped onto the pane and sends it
 * (by the protocol last chosen; ZMODEM at first).
 */
import { useEffect, useState } from 'react';
import { transferActive, type TransferStatus } from '../../src-shared/ipc/contract.js';
import { cancelTransfer, defaultSendProtocol, sendDroppedFile } from '../store/actions/transfer.js';
import { useViewField } from '../store/sessions.js';
import { etaSeconds, formatBytes, useTransfers } from '../store/transfers.js';

/** "1:05" for 65 s. */
function clock(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Accept a file dropped anywhere on the panes as a send on `sessionId`. */
function useDrop(sessionId: string | null | undefined): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    if (!sessionId) return;
    const inPanes = (e: DragEvent) => e.target instanceof Element && e.target.closest('.panes') !== null && e.dataTransfer?.types.includes('Files') === true;
    const onOver = (e: DragEvent) => {
      if (!inPanes(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null || !(e.relatedTarget instanceof Element) || e.relatedTarget.closest('.panes') === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      setOver(false);
      if (!inPanes(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) void sendDroppedFile(sessionId, file, defaultSendProtocol());
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [sessionId]);
  return over;
}

export function TransferBar({ tabId }: { tabId: string }) {
  const sessionId = useViewField(tabId, 'sessionId');
  const status = useTransfers((s) => (sessionId ? s.status[sessionId] : undefined));
  const over = useDrop(sessionId);
  if (over) {
    return (
      <div className="transfer-bar drop" data-testid="transfer-drop-hint">
        Drop to send the file by {defaultSendProtocol().toUpperCase()}
      </div>
    );
  }
  return status ? <Progress status={status} /> : null;
}

function Progress({ status }: { status: TransferStatus }) {
  const running = status.state === 'running';
  const active = transferActive(status.state);
  const pct = status.total ? Math.min(100, Math.floor((status.bytes / status.total) * 100)) : null;
  const eta = etaSeconds(status);
  const verb = status.direction === 'send' ? 'Sending' : 'Receiving';
  const ended = { done: 'Done', failed: 'Failed', cancelled: 'Cancelled', ending: 'Ending', running: '' }[status.state];
  return (
    <div className={`transfer-bar ${status.state}`} data-testid="transfer-bar" data-state={status.state} data-direction={status.direction} role="status" aria-live="polite">
      <span className="transfer-title">
        {running ? verb : ended} {status.protocol.toUpperCase()} <b data-testid="transfer-file">{status.file ?? (running ? 'waiting for the far end…' : '')}</b>
      </span>
      <progress className="transfer-progress" data-testid="transfer-progress" max={100} value={pct ?? (active ? undefined : 100)} />
      <span className="transfer-numbers mono" data-testid="transfer-numbers">
        {formatBytes(status.bytes)}
        {status.total !== null ? ` / ${formatBytes(status.total)}` : ''}
        {pct !== null ? ` (${pct} %)` : ''} · {formatBytes(status.rate)}/s{running && eta !== null ? ` · ETA ${clock(eta)}` : ''} · {status.retries} retr{status.retries === 1 ? 'y' : 'ies'}
      </span>
      {status.message && (
        <span className="transfer-message" data-testid="transfer-message" title={status.message}>
          {status.message}
        </span>
      )}
      <span className="spacer" />
      {active ? (
        <button type="button" className="btn small danger" data-testid="transfer-cancel" onClick={() => cancelTransfer(status.sessionId)}>
          {running ? 'Cancel' : 'Stop waiting'}
        </button>
      ) : (
        <button type="button" className="notice-close" data-testid="transfer-dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => useTransfers.getState().clearStatus(status.sessionId)}>
          ×
        </button>
      )}
    </div>
  );
}
