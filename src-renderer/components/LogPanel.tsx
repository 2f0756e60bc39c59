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
import { autoLogSchema, LOG_FORMATS, type AutoLog, type LogFormat, type Profile } from '../../src-shared/ipc/profile.js';
import { openLogFolder, startLog, stopLog } from '../store/actions/logging.js';
import { saveProfile } from '../store/actions/profiles.js';
import { useHost } from '../store/host.js';
import { useProfiles } from '../store/profiles.js';
import { useViewField } from '../store/sessions.js';
import { formatBytes } from './format.js';

const FORMAT_TEXT: Record<LogFormat, string> = {
  raw: 'Raw bytes',
  text: 'Text (timestamped)',
  hex: 'Hex dump',
  asciicast: 'asciicast (replayable)',
  jsonl: 'JSON lines (everything)',
};

/** A "Format" row: a select of the log formats, by their names above. */
function FormatRow({ id, testId, disabled, value, onChange }: { id: string; testId: string; disabled?: boolean; value: LogFormat; onChange: (format: LogFormat) => void }) {
  return (
    <div className="row">
      <label className="row-label" htmlFor={id}>
        Format
      </label>
      <div className="row-field">
        <select id={id} className="select" data-testid={testId} disabled={disabled} value={value} onChange={(e) => onChange(e.target.value as LogFormat)}>
          {LOG_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_TEXT[f]}
            </option>
          ))}
        </select>
      </div>
    </div>
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
      <FormatRow id={`autofmt-${id}`} testId="autolog-format" value={draft.format} onChange={(format) => setDraft({ ...draft, format })} />
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
  const [format, setFormat] = useState<LogFormat>('text');
  const active = log?.active ?? false;
  const live = state !== undefined && state !== 'closed';
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
        <FormatRow id={`logfmt-${tabId}`} testId="log-format" disabled={active} value={format} onChange={setFormat} />
        <div className="btn-row">
          <button type="button" className="btn primary" data-testid="log-start" disabled={active || !live} onClick={() => void startLog(tabId, format)} title={browser ? 'Start a new log in the log folder' : 'Choose a file and start logging'}>
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
