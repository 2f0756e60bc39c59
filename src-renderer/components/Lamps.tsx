/**
 * Modem-line lamps: inputs CTS, DSR, RI, DCD lit live from 'modem' events, outputs DTR and RTS from the
 * 'settings' event, and line-error counters (overrun, parity, framing, break) from 'line' events.
 *
 * Inputs and counters update through transient subscriptions (no React re-render per modem event):
 * `data-state` is on / off / unknown (null: this session cannot know the line; drawn hatched, with a
 * tooltip saying why). Every lamp and counter has a fixed size, so nothing moves when they change.
 */
import { useEffect, useRef } from 'react';
import type { ModemLines } from '../../src-shared/line/modem.js';
import { shownValue, type ItemState } from '../../src-shared/line/line-model.js';
import type { SessionState } from '../../src-shared/session/events.js';
import { linkUp } from './line-model.js';
import { live, useLiveEffect } from '../store/live.js';
import type { LineErrorCounts } from '../store/reducers.js';
import { useViewField } from '../store/sessions.js';

/** Lamp state as the e2e specs read it: 'unknown' is a line the session cannot see. */
export type LampState = 'on' | 'off' | 'unknown';

export function lampState(v: boolean | null | undefined): LampState {
  return v === true ? 'on' : v === false ? 'off' : 'unknown';
}

const INPUTS: { key: keyof ModemLines; label: string; name: string }[] = [
  { key: 'cts', label: 'CTS', name: 'Clear To Send' },
  { key: 'dsr', label: 'DSR', name: 'Data Set Ready' },
  { key: 'ri', label: 'RI', name: 'Ring Indicator' },
  { key: 'dcd', label: 'DCD', name: 'Data Carrier Detect' },
];

function tooltip(name: string, label: string, state: LampState, why: string): string {
  if (state === 'unknown') return `${label} (${name}): unavailable — ${why}`;
  return `${label} (${name}): ${state}`;
}

/**
 * Why a lamp of a tab of `kind` in session `state` shows no value: what the kind lacks (raw TCP, plain
 * telnet: true whether or not connected), else not connected, else why the far end is silent (a local
 * port or its driver that does not report the line, an RFC 2217 server that has not reported it yet).
 */
export function whyUnknown(kind: string | undefined, state: string | undefined): string {
  if (kind === 'raw') return 'raw TCP has no modem lines';
  if (kind === 'telnet') return 'plain telnet has no COM-PORT option (use rfc2217://)';
  if (state !== 'connected') return 'not connected';
  if (kind === 'serial') return 'this port or driver does not report it';
  return 'the server has not reported it yet';
}

/** An input lamp's tooltip: its value, or why it has none (whyUnknown) for the tab's kind and state now. */
export function inputLampTitle(label: string, name: string, value: boolean | null | undefined, kind: string | undefined, sessionState: string | undefined): string {
  return tooltip(name, label, lampState(value), whyUnknown(kind, sessionState));
}

function InputLamp({ tabId, input, kind, state: sessionState }: { tabId: string; input: (typeof INPUTS)[number]; kind: string | undefined; state: string | undefined }) {
  const ref = useRef<HTMLSpanElement>(null);
  // the last value the live subscription gave: the tooltip is written again when the kind or the session
  // state changes with the value unchanged (a raw TCP lamp stays unknown from connecting to connected)
  const value = useRef<boolean | null | undefined>(null);
  useLiveEffect(
    tabId,
    (l) => l.modem[input.key],
    (v) => {
      value.current = v;
      const el = ref.current;
      if (!el) return;
      el.dataset.state = lampState(v);
      el.title = inputLampTitle(input.label, input.name, v, kind, sessionState);
    },
  );
  useEffect(() => {
    if (ref.current) ref.current.title = inputLampTitle(input.label, input.name, value.current, kind, sessionState);
  }, [input, kind, sessionState]);
  return (
    <span ref={ref} className="lamp" data-testid={`lamp-${input.key}`} data-state="unknown" role="status" aria-label={input.label}>
      <i className="led" aria-hidden="true" />
      <span className="lamp-label">{input.label}</span>
    </span>
  );
}

/** What an output lamp (DTR, RTS) shows: data-state, data-confirm (the item's shown state) and its title. */
export interface OutputLampView {
  state: LampState;
  confirm: string;
  title: string;
}

/**
 * An output lamp (DTR, RTS) of a tab of `kind` in session `sessionState`, from the line model's item.
 * While connected: the value in effect, else what was asked, marked by its state (requested, unconfirmed,
 * differs). While not connected no lamp is lit and nothing is waiting for the server: the lamp is
 * unknown (hatched), 'not connected', and what was asked is named as applied when connected.
 */
export function outputLampView(
  which: 'dtr' | 'rts',
  item: { asked: boolean | null; inEffect: boolean | null; state: ItemState } | undefined,
  kind: string | undefined,
  sessionState: SessionState | undefined,
): OutputLampView {
  const label = which.toUpperCase();
  const name = which === 'dtr' ? 'Data Terminal Ready' : 'Request To Send';
  if (!linkUp(sessionState)) {
    const confirm = item?.state === 'unsupported' ? 'unsupported' : 'offline';
    let title = tooltip(name, label, 'unknown', whyUnknown(kind, sessionState));
    const asked = item?.asked ?? null;
    if (asked !== null && confirm === 'offline') title += `; asked: ${asked ? 'on' : 'off'} — applied when connected`;
    return { state: 'unknown', confirm, title };
  }
  const state = lampState(item ? shownValue(item) : null);
  const confirm = item?.state;
  let title = tooltip(name, label, state, whyUnknown(kind, sessionState));
  if (confirm === 'unconfirmed') title += ' (asked for; the server did not confirm)';
  if (confirm === 'requested') title += ' (asked for; waiting for the server)';
  if (confirm === 'differs') title += ' (the server reports a different value)';
  return { state, confirm: confirm ?? 'none', title };
}

/** An output lamp (DTR, RTS): outputLampView of the tab's line model, kind and session state. */
function OutputLamp({ tabId, which }: { tabId: string; which: 'dtr' | 'rts' }) {
  const item = useViewField(tabId, 'line')?.[which];
  const kind = useViewField(tabId, 'kind');
  const sessionState = useViewField(tabId, 'state');
  const { state, confirm, title } = outputLampView(which, item, kind, sessionState);
  const label = which.toUpperCase();
  return (
    <span
      className="lamp output"
      data-testid={`lamp-${which}`}
      data-state={state}
      data-confirm={confirm}
      title={title}
      role="status"
      aria-label={label}
    >
      <i className="led" aria-hidden="true" />
      <span className="lamp-label">{label}</span>
    </span>
  );
}

const COUNTERS: { key: keyof LineErrorCounts; label: string; title: string }[] = [
  { key: 'overrun', label: 'OVR', title: 'Overrun errors (the far UART lost bytes)' },
  { key: 'parity', label: 'PAR', title: 'Parity errors' },
  { key: 'framing', label: 'FRM', title: 'Framing errors (often a wrong baud rate)' },
  { key: 'break', label: 'BRK', title: 'BREAK conditions detected on the line' },
];

function Counter({ tabId, c }: { tabId: string; c: (typeof COUNTERS)[number] }) {
  const ref = useRef<HTMLSpanElement>(null);
  const valueRef = useRef<HTMLSpanElement>(null);
  useLiveEffect(
    tabId,
    (l) => l.errors[c.key],
    (n) => {
      if (!ref.current || !valueRef.current) return;
      valueRef.current.textContent = n > 99_999 ? '99999+' : String(n);
      ref.current.dataset.count = String(n);
      ref.current.classList.toggle('nonzero', n > 0);
    },
  );
  return (
    <span ref={ref} className="counter" data-testid={`count-${c.key}`} data-count="0" title={c.title}>
      <span className="counter-label">{c.label}</span>
      <span ref={valueRef} className="counter-value mono">
        0
      </span>
    </span>
  );
}

export function Lamps({ tabId }: { tabId: string }) {
  const kind = useViewField(tabId, 'kind');
  const state = useViewField(tabId, 'state');
  return (
    <div className="lamps" data-testid="lamps">
      <div className="lamp-group" title="Inputs from the device">
        {INPUTS.map((i) => (
          <InputLamp key={i.key} tabId={tabId} input={i} kind={kind} state={state} />
        ))}
      </div>
      <div className="lamp-group" title="Outputs to the device">
        <OutputLamp tabId={tabId} which="dtr" />
        <OutputLamp tabId={tabId} which="rts" />
      </div>
      <button type="button" className="lamp-group counters" data-testid="counters" title="Line errors since the tab opened or the last reset — click to reset" onMouseDown={(e) => e.preventDefault()} onClick={() => live.resetErrors(tabId)}>
        {COUNTERS.map((c) => (
          <Counter key={c.key} tabId={tabId} c={c} />
        ))}
      </button>
    </div>
  );
}
