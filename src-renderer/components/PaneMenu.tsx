/**
 * The pane's own menu (never the line's): Clear scrollback, Reset terminal, Copy, Find, the send bar,
 * file transfer, the Hex view and timestamps, each with its shortcut. Every item but the timestamp style
 * runs its command through the one dispatcher (commands.ts) that the application menu and the keys use,
 * on this pane's tab. Reset recovers a pane the far end left in a state that hides output (an
 * unterminated DCS, an alternate screen, a wrong charset).
 */
import { isShortcutAction, type MenuCommand } from '../../src-shared/app/menu.js';
import { useViewMode } from '../store/view-mode.js';
import { appActions } from './app-commands.js';
import { runCommand } from './commands.js';
import { Menu } from './Menu.js';
import { formatShortcut, keyboardPlatform } from './shortcuts.js';

interface Item {
  command: MenuCommand;
  label: string;
  testId: string;
}

const ITEMS: readonly Item[] = [
  { command: 'clear', label: 'Clear scrollback', testId: 'pane-clear' },
  { command: 'reset', label: 'Reset terminal', testId: 'pane-reset' },
  { command: 'copy', label: 'Copy selection', testId: 'pane-copy' },
  { command: 'find', label: 'Find…', testId: 'pane-find' },
  { command: 'sendBar', label: 'Send bar (text or hex)', testId: 'pane-send-bar' },
];
// issue 13: file transfer (the protocol is chosen in the dialog)
const TRANSFER_ITEMS: readonly Item[] = [
  { command: 'sendFile', label: 'Send file…', testId: 'pane-transfer-send' },
  { command: 'receiveFile', label: 'Receive file…', testId: 'pane-transfer-receive' },
];

export function PaneMenu({ tabId }: { tabId: string }) {
  // issue 12: the tab's view (Terminal / Hex) and the Terminal view's timestamps
  const hex = useViewMode((s) => s.modes[tabId] === 'hex');
  const stamps = useViewMode((s) => s.stamps[tabId] === true);
  const stampStyle = useViewMode((s) => s.stampStyle);
  const platform = keyboardPlatform();
  const keyOf = (command: MenuCommand) => (isShortcutAction(command) ? formatShortcut(command, platform) : '');
  const run = (command: MenuCommand) => runCommand(command, appActions, tabId);
  const checks: ReadonlyArray<{ key: string; label: string; testId: string; checked: boolean; command?: MenuCommand; run(): void }> = [
    { key: 'hex', label: 'Hex view', testId: 'pane-hex-view', checked: hex, command: 'hexView', run: () => run('hexView') },
    { key: 'stamps', label: 'Timestamps', testId: 'pane-timestamps', checked: stamps, command: 'timestamps', run: () => run('timestamps') },
    {
      key: 'delta',
      label: 'Timestamps as delta (+s)',
      testId: 'pane-timestamps-delta',
      checked: stampStyle === 'delta',
      run: () => useViewMode.getState().setStampStyle(stampStyle === 'delta' ? 'wall' : 'delta'),
    },
  ];
  const commandItem = (close: () => void) => (item: Item) => (
    <button
      key={item.command}
      type="button"
      role="menuitem"
      className="menu-item"
      data-testid={item.testId}
      onClick={() => {
        close();
        run(item.command);
      }}
    >
      <span className="menu-check" aria-hidden="true" />
      {item.label}
      <span className="menu-key">{keyOf(item.command)}</span>
    </button>
  );
  return (
    <Menu className="btn" buttonTestId="pane-menu" menuTestId="pane-menu-list" title="The terminal pane: clear, reset, copy, find, hex view, timestamps" label="Terminal ▾">
      {(close) => [
        ...ITEMS.map(commandItem(close)),
        <div key="sep-transfer" className="menu-sep" role="separator" />,
        ...TRANSFER_ITEMS.map(commandItem(close)),
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
            <span className="menu-key">{item.command ? keyOf(item.command) : ''}</span>
          </button>
        )),
      ]}
    </Menu>
  );
}
