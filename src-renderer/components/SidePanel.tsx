/**
 * The side panel: Line, Profiles, Dialer and Log, one at a time, chosen by a small tab row; and the
 * toolbar button that collapses it (the terminal then takes the width; the choice is remembered).
 */
import { SIDE_PANELS, useUi, type SidePanel as Panel } from '../store/ui.js';
import { DialerPanel } from './DialerPanel.js';
import { LinePanel } from './LinePanel.js';
import { LogPanel } from './LogPanel.js';
import { ProfilesPanel } from './ProfilesPanel.js';

const TEXT: Record<Panel, string> = { line: 'Line', profiles: 'Profiles', dialer: 'Dialer', log: 'Log' };

export function SidePanel({ tabId }: { tabId: string | null }) {
  // With no tab open only the profiles make sense: show them whatever panel is chosen.
  const chosen = useUi((s) => s.sidePanel);
  const panel = tabId === null ? 'profiles' : chosen;
  const setPanel = useUi((s) => s.setSidePanel);
  const needsTab = panel !== 'profiles';
  return (
    <aside className="side" id="side-panel" data-testid="side-panel">
      <div className="side-tabs" role="tablist">
        {SIDE_PANELS.map((p) => (
          <button key={p} type="button" role="tab" aria-selected={panel === p} className={panel === p ? 'side-tab active' : 'side-tab'} data-testid={`panel-${p}`} onClick={() => setPanel(p)}>
            {TEXT[p]}
          </button>
        ))}
      </div>
      <div className="side-body">
        {panel === 'profiles' && <ProfilesPanel />}
        {needsTab && tabId !== null && panel === 'line' && <LinePanel key={tabId} tabId={tabId} />}
        {needsTab && tabId !== null && panel === 'dialer' && <DialerPanel key={tabId} tabId={tabId} />}
        {needsTab && tabId !== null && panel === 'log' && <LogPanel key={tabId} tabId={tabId} />}
      </div>
    </aside>
  );
}

/** Show or hide the side panel (remembered across reloads by the ui slice). */
export function SideToggle() {
  const open = useUi((s) => s.sideOpen);
  const setOpen = useUi((s) => s.setSideOpen);
  return (
    <button
      type="button"
      className="btn ghost side-toggle"
      data-testid="side-toggle"
      aria-expanded={open}
      aria-controls="side-panel"
      title={open ? 'Hide the side panel (the terminal takes the width)' : 'Show the side panel: Line, Profiles, Dialer, Log'}
      onClick={() => setOpen(!open)}
    >
      <span aria-hidden="true">{open ? '▸' : '◂'}</span> Panel
    </button>
  );
}
