/**
 * TLS around an access server's TCP connection (issue 15): rfc2217s://, telnets:// and tls:// run the same
 * engine, unchanged, inside the TLS stream (node:tls). Read ../shared/reference/tls-access-servers.md.
 *
 * Trust, in this order:
 *   insecure  nothing is checked (the operator said so: --insecure); the status says it
 *   pin       the certificate's SHA-256 fingerprint must be the pinned one
 *   ca        the chain must verify against the CA file (PEM; the server's own self-signed certificate
 *             works too), and the host name must match the certificate unless checkHostname is off
 *             (ser2net's self-signed certificates carry CNs like `<host>-ser2net`)
 *   known     trust on first use: the fingerprint recorded for host:port in the known-servers file
 *             (known-servers.ts) must match; an unknown certificate fails with 'tls-unknown-certificate'
 *             and its details (the operator may then trust it: it is recorded), a changed one fails
 *             loudly with 'tls-certificate-changed' and both fingerprints
 * TLS 1.2 is the lowest version taken unless minVersion says 1.3. A client certificate is PEM cert+key or
 * PKCS#12 with its passphrase (never stored here).
 */
import { checkServerIdentity, connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import { ConnectionError, hostPort } from './tcp.js';
import type { KnownServers } from './known-servers.js';

/** The lowest TLS versions an operator may choose. */
export const TLS_MIN_VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;
export type TlsMinVersion = (typeof TLS_MIN_VERSIONS)[number];

/** How to trust the server and who we are. PEM texts and files' bytes, not paths (main reads the files). */
export interface TlsOptions {
  /** CA (or the server's own certificate) in PEM. */
  ca?: string | Buffer;
  /** The SHA-256 fingerprint to accept ("AB:CD:..." or 64 hex digits, any case). */
  pin?: string;
  /** Check the certificate's names against the host (only with a CA; default true). */
  checkHostname?: boolean;
  minVersion?: TlsMinVersion;
  /** Client certificate and key (PEM), or a PKCS#12 bundle and its passphrase. */
  cert?: string | Buffer;
  key?: string | Buffer;
  pfx?: Buffer;
  passphrase?: string;
  /** Check nothing (named as what it is: --insecure). */
  insecure?: boolean;
  /** Trust on first use: the recorded fingerprints (used when there is no pin, CA or insecure). */
  knownServers?: KnownServers;
  /** Record an unknown server's certificate as trusted instead of refusing it (dialtone connect --trust-new). */
  trustNew?: boolean;
  /** Longest handshake, ms (default 10000). */
  handshakeTimeoutMs?: number;
}

/** What the session shows of a TLS link (the status bar's lock, the probe's report). */
export interface TlsInfo {
  /** "TLSv1.3" */
  protocol: string;
  cipher: string;
  /** SHA-256 fingerprint, "AB:CD:..." */
  fingerprint256: string;
  subject: string;
  issuer: string;
  /** Validity, as the certificate says ("Nov 29 18:52:15 2026 GMT"). */
  validFrom: string;
  validTo: string;
  /** How the server was trusted. */
  trust: 'ca' | 'pin' | 'known' | 'insecure';
}

/** "AB:CD:..." from any spelling of a SHA-256 fingerprint. @throws RangeError when it is not 32 bytes. */
export function normaliseFingerprint(text: string): string {
  const hex = text.replace(/^sha256:/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase();
  if (hex.length !== 64) throw new RangeError(`a SHA-256 fingerprint has 64 hex digits, not ${hex.length}: "${text}"`);
  return hex.match(/../g)!.join(':');
}

const describeName = (n: PeerCertificate['subject'] | undefined): string =>
  n ? Object.entries(n).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ') : '';

/** The details an operator needs to decide on a certificate, as one line. */
function describeCert(c: PeerCertificate): string {
  return `SHA-256 ${c.fingerprint256}, subject ${describeName(c.subject)}, valid ${c.valid_from} to ${c.valid_to}`;
}

/**
 * Start TLS on the connected `socket` to host:port and check the server as `options` say. Resolves with
 * the TLS socket and what to show of it. Rejects with a ConnectionError: 'tls-credentials' (our client
 * certificate, key or PKCS#12 passphrase cannot be used), 'tls-handshake' (the handshake
 * failed: protocol version, no shared cipher, a client certificate refused, a timeout), 'tls-untrusted'
 * (the chain or name does not verify against the CA), 'tls-pin-mismatch', 'tls-unknown-certificate',
 * 'tls-certificate-changed'. The TCP socket is destroyed on failure.
 */
export function startTls(socket: Socket, host: string, port: number, options: TlsOptions): Promise<{ socket: TLSSocket; info: TlsInfo }> {
  const where = hostPort(host, port);
  const withCa = options.ca !== undefined && !options.insecure && options.pin === undefined;
  return new Promise((resolve, reject) => {
    let tls: TLSSocket;
    try {
      tls = tlsConnect({
        socket,
        servername: /^[\d.:]+$/.test(host) ? undefined : host,
        minVersion: options.minVersion ?? 'TLSv1.2',
        rejectUnauthorized: withCa,
        ...(withCa ? { ca: options.ca } : {}),
        // the name checked is the target's host, always: with a socket given and no servername (an IP
        // address), Node would check the certificate against "localhost" instead
        ...(withCa ? { checkServerIdentity: options.checkHostname === false ? () => undefined : (_name: string, cert: PeerCertificate) => checkServerIdentity(host, cert) } : {}),
        ...(options.cert !== undefined ? { cert: options.cert } : {}),
        ...(options.key !== undefined ? { key: options.key } : {}),
        ...(options.pfx !== undefined ? { pfx: options.pfx, passphrase: options.passphrase } : {}),
      });
    } catch (err) {
      // the secure context is built at once: a wrong passphrase or a bad key throws here, and the TCP
      // socket (no 'error' listener any more) must not stay open for the server to reset
      socket.destroy();
      reject(new ConnectionError('tls-credentials', `TLS with ${where}: our certificate or key cannot be used: ${(err as Error).message}`));
      return;
    }
    const timer = setTimeout(() => fail(new ConnectionError('tls-handshake', `TLS handshake with ${where} took longer than ${options.handshakeTimeoutMs ?? 10_000} ms`)), options.handshakeTimeoutMs ?? 10_000);
    const fail = (err: ConnectionError) => {
      clearTimeout(timer);
      tls.removeAllListeners('secureConnect');
      tls.destroy();
      socket.destroy();
      reject(err);
    };
    tls.once('error', (err: Error & { code?: string }) => {
      const untrusted = /certificate|self.signed|unable to verify|Hostname\/IP does not match/i.test(err.message) && withCa;
      fail(new ConnectionError(untrusted ? 'tls-untrusted' : 'tls-handshake', `TLS with ${where}: ${err.message}${err.code ? ` (${err.code})` : ''}`));
    });
    tls.once('secureConnect', async () => {
      clearTimeout(timer);
      const cert = tls.getPeerCertificate();
      let trust = checkTrust(cert, host, port, options, where);
      if (trust instanceof ConnectionError && trust.code === 'tls-unknown-certificate' && options.trustNew && options.knownServers) {
        const unknown = trust;
        try {
          await options.knownServers.trust(host, port, cert.fingerprint256, describeName(cert.subject));
          trust = 'known';
        } catch (err) {
          trust = new ConnectionError('tls-unknown-certificate', `${unknown.message} (could not record it: ${(err as Error).message})`, unknown.certificate);
        }
      }
      // closed while the trust was being recorded (with an error: already rejected; without one: now)
      if (tls.destroyed) return fail(new ConnectionError('tls-handshake', `TLS with ${where}: the connection closed during the handshake`));
      if (trust instanceof ConnectionError) return fail(trust);
      tls.removeAllListeners('error');
      const cipher = tls.getCipher();
      resolve({
        socket: tls,
        info: {
          protocol: tls.getProtocol() ?? 'TLS',
          cipher: cipher?.name ?? '',
          fingerprint256: cert.fingerprint256,
          subject: describeName(cert.subject),
          issuer: describeName(cert.issuer),
          validFrom: cert.valid_from,
          validTo: cert.valid_to,
          trust,
        },
      });
    });
  });
}

function checkTrust(cert: PeerCertificate, host: string, port: number, o: TlsOptions, where: string): TlsInfo['trust'] | ConnectionError {
  if (o.insecure) return 'insecure';
  if (o.pin !== undefined) {
    const pin = normaliseFingerprint(o.pin);
    return cert.fingerprint256 === pin ? 'pin' : new ConnectionError('tls-pin-mismatch', `the certificate of ${where} is not the pinned one: it is ${describeCert(cert)}; pinned SHA-256 ${pin}`);
  }
  if (o.ca !== undefined) return 'ca';
  const known = o.knownServers?.lookup(host, port);
  const seen = { host, port, fingerprint256: cert.fingerprint256, subject: describeName(cert.subject) };
  if (!known) {
    return new ConnectionError('tls-unknown-certificate', `${where} presents a certificate not seen before: ${describeCert(cert)}. Check it before you trust it`, seen);
  }
  if (known.fingerprint256 !== cert.fingerprint256) {
    return new ConnectionError(
      'tls-certificate-changed',
      `THE CERTIFICATE OF ${where} HAS CHANGED: it is now ${describeCert(cert)}; trusted since ${known.addedAt} was SHA-256 ${known.fingerprint256}. ` +
        `If the server's key was replaced on purpose, trust the new certificate (or remove ${where} from ${o.knownServers!.file}); otherwise someone may be in between`,
      seen,
    );
  }
  return 'known';
}
