/**
 * The line-control buttons of a tab: DTR and RTS toggles, BREAK (a pulse of the chosen length; Shift+click
 * holds BREAK on until clicked again) and purge; and (SessionButtons, at the end of the tab strip)
 * Connect / Disconnect / Reconnect. Each tooltip names its keyboard shortcut (shortcuts.ts); the
 * shortcuts run the same functions (controls.ts).
 */
import type { MouseEvent } from 'react';
import { useUi } from '../store/ui.js';
import { purge } from '../store/actions/line.js';
import { connect, disconnect, reconnect } from '../store/actions/sessions.js';
import { useViewField } from '../store/sessions.js';
import { canControlLines, shownValue } from '../../src-shared/line/line-model.js';
import { BREAK_PULSES_MS, breakClick, breakHeld, canSendBreak, toggleLine } from './controls.js';
import { shortcutLabel } from './shortcuts.js';

/**
 * A click on a button must not take the keyboard from the terminal (the operator toggles DTR, then
 * types on): buttons in these bars do not take focus on mouse down. Selects still do.
 */
function keepTerminalFocus(e: MouseEvent): void {
  if (e.target instanceof Element && e.target.closest('button')) e.preventDefault();
}

export function ControlButtons({ tabId }: { tabId: string }) {
  const state = useViewField(tabId, 'state');
  const kind = useViewField(tabId, 'kind');
  const line = useViewField(tabId, 'line');
  const breakMs = useUi((s) => s.breakMs);
  const setBreakMs = useUi((s) => s.setBreakMs);
  const connected = state === 'connected';
  const lines = connected && canControlLines(kind, line);
  const breakOk = connected && canSendBreak(kind);
  // what the operator sees pressed: in effect, or asked for while unconfirmed (the lamps say which)
  const dtr = line ? shownValue(line.dtr) : null;
  const rts = line ? shownValue(line.rts) : null;
  const held = breakHeld(line);
  const noLines =
    kind === 'raw' ? 'raw TCP has no modem lines'
    : kind === 'telnet' ? 'plain telnet has no COM-PORT control (use rfc2217://)'
    : !connected ? 'not connected'
    : 'the far end cannot set it (unsupported)';
  const lineTitle = (name: string, v: boolean | null, key: 'dtr' | 'rts') =>
    `${name} ${v === null ? 'unknown' : v ? 'on' : 'off'} — click to ${v ? 'drop' : 'raise'} (${shortcutLabel(key)})`;

  return (
    <div className="controls" onMouseDown={keepTerminalFocus}>
      <div className="btn-group">
        <button
          type="button"
          className="btn toggle"
          data-testid="dtr-toggle"
          aria-pressed={dtr === true}
          disabled={!lines}
          title={lines ? lineTitle('DTR', dtr, 'dtr') : `DTR: ${noLines}`}
          onClick={() => toggleLine(tabId, 'dtr')}
        >
          DTR
        </button>
        <button
          type="button"
          className="btn toggle"
          data-testid="rts-toggle"
          aria-pressed={rts === true}
          disabled={!lines}
          title={lines ? lineTitle('RTS', rts, 'rts') : `RTS: ${noLines}`}
          onClick={() => toggleLine(tabId, 'rts')}
        >
          RTS
        </button>
      </div>
      <div className="btn-group">
        <button
          type="button"
          className={held ? 'btn toggle break held' : 'btn toggle break'}
          data-testid="break-button"
          data-state={held ? 'held' : 'off'}
          aria-pressed={held}
          disabled={!breakOk}
          title={
            breakOk
              ? held
                ? 'BREAK is held on — click to release'
                : `BREAK for ${breakMs} ms (${shortcutLabel('break')}); Shift+click holds it until clicked again`
              : 'BREAK: raw TCP cannot signal BREAK'
          }
          onClick={(e) => breakClick(tabId, e.shiftKey)}
        >
          {held ? 'BREAK ●' : 'BREAK'}
        </button>
        <select
          className="select small mono"
          data-testid="break-ms"
          aria-label="BREAK length"
          title="BREAK pulse length"
          value={breakMs}
          disabled={!breakOk}
          onChange={(e) => setBreakMs(Number(e.target.value))}
        >
          {BREAK_PULSES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {ms} ms
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn"
          data-testid="btn-purge"
          disabled={!connected || kind === 'raw' || kind === 'telnet'}
          title={`Purge: clear the far end's receive and transmit buffers (${shortcutLabel('purge')})`}
          onClick={() => purge(tabId, 'both')}
        >
          Purge
        </button>
      </div>
    </div>
  );
}

/** Connect / Disconnect / Reconnect for the active tab. */
export function SessionButtons({ tabId }: { tabId: string }) {
  const state = useViewField(tabId, 'state');
  // live: connected or on the way (connecting, reconnecting); otherwise Connect brings it back
  const live = state === 'connecting' || state === 'connected' || state === 'reconnecting';
  return (
    <div className="session-buttons" onMouseDown={keepTerminalFocus}>
      <button
        type="button"
        className="btn primary"
        data-testid="btn-connect"
        disabled={live}
        title="Connect again: what was asked (line settings, DTR, RTS) is applied again"
        onClick={() => void connect(tabId)}
      >
        Connect
      </button>
      <button
        type="button"
        className="btn"
        data-testid="disconnect-button"
        disabled={!live}
        title="Disconnect: close the connection and free the port; the screen and the settings asked for stay"
        onClick={() => void disconnect(tabId)}
      >
        Disconnect
      </button>
      <button
        type="button"
        className="btn"
        data-testid="btn-reconnect"
        title={`Reconnect now (${shortcutLabel('reconnect')})`}
        onClick={() => void reconnect(tabId)}
      >
        Reconnect
      </button>
    </div>
  );
}
