/**
 * The line-control buttons of a tab: DTR and RTS toggles, BREAK (a pulse of the chosen length; Shift+click
 * holds BREAK on until clicked again) and purge; and (SessionButtons, at the start of the control strip)
 * Connect / Disconnect / Reconnect. In a narrow strip the secondary ones (BREAK length, Purge) fold
 * into a "⋯" menu (app.css container query), so DTR, RTS and BREAK stay on screen. Each tooltip names
 * its keyboard shortcut (shortcuts.ts); the shortcuts run the same functions (controls.ts).
 */
import type { MouseEvent } from 'react';
import { useUi } from '../store/ui.js';
import { purge } from '../store/actions/line.js';
import { connect, disconnect, reconnect } from '../store/actions/sessions.js';
import { useViewField } from '../store/sessions.js';
import { BREAK_PULSES_MS, breakClick, breakHeld, breakTitle, canDriveLines, canSendBreak, linePressed, lineButtonTitle, noLinesReason, toggleLine } from './controls.js';
import { Menu } from './Menu.js';
import { PaneMenu } from './PaneMenu.js';
import { formatShortcut, keyboardPlatform, type ShortcutAction } from './shortcuts.js';

/**
 * A click on a button must not take the keyboard from the terminal (the operator toggles DTR, then
 * types on): buttons in these bars do not take focus on mouse down. Selects still do.
 */
function keepTerminalFocus(e: MouseEvent): void {
  if (e.target instanceof Element && e.target.closest('button')) e.preventDefault();
}

/** An action's key as this keyboard's system names it (Cmd+Shift on a Mac), as the application menu shows it. */
const key = (action: ShortcutAction): string => formatShortcut(action, keyboardPlatform());
const purgeTitle = (): string => `Purge: clear the far end's receive and transmit buffers (${key('purge')})`;

export function ControlButtons({ tabId }: { tabId: string }) {
  const state = useViewField(tabId, 'state');
  const kind = useViewField(tabId, 'kind');
  const line = useViewField(tabId, 'line');
  const breakMs = useUi((s) => s.breakMs);
  const setBreakMs = useUi((s) => s.setBreakMs);
  const connected = state === 'connected';
  const lines = canDriveLines(kind, state, line);
  const breakOk = connected && canSendBreak(kind);
  const purgeOk = connected && kind !== 'raw' && kind !== 'telnet';
  // what the operator sees pressed: in effect, or asked for while unconfirmed (the lamps say which);
  // while not connected, what was asked (applied when connected)
  const dtr = linePressed(line, 'dtr', state);
  const rts = linePressed(line, 'rts', state);
  const held = breakHeld(line);
  const noLines = noLinesReason(kind, state);
  const lineTitle = (name: string, v: boolean | null, which: 'dtr' | 'rts') => lineButtonTitle(name, v, state, key(which));

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
          title={breakTitle(kind, state, held, breakMs, key('break'))}
          onClick={(e) => breakClick(tabId, e.shiftKey)}
        >
          {held ? 'BREAK ●' : 'BREAK'}
        </button>
        <select
          className="select small mono secondary"
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
          className="btn secondary"
          data-testid="btn-purge"
          disabled={!purgeOk}
          title={purgeTitle()}
          onClick={() => purge(tabId, 'both')}
        >
          Purge
        </button>
        <FoldedControls tabId={tabId} breakOk={breakOk} purgeOk={purgeOk} />
      </div>
      <div className="btn-group">
        <PaneMenu tabId={tabId} />
      </div>
    </div>
  );
}

/** The secondary controls as a menu, shown instead of them when the strip is narrow. */
function FoldedControls({ tabId, breakOk, purgeOk }: { tabId: string; breakOk: boolean; purgeOk: boolean }) {
  const breakMs = useUi((s) => s.breakMs);
  const setBreakMs = useUi((s) => s.setBreakMs);
  return (
    <div className="folded">
      <Menu className="btn more" buttonTestId="controls-more" menuTestId="controls-menu" title="More line controls: BREAK length, Purge" label="⋯">
        {(close) => (
          <>
            <div className="menu-label">BREAK length</div>
            {BREAK_PULSES_MS.map((ms) => (
              <button
                key={ms}
                type="button"
                role="menuitemradio"
                className="menu-item mono"
                aria-checked={ms === breakMs}
                disabled={!breakOk}
                onClick={() => {
                  setBreakMs(ms);
                  close();
                }}
              >
                <span className="menu-check" aria-hidden="true">
                  {ms === breakMs ? '✓' : ''}
                </span>
                {ms} ms
              </button>
            ))}
            <div className="menu-sep" role="separator" />
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              data-testid="menu-purge"
              disabled={!purgeOk}
              title={purgeTitle()}
              onClick={() => {
                purge(tabId, 'both');
                close();
              }}
            >
              <span className="menu-check" aria-hidden="true" />
              Purge
            </button>
          </>
        )}
      </Menu>
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
        title={`Reconnect now (${key('reconnect')})`}
        onClick={() => void reconnect(tabId)}
      >
        Reconnect
      </button>
    </div>
  );
}
