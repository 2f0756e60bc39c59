/**
 * The dialer: the call's state as it happens (initialising, dialing, CONNECT with its rate, BUSY / NO
 * CARRIER / NO DIALTONE / NO ANSWER / ERROR, the redial countdown with the attempt counter, hanging up
 * by DTR or `+++` ATH and whether DCD confirmed it, answer mode's RING count), the call timer, a quick
 * dial box (a number with redials read as an entry's, redials.ts), Hang up, the answer mode (manual with an Answer button, ATA on RING, or the modem's own
 * ATS0=1), and the phonebook: list, edit, delete, dial, the callback flow, import and export.
 *
 * Everything shown comes from main's last 'dial.status' for the tab's session (each one is complete) and
 * the DCD/RI lamps; the call timer counts from the moment CONNECT arrived (the view's callStartedAt).
 */
import { useEffect, useRef, useState } from 'react';
import { ANSWER_MODES, type DialStatus } from '../../src-shared/ipc/contract.js';
import { ChatScriptError, parseChatScript } from '../../src-shared/dialer/chat-script.js';
import { DIAL_COMMANDS, isDialable } from '../../src-shared/dialer/phonebook.js';
import { phonebookEntrySchema, type PhonebookEntry, type PhonebookEntryInput, type Profile } from '../../src-shared/ipc/profile.js';
import { answerNow, callbackEntry, deletePhonebookEntry, dialEntry, dialNumber, exportPhonebook, hangup, importPhonebook, savePhonebookEntry, setAnswerMode } from '../store/actions/dialer.js';
import { useLiveEffect } from '../store/live.js';
import { useProfiles } from '../store/profiles.js';
import { useViewField } from '../store/sessions.js';
import { formatDuration } from './format.js';
import { JsonFileButtons } from './JsonFileButtons.js';
import { REDIAL_DEFAULTS, redialNumbers, redialsFromText } from './redials.js';

type AnswerMode = (typeof ANSWER_MODES)[number];

const ANSWER_TEXT: Record<AnswerMode, string> = {
  off: 'Off',
  manual: 'Manual: ring, then Answer',
  auto: 'Automatic: ATA on RING',
  modem: 'Modem auto-answer (ATS0=1)',
};

/** What a failure's result code means to an operator. */
const FAILURE_TEXT: Record<string, string> = {
  BUSY: 'Busy',
  'NO CARRIER': 'No carrier',
  'NO DIALTONE': 'No dial tone',
  'NO DIAL TONE': 'No dial tone',
  'NO ANSWER': 'No answer',
  ERROR: 'Modem error',
  TIMEOUT: 'Timed out',
  'SESSION LOST': 'Session lost',
};

/** The headline of a dial status. */
export function dialHeadline(d: DialStatus | null | undefined): string {
  if (!d) return 'On hook';
  const seconds = Math.ceil((d.inMs ?? 0) / 1000);
  switch (d.state) {
    case 'idle':
      return 'On hook';
    case 'initialising':
      return 'Initialising modem';
    case 'dialing':
      return d.number ? `Dialing ${d.number}` : 'Dialing';
    case 'waiting-redial':
      return `Redial in ${seconds} s`;
    case 'connected':
      return 'Connected';
    case 'failed':
      return FAILURE_TEXT[d.resultCode ?? ''] ?? 'Failed';
    case 'hanging-up':
      return d.method === 'escape' ? 'Hanging up (+++ ATH)' : 'Hanging up (DTR drop)';
    case 'hung-up':
      return 'Hung up';
    case 'answer-wait':
      return d.flow === 'callback' ? 'Waiting for the call back' : 'Waiting for RING';
    case 'ringing':
      return `Ringing (${d.rings ?? 1})`;
    case 'answering':
      return 'Answering';
  }
}

/** Dial states in which an operation runs (a new dial would be refused). */
const BUSY_STATES: ReadonlySet<string> = new Set(['initialising', 'dialing', 'waiting-redial', 'connected', 'hanging-up', 'answer-wait', 'ringing', 'answering']);

/** The steps of the callback flow and the step a status is at (1-based; 0 before it starts). */
const CALLBACK_STEPS = ['Dial', 'Log in', 'Hang up', 'Wait for RING', 'Answer'] as const;
function callbackStep(d: DialStatus, answered: boolean): number {
  switch (d.state) {
    case 'initialising':
    case 'dialing':
    case 'waiting-redial':
      return 1;
    case 'connected':
      return answered ? 5 : 2;
    case 'hanging-up':
    case 'hung-up':
      return 3;
    case 'answer-wait':
    case 'ringing':
      return 4;
    case 'answering':
      return 5;
    default:
      return 0;
  }
}

/** The call timer: from callStartedAt while connected (updated once a second); the last call's length after. */
function CallTimer({ startedAt, lastMs }: { startedAt: number | null; lastMs: number | undefined }) {
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || startedAt === null) return;
    const show = () => {
      const s = Math.max(0, Math.floor((Date.now() - startedAt) / 1000));
      el.textContent = formatDuration(s);
      el.dataset.seconds = String(s);
    };
    show();
    const t = setInterval(show, 1000);
    return () => clearInterval(t);
  }, [startedAt]);
  const running = startedAt !== null;
  const idleText = lastMs !== undefined ? formatDuration(lastMs / 1000) : '0:00';
  return (
    <span ref={ref} className="mono call-timer" data-testid="dial-timer" data-running={String(running)} data-seconds={running ? undefined : String(Math.floor((lastMs ?? 0) / 1000))} title={running ? 'Call timer (since CONNECT)' : 'Length of the last call'}>
      {running ? formatDuration(Math.max(0, (Date.now() - startedAt) / 1000)) : idleText}
    </span>
  );
}

/** DCD and RI as the dialer sees them (the lamps are the truth of "connected" and "ringing"). */
function LineTruth({ tabId }: { tabId: string }) {
  const dcd = useRef<HTMLSpanElement>(null);
  const ri = useRef<HTMLSpanElement>(null);
  const text = (v: boolean | null) => (v === null ? 'unknown' : v ? 'on' : 'off');
  useLiveEffect(
    tabId,
    (l) => `${text(l.modem.dcd)}|${text(l.modem.ri)}`,
    (v) => {
      const [d, r] = v.split('|') as [string, string];
      if (dcd.current) {
        dcd.current.dataset.state = d;
        dcd.current.textContent = `DCD ${d}`;
      }
      if (ri.current) {
        ri.current.dataset.state = r;
        ri.current.textContent = `RI ${r}`;
      }
    },
  );
  return (
    <span className="dial-lines mono">
      <span ref={dcd} className="dial-line" data-testid="dial-dcd" title="Data Carrier Detect: on while the carrier is up (&C1)" />
      <span ref={ri} className="dial-line" data-testid="dial-ri" title="Ring Indicator" />
    </span>
  );
}

function DialStatusCard({ tabId, dial, startedAt }: { tabId: string; dial: DialStatus | null | undefined; startedAt: number | null }) {
  const state = dial?.state ?? 'idle';
  const result = dial?.resultCode ? `${dial.resultCode}${dial.rate ? ` ${dial.rate}` : ''}` : '';
  const attempt = dial?.attempt && (dial.attempts ?? 1) > 1 ? `attempt ${dial.attempt} of ${dial.attempts}` : '';
  const hungUpNote = state === 'hung-up' ? (dial?.confirmed === false ? 'not confirmed: check the DCD lamp' : dial?.message) : undefined;
  const detail = [dial?.number && state !== 'dialing' ? dial.number : '', attempt, hungUpNote ?? (state === 'failed' || state === 'answering' || state === 'answer-wait' || state === 'ringing' ? dial?.message : '')].filter(Boolean).join(' · ');
  // the callback's second 'connected' is the answered call back
  const [answered, setAnswered] = useState(false);
  useEffect(() => {
    if (dial?.flow !== 'callback' || state === 'initialising' || state === 'dialing') setAnswered(false);
    else if (state === 'answering' || state === 'ringing') setAnswered(true);
  }, [dial?.flow, state]);
  const step = dial?.flow === 'callback' ? callbackStep(dial, answered) : 0;
  return (
    <div
      className="dial-status"
      data-testid="dial-state"
      data-state={state}
      data-flow={dial?.flow ?? ''}
      data-result={dial?.resultCode ?? ''}
      data-rate={dial?.rate ?? ''}
      data-attempt={dial?.attempt ?? ''}
      data-attempts={dial?.attempts ?? ''}
      data-rings={dial?.rings ?? ''}
      data-in-ms={dial?.inMs ?? ''}
      aria-live="polite"
    >
      <div className="dial-head">
        <span className="dial-state-text" data-testid="dial-headline">
          {dialHeadline(dial)}
        </span>
        {result && (
          <span className="dial-result mono" data-testid="dial-result" data-code={dial?.resultCode}>
            {result}
          </span>
        )}
      </div>
      <span className="mono dial-detail" data-testid="dial-detail" title={dial?.message}>
        {detail}
      </span>
      {state === 'waiting-redial' && (
        <span className="dial-countdown" data-testid="dial-countdown" data-in-ms={dial?.inMs ?? 0} data-attempt={dial?.attempt ?? ''}>
          <span className="dial-countdown-bar" style={{ width: `${Math.min(100, ((dial?.inMs ?? 0) / 1000) * 10)}%` }} />
        </span>
      )}
      <CallTimer startedAt={state === 'connected' ? startedAt : null} lastMs={state === 'hung-up' ? dial?.elapsedMs : undefined} />
      <div className="dial-foot">
        <LineTruth tabId={tabId} />
        {step > 0 && (
          <ol className="callback-steps" data-testid="callback-steps" data-step={step} title="Asynchronous callback">
            {CALLBACK_STEPS.map((s, i) => (
              <li key={s} className={i + 1 < step ? 'done' : i + 1 === step ? 'now' : ''}>
                {s}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

// ---- the phonebook editor -------------------------------------------------------------------------

/** The editor's fields as typed (strings, so half-typed numbers are kept). */
interface Draft {
  id?: string;
  name: string;
  number: string;
  profileId: string;
  dialCommand: (typeof DIAL_COMMANDS)[number];
  initString: string;
  chatScript: string;
  loginScript: string;
  redialAttempts: string;
  redialDelayS: string;
  connectTimeoutS: string;
}

function draftOf(e?: PhonebookEntry, profileId?: string): Draft {
  return {
    ...(e?.id ? { id: e.id } : {}),
    name: e?.name ?? '',
    number: e?.number ?? '',
    profileId: e ? (e.profileId ?? '') : (profileId ?? ''),
    dialCommand: e?.dialCommand ?? 'ATDT',
    initString: e?.initString ?? '',
    chatScript: e?.chatScript ?? '',
    loginScript: e?.loginScript ?? '',
    redialAttempts: String(e?.redialAttempts ?? REDIAL_DEFAULTS.redialAttempts),
    redialDelayS: String((e?.redialDelayMs ?? REDIAL_DEFAULTS.redialDelayMs) / 1000),
    connectTimeoutS: e?.connectTimeoutS !== undefined ? String(e.connectTimeoutS) : '',
  };
}

/** The entry a draft describes, or the first problem with it. */
export function entryFromDraft(d: Draft): { entry: PhonebookEntryInput } | { error: string } {
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
  if (d.number.trim() && !isDialable(d.number)) return { error: 'number: digits and the Hayes dial modifiers (, W @ ! P T ; * #) only' };
  for (const [what, text] of [
    ['chat script', d.chatScript],
    ['login script', d.loginScript],
  ] as const) {
    if (!text.trim()) continue;
    try {
      parseChatScript(text);
    } catch (err) {
      return { error: `${what}: ${err instanceof ChatScriptError ? err.message : String(err)}` };
    }
  }
  const input: PhonebookEntryInput = {
    ...(d.id ? { id: d.id } : {}),
    name: d.name,
    number: d.number,
    ...(d.profileId ? { profileId: d.profileId } : {}),
    dialCommand: d.dialCommand,
    ...(d.initString.trim() ? { initString: d.initString.trim() } : {}),
    ...(d.chatScript.trim() ? { chatScript: d.chatScript } : {}),
    ...(d.loginScript.trim() ? { loginScript: d.loginScript } : {}),
    ...redialNumbers(d.redialAttempts, d.redialDelayS),
    ...(d.connectTimeoutS.trim() ? { connectTimeoutS: num(d.connectTimeoutS) } : {}),
  };
  const parsed = phonebookEntrySchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const field = { redialAttempts: 'redials', redialDelayMs: 'redial delay', connectTimeoutS: 'connect timeout' }[String(i.path[0])] ?? String(i.path[0] ?? 'entry');
    return { error: `${field}: ${i.message}` };
  }
  return { entry: input };
}

function EntryEditor({ initial, profiles, onDone }: { initial: Draft; profiles: Profile[]; onDone: () => void }) {
  const [d, setD] = useState(initial);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof Draft>(k: K) => (e: { target: { value: string } }) => setD((x) => ({ ...x, [k]: e.target.value as Draft[K] }));
  const checked = entryFromDraft(d);
  const error = 'error' in checked && (d.name || d.number) ? checked.error : null;
  const missingProfile = d.profileId && !profiles.some((p) => p.id === d.profileId);
  return (
    <form
      className="entry-editor"
      data-testid="phonebook-editor"
      // Escape cancels, as in the profile and macro editors
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (!('entry' in checked)) return;
        setSaving(true);
        void savePhonebookEntry(checked.entry).then((saved) => {
          setSaving(false);
          if (saved) onDone();
        });
      }}
    >
      <h4 className="editor-title">{d.id ? 'Edit entry' : 'New entry'}</h4>
      <label className="row">
        <span className="row-label">Name</span>
        <span className="row-field">
          <input className="input" data-testid="pb-name" value={d.name} onChange={set('name')} placeholder="e.g. Branch office" autoFocus />
        </span>
      </label>
      <label className="row">
        <span className="row-label">Number</span>
        <span className="row-field">
          <input className="input mono" data-testid="pb-number" value={d.number} onChange={set('number')} placeholder="555-0100" />
        </span>
      </label>
      <label className="row">
        <span className="row-label">Dial through</span>
        <span className="row-field">
          <select className="select" data-testid="pb-profile" value={d.profileId} onChange={set('profileId')} title="The profile (session) of the modem line to dial through">
            <option value="">The active tab's session</option>
            {profiles.map((p) => (
              <option key={p.id ?? p.name} value={p.id ?? ''}>
                {p.name}
              </option>
            ))}
            {missingProfile && <option value={d.profileId}>(missing profile {d.profileId})</option>}
          </select>
        </span>
      </label>
      <label className="row">
        <span className="row-label">Dial command</span>
        <span className="row-field">
          <select className="select" data-testid="pb-dial-command" value={d.dialCommand} onChange={set('dialCommand')}>
            <option value="ATDT">ATDT (tone)</option>
            <option value="ATDP">ATDP (pulse)</option>
          </select>
        </span>
      </label>
      <label className="row">
        <span className="row-label">Init string</span>
        <span className="row-field">
          <input className="input mono" data-testid="pb-init" value={d.initString} onChange={set('initString')} placeholder="ATZ" />
        </span>
      </label>
      <div className="row">
        <span className="row-label">Redials</span>
        <span className="row-field">
          <input className="input num" data-testid="pb-retries" inputMode="numeric" value={d.redialAttempts} onChange={set('redialAttempts')} aria-label="Redials" />
          <span className="unit">every</span>
          <input className="input num" data-testid="pb-redial-delay" inputMode="decimal" value={d.redialDelayS} onChange={set('redialDelayS')} aria-label="Redial delay (s)" />
          <span className="unit">s</span>
        </span>
      </div>
      <label className="row">
        <span className="row-label">Wait for CONNECT</span>
        <span className="row-field">
          <input className="input num" data-testid="pb-connect-timeout" inputMode="numeric" value={d.connectTimeoutS} onChange={set('connectTimeoutS')} placeholder="60" />
          <span className="unit">s</span>
        </span>
      </label>
      <label className="stack">
        <span className="row-label">Chat script (instead of init, dial, CONNECT; \T is the number)</span>
        <textarea className="input mono script" data-testid="pb-chat-script" rows={2} value={d.chatScript} onChange={set('chatScript')} placeholder={"'' ATZ OK ATDT\\T TIMEOUT 60 CONNECT"} spellCheck={false} />
      </label>
      <label className="stack">
        <span className="row-label">Login script (after CONNECT; the callback flow needs one)</span>
        <textarea className="input mono script" data-testid="pb-login-script" rows={2} value={d.loginScript} onChange={set('loginScript')} placeholder="Username: demo Password: dialtone" spellCheck={false} />
      </label>
      {error && (
        <div className="field-error" data-testid="pb-error">
          {error}
        </div>
      )}
      <div className="btn-row">
        <button type="submit" className="btn primary" data-testid="pb-save" disabled={saving || !('entry' in checked)}>
          Save
        </button>
        <button type="button" className="btn" data-testid="pb-cancel" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function EntryItem({ e, tabId, profiles, canDial, onEdit }: { e: PhonebookEntry; tabId: string; profiles: Profile[]; canDial: boolean; onEdit: () => void }) {
  const [confirm, setConfirm] = useState(false);
  const via = e.profileId ? (profiles.find((p) => p.id === e.profileId)?.name ?? `missing profile ${e.profileId}`) : 'active tab';
  const redials = e.redialAttempts > 0 ? ` · ${e.redialAttempts}× every ${e.redialDelayMs / 1000} s` : '';
  return (
    <li className="list-item phonebook-item" data-testid="phonebook-item" data-entry-id={e.id ?? ''} data-entry-name={e.name}>
      <div className="list-main">
        <span className="list-name">
          {e.name}
          {e.loginScript && <span className="badge">callback</span>}
        </span>
        <span className="list-sub mono" title={`${e.dialCommand ?? 'ATDT'}${e.number} via ${via}`}>
          {e.number} · {e.dialCommand ?? 'ATDT'} · via {via}
          {redials}
        </span>
      </div>
      <div className="list-actions">
        <button type="button" className="btn small primary" data-testid="phonebook-dial" disabled={!canDial || !e.id} onClick={() => void dialEntry(tabId, e)}>
          Dial
        </button>
        {e.loginScript && (
          <button type="button" className="btn small" data-testid="phonebook-callback" title="Dial, log in, hang up, answer the call back" disabled={!canDial || !e.id} onClick={() => void callbackEntry(tabId, e)}>
            Callback
          </button>
        )}
        <button type="button" className="btn small" data-testid="phonebook-edit" onClick={onEdit}>
          Edit
        </button>
        {confirm ? (
          <button type="button" className="btn small danger" data-testid="phonebook-delete-confirm" onClick={() => e.id && void deletePhonebookEntry(e.id)} onBlur={() => setConfirm(false)}>
            Delete?
          </button>
        ) : (
          <button type="button" className="btn small" data-testid="phonebook-delete" title="Delete" onClick={() => setConfirm(true)}>
            Del
          </button>
        )}
      </div>
    </li>
  );
}

/**
 * The quick dial box: a number, its redials and their delay (an entry's defaults until changed), Dial
 * and Hang up. The redials reach the dialer as an entry's do: read by the entry's schema (redials.ts)
 * and redialed by main's dialer with the countdown and attempt counter of the status card.
 */
function QuickDial({ tabId, live, busy }: { tabId: string; live: boolean; busy: boolean }) {
  const [number, setNumber] = useState('');
  const [attempts, setAttempts] = useState(String(REDIAL_DEFAULTS.redialAttempts));
  const [delayS, setDelayS] = useState(String(REDIAL_DEFAULTS.redialDelayMs / 1000));
  const numberOk = number.trim() !== '' && isDialable(number);
  const redials = redialsFromText(attempts, delayS);
  const error = 'error' in redials ? redials.error : null;
  const bad = { attempts: error?.startsWith('redials:') ?? false, delay: error?.startsWith('redial delay:') ?? false };
  return (
    <form
      className="quick-dial"
      data-testid="quick-dial"
      onSubmit={(e) => {
        e.preventDefault();
        if (numberOk && 'redials' in redials) void dialNumber(tabId, number.trim(), redials.redials);
      }}
    >
      <div className="inline-form">
        <input className="input mono" data-testid="dial-number" placeholder="number, e.g. 555-0100" value={number} onChange={(e) => setNumber(e.target.value)} aria-invalid={number.trim() !== '' && !numberOk} />
        <button type="submit" className="btn primary" data-testid="dial-start" disabled={!live || busy || !numberOk || error !== null}>
          Dial
        </button>
        <button type="button" className="btn danger" data-testid="dial-hangup" disabled={!live} title="Drop DTR (the modem hangs up, &D2); +++ ATH if DCD stays on" onClick={() => void hangup(tabId)}>
          Hang up
        </button>
      </div>
      <div className="row">
        <span className="row-label">Redials</span>
        <span className="row-field" title="Redials after BUSY, NO CARRIER or NO ANSWER, and the wait before each (as for a phonebook entry)">
          <input className={bad.attempts ? 'input num invalid' : 'input num'} data-testid="dial-redials" inputMode="numeric" value={attempts} onChange={(e) => setAttempts(e.target.value)} aria-label="Redials" aria-invalid={bad.attempts} />
          <span className="unit">every</span>
          <input className={bad.delay ? 'input num invalid' : 'input num'} data-testid="dial-redial-delay" inputMode="decimal" value={delayS} onChange={(e) => setDelayS(e.target.value)} aria-label="Redial delay (s)" aria-invalid={bad.delay} />
          <span className="unit">s</span>
        </span>
      </div>
      {error && (
        <div className="field-error" data-testid="dial-redial-error">
          {error}
        </div>
      )}
    </form>
  );
}

export function DialerPanel({ tabId }: { tabId: string }) {
  const dial = useViewField(tabId, 'dial');
  const state = useViewField(tabId, 'state');
  const startedAt = useViewField(tabId, 'callStartedAt') ?? null;
  const answer = useViewField(tabId, 'answerMode') ?? 'off';
  const tabProfileId = useViewField(tabId, 'profileId');
  const entries = useProfiles((s) => s.phonebook);
  const profiles = useProfiles((s) => s.profiles);
  const [editing, setEditing] = useState<Draft | null>(null);
  const dialState = dial?.state ?? 'idle';
  const busy = BUSY_STATES.has(dialState);
  const live = state === 'connected';
  const showAnswer = answer === 'manual' && (dialState === 'ringing' || dialState === 'answering');

  return (
    <div className="panel dialer-panel">
      <section className="section">
        <h3 className="section-title">Dialer</h3>
        <DialStatusCard tabId={tabId} dial={dial} startedAt={startedAt} />
        <QuickDial tabId={tabId} live={live} busy={busy} />
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
              onChange={(e) => void setAnswerMode(tabId, e.target.value as AnswerMode)}
            >
              {ANSWER_MODES.map((m) => (
                <option key={m} value={m}>
                  {ANSWER_TEXT[m]}
                </option>
              ))}
            </select>
          </div>
        </div>
        {showAnswer && (
          <div className="btn-row answer-row">
            <button type="button" className="btn primary" data-testid="dial-answer-now" title="Send ATA: the modem answers the ringing call" onClick={() => void answerNow(tabId)}>
              Answer (ATA)
            </button>
          </div>
        )}
      </section>
      <section className="section">
        <h3 className="section-title">Phonebook</h3>
        {entries.length === 0 && !editing && <p className="hint">No entries yet. Add one, or import a phonebook file.</p>}
        <ul className="list" data-testid="phonebook-list">
          {entries.map((e) => (
            <EntryItem key={e.id ?? e.name} e={e} tabId={tabId} profiles={profiles} canDial={live && !busy} onEdit={() => setEditing(draftOf(e))} />
          ))}
        </ul>
        {editing ? (
          <EntryEditor key={editing.id ?? 'new'} initial={editing} profiles={profiles} onDone={() => setEditing(null)} />
        ) : (
          <div className="btn-row phonebook-files">
            <button type="button" className="btn" data-testid="phonebook-new" onClick={() => setEditing(draftOf(undefined, tabProfileId))}>
              + New entry
            </button>
            <JsonFileButtons testId="phonebook" exportLabel="Export" exportDisabled={entries.length === 0} onImport={importPhonebook} onExport={exportPhonebook} />
          </div>
        )}
      </section>
    </div>
  );
}
