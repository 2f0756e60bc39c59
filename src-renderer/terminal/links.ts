/**
 * Links the far end prints in the pane (the web-links addon): only http(s), and never opened without
 * the operator's word. In Electron, main asks (setWindowOpenHandler shows a dialog there, which a
 * compromised page cannot skip); in the browser host the page asks before it opens a tab.
 */
import { useHost } from '../store/host.js';

/** Open `uri` after confirmation; anything but http(s) is ignored. */
export function openLink(uri: string, confirm: (text: string) => boolean = (t) => window.confirm(t)): void {
  if (!/^https?:\/\//i.test(uri)) return;
  if (useHost.getState().info?.host !== 'electron' && !confirm(`Open this link in a new tab?\n\n${uri}`)) return;
  window.open(uri, '_blank', 'noopener,noreferrer');
}
