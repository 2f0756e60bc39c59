/**
 * How long a tab has been connected ("12:34"), counted from connectedAt in the sessions slice. Shown only
 * while connected and only when this window saw the connection start: a tab attached to a session that
 * was already connected shows no time rather than a made-up one. Ticks by writing its own text (no
 * re-render of the tab each second).
 */
import { useEffect, useRef } from 'react';
import { useSessions } from '../store/sessions.js';
import { formatDuration } from './format.js';

function text(since: number): string {
  return formatDuration((Date.now() - since) / 1000);
}

export function ConnectedTime({ tabId, testId }: { tabId: string; testId?: string }) {
  const connected = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.state === 'connected');
  const since = useSessions((s) => s.connectedAt[tabId]);
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!connected || since === undefined) return;
    const t = setInterval(() => {
      if (ref.current) ref.current.textContent = text(since);
    }, 1000);
    return () => clearInterval(t);
  }, [connected, since]);
  if (!connected || since === undefined) return null;
  return (
    <span ref={ref} className="tab-time mono" data-testid={testId} data-since={since} title={`Connected since ${new Date(since).toLocaleTimeString()}`}>
      {text(since)}
    </span>
  );
}
