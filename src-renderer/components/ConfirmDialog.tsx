/**
 * The in-app confirm question (ui.askConfirm), used instead of window.confirm so it looks and behaves the
 * same in Electron and the browser and the e2e specs can answer it. Focus starts on Cancel (an Enter
 * typed on into the terminal must not close anything); Escape or a click outside cancels; focus goes
 * back where it was (the terminal) afterwards.
 */
import { useEffect, useRef } from 'react';
import { useUi, type ConfirmRequest } from '../store/ui.js';

export function ConfirmDialog() {
  const request = useUi((s) => s.confirm);
  return request ? <Question request={request} /> : null;
}

function Question({ request }: { request: ConfirmRequest }) {
  const answer = useUi((s) => s.answerConfirm);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancelRef.current?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && answer(false)}>
      <div
        className="modal confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        data-testid="confirm-dialog"
        onKeyDown={(e) => {
          // keys stay in the dialog: none reaches the terminal or the global shortcuts behind it
          e.stopPropagation();
          if (e.key === 'Escape') answer(false);
          // two buttons: Tab moves between them and never to the page behind
          if (e.key === 'Tab') {
            e.preventDefault();
            (document.activeElement === cancelRef.current ? acceptRef : cancelRef).current?.focus();
          }
        }}
      >
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
      </div>
    </div>
  );
}
