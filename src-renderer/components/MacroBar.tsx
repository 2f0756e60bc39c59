/**
 * The macro bar above the pane (issue 14): one button per macro this tab shows (the saved ones for
 * every tab or for the tab's profile, and the demo modem's example on its tabs), each with its function
 * key; a click runs it on the tab's session. While one runs, its button says "k/n", the others wait,
 * and Stop ends it; the status beside says the step, or how the last run ended (a failed wait: which
 * step and what was received last). Right-click a button to edit it. The Macros menu: new macro, edit
 * each one (the shipped examples open as a copy), import and export the macros file.
 */
import { useEffect, useRef, type MouseEvent, type RefObject } from 'react';
import type { MacroEntry, MacroStatus } from '../../src-shared/ipc/contract.js';
import { exportMacros, importMacros, runMacroOn, stopMacroOn } from '../store/actions/macros.js';
import { macrosForTab, useMacros } from '../store/macros.js';
import { useViewField } from '../store/sessions.js';
import { downloadJson } from './JsonFileButtons.js';
import { Menu } from './Menu.js';
import { printable } from './macro-editor-model.js';

/** Open the editor on a saved macro, or on a copy of an example (saved as a new macro). */
function editEntry(e: MacroEntry): void {
  if (!e.example) return useMacros.getState().edit({ macro: e.macro, ...(e.profileId ? { profileId: e.profileId } : {}) });
  const { id: _id, ...copy } = e.macro;
  useMacros.getState().edit({ macro: { ...copy, name: `${copy.name} (copy)` } });
}

const NEW_MACRO = { name: 'New macro', steps: [{ kind: 'send' as const, syntax: 'text' as const, data: 'AT', lineEnd: 'cr' as const }] };

/**
 * What the status says: the step running (with its kind when known), or how the last run ended; a
 * failure names the step, why, and what was received last (control bytes as \r \n \xHH).
 */
export function macroStatusText(s: MacroStatus, stepKind?: string): string {
  switch (s.state) {
    case 'running':
      return `${s.name}: step ${Math.max(1, s.step)}/${s.steps}${stepKind ? ` (${stepKind})` : ''}`;
    case 'done':
      return `${s.name}: done`;
    case 'stopped':
      return `${s.name}: stopped at step ${s.step}/${s.steps}`;
    case 'failed': {
      const last = s.lastReceived === undefined ? '' : ` · last received: ${s.lastReceived ? `"${printable(Uint8Array.from(s.lastReceived, (c) => c.charCodeAt(0)))}"` : 'nothing'}`;
      return `${s.name} failed at ${s.message ?? `step ${s.step}`}${last}`;
    }
  }
}

/** The run's status on this tab; a finished run's can be dismissed. */
function MacroStatusLine({ status, stepKind, onDismiss }: { status: MacroStatus; stepKind: string | undefined; onDismiss: () => void }) {
  const text = macroStatusText(status, stepKind);
  return (
    <span className={`macro-status ${status.state}`} data-testid="macro-status" data-state={status.state} data-step={status.step} data-macro-id={status.macroId} title={text}>
      <span className="macro-status-text" data-testid="macro-status-text">
        {text}
      </span>
      {status.state !== 'running' && (
        <button type="button" className="notice-close macro-dismiss" data-testid="macro-status-dismiss" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </span>
  );
}

/** `el` is wider than it shows (buttons hidden past its right edge): marked for a fade. */
function useOverflow(ref: RefObject<HTMLElement | null>, deps: unknown): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => {
      const more = el.scrollWidth - el.clientWidth - el.scrollLeft > 1;
      el.dataset.more = String(more);
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    el.addEventListener('scroll', check, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', check);
    };
  }, [ref, deps]);
}

function MacroButton({ e, tabId, status, busy, offline }: { e: MacroEntry; tabId: string; status: MacroStatus | undefined; busy: boolean; offline: boolean }) {
  const running = status?.state === 'running' && status.macroId === e.macro.id;
  // main refuses a run on a session that is not connected (MACRO_NEEDS_LINK): the button says so first
  const why = running ? '' : busy ? ' (a macro is running: stop it first)' : offline ? ' (not connected: Connect to run it)' : '';
  const onContext = (ev: MouseEvent) => {
    ev.preventDefault();
    editEntry(e);
  };
  return (
    <button
      type="button"
      className={running ? 'btn small macro-button running' : 'btn small macro-button'}
      data-testid="macro-button"
      data-macro-id={e.macro.id}
      data-macro-name={e.macro.name}
      data-running={String(running)}
      // aria-disabled, not disabled: a disabled button gets no right-click, and editing a macro needs no line
      aria-disabled={why !== ''}
      title={`${e.macro.name}${e.macro.key ? ` (${e.macro.key})` : ''}${e.example ? ' — shipped example' : ''}: click to run, right-click to edit${why}`}
      onClick={() => why === '' && void runMacroOn(tabId, e.macro.id!)}
      onContextMenu={onContext}
    >
      {e.macro.key && <kbd className="macro-key">{e.macro.key}</kbd>}
      <span className="macro-name">{e.macro.name}</span>
      {running && <span className="macro-progress mono">{`${Math.max(1, status.step)}/${status.steps}`}</span>}
    </button>
  );
}

/** The Macros menu: new, edit each, examples, import, export. */
function MacroMenu({ shown, onImport }: { shown: MacroEntry[]; onImport: () => void }) {
  const entries = useMacros((s) => s.entries);
  const saved = entries.filter((e) => !e.example);
  const examples = entries.filter((e) => e.example);
  return (
    <Menu label="Macros ▾" title="Macros: new, edit, examples, import, export" buttonTestId="macro-menu-button" menuTestId="macro-menu" className="btn small">
      {(close) => (
        <>
          <button type="button" role="menuitem" className="menu-item" data-testid="macro-new" onClick={() => (close(), useMacros.getState().edit({ macro: NEW_MACRO }))}>
            New macro…
          </button>
          {saved.length > 0 && <div className="menu-label">Edit</div>}
          {saved.map((e) => (
            <button key={e.macro.id} type="button" role="menuitem" className="menu-item" data-testid="macro-edit" data-macro-name={e.macro.name} onClick={() => (close(), editEntry(e))}>
              {e.macro.name}
              <span className="menu-key">{[e.macro.key, shown.includes(e) ? null : 'other tabs'].filter(Boolean).join(' · ')}</span>
            </button>
          ))}
          <div className="menu-label">Examples (open a copy)</div>
          {examples.map((e) => (
            <button key={e.macro.id} type="button" role="menuitem" className="menu-item" data-testid="macro-example" data-macro-id={e.macro.id} onClick={() => (close(), editEntry(e))}>
              {e.macro.name}
            </button>
          ))}
          <div className="menu-sep" role="separator" />
          <button type="button" role="menuitem" className="menu-item" data-testid="macros-import" onClick={() => (close(), onImport())}>
            Import…
          </button>
          <button type="button" role="menuitem" className="menu-item" data-testid="macros-export" disabled={saved.length === 0} onClick={() => (close(), void exportMacros().then((r) => r && downloadJson(r.fileName, r.json)))}>
            Export all ({saved.length})
          </button>
        </>
      )}
    </Menu>
  );
}

export function MacroBar({ tabId }: { tabId: string }) {
  const profileId = useViewField(tabId, 'profileId');
  const sessionId = useViewField(tabId, 'sessionId');
  const offline = useViewField(tabId, 'state') !== 'connected';
  const entries = useMacros((s) => s.entries);
  const status = useMacros((s) => (sessionId ? s.status[sessionId] : undefined));
  const fileRef = useRef<HTMLInputElement>(null);
  const buttonsRef = useRef<HTMLDivElement>(null);
  const shown = macrosForTab(entries, profileId);
  useOverflow(buttonsRef, shown.length);
  const busy = status?.state === 'running';
  const stepKind = status ? entries.find((e) => e.macro.id === status.macroId)?.macro.steps[status.step - 1]?.kind : undefined;
  return (
    <div className="macro-bar" data-testid="macro-bar" role="toolbar" aria-label="Macros">
      <div
        ref={buttonsRef}
        className="macro-buttons"
        onWheel={(e) => {
          // a mouse wheel scrolls the row of buttons sideways
          if (e.deltaY !== 0 && e.currentTarget.scrollWidth > e.currentTarget.clientWidth) e.currentTarget.scrollLeft += e.deltaY;
        }}
      >
        {shown.map((e) => (
          <MacroButton key={e.macro.id} e={e} tabId={tabId} status={status} busy={busy} offline={offline} />
        ))}
        {shown.length === 0 && <span className="hint macro-empty">No macros on this tab: Macros ▾ → New macro</span>}
      </div>
      {status && <MacroStatusLine status={status} stepKind={stepKind} onDismiss={() => useMacros.getState().clearStatus(status.sessionId)} />}
      {busy && (
        <button type="button" className="btn small danger" data-testid="macro-stop" onClick={() => void stopMacroOn(tabId)}>
          Stop
        </button>
      )}
      <MacroMenu shown={shown} onImport={() => fileRef.current?.click()} />
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid="macros-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then((json) => importMacros(json));
        }}
      />
    </div>
  );
}
