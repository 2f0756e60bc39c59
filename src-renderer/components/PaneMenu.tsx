/**
 * The pane's own menu (never the line's): Clear scrollback, Reset terminal, Copy, Find, the send bar,
 * each with its shortcut. Reset recovers a pane the far end left in a state that hides output (an unterminated DCS,
 * an alternate screen, a wrong charset).
 */
import { requestFind } from '../terminal/find-request.js';
import { clearPane, copySelection, resetPane } from '../terminal/pane-commands.js';
import { useSendBar } from '../store/send-bar.js';
import { useTransfers } from '../store/transfers.js';
import { useViewMode } from '../store/view-mode.js';
import { Menu } from './Menu.js';
import { shortcutLabel, type ShortcutAction } from './shortcuts.js';

const ITEMS: ReadonlyArray<{ action: ShortcutAction; label: string; testId: string; run: (tabId: string) => void }> = [
  { action: 'clear', label: 'Clear scrollback', testId: 'pane-clear', run: clearPane },
  { action: 'reset', label: 'Reset terminal', testId: 'pane-reset', run: resetPane },
  { action: 'copy', label: 'Copy selection', testId: 'pane-copy', run: copySelection },
  { action: 'find', label: 'Find…', testId: 'pane-find', run: () => requestFind() },
  { action: 'sendBar', label: 'Send bar (text or hex)', testId: 'pane-send-bar', run: () => useSendBar.getState().setOpen(!useSendBar.getState().open) },
];

export function PaneMenu({ tabId }: { tabId: string }) {
  // issue 12: the tab's view (Terminal / Hex) and the Terminal view's timestamps
  const hex = useViewMode((s) => s.modes[tabId] === 'hex');
  const stamps = useViewMode((s) => s.stamps[tabId] === true);
  const stampStyle = useViewMode((s) => s.stampStyle);
  const checks: ReadonlyArray<{ key: string; label: string; testId: string; checked: boolean; action?: ShortcutAction; run(): void }> = [
    { key: 'hex', label: 'Hex view', testId: 'pane-hex-view', checked: hex, action: 'hexView', run: () => useViewMode.getState().toggleMode(tabId) },
    { key: 'stamps', label: 'Timestamps', testId: 'pane-timestamps', checked: stamps, action: 'timestamps', run: () => useViewMode.getState().toggleStamps(tabId) },
    {
      key: 'delta',
      label: 'Timestamps as delta (+s)',
      testId: 'pane-timestamps-delta',
      checked: stampStyle === 'delta',
      run: () => useViewMode.getState().setStampStyle(stampStyle === 'delta' ? 'wall' : 'delta'),
    },
  ];
  return (
    <Menu className="btn" buttonTestId="pane-menu" menuTestId="pane-menu-list" title="The terminal pane: clear, reset, copy, find, hex view, timestamps" label="Terminal ▾">
      {(close) => [
        ...ITEMS.map((item) => (
          <button
            key={item.action}
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid={item.testId}
            onClick={() => {
              close();
              item.run(tabId);
            }}
          >
            <span className="menu-check" aria-hidden="true" />
            {item.label}
            <span className="menu-key">{shortcutLabel(item.action)}</span>
          </button>
        )),
        <div key="sep-transfer" className="menu-sep" role="separator" />,
        // issue 13: file transfer (the protocol is chosen in the dialog)
        ...(['send', 'receive'] as const).map((direction) => (
          <button
            key={`transfer-${direction}`}
            type="button"
            role="menuitem"
            className="menu-item"
            data-testid={`pane-transfer-${direction}`}
            onClick={() => {
              close();
              useTransfers.getState().openDialog({ direction, tabId });
            }}
          >
            <span className="menu-check" aria-hidden="true" />
            {direction === 'send' ? 'Send file…' : 'Receive file…'}
            <span className="menu-key" />
          </button>
        )),
        <div key="sep" className="menu-sep" role="separator" />,
        ...checks.map((item) => (
          <button
            key={item.key}
            type="button"
            role="menuitemcheckbox"
            aria-checked={item.checked}
            className="menu-item"
            data-testid={item.testId}
            onClick={() => {
              close();
              item.run();
            }}
          >
            <span className="menu-check" aria-hidden="true">
              {item.checked ? '✓' : ''}
            </span>
            {item.label}
            <span className="menu-key">{item.action ? shortcutLabel(item.action) : ''}</span>
          </button>
        )),
      ]}
    </Menu>
  );
}
