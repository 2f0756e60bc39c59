/**
 * The window's modal dialog: a backdrop (a mouse-down on it closes), the box with role dialog (or
 * alertdialog) and aria-modal (which also tells the global shortcuts to stand back: app-commands.ts
 * dialogOpen), Escape closes, keys typed in it stay in it, and when it goes the keyboard goes back where
 * it was: to the terminal the operator typed in (the active tab's, if a tab was opened or closed meanwhile),
 * or to the field that opened it. Each dialog gives its own first focus.
 */
import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { restoreFocus } from '../terminal/focus.js';

export interface ModalProps {
  /** The box's classes after "modal" (e.g. "transfer-dialog"). */
  className?: string;
  role?: 'dialog' | 'alertdialog';
  labelledBy: string;
  describedBy?: string;
  testId: string;
  /** Escape, or a mouse-down on the backdrop. */
  onClose(): void;
  /** Given: the box is a <form> and this is its submit (the default submit is prevented first). */
  onSubmit?(): void;
  /** Keys the box sees before its own handling (Escape is handled after). */
  onKeyDown?(e: KeyboardEvent): void;
  /** The box, when it is a <div> (no onSubmit). */
  boxRef?: Ref<HTMLDivElement>;
  /** data-* attributes of the box, e.g. { 'data-profile-id': id }. */
  data?: Record<`data-${string}`, string>;
  children: ReactNode;
}

export function Modal({ className, role = 'dialog', labelledBy, describedBy, testId, onClose, onSubmit, onKeyDown, boxRef, data, children }: ModalProps) {
  // what had the keyboard before the dialog: read at the first render, before any autoFocus inside it
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => () => restoreFocus(before), [before]);
  const box = {
    className: className ? `modal ${className}` : 'modal',
    role,
    'aria-modal': true,
    'aria-labelledby': labelledBy,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    'data-testid': testId,
    ...data,
    onKeyDown: (e: KeyboardEvent) => {
      // keys stay in the dialog: none reaches the page behind it
      e.stopPropagation();
      onKeyDown?.(e);
      if (e.key === 'Escape' && !e.defaultPrevented) onClose();
    },
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      {onSubmit ? (
        <form {...box} onSubmit={submit}>
          {children}
        </form>
      ) : (
        <div ref={boxRef} {...box}>
          {children}
        </div>
      )}
    </div>
  );
}
