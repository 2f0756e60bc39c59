/**
 * Dialer (a first version for the dialer helper and the lead to finish): phonebook list, a number to
 * dial, Dial / Hang up and the answer mode through the bridge's dial.* entries, the dial state with its
 * Hayes result code (rings, redial countdown), and a call timer that runs while connected. DCD on the
 * lamp strip is the truth of "connected" (&C1).
 */
import { useEffect, useRef, useState } from 'react';
import { ANSWER_MODES } from '../../src-shared/ipc/contract.js';
import { dialEntry, dialNumber, hangup, setAnswerMode } from '../store/actions.js';
import { useProfiles } from '../store/profiles.js';
import { useViewField } from '../store/sessions.js';
import { formatDuration } from './format.js';

const STATE_TEXT: Record<string, string> = {
  idle: 'Idle',
  initialising: 'Initialising modem…',
  dialing: 'Dialing…',
  'waiting-redial': 'Waiting to redial',
  connected: 'Connected',
  failed: 'Failed',
  'hanging-up': 'Hanging up…',
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
  const [answer, setAnswer] = useState<(typeof ANSWER_MODES)[number]>('off');
  const busy = ['initialising', 'dialing', 'waiting-redial', 'connected', 'hanging-up', 'answering'].includes(dialState);
  const live = state === 'connected';
  let detail = dial?.resultCode ?? '';
  if (dial?.rate) detail += ` ${dial.rate}`;
  if (dial?.attempt) detail += ` (attempt ${dial.attempt})`;
  if (dialState === 'waiting-redial' && dial?.inMs != null) detail += ` redial in ${Math.ceil(dial.inMs / 1000)} s`;
  if (dialState === 'ringing' && dial?.rings) detail += ` ${dial.rings} ring${dial.rings === 1 ? '' : 's'}`;

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
        <div className="row">
          <label className="row-label" htmlFor={`answer-${tabId}`}>
            Answer calls
          </label>
          <div className="row-field">
            <select
              id={`answer-${tabId}`}
              className="select"
              data-testid="dial-answer-mode"
              disabled={!live}
              value={answer}
              title="Off; manual (wait for RING, answer with ATA yourself); auto (answer on RING)"
              onChange={(e) => {
                const mode = e.target.value as (typeof ANSWER_MODES)[number];
                setAnswer(mode);
                void setAnswerMode(tabId, mode);
              }}
            >
              <option value="off">Off</option>
              <option value="manual">Manual (on RING)</option>
              <option value="auto">Automatic</option>
            </select>
          </div>
        </div>
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
