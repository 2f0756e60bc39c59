/**
 * The tab strip: one tab per session view (state dot, label, connected time, close), the menu of all
 * tabs when they do not fit, and New session. The strip never wraps or grows: tabs shrink to a minimum,
 * then the ones that do not fit scroll out of view (the active one is always scrolled in) and the menu
 * reaches every tab. A double click on a tab renames it; closing a live or logging tab asks first.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { formatTarget } from '../../src-shared/session/target.js';
import { useSessions } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { terminalRegistry } from '../terminal/registry.js';
import { requestCloseTab } from './close-tab.js';
import { ConnectedTime } from './ConnectedTime.js';
import { Menu } from './Menu.js';
import { formatShortcut, keyboardPlatform } from './shortcuts.js';
import { TAB_NAME_MAX, tabLabels, type TabLabel } from './tabs-model.js';

/** Hook: each tab's label (title, else name, numbered when two read the same). */
function useLabels(): Map<string, TabLabel> {
  // one joined string (NUL-separated): the strip re-renders only when a label's inputs change
  const key = useSessions((s) => s.views.map((v) => `${v.tabId}\0${s.titles[v.tabId] ?? v.name}`).join('\0\0'));
  return useMemo(() => {
    const views = key
      ? key.split('\0\0').map((pair) => {
          const [tabId = '', name = ''] = pair.split('\0');
          return { tabId, name };
        })
      : [];
    return tabLabels(views, {});
  }, [key]);
}

/** The tab's name field while renaming: Enter or leaving keeps it, Escape drops it, empty goes back to the name. */
function RenameInput({ tabId, initial, done }: { tabId: string; initial: string; done(): void }) {
  const ref = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (keep: boolean) => {
    if (finished.current) return;
    finished.current = true;
    if (keep) useSessions.getState().rename(tabId, ref.current?.value ?? '');
    done();
    // typing goes on where it was: the terminal of the active tab
    if (useSessions.getState().activeTabId === tabId) terminalRegistry.get(tabId)?.focus();
  };
  return (
    <input
      ref={ref}
      className="input tab-rename"
      data-testid="tab-rename-input"
      aria-label="Tab name"
      defaultValue={initial}
      spellCheck={false}
      maxLength={TAB_NAME_MAX}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(true);
        else if (e.key === 'Escape') finish(false);
      }}
      onBlur={() => finish(true)}
    />
  );
}

const NO_LABEL: TabLabel = { text: '', base: '', ordinal: null };

/** The label with its number apart, so a long name is cut and the number stays. */
function LabelText({ label, testId }: { label: TabLabel; testId?: string }) {
  return (
    <span className="tab-label" data-testid={testId}>
      <span className="tab-label-base">{label.base}</span>
      {label.ordinal !== null && <span className="tab-label-ordinal"> {label.ordinal}</span>}
    </span>
  );
}

function Tab({ tabId, active, label }: { tabId: string; active: boolean; label: TabLabel }) {
  const name = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.name ?? '');
  const state = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.state ?? 'closed');
  const target = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.target);
  const activate = useSessions((s) => s.activate);
  const [editing, setEditing] = useState(false);
  const where = target ? formatTarget(target) : '';
  const title = `${label.text}${label.base !== name ? ` (${name})` : ''}\n${where} — ${state}\nDouble-click to rename`;
  return (
    <div className={active ? 'tab active' : 'tab'} role="tab" aria-selected={active} data-testid="tab" data-tab-id={tabId} data-state={state}>
      {editing ? (
        <RenameInput tabId={tabId} initial={label.base} done={() => setEditing(false)} />
      ) : (
        <button type="button" className="tab-main" title={title} onClick={() => activate(tabId)} onDoubleClick={() => setEditing(true)}>
          <i className="dot" aria-hidden="true" />
          <LabelText label={label} testId="tab-name" />
          <ConnectedTime tabId={tabId} testId="tab-time" />
        </button>
      )}
      <button
        type="button"
        className="tab-close"
        data-testid="tab-close"
        title={`Close tab (${formatShortcut('closeTab', keyboardPlatform())}); asks first while connected or logging`}
        aria-label={`Close ${label.text}`}
        onClick={() => void requestCloseTab(tabId)}
      >
        ×
      </button>
    </div>
  );
}

/** What of the strip is out of view: how many tabs, and on which sides (for the edge fades). */
interface StripOverflow {
  hidden: number;
  left: boolean;
  right: boolean;
}

/**
 * Hook: keeps the active tab scrolled into the strip (on activation, tab changes and resizes, not on
 * the operator's own scrolling) and measures what is out of view.
 */
function useStripOverflow(strip: RefObject<HTMLDivElement | null>, activeTabId: string | null, key: string): StripOverflow {
  const [overflow, setOverflow] = useState<StripOverflow>({ hidden: 0, left: false, right: false });
  useLayoutEffect(() => {
    const el = strip.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      let hidden = 0;
      for (const tab of el.querySelectorAll<HTMLElement>('[data-testid="tab"]')) {
        const r = tab.getBoundingClientRect();
        if (r.left < box.left - 1 || r.right > box.right + 1) hidden++;
      }
      const left = el.scrollLeft > 1;
      const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
      setOverflow((o) => (o.hidden === hidden && o.left === left && o.right === right ? o : { hidden, left, right }));
    };
    const showActive = () => {
      const tab = activeTabId === null ? null : el.querySelector<HTMLElement>(`[data-tab-id="${CSS.escape(activeTabId)}"]`);
      tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      measure();
    };
    showActive();
    const ro = new ResizeObserver(showActive);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, [strip, activeTabId, key]);
  return overflow;
}

/** The menu of every tab, offered when some do not fit in the strip. */
function TabMenu({ ids, activeTabId, labels, hidden }: { ids: string[]; activeTabId: string | null; labels: Map<string, TabLabel>; hidden: number }) {
  const activate = useSessions((s) => s.activate);
  return (
    <Menu
      className="btn tab-menu-button"
      buttonTestId="tab-menu-button"
      menuTestId="tab-menu"
      title={`All ${ids.length} tabs (${hidden} not in view)`}
      label={
        <>
          <span className="mono">+{hidden}</span> ▾
        </>
      }
    >
      {(close) =>
        ids.map((id) => (
          <TabMenuItem
            key={id}
            tabId={id}
            label={labels.get(id) ?? NO_LABEL}
            active={id === activeTabId}
            onChoose={() => {
              activate(id);
              close();
            }}
          />
        ))
      }
    </Menu>
  );
}

function TabMenuItem({ tabId, label, active, onChoose }: { tabId: string; label: TabLabel; active: boolean; onChoose(): void }) {
  const state = useSessions((s) => s.views.find((v) => v.tabId === tabId)?.state ?? 'closed');
  return (
    <button type="button" role="menuitem" className="menu-item" data-testid="tab-menu-item" data-tab-id={tabId} data-state={state} aria-current={active} onClick={onChoose}>
      <i className="dot" aria-hidden="true" />
      <span className="menu-item-text">{label.text}</span>
      <ConnectedTime tabId={tabId} />
    </button>
  );
}

export function Tabs() {
  const tabIds = useSessions((s) => s.views.map((v) => v.tabId).join('\n'));
  const activeTabId = useSessions((s) => s.activeTabId);
  const openDialog = useUi((s) => s.setNewSessionOpen);
  const labels = useLabels();
  const ids = tabIds ? tabIds.split('\n') : [];
  const stripRef = useRef<HTMLDivElement>(null);
  const { hidden, left, right } = useStripOverflow(stripRef, activeTabId, `${tabIds}|${[...labels.values()].map((l) => l.text).join('|')}`);
  return (
    <div className="tabs">
      <div
        ref={stripRef}
        className="tab-strip"
        data-fade={left && right ? 'both' : left ? 'left' : right ? 'right' : 'none'}
        role="tablist"
        data-testid="tab-strip"
        // a mouse wheel over the strip scrolls it sideways (it has no scroll bar)
        onWheel={(e) => {
          if (stripRef.current) stripRef.current.scrollLeft += e.deltaY || e.deltaX;
        }}
      >
        {ids.map((id) => (
          <Tab key={id} tabId={id} active={id === activeTabId} label={labels.get(id) ?? NO_LABEL} />
        ))}
      </div>
      {hidden > 0 && <TabMenu ids={ids} activeTabId={activeTabId} labels={labels} hidden={hidden} />}
      <button type="button" className="btn tab-new" data-testid="new-session" title={`New session (${formatShortcut('newSession', keyboardPlatform())})`} aria-label="New session" onClick={() => openDialog(true)}>
        +<span className="tab-new-text"> New session</span>
      </button>
    </div>
  );
}
