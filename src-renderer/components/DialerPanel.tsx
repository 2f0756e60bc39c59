/**
 * Dialer (placeholder for the dialer helper and the lead to finish): phonebook list, a number to dial,
 * Dial / Hang up through the bridge's dial.* entries, the dial state with its Hayes result code, and a
 * call timer that runs while connected. DCD on the lamp strip is the truth of "connected" (&C1).
 */
import { useEffect, useRef, useState } from 'react';
import { dialEntry, dialNumber, hangup } from '../store/actions.js';
import { useProfiles } from '../store/profiles.js';
import { useViewField } from '../store/sessions.js';
import { formatDuration } from './format.js';

const STATE_TEXT: Record<string, string> = {
  idle: 'Idle',
  dialing: 'Dialing…',
  'waiting-redial': 'Waiting to redial',
  connected: 'Connected',
  failed: 'Failed',
  'hung-up': 'Hung up',
  'answer-wait': 'Waiting for RING',
  ringing: 'Ringing',
  answering: 'Answering…',
};

/** The call timer: counts from the moment the dial state became 'connected', updated once a second. */
function CallTimer({ connected }: { connected: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!connected) return;
    const start = Date.now();
    el.textContent = formatDuration(0);
    const t = setInterval(() => (el.textContent = formatDuration((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(t);
  }, [connected]);
  return (
    <span ref={ref} className="mono call-timer" data-testid="dial-timer">
      0:00
    </span>
  );
}

export function DialerPanel({ tabId }: { tabId: string }) {
  const dial = useViewField(tabId, 'dial');
  const state = useViewField(tabId, 'state');
  const entries = useProfiles((s) => s.phonebook);
  const [number, setNumber] = useState('');
  const dialState = dial?.state ?? 'idle';
  const busy = dialState === 'dialing' || dialState === 'waiting-redial' || dialState === 'connected' || dialState === 'answering';
  const live = state === 'connected';
  let detail = dial?.resultCode ?? '';
  if (dial?.rate) detail += ` ${dial.rate}`;
  if (dial?.attempt) detail += ` (attempt ${dial.attempt})`;

  return (
    <div className="panel dialer-panel">
      <section className="section">
        <h3 className="section-title">Dialer</h3>
        <div className="dial-status" data-testid="dial-state" data-state={dialState}>
          <span className="dial-state-text">{STATE_TEXT[dialState] ?? dialState}</span>
          <span className="mono dial-detail">{detail.trim() || dial?.message || ''}</span>
          <CallTimer connected={dialState === 'connected'} />
        </div>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (number.trim()) void dialNumber(tabId, number.trim());
          }}
        >
          <input className="input mono" data-testid="dial-number" placeholder="number, e.g. 5551234" value={number} onChange={(e) => setNumber(e.target.value)} />
          <button type="submit" className="btn primary" data-testid="dial-start" disabled={!live || busy || !number.trim()}>
            Dial
          </button>
          <button type="button" className="btn danger" data-testid="dial-hangup" disabled={!live || dialState === 'idle'} onClick={() => void hangup(tabId)}>
            Hang up
          </button>
        </form>
      </section>
      <section className="section">
        <h3 className="section-title">Phonebook</h3>
        {entries.length === 0 && <p className="hint">No phonebook entries.</p>}
        <ul className="list" data-testid="phonebook-list">
          {entries.map((e) => (
            <li key={e.id ?? e.name} className="list-item" data-testid="phonebook-item" data-entry-id={e.id ?? ''}>
              <div className="list-main">
                <span className="list-name">{e.name}</span>
                <span className="list-sub mono">{e.number}</span>
              </div>
              <div className="list-actions">
                <button type="button" className="btn small primary" data-testid="phonebook-dial" disabled={!live || busy || !e.id} onClick={() => e.id && void dialEntry(tabId, e.id)}>
                  Dial
                </button>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
