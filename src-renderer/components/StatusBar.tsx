/**
 * The status bar of the active tab: connection state (and why), target, bytes and rate each way
 * (transient updates), the server's signature, warnings (count, last one in the tooltip), and
 * the recording indicator.
 */
import { useEffect, useRef } from 'react';
import { formatTarget } from '../../src-shared/session/target.js';
import { useLiveEffect } from '../store/live.js';
import { useViewField } from '../store/sessions.js';
import { formatBytes, formatRate } from './format.js';
import type { SessionState } from '../../src-shared/session/events.js';

const STATE_TEXT: Record<SessionState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
  closed: 'Closed',
};

function Traffic({ tabId, dir }: { tabId: string; dir: 'in' | 'out' }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLiveEffect(
    tabId,
    (l) => (dir === 'in' ? `${l.bytesIn}|${l.rateIn}|0` : `${l.bytesOut}|${l.rateOut}|${l.bytesQueued}`),
    (v) => {
      const el = ref.current;
      if (!el) return;
      const [bytes, rate, queued] = v.split('|').map(Number) as [number, number, number];
      el.dataset.bytes = String(bytes);
      el.dataset.queued = String(queued);
      // typed while the link is down: kept by main, sent when it is back
      el.textContent = `${formatBytes(bytes)} · ${formatRate(rate)}${queued > 0 ? ` (+${formatBytes(queued)} queued)` : ''}`;
    },
  );
  return (
    <span className="status-item traffic" title={dir === 'in' ? 'Received: total and rate' : 'Sent: total and rate'}>
      <span className="arrow" aria-hidden="true">
        {dir === 'in' ? '↓' : '↑'}
      </span>
      <span ref={ref} className="mono traffic-value" data-testid={dir === 'in' ? 'rx-bytes' : 'tx-bytes'} data-bytes="0">
        0 B · 0 B/s
      </span>
    </span>
  );
}

/** "Reconnecting in N s", counting down to the attempt main announced. */
function RetryCountdown({ retryAt }: { retryAt: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const tick = () => {
      if (ref.current) ref.current.textContent = ` in ${Math.max(0, Math.ceil((retryAt - Date.now()) / 1000))} s`;
    };
    tick();
    const t = setInterval(tick, 250);
    return () => clearInterval(t);
  }, [retryAt]);
  return <span ref={ref} />;
}

export function StatusBar({ tabId }: { tabId: string | null }) {
  if (tabId === null) {
    return (
      <footer className="statusbar">
        <span className="status-item state" data-testid="session-status" data-state="none">
          <i className="dot" /> No session
        </span>
      </footer>
    );
  }
  return <ActiveStatus tabId={tabId} />;
}

const TRUST_TEXT = { ca: 'the CA certificate', pin: 'the pinned fingerprint', known: 'trusted on first use (known servers)', insecure: 'nothing: not checked (insecure)' } as const;

function ActiveStatus({ tabId }: { tabId: string }) {
  const state = useViewField(tabId, 'state') ?? 'closed';
  const reason = useViewField(tabId, 'reason');
  const retryAt = useViewField(tabId, 'retryAt');
  const target = useViewField(tabId, 'target');
  const signature = useViewField(tabId, 'signature');
  const tls = useViewField(tabId, 'tls');
  const warnings = useViewField(tabId, 'warnings') ?? 0;
  const lastWarning = useViewField(tabId, 'lastWarning');
  const lastError = useViewField(tabId, 'lastError');
  const log = useViewField(tabId, 'log');
  const text = STATE_TEXT[state] ?? state;
  const why = state !== 'connected' && reason ? reason : null;

  return (
    <footer className="statusbar">
      <span className="status-item state" data-testid="session-status" data-state={state} title={why ?? text}>
        <i className="dot" aria-hidden="true" />
        <span className="state-text">
          {text}
          {state === 'reconnecting' && retryAt != null && <RetryCountdown retryAt={retryAt} />}
        </span>
      </span>
      {target && (
        <span className="status-item mono target" title="Target">
          {formatTarget(target)}
        </span>
      )}
      {tls && (
        <span
          className={tls.trust === 'insecure' ? 'status-item tls insecure' : 'status-item tls'}
          data-testid="status-tls"
          data-trust={tls.trust}
          data-protocol={tls.protocol}
          title={`${tls.protocol} ${tls.cipher}\nCertificate SHA-256 ${tls.fingerprint256}\n${tls.subject}, valid ${tls.validFrom} to ${tls.validTo}\nTrusted by: ${TRUST_TEXT[tls.trust]}`}
        >
          <span aria-hidden="true">{tls.trust === 'insecure' ? '⚠' : '🔒'}</span> {tls.protocol.replace('TLSv', 'TLS ')}
        </span>
      )}
      <Traffic tabId={tabId} dir="in" />
      <Traffic tabId={tabId} dir="out" />
      <span className="spacer" />
      {why && (
        <span className="status-item reason" data-testid="status-reason" title={why}>
          {why}
        </span>
      )}
      {log?.active && (
        <span className="status-item rec" title={`Recording to ${log.fileName ?? 'a log file'}`}>
          <i className="rec-dot" aria-hidden="true" /> REC
        </span>
      )}
      <span className="status-item mono signature" data-testid="status-signature" title="The server's signature (RFC 2217 SIGNATURE)">
        {signature ?? '—'}
      </span>
      <span
        className={warnings > 0 || lastError ? 'status-item warnings has' : 'status-item warnings'}
        data-testid="status-warnings"
        data-count={warnings}
        title={lastError ? `Last error: ${lastError}${lastWarning ? `\nLast warning: ${lastWarning}` : ''}` : (lastWarning ?? 'No warnings')}
      >
        ⚠ <span className="mono">{warnings}</span>
        {lastWarning && <span className="last-warning">{lastWarning}</span>}
      </span>
    </footer>
  );
}
