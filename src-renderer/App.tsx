/**
 * The window: toolbar (brand, quick connect, side panel toggle, theme), tab strip, and for the active tab
 * the control strip (Connect/Disconnect/Reconnect, lamps, counters, line buttons) and the macro bar above its terminal, the
 * side panel (line, profiles, dialer, log) at the right unless collapsed, and the status bar. It fits
 * from 800x600 up: the control strip wraps (secondary buttons fold into a menu), the tabs overflow into
 * a menu, the status bar shortens its least useful items first. Every tab's pane stays mounted (hidden
 * when inactive) so its screen and scrollback survive tab switches.
 */
import { useEffect } from 'react';
import { ConfirmDialog } from './components/ConfirmDialog.js';
import { PassphraseDialog } from './components/TlsFields.js';
import { ControlButtons, SessionButtons } from './components/ControlButtons.js';
import { Lamps } from './components/Lamps.js';
import { MacroBar } from './components/MacroBar.js';
import { MacroEditorHost } from './components/MacroEditor.js';
import { NewSessionDialog } from './components/NewSessionDialog.js';
import { Notices } from './components/Notices.js';
import { QuickConnect } from './components/QuickConnect.js';
import { SidePanel, SideToggle } from './components/SidePanel.js';
import { SendBar } from './components/SendBar.js';
import { StatusBar } from './components/StatusBar.js';
import { useSendBar } from './store/send-bar.js';
import { Tabs } from './components/Tabs.js';
import { ThemeToggle } from './components/ThemeToggle.js';
import { useShortcuts } from './components/useShortcuts.js';
import { useMacroKeys } from './components/useMacroKeys.js';
import { TransferBar } from './components/TransferBar.js';
import { TransferDialog } from './components/TransferDialog.js';
import { openProfile } from './store/actions/sessions.js';
import { useHost } from './store/host.js';
import { useProfiles } from './store/profiles.js';
import { useSessions } from './store/sessions.js';
import { useUi } from './store/ui.js';
import { TerminalPane } from './terminal/TerminalPane.js';
import { displayText } from '../src-shared/text/display.js';
import { TAB_NAME_MAX } from './components/tabs-model.js';

function Panes() {
  const tabIds = useSessions((s) => s.views.map((v) => v.tabId).join('\n'));
  const activeTabId = useSessions((s) => s.activeTabId);
  const ids = tabIds ? tabIds.split('\n') : [];
  return (
    <div className="panes">
      {ids.map((id) => (
        <TerminalPane key={id} tabId={id} active={id === activeTabId} />
      ))}
      {ids.length === 0 && <EmptyState />}
    </div>
  );
}

function EmptyState() {
  const bridgeError = useHost((s) => s.bridgeError);
  const open = useUi((s) => s.setNewSessionOpen);
  const sideOpen = useUi((s) => s.sideOpen);
  const showSide = useUi((s) => s.setSideOpen);
  // a newcomer without hardware: one click to the built-in demo modem
  const demo = useProfiles((s) => s.profiles.find((p) => p.builtIn));
  return (
    <div className="empty">
      <div className="empty-card">
        <h2>No session open</h2>
        {bridgeError ? (
          <p className="field-error" data-testid="bridge-error">
            Cannot reach Dialtone's main process: {bridgeError}
          </p>
        ) : (
          <p className="hint">Open an RFC 2217, telnet or raw TCP connection, a Cisco line or a local serial port, or a saved profile from the Profiles list{sideOpen ? ' at the right' : ''}.</p>
        )}
        <div className="empty-actions">
          <button type="button" className="btn primary" onClick={() => open(true)}>
            + New session
          </button>
          {demo && (
            <button type="button" className="btn" data-testid="empty-open-demo" onClick={() => void openProfile(demo)}>
              Try the {demo.name}
            </button>
          )}
          {!sideOpen && (
            <button type="button" className="btn" data-testid="empty-show-profiles" onClick={() => showSide(true)}>
              Show profiles
            </button>
          )}
        </div>
        {demo && <p className="hint">The {demo.name} is a simulated Hayes modem: open it, then dial 555-0100 (echo) or 555-0101 (a BBS) from the Dialer.</p>}
      </div>
    </div>
  );
}

/** The window title names the active tab and its state, for the task bar. */
function useWindowTitle(): void {
  const name = useSessions((s) => (s.activeTabId === null ? undefined : (s.titles[s.activeTabId] ?? s.views.find((v) => v.tabId === s.activeTabId)?.name)));
  const state = useSessions((s) => s.views.find((v) => v.tabId === s.activeTabId)?.state);
  useEffect(() => {
    document.title = name ? `${displayText(name, TAB_NAME_MAX)} (${state}) — Dialtone` : 'Dialtone';
  }, [name, state]);
}

export function App() {
  useShortcuts();
  useMacroKeys();
  useWindowTitle();
  const activeTabId = useSessions((s) => s.activeTabId);
  const host = useHost((s) => s.info?.host);
  const sideOpen = useUi((s) => s.sideOpen);
  const sendBarOpen = useSendBar((s) => s.open);
  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand" title={host ? `Dialtone (${host})` : 'Dialtone'}>
          <span className="brand-mark" aria-hidden="true">
            ☎
          </span>
          <span className="brand-name">Dialtone</span>
        </span>
        <QuickConnect />
        <span className="spacer" />
        <SideToggle />
        <ThemeToggle />
      </header>
      <Tabs />
      <div className={sideOpen ? 'workspace' : 'workspace side-collapsed'}>
        <main className="main">
          {activeTabId !== null && (
            <div className="controlbar" key={activeTabId} data-testid="controlbar">
              <SessionButtons tabId={activeTabId} />
              <Lamps tabId={activeTabId} />
              <ControlButtons tabId={activeTabId} />
            </div>
          )}
          {activeTabId !== null && <MacroBar key={`macros-${activeTabId}`} tabId={activeTabId} />}
          {activeTabId !== null && <TransferBar key={`transfer-${activeTabId}`} tabId={activeTabId} />}
          <Panes />
          {activeTabId !== null && sendBarOpen && <SendBar key={`send-${activeTabId}`} tabId={activeTabId} />}
        </main>
        {sideOpen && <SidePanel tabId={activeTabId} />}
      </div>
      <StatusBar tabId={activeTabId} />
      <NewSessionDialog />
      <MacroEditorHost />
      <TransferDialog />
      <ConfirmDialog />
      <PassphraseDialog />
      <Notices />
    </div>
  );
}
