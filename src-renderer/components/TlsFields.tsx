/**
 * The profile editor's TLS section (issue 15), for RFC 2217, telnet and raw TCP targets: inside TLS or
 * not; how the server is trusted (trust on first use, a CA file, a pinned SHA-256 fingerprint); the
 * host-name check (with a CA; off for ser2net's self-signed `<host>-ser2net`); the lowest TLS version; a
 * client certificate (none, PEM certificate + key, PKCS#12 whose passphrase is asked when connecting).
 * Files are chosen among main's certificates folder, or imported: the file picker reads the bytes and
 * main checks them and chooses where they are stored (profile-editor-model.ts holds the rules).
 */
import { useEffect, useRef, useState } from 'react';
import type { CertificateInfo, CertKind } from '../../src-shared/ipc/profile.js';
import { addCertificate, listCertificates, usePassphrase } from '../store/actions/tls.js';
import type { TlsClient, TlsDraft, TlsTrust } from './profile-editor-model.js';
import { Modal } from './Modal.js';

const TRUST_TEXT: Record<TlsTrust, string> = { tofu: 'Trust on first use', ca: 'CA file', pin: 'Pin' };
const CLIENT_TEXT: Record<TlsClient, string> = { none: 'None', pem: 'PEM cert + key', pfx: 'PKCS#12' };
const ACCEPT: Record<CertKind, string> = { ca: '.crt,.pem,.cer', cert: '.crt,.pem,.cer', key: '.key,.pem', pfx: '.p12,.pfx' };

/** A file of the certificates folder of one kind, with an Import… button that adds one and chooses it. */
function CertChoice({ id, kind, label, value, certs, onChange, onImported }: { id: string; kind: CertKind; label: string; value: string; certs: CertificateInfo[]; onChange: (name: string) => void; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const want = kind === 'ca' ? 'cert' : kind;
  const names = certs.filter((c) => c.kind === want).map((c) => c.name);
  if (value && !names.includes(value)) names.unshift(value); // named by the profile, not (or no longer) in the folder
  const chosen = certs.find((c) => c.name === value);
  return (
    <div className="row">
      <label className="row-label" htmlFor={id}>
        {label}
      </label>
      <div className="row-field tls-cert">
        <select id={id} className="select mono" data-testid={id} value={value} onChange={(e) => onChange(e.target.value)} title={chosen?.subject ? `${chosen.subject}${chosen.validTo ? `, valid to ${chosen.validTo}` : ''}` : undefined}>
          <option value="">— choose —</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
              {certs.some((c) => c.name === n) ? '' : ' (missing)'}
            </option>
          ))}
        </select>
        <button type="button" className="btn small" data-testid={`${id}-import`} onClick={() => input.current?.click()}>
          Import…
        </button>
        <input
          ref={input}
          type="file"
          hidden
          accept={ACCEPT[kind]}
          data-testid={`${id}-file`}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const saved = await addCertificate(kind, file);
            if (saved) {
              onImported();
              onChange(saved.name);
            }
          }}
        />
      </div>
    </div>
  );
}

/** The TLS section; `problem` is the message shown at Trust or at Client certificate, when it is there. */
export function TlsFields({ tls, onChange, trustProblem, clientProblem }: { tls: TlsDraft; onChange: (patch: Partial<TlsDraft>) => void; trustProblem: string | null; clientProblem: string | null }) {
  const [certs, setCerts] = useState<CertificateInfo[]>([]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void listCertificates().then((list) => live && setCerts(list));
    return () => {
      live = false;
    };
  }, [version]);
  const refresh = () => setVersion((v) => v + 1);
  const choice = (id: string, kind: CertKind, label: string, key: 'caName' | 'certName' | 'keyName' | 'pfxName') => (
    <CertChoice id={id} kind={kind} label={label} value={tls[key]} certs={certs} onChange={(name) => onChange({ [key]: name })} onImported={refresh} />
  );
  const error = (text: string | null, field: string) =>
    text && (
      <div className="field-error pe-error" data-testid="pe-error" data-field={field} role="alert">
        {text}
      </div>
    );
  return (
    <fieldset className="pe-group pe-tls" data-testid="pe-tls">
      <legend className="section-title">TLS</legend>
      <label className="check-label" title="rfc2217s://, telnets://, tls://: the same protocol inside TLS">
        <input type="checkbox" data-testid="pe-tls-enabled" checked={tls.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} /> Inside TLS
      </label>
      {tls.enabled && (
        <>
          <div className="tls-caption">Trust</div>
          <div className="segmented small tls-seg" role="radiogroup" aria-label="Trust" id="pe-tls-trust" tabIndex={-1}>
            {(['tofu', 'ca', 'pin'] as const).map((t) => (
              <button key={t} type="button" role="radio" aria-checked={tls.trust === t} className={tls.trust === t ? 'seg active' : 'seg'} data-testid={`pe-tls-trust-${t}`} onClick={() => onChange({ trust: t })}>
                {TRUST_TEXT[t]}
              </button>
            ))}
          </div>
          {tls.trust === 'tofu' && <p className="hint">The first connection shows the certificate's fingerprint and asks; a changed certificate is refused loudly.</p>}
          {tls.trust === 'ca' && choice('pe-tls-ca', 'ca', 'CA file', 'caName')}
          {tls.trust === 'pin' && (
            <div className="row">
              <label className="row-label" htmlFor="pe-tls-pin">
                SHA-256
              </label>
              <div className="row-field">
                <input id="pe-tls-pin" className={trustProblem ? 'input mono invalid' : 'input mono'} data-testid="pe-tls-pin" spellCheck={false} placeholder="AB:CD:… (64 hex digits)" value={tls.pin} onChange={(e) => onChange({ pin: e.target.value })} />
              </div>
            </div>
          )}
          {error(trustProblem, 'tlsTrust')}
          <label className="check-label" title="The certificate's names must match the host. Off for self-signed certificates named like <host>-ser2net">
            <input type="checkbox" data-testid="pe-tls-check-hostname" disabled={tls.trust !== 'ca'} checked={tls.trust === 'ca' && tls.checkHostname} onChange={(e) => onChange({ checkHostname: e.target.checked })} /> Check the host name (with a CA file)
          </label>
          <div className="row">
            <label className="row-label" htmlFor="pe-tls-min">
              Lowest version
            </label>
            <div className="row-field">
              <select id="pe-tls-min" className="select" data-testid="pe-tls-min" value={tls.minVersion} onChange={(e) => onChange({ minVersion: e.target.value as TlsDraft['minVersion'] })}>
                <option value="TLSv1.2">TLS 1.2</option>
                <option value="TLSv1.3">TLS 1.3</option>
              </select>
            </div>
          </div>
          <div className="tls-caption">Client certificate</div>
          <div className="segmented small tls-seg" role="radiogroup" aria-label="Client certificate" id="pe-tls-client" tabIndex={-1}>
            {(['none', 'pem', 'pfx'] as const).map((c) => (
              <button key={c} type="button" role="radio" aria-checked={tls.client === c} className={tls.client === c ? 'seg active' : 'seg'} data-testid={`pe-tls-client-${c}`} onClick={() => onChange({ client: c })}>
                {CLIENT_TEXT[c]}
              </button>
            ))}
          </div>
          {tls.client === 'pem' && (
            <>
              {choice('pe-tls-cert', 'cert', 'Certificate', 'certName')}
              {choice('pe-tls-key', 'key', 'Key', 'keyName')}
            </>
          )}
          {tls.client === 'pfx' && (
            <>
              {choice('pe-tls-pfx', 'pfx', 'PKCS#12', 'pfxName')}
              <p className="hint">Its passphrase is asked each time the profile connects and kept in memory for that session only (it is never saved).</p>
            </>
          )}
          {error(clientProblem, 'tlsClient')}
        </>
      )}
    </fieldset>
  );
}

/**
 * The PKCS#12 passphrase question, asked when a profile with a PKCS#12 client certificate connects
 * (supplyPassphrase): a password field, Connect and Cancel. Keys stay in the dialog; Escape cancels.
 */
export function PassphraseDialog() {
  const request = usePassphrase((s) => s.request);
  const answer = usePassphrase((s) => s.answer);
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setText('');
    if (request) inputRef.current?.focus();
  }, [request]);
  if (!request) return null;
  return (
    <Modal className="confirm tls-passphrase" labelledBy="tls-pass-title" testId="passphrase-dialog" onClose={() => answer(null)} onSubmit={() => answer(text)}>
      <h2 id="tls-pass-title" className="modal-title">
        Passphrase for {request.fileName}
      </h2>
      <p className="confirm-body">
        “{request.profileName}” authenticates with the PKCS#12 client certificate {request.fileName}. Its passphrase is kept in memory for this session only and never saved.
      </p>
      <input ref={inputRef} type="password" className="input" autoComplete="off" data-testid="passphrase-input" aria-label="Passphrase" maxLength={1024} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="modal-footer">
        <span className="spacer" />
        <button type="button" className="btn" data-testid="passphrase-cancel" onClick={() => answer(null)}>
          Cancel
        </button>
        <button type="submit" className="btn primary" data-testid="passphrase-accept">
          Connect
        </button>
      </div>
    </Modal>
  );
}
