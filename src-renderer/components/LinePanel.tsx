/**
 * Line settings (baud, data bits, parity, stop bits, flow control), applied live as they change, each
 * with the value in effect beside it (or what was asked, or "unknown"), and a mark for its state in the
 * line model: … requested, ✓ confirmed, ? unconfirmed, ≠ differs, – unsupported, none for unknown. Below, the pane's terminal options: local echo, newline
 * translation both ways, receive encoding, paste pacing, font size.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { COMMON_BAUD_RATES, DATA_BITS, FLOW_CONTROLS, MAX_BAUD, PARITIES, STOP_BITS, type LineSettings, type LineSettingName } from '../../src-shared/line/settings.js';
import { ENCODINGS, NEWLINES, RECEIVE_NEWLINES, type TerminalOptions } from '../../src-shared/ipc/profile.js';
import type { LineModel } from '../../src-shared/line/line-model.js';
import { applySettings } from '../store/actions/line.js';
import { setTerminalOptions } from '../store/actions/sessions.js';
import { DEFAULT_TERMINAL_OPTIONS } from '../store/reducers.js';
import { useViewField } from '../store/sessions.js';
import type { SessionState } from '../../src-shared/session/events.js';
import { ITEM_STATE_TEXT, askedItem, canAskLine, itemState, linkUp, parseBaud, pickedItem, MIN_BAUD, shownItem } from './line-model.js';

const PARITY_TEXT: Record<string, string> = { none: 'None', odd: 'Odd', even: 'Even', mark: 'Mark', space: 'Space' };
const FLOW_TEXT: Record<string, string> = { none: 'None', xonxoff: 'XON/XOFF', rtscts: 'RTS/CTS' };
const RX_NL_TEXT: Record<string, string> = { auto: 'Auto', crlf: 'CR LF (as is)', cr: 'CR', lf: 'LF' };
const TX_NL_TEXT: Record<string, string> = { cr: 'CR', lf: 'LF', crlf: 'CR LF' };
const ENC_TEXT: Record<string, string> = { 'utf-8': 'UTF-8', latin1: 'Latin-1 (ISO 8859-1)', cp437: 'CP437 (IBM PC)' };

type Pending = Partial<LineSettings>;

function Effective({ line, name, testid, display, session }: { line: LineModel | null; name: LineSettingName; testid: string; display: (v: never) => string; session: SessionState | undefined }) {
  const state = itemState(line, name, session);
  const info = ITEM_STATE_TEXT[state];
  const v = shownItem(line, name, session);
  const asked = askedItem(line, name);
  const inEffect = line?.[name].inEffect ?? null;
  // not connected: nothing is in effect; what was asked is named, applied when connected
  const text = state === 'offline' ? 'offline' : v === null ? 'unknown' : display(v as never);
  const title =
    state === 'offline'
      ? `Not connected${asked === null ? '' : ` — asked: ${display(asked as never)}, applied when connected`}`
      : v === null
        ? `Not known: the far end has not reported it`
        : `${inEffect === null ? 'Asked' : 'In effect'}: ${text} — ${info.text}`;
  return (
    <span className="effective mono" data-testid={testid} data-state={state} data-value={state === 'offline' || inEffect === null ? '' : String(inEffect)} data-asked={asked === null ? '' : String(asked)} title={title}>
      <span className="effective-value">{text}</span>
      <span className="effective-mark" aria-hidden="true">
        {info.mark}
      </span>
    </span>
  );
}

function Row({ label, children, htmlFor }: { label: string; children: ReactNode; htmlFor?: string }) {
  return (
    <div className="row">
      <label className="row-label" htmlFor={htmlFor}>
        {label}
      </label>
      <div className="row-field">{children}</div>
    </div>
  );
}

export function LinePanel({ tabId }: { tabId: string }) {
  const line = useViewField(tabId, 'line') ?? null;
  const kind = useViewField(tabId, 'kind');
  const state = useViewField(tabId, 'state');
  const term = useViewField(tabId, 'terminal') ?? DEFAULT_TERMINAL_OPTIONS;
  // What the operator picked, shown until the next settings event answers it.
  const [pending, setPending] = useState<Pending>({});
  const [customBaud, setCustomBaud] = useState<string | null>(null);
  const [baudError, setBaudError] = useState<string | null>(null);
  useEffect(() => setPending({}), [line]);

  const noLine = kind === 'raw' || kind === 'telnet';
  // not connected: what is picked is kept as asked and applied when connected (Disconnect keeps it)
  const disabled = !canAskLine(kind, state);
  const offline = !noLine && !linkUp(state);
  const pickTitle = offline ? (disabled ? 'not connected' : 'not connected: applied when connected') : undefined;
  const apply = (patch: Partial<LineSettings>) => {
    setPending((p) => ({ ...p, ...patch }));
    applySettings(tabId, patch);
  };
  const shown = <K extends LineSettingName>(k: K): LineSettings[K] | undefined => (pending[k] ?? pickedItem(line, k, state) ?? undefined) as LineSettings[K] | undefined;
  const baud = shown('baud');
  const baudIsCommon = baud !== undefined && (COMMON_BAUD_RATES as readonly number[]).includes(baud);
  const baudSelect = customBaud !== null ? 'custom' : baud === undefined ? '' : String(baud);
  const applyCustom = () => {
    if (customBaud === null) return;
    const r = parseBaud(customBaud, MAX_BAUD);
    if (typeof r === 'string') return setBaudError(r);
    setBaudError(null);
    setCustomBaud(null);
    apply({ baud: r });
  };
  const opt = (patch: Partial<TerminalOptions>) => setTerminalOptions(tabId, patch);

  return (
    <div className="panel line-panel">
      <section className="section">
        <h3 className="section-title">
          Line
          {noLine && <span className="hint"> — {kind === 'raw' ? 'raw TCP carries bytes only' : 'plain telnet: no COM-PORT option'}</span>}
          {offline && (
            <span className="hint" data-testid="line-offline-hint">
              {' '}
              — not connected: {disabled ? 'Connect to change line settings' : 'changes are applied when connected'}
            </span>
          )}
        </h3>
        <Row label="Baud" htmlFor={`baud-${tabId}`}>
          <select
            id={`baud-${tabId}`}
            className="select mono"
            data-testid="baud-input"
            disabled={disabled}
            title={pickTitle}
            value={baudSelect}
            onChange={(e) => {
              const v = e.target.value;
              setBaudError(null);
              if (v === 'custom') setCustomBaud(baud !== undefined ? String(baud) : '');
              else if (v) {
                setCustomBaud(null);
                apply({ baud: Number(v) });
              }
            }}
          >
            {baud === undefined && <option value="">—</option>}
            {COMMON_BAUD_RATES.map((b) => (
              <option key={b} value={String(b)}>
                {b}
              </option>
            ))}
            {/* a rate of the operator's own stays listed, apart from Custom… (which always opens the field) */}
            {!baudIsCommon && baud !== undefined && <option value={String(baud)}>{`${baud} (custom)`}</option>}
            <option value="custom">Custom…</option>
          </select>
          <Effective line={line} session={state} name="baud" testid="baud-effective" display={(v: number) => String(v)} />
        </Row>
        {customBaud !== null && (
          <Row label="" htmlFor={`baud-custom-${tabId}`}>
            <input
              id={`baud-custom-${tabId}`}
              className="input mono"
              data-testid="baud-custom"
              inputMode="numeric"
              placeholder="bits/s"
              value={customBaud}
              autoFocus
              aria-invalid={baudError !== null}
              aria-describedby={baudError ? `baud-error-${tabId}` : undefined}
              title={`bits/s, ${MIN_BAUD} to ${MAX_BAUD}`}
              onChange={(e) => setCustomBaud(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') applyCustom();
                if (e.key === 'Escape') {
                  setCustomBaud(null);
                  setBaudError(null);
                }
              }}
            />
            <button type="button" className="btn small" data-testid="baud-custom-apply" onClick={applyCustom}>
              Set
            </button>
          </Row>
        )}
        {customBaud !== null && baudError && (
          <div className="field-error" id={`baud-error-${tabId}`} data-testid="baud-error" role="alert">
            {baudError} — nothing sent
          </div>
        )}
        <Row label="Data bits" htmlFor={`databits-${tabId}`}>
          <select
            id={`databits-${tabId}`}
            className="select mono"
            data-testid="line-databits"
            disabled={disabled}
            title={pickTitle}
            value={shown('dataBits') ?? ''}
            onChange={(e) => apply({ dataBits: Number(e.target.value) as LineSettings['dataBits'] })}
          >
            {shown('dataBits') === undefined && <option value="">—</option>}
            {DATA_BITS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          <Effective line={line} session={state} name="dataBits" testid="line-databits-effective" display={(v: number) => String(v)} />
        </Row>
        <Row label="Parity" htmlFor={`parity-${tabId}`}>
          <select
            id={`parity-${tabId}`}
            className="select"
            data-testid="line-parity"
            disabled={disabled}
            title={pickTitle}
            value={shown('parity') ?? ''}
            onChange={(e) => apply({ parity: e.target.value as LineSettings['parity'] })}
          >
            {shown('parity') === undefined && <option value="">—</option>}
            {PARITIES.map((p) => (
              <option key={p} value={p}>
                {PARITY_TEXT[p]}
              </option>
            ))}
          </select>
          <Effective line={line} session={state} name="parity" testid="line-parity-effective" display={(v: string) => PARITY_TEXT[v]!} />
        </Row>
        <Row label="Stop bits" htmlFor={`stopbits-${tabId}`}>
          <select
            id={`stopbits-${tabId}`}
            className="select mono"
            data-testid="line-stopbits"
            disabled={disabled}
            title={pickTitle}
            value={shown('stopBits') ?? ''}
            onChange={(e) => apply({ stopBits: Number(e.target.value) as LineSettings['stopBits'] })}
          >
            {shown('stopBits') === undefined && <option value="">—</option>}
            {STOP_BITS.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <Effective line={line} session={state} name="stopBits" testid="line-stopbits-effective" display={(v: number) => String(v)} />
        </Row>
        <Row label="Flow control" htmlFor={`flow-${tabId}`}>
          <select
            id={`flow-${tabId}`}
            className="select"
            data-testid="line-flow"
            disabled={disabled}
            title={pickTitle}
            value={shown('flow') ?? ''}
            onChange={(e) => apply({ flow: e.target.value as LineSettings['flow'] })}
          >
            {shown('flow') === undefined && <option value="">—</option>}
            {FLOW_CONTROLS.map((f) => (
              <option key={f} value={f}>
                {FLOW_TEXT[f]}
              </option>
            ))}
          </select>
          <Effective line={line} session={state} name="flow" testid="line-flow-effective" display={(v: string) => FLOW_TEXT[v]!} />
        </Row>
      </section>

      <section className="section">
        <h3 className="section-title">Terminal</h3>
        <Row label="Local echo" htmlFor={`echo-${tabId}`}>
          <input
            id={`echo-${tabId}`}
            type="checkbox"
            className="check"
            data-testid="opt-local-echo"
            checked={term.localEcho}
            onChange={(e) => opt({ localEcho: e.target.checked })}
          />
        </Row>
        <Row label="Receive newline" htmlFor={`rxnl-${tabId}`}>
          <select
            id={`rxnl-${tabId}`}
            className="select"
            data-testid="opt-rx-newline"
            value={term.receiveNewline}
            title="What the device sends at the end of a line. Auto: CR, LF or CR LF each make one new line"
            onChange={(e) => opt({ receiveNewline: e.target.value as TerminalOptions['receiveNewline'] })}
          >
            {RECEIVE_NEWLINES.map((n) => (
              <option key={n} value={n}>
                {RX_NL_TEXT[n]}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Enter sends" htmlFor={`txnl-${tabId}`}>
          <select
            id={`txnl-${tabId}`}
            className="select"
            data-testid="opt-tx-newline"
            value={term.sendNewline}
            onChange={(e) => opt({ sendNewline: e.target.value as TerminalOptions['sendNewline'] })}
          >
            {NEWLINES.map((n) => (
              <option key={n} value={n}>
                {TX_NL_TEXT[n]}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Encoding" htmlFor={`enc-${tabId}`}>
          <select
            id={`enc-${tabId}`}
            className="select"
            data-testid="opt-encoding"
            value={term.encoding}
            title="How received bytes are shown and typed text is sent; logs keep raw bytes"
            onChange={(e) => opt({ encoding: e.target.value as TerminalOptions['encoding'] })}
          >
            {ENCODINGS.map((n) => (
              <option key={n} value={n}>
                {ENC_TEXT[n]}
              </option>
            ))}
          </select>
        </Row>
        <Row label="Font size" htmlFor={`font-${tabId}`}>
          <span className="pair">
            <NumberField id={`font-${tabId}`} testid="opt-font-size" value={term.fontSize} min={6} max={72} onCommit={(v) => opt({ fontSize: v })} />
            <span className="unit">px</span>
          </span>
        </Row>
      </section>

      <section className="section">
        <h3 className="section-title">
          Paste pacing<span className="hint"> — for slow consoles</span>
        </h3>
        <Row label="Char delay" htmlFor={`pchar-${tabId}`}>
          <span className="pair">
            <NumberField id={`pchar-${tabId}`} testid="opt-paste-char-ms" title="Pause after each pasted character (slow consoles without flow control)" value={term.pasteCharDelayMs} max={10_000} onCommit={(v) => opt({ pasteCharDelayMs: v })} />
            <span className="unit">ms</span>
          </span>
        </Row>
        <Row label="Line delay" htmlFor={`pline-${tabId}`}>
          <span className="pair">
            <NumberField id={`pline-${tabId}`} testid="opt-paste-line-ms" title="Pause after each pasted line (e.g. a Cisco console at 9600)" value={term.pasteLineDelayMs} max={60_000} onCommit={(v) => opt({ pasteLineDelayMs: v })} />
            <span className="unit">ms</span>
          </span>
        </Row>
      </section>
    </div>
  );
}

/** A small whole-number field that commits on Enter or blur and reverts on a bad value. */
function NumberField({ id, testid, title, value, min = 0, max, onCommit }: { id?: string; testid: string; title?: string; value: number; min?: number; max: number; onCommit: (v: number) => void }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (/^\d+$/.test(text.trim()) && n >= min && n <= max) onCommit(n);
    else setText(String(value));
  };
  return (
    <input
      id={id}
      className="input mono num"
      data-testid={testid}
      inputMode="numeric"
      value={text}
      title={`${title ? `${title}: ` : ''}${min}..${max}`}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}
