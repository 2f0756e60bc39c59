/**
 * The in-app confirm question (ui.askConfirm), used instead of window.confirm so it looks and behaves the
 * same in Electron and the browser and the e2e specs can answer it. Focus starts on Cancel (an Enter
 * typed on into the terminal must not close anything); Escape or a click outside cancels; focus goes
 * back where it was (the terminal) afterwards.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useUi, type ConfirmRequest } from '../store/ui.js';
import { Modal } from './Modal.js';

export function ConfirmDialog() {
  const request = useUi((s) => s.confirm);
  return request ? <Question request={request} /> : null;
}

function Question({ request }: { request: ConfirmRequest }) {
  const answer = useUi((s) => s.answerConfirm);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  useEffect(() => cancelRef.current?.focus(), []);
  // two buttons: Tab moves between them and never to the page behind
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab') return;
    e.preventDefault();
    (document.activeElement === cancelRef.current ? acceptRef : cancelRef).current?.focus();
  };
  return (
    <Modal className="confirm" role="alertdialog" labelledBy="confirm-title" describedBy="confirm-body" testId="confirm-dialog" onClose={() => answer(false)} onKeyDown={onKeyDown}>
      <h2 id="confirm-title" className="modal-title">
        {request.title}
      </h2>
      <p id="confirm-body" className="confirm-body">
        {request.body}
      </p>
      <div className="modal-footer">
        <span className="spacer" />
        <button ref={cancelRef} type="button" className="btn" data-testid="confirm-cancel" onClick={() => answer(false)}>
          Cancel
        </button>
        <button ref={acceptRef} type="button" className="btn danger" data-testid="confirm-accept" onClick={() => answer(true)}>
          {request.accept}
        </button>
      </div>
    </Modal>
  );
}
