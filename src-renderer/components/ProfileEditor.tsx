/**
 * The profile editor: a dialog over the app with every field of a saved profile: name; target (the
 * new-session dialog's kinds and rules); line settings, each of which may be left as the far end has
 * it; DTR and RTS on open, safe open, reconnect; terminal options; the automatic log. Save checks the
 * draft with profileSchema (profile-editor-model.ts) and stays disabled while a field is wrong, which is
 * named beside the field; Cancel (or Escape) drops the draft. Saving goes through the profiles.save
 * action under the same id, so a rename renames. Tabs already open from the profile keep what they have.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { CISCO_LINE_MODES, ENCODINGS, NEWLINES, RECEIVE_NEWLINES, resolveProfileTarget, type CiscoLineMode, type Profile, type TerminalOptions } from '../../src-shared/ipc/profile.js';
import { COMMON_BAUD_RATES, DATA_BITS, FLOW_CONTROLS, PARITIES, STOP_BITS } from '../../src-shared/line/settings.js';
import { formatTarget } from '../../src-shared/session/target.js';
import { saveProfile } from '../store/actions/profiles.js';
import { useHost } from '../store/host.js';
import { useSessions } from '../store/sessions.js';
import { LogChoicesFields } from './LogPanel.js';
import { ciscoPort, type DialogFields, type DialogKind } from './presets.js';
import { TlsFields } from './TlsFields.js';
import { canUseTls, draftOf, FIELD_LABEL, hasLineSettings, profileFromDraft, terminalRange, type DraftField, type DraftResult, type LineChoice, type ProfileDraft, type TerminalNumber } from './profile-editor-model.js';
import { Modal } from './Modal.js';

const KIND_TEXT: Record<DialogKind, string> = { rfc2217: 'RFC 2217', telnet: 'Telnet', raw: 'Raw TCP', cisco: 'Cisco line', serial: 'Local port' };
const CISCO_TEXT: Record<CiscoLineMode, string> = { telnet: 'Telnet', raw: 'Raw', 'binary-telnet': 'Binary' };
const PARITY_TEXT: Record<string, string> = { none: 'None', odd: 'Odd', even: 'Even', mark: 'Mark', space: 'Space' };
const FLOW_TEXT: Record<string, string> = { none: 'None', xonxoff: 'XON/XOFF', rtscts: 'RTS/CTS' };
const RX_NL_TEXT: Record<string, string> = { auto: 'Auto', crlf: 'CR LF (as is)', cr: 'CR', lf: 'LF' };
const TX_NL_TEXT: Record<string, string> = { cr: 'CR', lf: 'LF', crlf: 'CR LF' };
const ENC_TEXT: Record<string, string> = { 'utf-8': 'UTF-8', latin1: 'Latin-1', cp437: 'CP437 (IBM PC)' };
const CHOICE_TEXT: Record<LineChoice, string> = { leave: 'Leave as it is', on: 'On', off: 'Off' };
const TEMPLATE_FIELDS = '{profile} {date} {time} {datetime} {host} {port} {path} {target}';

/** The draft, how to change it, and the check of it: what every field group gets. */
interface Part {
  d: ProfileDraft;
  set: (patch: Partial<ProfileDraft>) => void;
  result: DraftResult;
}

/** The problem of `field`, when it is the one shown. */
function problemAt(result: DraftResult, field: DraftField): string | null {
  return !result.ok && result.field === field ? result.message : null;
}

/** A labelled row with the field's problem under it (and the field marked) when it has one. */
function Field({ label, htmlFor, problem, field, children }: { label: string; htmlFor?: string; problem?: string | null; field?: DraftField; children: ReactNode }) {
  return (
    <>
      <div className="row">
        <label className="row-label" htmlFor={htmlFor}>
          {label}
        </label>
        <div className="row-field">{children}</div>
      </div>
      {problem && (
        <div className="field-error pe-error" data-testid="pe-error" data-field={field} role="alert">
          {problem}
        </div>
      )}
    </>
  );
}

/** A text input that marks itself invalid while its field has the problem shown. */
function TextInput({ id, testid, value, onChange, problem, className = 'input mono', ...rest }: { id: string; testid: string; value: string; onChange: (v: string) => void; problem: string | null; className?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal'; list?: string }) {
  return <input id={id} className={problem ? `${className} invalid` : className} data-testid={testid} spellCheck={false} aria-invalid={problem !== null} value={value} onChange={(e) => onChange(e.target.value)} {...rest} />;
}

/** Name and target: kind, then host and port, or host, line number and mode, or a port path. */
function TargetPart({ d, set, result }: Part) {
  const ports = useHost((s) => s.ports);
  const t = d.target;
  const kinds: DialogKind[] = ports || t.kind === 'serial' ? ['rfc2217', 'telnet', 'raw', 'cisco', 'serial'] : ['rfc2217', 'telnet', 'raw', 'cisco'];
  const setT = (patch: Partial<DialogFields>) => set({ target: { ...t, ...patch } });
  const p = (f: DraftField) => problemAt(result, f);
  return (
    <fieldset className="pe-group pe-target">
      <legend className="section-title">Profile</legend>
      <Field label="Name" htmlFor="pe-name" problem={p('name')} field="name">
        <TextInput id="pe-name" testid="pe-name" className="input" value={d.name} problem={p('name')} onChange={(name) => set({ name })} />
      </Field>
      <div className="segmented pe-kinds" role="radiogroup" aria-label="Connection kind">
        {kinds.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={t.kind === k} className={t.kind === k ? 'seg active' : 'seg'} data-testid={`pe-kind-${k}`} onClick={() => setT({ kind: k })}>
            {KIND_TEXT[k]}
          </button>
        ))}
      </div>
      {t.kind === 'serial' ? (
        <Field label="Port path" htmlFor="pe-serial" problem={p('serialPath')} field="serialPath">
          <TextInput id="pe-serial" testid="pe-serial-path" value={t.serialPath} problem={p('serialPath')} placeholder="/dev/ttyUSB0 or COM3" list="pe-ports" onChange={(serialPath) => setT({ serialPath })} />
          <datalist id="pe-ports">
            {(ports ?? []).map((port) => (
              <option key={port.path} value={port.stablePath ?? port.path}>
                {port.label ?? port.manufacturer ?? port.path}
              </option>
            ))}
          </datalist>
        </Field>
      ) : (
        <>
          <Field label="Host" htmlFor="pe-host" problem={p('host')} field="host">
            <TextInput id="pe-host" testid="pe-host" value={t.host} problem={p('host')} placeholder="10.0.0.5 or ts1.example.net" onChange={(host) => setT({ host })} />
          </Field>
          {t.kind === 'cisco' ? (
            <>
              <Field label="Line N" htmlFor="pe-line" problem={p('line')} field="line">
                <TextInput id="pe-line" testid="pe-line" className="input mono num" inputMode="numeric" value={t.line} problem={p('line')} placeholder="3" onChange={(line) => setT({ line })} />
                <span className="unit">port {/^\d+$/.test(t.line.trim()) ? ciscoPort(Number(t.line), t.ciscoMode) : `${ciscoPort(0, t.ciscoMode)}+N`}</span>
              </Field>
              <Field label="Mode">
                <div className="segmented small" role="radiogroup" aria-label="Cisco line mode">
                  {CISCO_LINE_MODES.map((m) => (
                    <button key={m} type="button" role="radio" aria-checked={t.ciscoMode === m} className={t.ciscoMode === m ? 'seg active' : 'seg'} data-testid={`pe-cisco-${m}`} title={`port ${ciscoPort(0, m)}+N`} onClick={() => setT({ ciscoMode: m })}>
                      {CISCO_TEXT[m]}
                    </button>
                  ))}
                </div>
              </Field>
            </>
          ) : (
            <Field label="Port" htmlFor="pe-port" problem={p('port')} field="port">
              <TextInput id="pe-port" testid="pe-port" className="input mono num" inputMode="numeric" value={t.port} problem={p('port')} placeholder={t.kind === 'rfc2217' ? '7001' : t.kind === 'telnet' ? '23' : '4001'} onChange={(port) => setT({ port })} />
            </Field>
          )}
        </>
      )}
    </fieldset>
  );
}

/** A select of a line setting whose first choice leaves it as the far end has it. */
function SettingSelect<V extends string>({ id, testid, value, far, options, text, onChange }: { id: string; testid: string; value: V | ''; far: string; options: readonly (string | number)[]; text?: Record<string, string>; onChange: (v: V | '') => void }) {
  return (
    <select id={id} className="select" data-testid={testid} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
      <option value="">{far}</option>
      {options.map((o) => (
        <option key={o} value={String(o)}>
          {text?.[String(o)] ?? String(o)}
        </option>
      ))}
    </select>
  );
}

/** Line settings: baud (a common rate or any other), data bits, parity, stop bits, flow. */
function LinePart({ d, set, result }: Part) {
  const line = hasLineSettings(d.target.kind);
  const far = d.target.kind === 'serial' ? 'as the port is' : 'as the far end has it';
  const common = d.baud === '' || (COMMON_BAUD_RATES as readonly number[]).map(String).includes(d.baud.trim());
  const [custom, setCustom] = useState(!common);
  const problem = problemAt(result, 'baud');
  return (
    <fieldset className="pe-group pe-line">
      <legend className="section-title">Line settings</legend>
      {!line ? (
        <p className="hint" data-testid="pe-line-none">
          {d.target.kind === 'raw' ? 'Raw TCP carries bytes only' : 'Plain telnet has no COM-PORT option'}: the line is as the far end has it, and DTR/RTS cannot be set.
        </p>
      ) : (
        <>
          <Field label="Baud" htmlFor="pe-baud" problem={problem} field="baud">
            <select
              id="pe-baud"
              className="select mono"
              data-testid="pe-baud"
              value={custom ? 'custom' : d.baud.trim()}
              onChange={(e) => {
                const v = e.target.value;
                setCustom(v === 'custom');
                if (v !== 'custom') set({ baud: v });
              }}
            >
              <option value="">{far}</option>
              {COMMON_BAUD_RATES.map((b) => (
                <option key={b} value={String(b)}>
                  {b}
                </option>
              ))}
              <option value="custom">Other…</option>
            </select>
            {custom && <TextInput id="pe-baud-custom" testid="pe-baud-custom" className="input mono num wide" inputMode="numeric" placeholder="bits/s" value={d.baud} problem={problem} onChange={(baud) => set({ baud })} />}
          </Field>
          <Field label="Data bits" htmlFor="pe-databits">
            <SettingSelect id="pe-databits" testid="pe-databits" value={d.dataBits} far={far} options={DATA_BITS} onChange={(dataBits) => set({ dataBits })} />
          </Field>
          <Field label="Parity" htmlFor="pe-parity">
            <SettingSelect id="pe-parity" testid="pe-parity" value={d.parity} far={far} options={PARITIES} text={PARITY_TEXT} onChange={(parity) => set({ parity })} />
          </Field>
          <Field label="Stop bits" htmlFor="pe-stopbits">
            <SettingSelect id="pe-stopbits" testid="pe-stopbits" value={d.stopBits} far={far} options={STOP_BITS} onChange={(stopBits) => set({ stopBits })} />
          </Field>
          <Field label="Flow control" htmlFor="pe-flow">
            <SettingSelect id="pe-flow" testid="pe-flow" value={d.flow} far={far} options={FLOW_CONTROLS} text={FLOW_TEXT} onChange={(flow) => set({ flow })} />
          </Field>
        </>
      )}
    </fieldset>
  );
}

/** DTR and RTS on open (leave, on, off), safe open, reconnect, notifications. */
function OpenPart({ d, set }: Part) {
  const line = hasLineSettings(d.target.kind);
  const linesOff = !line || d.safeOpen;
  const choice = (id: 'dtr' | 'rts', label: string) => (
    <Field label={`${label} on open`} htmlFor={`pe-${id}`}>
      <select id={`pe-${id}`} className="select" data-testid={`pe-${id}`} disabled={linesOff} value={linesOff ? 'leave' : d[id]} onChange={(e) => set({ [id]: e.target.value as LineChoice })}>
        {(['leave', 'on', 'off'] as const).map((c) => (
          <option key={c} value={c}>
            {CHOICE_TEXT[c]}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <fieldset className="pe-group pe-open">
      <legend className="section-title">On open</legend>
      {choice('dtr', 'DTR')}
      {choice('rts', 'RTS')}
      <label className="check-label" title="Never touch DTR and RTS on open or close (boards that reset on DTR); overrides the two above">
        <input type="checkbox" data-testid="pe-safe-open" disabled={!line} checked={line && d.safeOpen} onChange={(e) => set({ safeOpen: e.target.checked })} /> Safe open (leave DTR/RTS alone)
      </label>
      <label className="check-label" title="Reconnect with back-off after a lost connection, re-applying the settings">
        <input type="checkbox" data-testid="pe-reconnect" checked={d.reconnect} onChange={(e) => set({ reconnect: e.target.checked })} /> Reconnect automatically
      </label>
      <label className="check-label" title="A desktop notification on RING and when a dial ends (CONNECT, BUSY, NO CARRIER), while the window is not focused (the desktop app)">
        <input type="checkbox" data-testid="pe-notify" checked={d.notify} onChange={(e) => set({ notify: e.target.checked })} /> Notify on RING and dial results
      </label>
    </fieldset>
  );
}

/** A whole-number terminal option with its unit and the problem when it has one. */
function NumberRow({ name, label, unit, part }: { name: TerminalNumber; label: string; unit: string; part: Part }) {
  const { d, set, result } = part;
  const problem = problemAt(result, name);
  const id = `pe-${name}`;
  const testid = { pasteCharDelayMs: 'pe-paste-char-ms', pasteLineDelayMs: 'pe-paste-line-ms', fontSize: 'pe-font-size' }[name];
  return (
    <Field label={label} htmlFor={id} problem={problem} field={name}>
      <TextInput id={id} testid={testid} className="input mono num" inputMode="numeric" value={d.terminal[name]} problem={problem} onChange={(v) => set({ terminal: { ...d.terminal, [name]: v } })} />
      <span className="unit" title={`${terminalRange(name)} ${unit}`}>
        {unit}
      </span>
    </Field>
  );
}

/** Terminal options: encoding, newlines both ways, local echo, font size, paste pacing. */
function TerminalPart(part: Part) {
  const { d, set } = part;
  const opt = (patch: Partial<Omit<TerminalOptions, TerminalNumber>>) => set({ terminal: { ...d.terminal, ...patch } });
  return (
    <fieldset className="pe-group pe-terminal">
      <legend className="section-title">Terminal</legend>
      <Field label="Encoding" htmlFor="pe-encoding">
        <select id="pe-encoding" className="select" data-testid="pe-encoding" value={d.terminal.encoding} onChange={(e) => opt({ encoding: e.target.value as TerminalOptions['encoding'] })}>
          {ENCODINGS.map((n) => (
            <option key={n} value={n}>
              {ENC_TEXT[n]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Receive newline" htmlFor="pe-rx-newline">
        <select id="pe-rx-newline" className="select" data-testid="pe-rx-newline" value={d.terminal.receiveNewline} onChange={(e) => opt({ receiveNewline: e.target.value as TerminalOptions['receiveNewline'] })}>
          {RECEIVE_NEWLINES.map((n) => (
            <option key={n} value={n}>
              {RX_NL_TEXT[n]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Enter sends" htmlFor="pe-tx-newline">
        <select id="pe-tx-newline" className="select" data-testid="pe-tx-newline" value={d.terminal.sendNewline} onChange={(e) => opt({ sendNewline: e.target.value as TerminalOptions['sendNewline'] })}>
          {NEWLINES.map((n) => (
            <option key={n} value={n}>
              {TX_NL_TEXT[n]}
            </option>
          ))}
        </select>
      </Field>
      <label className="check-label">
        <input type="checkbox" data-testid="pe-local-echo" checked={d.terminal.localEcho} onChange={(e) => opt({ localEcho: e.target.checked })} /> Local echo
      </label>
      <NumberRow name="fontSize" label="Font size" unit="px" part={part} />
      <NumberRow name="pasteCharDelayMs" label="Paste char delay" unit="ms" part={part} />
      <NumberRow name="pasteLineDelayMs" label="Paste line delay" unit="ms" part={part} />
    </fieldset>
  );
}

/** The automatic log: on/off, the log choices (shared with the Log panel), the file-name template. */
function AutoLogPart({ d, set, result }: Part) {
  const a = d.autoLog;
  const rotate = problemAt(result, 'rotate');
  const template = problemAt(result, 'fileNameTemplate');
  return (
    <fieldset className="pe-group pe-autolog">
      <legend className="section-title">Automatic log</legend>
      <label className="check-label">
        <input type="checkbox" data-testid="pe-autolog-enabled" checked={a.enabled} onChange={(e) => set({ autoLog: { ...a, enabled: e.target.checked } })} /> Log every time this profile opens
      </label>
      <LogChoicesFields idPrefix="pe-autolog" testPrefix="pe-autolog" value={a} onChange={(choices) => set({ autoLog: { ...a, ...choices } })} />
      {rotate && (
        <div className="field-error pe-error" data-testid="pe-error" data-field="rotate" role="alert">
          {rotate}
        </div>
      )}
      <Field label="File name" htmlFor="pe-autolog-template" problem={template} field="fileNameTemplate">
        <TextInput id="pe-autolog-template" testid="pe-autolog-template" value={a.fileNameTemplate} problem={template} onChange={(fileNameTemplate) => set({ autoLog: { ...a, fileNameTemplate } })} />
      </Field>
      <p className="hint">Fields: {TEMPLATE_FIELDS}. A file name only: it goes in the log folder.</p>
    </fieldset>
  );
}

/** The input of each field a problem can be at (the footer's problem focuses it). */
const FIELD_INPUT: Readonly<Record<DraftField, string>> = {
  name: 'pe-name',
  host: 'pe-host',
  port: 'pe-port',
  line: 'pe-line',
  serialPath: 'pe-serial',
  tlsTrust: 'pe-tls-trust',
  tlsClient: 'pe-tls-client',
  baud: 'pe-baud-custom',
  pasteCharDelayMs: 'pe-pasteCharDelayMs',
  pasteLineDelayMs: 'pe-pasteLineDelayMs',
  fontSize: 'pe-fontSize',
  rotate: 'pe-autolog-rotate',
  fileNameTemplate: 'pe-autolog-template',
};

/** What the footer says: the target the profile opens, or why it cannot be saved (a click goes to the field). */
function Summary({ result }: { result: DraftResult }) {
  if (result.ok) {
    const t = result.profile.target;
    const text = t.kind === 'cisco-line' ? `${formatTarget(resolveProfileTarget(t))} (line ${t.line})` : formatTarget(t);
    return (
      <span className="mono target-preview" data-testid="pe-target" title="The target this profile opens">
        {text}
      </span>
    );
  }
  return (
    <button type="button" className="target-preview pe-fix" data-testid="pe-fix" data-field={result.field} title={`Go to ${FIELD_LABEL[result.field]}`} onClick={() => document.getElementById(FIELD_INPUT[result.field])?.focus()}>
      Cannot save: <span className="field-error">{result.message}</span>
    </button>
  );
}

/**
 * The profile editor dialog for a saved (not built-in) profile, or for a new one (a profile without an
 * id: saving creates it, e.g. a copy of a built-in); `onClose` after Save or Cancel.
 */
export function ProfileEditor({ profile, onClose }: { profile: Profile; onClose: () => void }) {
  const [d, setD] = useState<ProfileDraft>(() => draftOf(profile));
  const [saving, setSaving] = useState(false);
  const result = useMemo(() => profileFromDraft(d, profile), [d, profile]);
  const openTabs = useSessions((s) => (profile.id ? s.views.filter((v) => v.profileId === profile.id && v.state !== 'closed').length : 0));
  const firstRef = useRef<HTMLDivElement>(null);
  useEffect(() => firstRef.current?.querySelector<HTMLInputElement>('#pe-name')?.focus(), []);
  const part: Part = { d, set: (patch) => setD((x) => ({ ...x, ...patch })), result };
  const save = async () => {
    if (!result.ok) return;
    setSaving(true);
    const saved = await saveProfile(result.profile);
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <Modal boxRef={firstRef} className="pe-modal" labelledBy="pe-title" testId="profile-editor" data={{ 'data-profile-id': profile.id ?? '' }} onClose={onClose}>
      <form
        className="pe-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2 id="pe-title" className="modal-title">
          {profile.id ? (
            <>
              Edit profile <span className="dim">“{profile.name}”</span>
            </>
          ) : (
            'New profile'
          )}
        </h2>
        <div className="pe-body">
          <div className="pe-col">
            <TargetPart {...part} />
            {canUseTls(d.target.kind) && <TlsFields tls={d.tls} onChange={(patch) => setD((x) => ({ ...x, tls: { ...x.tls, ...patch } }))} trustProblem={problemAt(result, 'tlsTrust')} clientProblem={problemAt(result, 'tlsClient')} />}
            <LinePart {...part} />
            <OpenPart {...part} />
          </div>
          <div className="pe-col">
            <TerminalPart {...part} />
            <AutoLogPart {...part} />
          </div>
        </div>
        <p className="hint pe-tabs-hint" data-testid="pe-tabs-hint" data-open-tabs={openTabs}>
          {openTabs === 0
            ? 'Saved changes apply the next time the profile is opened.'
            : `${openTabs === 1 ? 'One tab' : `${openTabs} tabs`} of this profile ${openTabs === 1 ? 'is' : 'are'} open and will not change: saved changes apply the next time the profile is opened.`}
        </p>
        <div className="modal-footer">
          <Summary result={result} />
          <button type="button" className="btn" data-testid="pe-cancel" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" data-testid="pe-save" disabled={saving || !result.ok}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
