/**
 * Closing a tab from the strip, its menu or Ctrl+Shift+W: a tab whose connection or log would end asks
 * first (the in-app ConfirmDialog, the same in Electron and the browser); any other closes at once.
 */
import { closeTab } from '../store/actions/sessions.js';
import { useSessions, viewOf } from '../store/sessions.js';
import { useUi } from '../store/ui.js';
import { closeConsequence, tabLabels } from './tabs-model.js';

/** Close `tabId`, after the operator agrees when something live would end; resolves true when closed. */
export async function requestCloseTab(tabId: string): Promise<boolean> {
  const view = viewOf(tabId);
  if (!view) return false;
  const consequence = closeConsequence(view);
  if (consequence) {
    const { views, titles } = useSessions.getState();
    const label = tabLabels(views, titles).get(view.tabId)?.text ?? view.name;
    const ok = await useUi.getState().askConfirm({ title: `Close “${label}”?`, body: consequence, accept: 'Close tab' });
    if (!ok) return false;
  }
  await closeTab(view.tabId);
  return true;
}
