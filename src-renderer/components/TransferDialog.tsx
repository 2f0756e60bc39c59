/**
 * The Send file… / Receive file… dialog (issue 13): the protocol, and for a send in the browser host the
 * name of a file in its transfer folder (Electron asks for the file with a dialog in main instead).
 */
import { useState } from 'react';
import { RECEIVE_PROTOCOLS, SEND_PROTOCOLS, type ReceiveProtocol, type SendProtocol, type TransferProtocol } from '../../src-shared/ipc/contract.js';
import { defaultProtocol, receiveFile, rememberProtocol, sendFile } from '../store/actions/transfer.js';
import { useHost } from '../store/host.js';
import { viewOf } from '../store/sessions.js';
import { Modal } from './Modal.js';
import { useTransfers, type TransferDialogRequest } from '../store/transfers.js';

const LABELS: Record<TransferProtocol, string> = {
  xmodem: 'XMODEM (128-byte blocks)',
  'xmodem-1k': 'XMODEM-1K',
  ymodem: 'YMODEM (batch, name and size)',
  'ymodem-g': 'YMODEM-g (streamed, no retries: error-free lines only)',
  zmodem: 'ZMODEM (streaming, resume)',
  raw: 'Raw (the bytes as they are)',
  text: "Text (the tab's line end and paste pacing)",
};

export function TransferDialog() {
  const request = useTransfers((s) => s.dialog);
  return request ? <Dialog request={request} key={`${request.direction}-${request.tabId}`} /> : null;
}

function Dialog({ request }: { request: TransferDialogRequest }) {
  const close = () => useTransfers.getState().openDialog(null);
  const browser = useHost((s) => s.info?.host === 'browser');
  const choices: readonly TransferProtocol[] = request.direction === 'send' ? SEND_PROTOCOLS : RECEIVE_PROTOCOLS;
  const first = defaultProtocol();
  const [protocol, setProtocol] = useState<TransferProtocol>(choices.includes(first) ? first : 'zmodem');
  const [fileName, setFileName] = useState('');
  const askName = request.direction === 'send' && browser;
  const go = () => {
    const sessionId = viewOf(request.tabId)?.sessionId;
    if (!sessionId) return;
    rememberProtocol(protocol);
    close();
    if (request.direction === 'send') void sendFile(sessionId, protocol as SendProtocol, askName ? fileName.trim() : undefined);
    else void receiveFile(sessionId, protocol as ReceiveProtocol);
  };
  return (
    <Modal className="transfer-dialog" labelledBy="transfer-dialog-title" testId="transfer-dialog" onClose={close} onSubmit={go}>
      <h2 id="transfer-dialog-title" className="modal-title">
        {request.direction === 'send' ? 'Send file' : 'Receive file'}
      </h2>
      <label className="field">
        <span>Protocol</span>
        <select className="select" data-testid="transfer-protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as TransferProtocol)} autoFocus>
          {choices.map((p) => (
            <option key={p} value={p}>
              {LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      {askName && (
        <label className="field">
          <span>File in the transfer folder</span>
          <input className="input" data-testid="transfer-file-name" value={fileName} maxLength={255} onChange={(e) => setFileName(e.target.value)} placeholder="name.bin" spellCheck={false} />
        </label>
      )}
      <p className="hint">
        {request.direction === 'send'
          ? browser
            ? 'The file is read from the transfer folder of dialtone serve (--transfer-dir). Or drop a file onto the pane.'
            : 'You pick the file next. Or drop a file onto the pane.'
          : browser
            ? 'Files are written to the transfer folder of dialtone serve, never over an existing one.'
            : 'You pick the folder next; files are never written over an existing one.'}
      </p>
      <div className="modal-footer">
        <span className="spacer" />
        <button type="button" className="btn" data-testid="transfer-dialog-cancel" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="btn primary" data-testid="transfer-dialog-start" disabled={askName && fileName.trim() === ''}>
          {request.direction === 'send' ? 'Send' : 'Receive'}
        </button>
      </div>
    </Modal>
  );
}
