/** One-line notices (failed requests, imports), newest last; errors stay until dismissed. */
import { useEffect } from 'react';
import { useUi, type Notice } from '../store/ui.js';

/** Info notices fade after this long (ms); errors stay until dismissed. */
const INFO_MS = 5000;

function NoticeItem({ n }: { n: Notice }) {
  const dismiss = useUi((s) => s.dismiss);
  useEffect(() => {
    if (n.kind !== 'info') return;
    const t = setTimeout(() => dismiss(n.id), INFO_MS);
    return () => clearTimeout(t);
  }, [n, dismiss]);
  return (
    <div className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.kind}`}>
      <span className="notice-text">{n.text}</span>
      <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useUi((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} n={n} />
      ))}
    </div>
  );
}
