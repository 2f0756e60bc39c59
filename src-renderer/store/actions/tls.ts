/**
 * Trust on first use in the window (issue 15): when a session inside TLS is refused because nobody has
 * trusted the server's certificate yet ('tls-unknown-certificate'), or because it changed
 * ('tls-certificate-changed'), the operator is asked, with the certificate's SHA-256 fingerprint, subject
 * and validity as main reported them. Trusting sends tls.trust: main records exactly the certificate it
 * saw (the window never names a fingerprint) and reconnects. A changed certificate is asked about in
 * words that say what it may mean.
 */
import type { StatusEvent } from '../../../src-shared/session/events.js';
import { viewOf } from '../sessions.js';
import { useUi } from '../ui.js';
import { withSession } from './request.js';

/** Sessions with a question on screen now (one question per refusal, not per event). */
const asking = new Set<string>();

/** Ask about the certificate `ev` refused, for the tab of `sessionId`; trust it if the operator agrees. */
export async function askTlsTrust(sessionId: string, ev: StatusEvent): Promise<void> {
  if (asking.has(sessionId)) return;
  const view = viewOf(sessionId);
  if (!view) return;
  asking.add(sessionId);
  try {
    const changed = ev.code === 'tls-certificate-changed';
    const ok = await useUi.getState().askConfirm({
      title: changed ? `The certificate of ${view.name} has CHANGED` : `Trust the certificate of ${view.name}?`,
      body: `${ev.reason ?? ''}\n\n${
        changed
          ? 'Trust the new certificate only if you know the server was given a new key; otherwise someone may be between you and the server.'
          : 'Compare the fingerprint with the one the server shows (ser2net: openssl x509 -noout -fingerprint -sha256 -in its .crt). It is remembered for this server.'
      }`,
      accept: changed ? 'Trust the new certificate' : 'Trust and connect',
    });
    if (ok) await withSession(view.tabId, 'trust the certificate', (a, id) => a.tls.trust({ sessionId: id }));
  } finally {
    asking.delete(sessionId);
  }
}
