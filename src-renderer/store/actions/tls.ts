/**
 * Trust on first use in the window (issue 15): when a session inside TLS is refused because nobody has
 * trusted the server's certificate yet ('tls-unknown-certificate'), or because it changed
 * ('tls-certificate-changed'), the operator is asked, with the certificate's SHA-256 fingerprint, subject
 * and validity as main reported them. Trusting sends tls.trust: main records exactly the certificate it
 * saw (the window never names a fingerprint) and reconnects. A changed certificate is asked about in
 * words that say what it may mean.
 */
import { create } from 'zustand';
import { MAX_CERT_BYTES, type CertificateInfo, type CertKind, type Profile } from '../../../src-shared/ipc/profile.js';
import type { StatusEvent } from '../../../src-shared/session/events.js';
import { viewOf } from '../sessions.js';
import { useUi } from '../ui.js';
import { attempt, withSession } from './request.js';

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

/** The files of main's certificates folder (none when the request fails: a notice says why). */
export async function listCertificates(): Promise<CertificateInfo[]> {
  return (await attempt('list the certificates', (a) => a.tls.listCertificates({}))) ?? [];
}

/**
 * Import a file the operator picked (an <input type=file> in either host) into main's certificates folder
 * as `kind`: its bytes go to main, which checks them and chooses the name it is stored under (never over
 * another file). Resolves what main stored, or undefined (a notice says why: too large, not a certificate).
 */
export async function addCertificate(kind: CertKind, file: File): Promise<CertificateInfo | undefined> {
  if (file.size > MAX_CERT_BYTES) {
    useUi.getState().notify('error', `import ${file.name}: larger than ${MAX_CERT_BYTES / 1024} KiB`);
    return undefined;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const saved = await attempt('import', (a) => a.tls.addCertificate({ kind, name: file.name.slice(0, 255) || kind, bytes }));
  if (saved) useUi.getState().notify('info', `${file.name} imported as ${saved.name}${saved.fingerprint256 ? ` (SHA-256 ${saved.fingerprint256.slice(0, 23)}…)` : ''}`);
  return saved;
}

/** The passphrase question on screen (PassphraseDialog), answered with the text or null (cancelled). */
export interface PassphraseRequest {
  profileName: string;
  fileName: string;
  resolve(passphrase: string | null): void;
}

export const usePassphrase = create<{ request: PassphraseRequest | null; answer(passphrase: string | null): void }>()((set, get) => ({
  request: null,
  answer(passphrase) {
    const r = get().request;
    set({ request: null });
    r?.resolve(passphrase);
  },
}));

/**
 * Before a profile with a PKCS#12 client certificate opens: ask its passphrase in the window and hand it
 * to main (tls.passphrase), which keeps it in memory for the session this open makes and never writes it.
 * Resolves false when the operator cancelled or main refused it (then nothing is opened). Profiles without
 * one: true at once. ("Remember" is not offered: there is no safe store for it in both hosts yet.)
 */
export async function supplyPassphrase(profile: Profile): Promise<boolean> {
  const pfx = profile.tls?.pfxName;
  if (!pfx || !profile.id || profile.target.kind === 'serial' || profile.target.kind === 'cisco-line' || !profile.target.tls) return true;
  usePassphrase.getState().request?.resolve(null); // one question at a time
  const passphrase = await new Promise<string | null>((resolve) => usePassphrase.setState({ request: { profileName: profile.name, fileName: pfx, resolve } }));
  if (passphrase === null) return false;
  const id = profile.id;
  return (await attempt('passphrase', (a) => a.tls.passphrase({ profileId: id, passphrase }))) !== undefined;
}
