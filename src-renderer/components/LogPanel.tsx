/**
 * Session logging: recording indicator (file name, bytes written), start with a format, stop, and open
 * the containing folder, through the bridge's log.* entries and 'log.status' events.
 */
import { useState } from 'react';
import { LOG_FORMATS, type LogFormat } from '../../src-shared/ipc/profile.js';
import { openLogFolder, startLog, stopLog } from '../store/actions.js';
import { useViewField } from '../store/sessions.js';
import { formatBytes } from './format.js';

const FORMAT_TEXT: Record<LogFormat, string> = {
  raw: 'Raw bytes',
  text: 'Text (timestamped)',
  hex: 'Hex dump',
  asciicast: 'asciicast (replayable)',
  jsonl: 'JSON lines (everything)',
};

export function LogPanel({ tabId }: { tabId: string }) {
  const log = useViewField(tabId, 'log');
  const state = useViewField(tabId, 'state');
  const [format, setFormat] = useState<LogFormat>('text');
  const active = log?.active ?? false;
  const live = state !== undefined && state !== 'closed';
  return (
    <div className="panel log-panel">
      <section className="section">
        <h3 className="section-title">Session log</h3>
        <div className={active ? 'log-status recording' : 'log-status'} data-testid="log-status" data-active={String(active)}>
          <i className="rec-dot" aria-hidden="true" />
          <div className="log-text">
            <span className="log-state">{active ? 'Recording' : 'Not recording'}</span>
            <span className="mono log-file" title={log?.fileName}>
              {log?.fileName ?? '—'}
            </span>
            <span className="mono log-bytes">{log ? formatBytes(log.bytesWritten) : ''}</span>
          </div>
        </div>
        {log?.error && <div className="field-error">{log.error}</div>}
        <div className="row">
          <label className="row-label" htmlFor={`logfmt-${tabId}`}>
            Format
          </label>
          <div className="row-field">
            <select id={`logfmt-${tabId}`} className="select" data-testid="log-format" disabled={active} value={format} onChange={(e) => setFormat(e.target.value as LogFormat)}>
              {LOG_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_TEXT[f]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="btn-row">
          <button type="button" className="btn primary" data-testid="log-start" disabled={active || !live} onClick={() => void startLog(tabId, format)}>
            Start
          </button>
          <button type="button" className="btn" data-testid="log-stop" disabled={!active} onClick={() => void stopLog(tabId)}>
            Stop
          </button>
          <button type="button" className="btn" data-testid="log-open-folder" disabled={!log?.fileName} onClick={() => void openLogFolder(tabId)}>
            Open folder
          </button>
        </div>
      </section>
    </div>
  );
}
