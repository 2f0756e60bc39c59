/** The tab strip: one tab per session view, with its state dot, and a close button. */
import { closeTab } from '../store/actions/sessions.js';
import { useSessions } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { SessionButtons } from './ControlButtons.js';
import { shortcutLabel } from './shortcuts.js';

function Tab({ tabId, active }: { tabId: string; active: boolean }) {
  const name = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.name ?? '');
  const state = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.state ?? 'closed');
  const activate = useSessions((s) => s.activate);
  return (
    <div className={active ? 'tab active' : 'tab'} role="tab" aria-selected={active} data-testid="tab" data-tab-id={tabId} data-state={state}>
      <button type="button" className="tab-main" title={`${name} — ${state}`} onClick={() => activate(tabId)}>
        <i className="dot" aria-hidden="true" />
        <span className="tab-name">{name}</span>
      </button>
      <button type="button" className="tab-close" data-testid="tab-close" title="Close tab (disconnects)" aria-label={`Close ${name}`} onClick={() => void closeTab(tabId)}>
        ×
      </button>
    </div>
  );
}

export function Tabs() {
  const tabIds = useSessions((s) => s.views.map((v) => v.tabId).join('\n'));
  const activeTabId = useSessions((s) => s.activeTabId);
  const openDialog = useUi((s) => s.setNewSessionOpen);
  const ids = tabIds ? tabIds.split('\n') : [];
  return (
    <div className="tabs" role="tablist">
      {ids.map((id) => (
        <Tab key={id} tabId={id} active={id === activeTabId} />
      ))}
      <button type="button" className="btn tab-new" data-testid="new-session" title={`New session (${shortcutLabel('newSession')})`} onClick={() => openDialog(true)}>
        + New session
      </button>
      <span className="spacer" />
      {activeTabId !== null && <SessionButtons tabId={activeTabId} />}
    </div>
  );
}
