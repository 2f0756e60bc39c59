/**
 * The window: toolbar (brand, quick connect, theme), tab strip, and for the active tab the control strip
 * (lamps, counters, buttons) above its terminal, the side panel (line, profiles, dialer, log) at the
 * right, and the status bar. Every tab's pane stays mounted (hidden when inactive) so its screen and
 * scrollback survive tab switches.
 */
import { useEffect } from 'react';
import { ControlButtons } from './components/ControlButtons.js';
import { Lamps } from './components/Lamps.js';
import { NewSessionDialog } from './components/NewSessionDialog.js';
import { Notices } from './components/Notices.js';
import { QuickConnect } from './components/QuickConnect.js';
import { SidePanel } from './components/SidePanel.js';
import { StatusBar } from './components/StatusBar.js';
import { Tabs } from './components/Tabs.js';
import { ThemeToggle } from './components/ThemeToggle.js';
import { useShortcuts } from './components/useShortcuts.js';
import { openProfile } from './store/actions/sessions.js';
import { useHost } from './store/host.js';
import { useProfiles } from './store/profiles.js';
import { useSessions } from './store/sessions.js';
import { useUi } from './store/ui.js';
import { TerminalPane } from './terminal/TerminalPane.js';

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
          <p className="hint">Open an RFC 2217, telnet or raw TCP connection, a Cisco line or a local serial port, or a saved profile from the list at the right.</p>
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
        </div>
        {demo && <p className="hint">The {demo.name} is a simulated Hayes modem: open it, then dial 555-0100 (echo) or 555-0101 (a BBS) from the Dialer.</p>}
      </div>
    </div>
  );
}

/** The window title names the active tab and its state, for the task bar. */
function useWindowTitle(): void {
  const name = useSessions((s) => s.views.find((v) => v.tabId === s.activeTabId)?.name);
  const state = useSessions((s) => s.views.find((v) => v.tabId === s.activeTabId)?.state);
  useEffect(() => {
    document.title = name ? `${name} (${state}) — Dialtone` : 'Dialtone';
  }, [name, state]);
}

export function App() {
  useShortcuts();
  useWindowTitle();
  const activeTabId = useSessions((s) => s.activeTabId);
  const host = useHost((s) => s.info?.host);
  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand" title={host ? `Dialtone (${host})` : 'Dialtone'}>
          <span className="brand-mark" aria-hidden="true">
            ☎
          </span>
          Dialtone
        </span>
        <QuickConnect />
        <span className="spacer" />
        <ThemeToggle />
      </header>
      <Tabs />
      <div className="workspace">
        <main className="main">
          {activeTabId !== null && (
            <div className="controlbar" key={activeTabId}>
              <Lamps tabId={activeTabId} />
              <ControlButtons tabId={activeTabId} />
            </div>
          )}
          <Panes />
        </main>
        <SidePanel tabId={activeTabId} />
      </div>
      <StatusBar tabId={activeTabId} />
      <NewSessionDialog />
      <Notices />
    </div>
  );
}
