/**
 * Session logging: the recording indicator (file name, bytes written, format), Start with a format,
 * Stop, and Open folder, through the bridge's log.* entries and 'log.status' events; and the tab's
 * profile's automatic log (on/off, format, file-name template), saved with the profile.
 *
 * Where the file goes is main's choice, never the renderer's: Electron asks with a save dialog in main;
 * the browser host writes only into its log folder (app.info's logDir, shown here), and cannot open a
 * file manager, so there the folder is shown instead of the Open folder button.
 */
import { useState } from 'react';
import { autoLogSchema, LOG_FORMATS, LOG_ROTATE_MIN_BYTES, LOG_TIMESTAMPS, logChoicesSchema, type AutoLog, type LogChoices, type LogFormat, type LogTimestamps, type Profile } from '../../src-shared/ipc/profile.js';
import { checkLogStart, openLogFolder, startLogWithChoices, stopLog } from '../store/actions/logging.js';
import { saveProfile } from '../store/actions/profiles.js';
import { useHost } from '../store/host.js';
import { useLogChoices } from '../store/log-choices.js';
import { useProfiles } from '../store/profiles.js';
import { useViewField } from '../store/sessions.js';
import { formatBytes } from './format.js';

const FORMAT_TEXT: Record<LogFormat, string> = {
  raw: 'Raw bytes',
  text: 'Text',
  hex: 'Hex dump',
  asciicast: 'asciicast (replayable)',
  jsonl: 'JSON lines (everything)',
};

const TIMESTAMP_TEXT: Record<LogTimestamps, string> = {
  none: 'None',
  wall: 'Wall clock (ms)',
  elapsed: 'Seconds since start',
};

const MiB = 1024 * 1024;

/**
 * How a log is written: format, per-line timestamps (text and hex), the sent bytes too (not raw), and
 * rotation (a new file past a size in MiB, and/or each day). One set of fields for the operator's log and
 * a profile's automatic log. `idPrefix` keeps the labels' ids apart; `testPrefix` the testids.
 */
export function LogChoicesFields({ idPrefix, testPrefix, disabled, value, onChange }: { idPrefix: string; testPrefix: string; disabled?: boolean; value: LogChoices; onChange: (choices: LogChoices) => void }) {
  const stamps = value.format === 'text' || value.format === 'hex';
  const sent = value.format !== 'raw';
  const sizeMiB = value.rotate.maxBytes === null ? '' : String(value.rotate.maxBytes / MiB);
  return (
    <>
      <div className="row">
        <label className="row-label" htmlFor={`${idPrefix}-format`}>
          Format
        </label>
        <div className="row-field">
          <select id={`${idPrefix}-format`} className="select" data-testid={`${testPrefix}-format`} disabled={disabled} value={value.format} onChange={(e) => onChange({ ...value, format: e.target.value as LogFormat })}>
            {LOG_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_TEXT[f]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="row">
        <label className="row-label" htmlFor={`${idPrefix}-stamps`}>
          Timestamps
        </label>
        <div className="row-field">
          <select
            id={`${idPrefix}-stamps`}
            className="select"
            data-testid={`${testPrefix}-timestamps`}
            disabled={disabled || !stamps}
            title={stamps ? 'A time at the start of every line' : 'Only text and hex logs have per-line timestamps (asciicast and JSON lines time every record)'}
            value={stamps ? value.timestamps : 'none'}
            onChange={(e) => onChange({ ...value, timestamps: e.target.value as LogTimestamps })}
          >
            {LOG_TIMESTAMPS.map((t) => (
              <option key={t} value={t}>
                {TIMESTAMP_TEXT[t]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check-label" title={sent ? 'Also log what this side sent, marked >' : 'A raw log is the received bytes exactly'}>
        <input type="checkbox" data-testid={`${testPrefix}-sent`} disabled={disabled || !sent} checked={sent && value.sent} onChange={(e) => onChange({ ...value, sent: e.target.checked })} />
        Sent bytes too
      </label>
      <div className="row">
        <label className="row-label" htmlFor={`${idPrefix}-rotate`}>
          New file
        </label>
        <div className="row-field rotate-fields">
          <input
            id={`${idPrefix}-rotate`}
            className="input mono narrow"
            data-testid={`${testPrefix}-rotate-mib`}
            inputMode="decimal"
            placeholder="no limit"
            disabled={disabled}
            defaultValue={sizeMiB}
            title={`A new file once this many MiB are in the current one (at least ${LOG_ROTATE_MIN_BYTES / 1024} KiB)`}
            onChange={(e) => {
              const text = e.target.value.trim();
              const mib = Number(text);
              onChange({ ...value, rotate: { ...value.rotate, maxBytes: text === '' || !Number.isFinite(mib) ? null : Math.round(mib * MiB) } });
            }}
          />
          <span className="hint">MiB</span>
          <label className="check-label">
            <input type="checkbox" data-testid={`${testPrefix}-rotate-daily`} disabled={disabled} checked={value.rotate.daily} onChange={(e) => onChange({ ...value, rotate: { ...value.rotate, daily: e.target.checked } })} />
            each day
          </label>
        </div>
      </div>
    </>
  );
}

const TEMPLATE_FIELDS = '{profile} {date} {time} {datetime} {host} {port} {path} {target}';

/** The automatic log of the tab's profile: edited here, saved with the profile. */
function AutoLogEditor({ profile }: { profile: Profile }) {
  const [draft, setDraft] = useState<AutoLog>(profile.autoLog);
  const [saving, setSaving] = useState(false);
  const checked = autoLogSchema.safeParse(draft);
  const changed = JSON.stringify(draft) !== JSON.stringify(profile.autoLog);
  const id = profile.id ?? 'p';
  return (
    <form
      className="autolog"
      data-testid="autolog"
      data-enabled={String(profile.autoLog.enabled)}
      onSubmit={(e) => {
        e.preventDefault();
        if (!checked.success) return;
        setSaving(true);
        void saveProfile({ ...profile, autoLog: checked.data }).then(() => setSaving(false));
      }}
    >
      <label className="check-label">
        <input type="checkbox" data-testid="autolog-enabled" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        Log every time “{profile.name}” opens
      </label>
      <LogChoicesFields idPrefix={`autolog-${id}`} testPrefix="autolog" value={draft} onChange={(choices) => setDraft({ ...draft, ...choices })} />
      <div className="row">
        <label className="row-label" htmlFor={`autotpl-${id}`}>
          File name
        </label>
        <div className="row-field">
          <input
            id={`autotpl-${id}`}
            className="input mono"
            data-testid="autolog-template"
            value={draft.fileNameTemplate}
            aria-invalid={!checked.success}
            onChange={(e) => setDraft({ ...draft, fileNameTemplate: e.target.value })}
          />
        </div>
      </div>
      <p className="hint">Fields: {TEMPLATE_FIELDS}. A file name only: it goes in the log folder.</p>
      {!checked.success && (
        <div className="field-error" data-testid="autolog-error">
          {checked.error.issues[0]?.message}
        </div>
      )}
      <div className="btn-row">
        <button type="submit" className="btn" data-testid="autolog-save" disabled={saving || !changed || !checked.success}>
          Save to profile
        </button>
        {changed && <span className="hint">unsaved</span>}
      </div>
    </form>
  );
}

export function LogPanel({ tabId }: { tabId: string }) {
  const log = useViewField(tabId, 'log');
  const state = useViewField(tabId, 'state');
  const profileId = useViewField(tabId, 'profileId');
  const profile = useProfiles((s) => (profileId ? s.profiles.find((p) => p.id === profileId) : undefined));
  const info = useHost((s) => s.info);
  // shared with the menu's Logging > Start log…
  const choices = useLogChoices((s) => s.choices);
  const setChoices = useLogChoices((s) => s.setChoices);
  const checked = logChoicesSchema.safeParse(choices);
  const active = log?.active ?? false;
  // the same check as the menu's Logging > Start log…
  const canStart = checkLogStart(state === undefined ? undefined : { state, log: log ?? null }, choices).ok;
  const browser = info?.host === 'browser';
  return (
    <div className="panel log-panel">
      <section className="section">
        <h3 className="section-title">Session log</h3>
        <div
          className={active ? 'log-status recording' : 'log-status'}
          data-testid="log-status"
          data-active={String(active)}
          data-file={log?.fileName ?? ''}
          data-bytes={log?.bytesWritten ?? 0}
          aria-live="polite"
        >
          <i className="rec-dot" aria-hidden="true" />
          <div className="log-text">
            <span className="log-state">
              {active ? 'Recording' : log?.fileName ? 'Stopped' : 'Not recording'}
              {log?.format && <span className="badge">{log.format}</span>}
            </span>
            <span className="mono log-file" data-testid="log-file" title={log?.fileName}>
              {log?.fileName ?? '—'}
            </span>
            <span className="mono log-bytes" data-testid="log-bytes" title={log ? `${log.bytesWritten} bytes written` : undefined}>
              {log ? formatBytes(log.bytesWritten) : ''}
            </span>
          </div>
        </div>
        {log?.error && (
          <div className="field-error" data-testid="log-error">
            {log.error}
          </div>
        )}
        <LogChoicesFields idPrefix={`log-${tabId}`} testPrefix="log" disabled={active} value={choices} onChange={setChoices} />
        {!checked.success && (
          <div className="field-error" data-testid="log-choices-error">
            {checked.error.issues[0]?.message}
          </div>
        )}
        <div className="btn-row">
          <button type="button" className="btn primary" data-testid="log-start" disabled={!canStart} onClick={() => void startLogWithChoices(tabId)} title={browser ? 'Start a new log in the log folder' : 'Choose a file and start logging'}>
            {browser ? 'Start' : 'Start…'}
          </button>
          <button type="button" className="btn" data-testid="log-stop" disabled={!active} onClick={() => void stopLog(tabId)}>
            Stop
          </button>
          {!browser && (
            <button type="button" className="btn" data-testid="log-open-folder" disabled={!log?.fileName} onClick={() => void openLogFolder(tabId)}>
              Open folder
            </button>
          )}
        </div>
        {browser && info?.logDir && (
          <p className="hint log-dir" data-testid="log-dir">
            Logs go to <span className="mono">{info.logDir}</span> (the browser host writes only there).
          </p>
        )}
      </section>
      <section className="section">
        <h3 className="section-title">Automatic log</h3>
        {!profileId && <p className="hint">This tab is not a saved profile. Save it as a profile (Profiles panel) to log it automatically.</p>}
        {profile?.builtIn && <p className="hint">“{profile.name}” is built in: duplicate it in the Profiles panel to log it automatically.</p>}
        {profile && !profile.builtIn && <AutoLogEditor key={profile.id} profile={profile} />}
      </section>
    </div>
  );
}
