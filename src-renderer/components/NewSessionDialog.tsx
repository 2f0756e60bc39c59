/**
 * New session: RFC 2217, telnet or raw TCP to host:port; a Cisco line number with its three presets
 * (2000+N telnet, 4000+N raw, 6000+N binary telnet); or a local serial port from the live port list
 * (offered only when the host can list ports). Initial line settings, safe open and reconnect apply to
 * the session opened.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CISCO_LINE_MODES, type CiscoLineMode } from '../../src-shared/ipc/profile.js';
import { COMMON_BAUD_RATES } from '../../src-shared/line/settings.js';
import { formatTarget } from '../../src-shared/session/target.js';
import { openTarget } from '../store/actions/sessions.js';
import { useHost } from '../store/host.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../store/reducers.js';
import { useUi } from '../store/ui.js';
import { ciscoPort, dialogName, dialogTarget, type DialogFields, type DialogKind } from './presets.js';
import { Modal } from './Modal.js';

const KIND_TEXT: Record<DialogKind, string> = {
  rfc2217: 'RFC 2217',
  telnet: 'Telnet',
  raw: 'Raw TCP',
  cisco: 'Cisco line',
  serial: 'Local port',
};
const CISCO_TEXT: Record<CiscoLineMode, string> = { telnet: 'Telnet', raw: 'Raw TCP', 'binary-telnet': 'Binary telnet' };

export function NewSessionDialog() {
  const open = useUi((s) => s.newSessionOpen);
  return open ? <Dialog /> : null;
}

function Dialog() {
  const close = () => useUi.getState().setNewSessionOpen(false);
  const ports = useHost((s) => s.ports);
  const kinds: DialogKind[] = ports ? ['rfc2217', 'telnet', 'raw', 'cisco', 'serial'] : ['rfc2217', 'telnet', 'raw', 'cisco'];
  const [f, setF] = useState<DialogFields>({ kind: 'rfc2217', host: '', port: '', line: '', ciscoMode: 'telnet', serialPath: ports?.[0]?.path ?? '' });
  const [name, setName] = useState('');
  const [baud, setBaud] = useState('');
  const [safeOpen, setSafeOpen] = useState(false);
  const [reconnect, setReconnect] = useState(true);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  useEffect(() => {
    if (f.kind === 'serial' && !f.serialPath && ports?.[0]) setF((x) => ({ ...x, serialPath: ports[0]!.path }));
  }, [ports, f.kind, f.serialPath]);

  const result = useMemo(() => dialogTarget(f), [f]);
  const set = (patch: Partial<DialogFields>) => setF((x) => ({ ...x, ...patch }));
  const hasLine = f.kind === 'rfc2217' || f.kind === 'serial';
  const submit = async () => {
    setTouched(true);
    if (!result.ok) return;
    setBusy(true);
    const options = {
      reconnect,
      ...(safeOpen ? { safeOpen: true } : {}),
      ...(hasLine && baud ? { settings: { baud: Number(baud) } } : {}),
    };
    const tab = await openTarget(result.target, options, DEFAULT_TERMINAL_OPTIONS, name.trim() || dialogName(f, result.target));
    setBusy(false);
    if (tab) close();
  };
  const err = (field: string) => touched && !result.ok && result.field === field;

  return (
    <Modal labelledBy="ns-title" testId="new-session-dialog" onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="ns-title" className="modal-title">
          New session
        </h2>
        <div className="segmented" role="radiogroup" aria-label="Connection kind">
          {kinds.map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={f.kind === k}
              className={f.kind === k ? 'seg active' : 'seg'}
              data-testid={`ns-kind-${k}`}
              onClick={() => set({ kind: k })}
            >
              {KIND_TEXT[k]}
            </button>
          ))}
        </div>
        {!ports && <p className="hint">Local serial ports are not listed by this host; network kinds only.</p>}

        {f.kind === 'serial' ? (
          <div className="row">
            <label className="row-label" htmlFor="ns-serial">
              Port
            </label>
            <div className="row-field">
              <select
                id="ns-serial"
                ref={firstRef}
                className={err('serialPath') ? 'select mono invalid' : 'select mono'}
                data-testid="ns-serial-port"
                value={f.serialPath}
                onChange={(e) => set({ serialPath: e.target.value })}
              >
                {(ports ?? []).length === 0 && <option value="">No ports found</option>}
                {(ports ?? []).map((p) => (
                  <option key={p.path} value={p.stablePath ?? p.path}>
                    {p.path}
                    {p.label || p.manufacturer ? ` — ${p.label ?? p.manufacturer}` : ''}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : (
          <>
            <div className="row">
              <label className="row-label" htmlFor="ns-host">
                Host
              </label>
              <div className="row-field">
                <input
                  id="ns-host"
                  className={err('host') ? 'input mono invalid' : 'input mono'}
                  data-testid="ns-host"
                  placeholder="10.0.0.5 or ts1.example.net"
                  spellCheck={false}
                  autoFocus
                  value={f.host}
                  onChange={(e) => set({ host: e.target.value })}
                />
              </div>
            </div>
            {f.kind === 'cisco' ? (
              <>
                <div className="row">
                  <label className="row-label" htmlFor="ns-line">
                    Line N
                  </label>
                  <div className="row-field">
                    <input
                      id="ns-line"
                      className={err('line') ? 'input mono num invalid' : 'input mono num'}
                      data-testid="ns-line"
                      inputMode="numeric"
                      placeholder="3"
                      value={f.line}
                      onChange={(e) => set({ line: e.target.value })}
                    />
                  </div>
                </div>
                <div className="row">
                  <span className="row-label">Mode</span>
                  <div className="row-field segmented small" role="radiogroup" aria-label="Cisco line mode">
                    {CISCO_LINE_MODES.map((m) => (
                      <button
                        key={m}
                        type="button"
                        role="radio"
                        aria-checked={f.ciscoMode === m}
                        className={f.ciscoMode === m ? 'seg active' : 'seg'}
                        data-testid={`ns-cisco-${m}`}
                        title={`port ${ciscoPort(0, m)}+N`}
                        onClick={() => set({ ciscoMode: m })}
                      >
                        {CISCO_TEXT[m]} <span className="mono dim">{ciscoPort(0, m)}+N</span>
                      </button>
                    ))}
                  </div>
                </div>
              </>
            ) : (
              <div className="row">
                <label className="row-label" htmlFor="ns-port">
                  Port
                </label>
                <div className="row-field">
                  <input
                    id="ns-port"
                    className={err('port') ? 'input mono num invalid' : 'input mono num'}
                    data-testid="ns-port"
                    inputMode="numeric"
                    placeholder={f.kind === 'rfc2217' ? '7001' : f.kind === 'telnet' ? '23' : '4001'}
                    value={f.port}
                    onChange={(e) => set({ port: e.target.value })}
                  />
                </div>
              </div>
            )}
          </>
        )}

        {hasLine && (
          <div className="row">
            <label className="row-label" htmlFor="ns-baud">
              Baud
            </label>
            <div className="row-field">
              <select id="ns-baud" className="select mono" data-testid="ns-baud" value={baud} onChange={(e) => setBaud(e.target.value)}>
                <option value="">{f.kind === 'serial' ? 'as the port is' : "the server's"}</option>
                {COMMON_BAUD_RATES.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
        <div className="row">
          <label className="row-label" htmlFor="ns-name">
            Name
          </label>
          <div className="row-field">
            <input id="ns-name" className="input" data-testid="ns-name" placeholder={result.ok ? dialogName(f, result.target) : 'tab name'} value={name} onChange={(e) => setName(e.target.value)} />
          </div>
        </div>
        <div className="row checks">
          <span className="row-label" />
          <div className="row-field">
            {hasLine && (
              <label className="check-label" title="Leave DTR and RTS as they are on open and close (boards that reset on DTR)">
                <input type="checkbox" data-testid="ns-safe-open" checked={safeOpen} onChange={(e) => setSafeOpen(e.target.checked)} /> Safe open (leave DTR/RTS alone)
              </label>
            )}
            <label className="check-label" title="Reconnect with back-off after a lost connection, re-applying the settings">
              <input type="checkbox" data-testid="ns-reconnect" checked={reconnect} onChange={(e) => setReconnect(e.target.checked)} /> Reconnect automatically
            </label>
          </div>
        </div>

        <div className="modal-footer">
          <span className="mono target-preview" data-testid="ns-target" title="The target this opens">
            {result.ok ? formatTarget(result.target) : touched ? <span className="field-error">{result.message}</span> : ''}
          </span>
          <button type="button" className="btn" data-testid="ns-cancel" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid="ns-connect" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
