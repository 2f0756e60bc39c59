/**
 * A small drop-down menu: a button that opens a list of items below it (aligned to its right edge).
 * It closes on a choice, on Escape, or on a click elsewhere; the arrow keys move between items; after a
 * choice or Escape the keyboard goes back where it was (the terminal). Used for
 * the tab overflow menu and for the control buttons a narrow window folds away.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { restoreFocus } from '../terminal/focus.js';

export interface MenuProps {
  /** The button's content. */
  label: ReactNode;
  title: string;
  buttonTestId: string;
  menuTestId: string;
  className?: string;
  /** The menu's content; call `close` after a choice. Items are elements with role menuitem (or menuitemradio). */
  children(close: () => void): ReactNode;
}

export function Menu({ label, title, buttonTestId, menuTestId, className, children }: MenuProps) {
  const [open, setOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  /** What had the keyboard when the menu opened (the terminal, whose bars' buttons take no focus on click). */
  const before = useRef<HTMLElement | null>(null);
  /** A choice or Escape: the keyboard goes back (restoreFocus), so the operator types on. */
  const close = () => {
    setOpen(false);
    restoreFocus(before.current ?? buttonRef.current);
  };

  useEffect(() => {
    if (!open) return;
    // the current item (aria-current) or the first takes focus, so the keyboard works at once
    const items = listRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not(:disabled)');
    const current = listRef.current?.querySelector<HTMLElement>('[role^="menuitem"][aria-current="true"], [role="menuitemradio"][aria-checked="true"]');
    (current ?? items?.[0])?.focus();
    const onDown = (e: MouseEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown, true);
    return () => document.removeEventListener('mousedown', onDown, true);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(listRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not(:disabled)') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    items[(i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
  };

  return (
    <div className="menu-wrap" ref={wrapRef} onKeyDown={onKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'btn'}
        data-testid={buttonTestId}
        title={title}
        aria-label={title}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => {
          if (!open) before.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : buttonRef.current;
          setOpen(!open);
        }}
      >
        {label}
      </button>
      {open && (
        <div ref={listRef} className="menu" role="menu" data-testid={menuTestId}>
          {children(close)}
        </div>
      )}
    </div>
  );
}
