/**
 * TLS peers for the tests: keys and self-signed certificates made by openssl, and ser2net's TLS accepter
 * (gensio's ssl layer: `telnet(rfc2217),ssl(key=K,cert=C[,CA=F,clientauth]),tcp,127.0.0.1,P`), as
 * ../shared/lab/README.md describes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { freePort, requireCommand, startProcess, waitForListener, type Peer } from './peers.js';

/** A key and its self-signed certificate (PEM files), and the certificate's SHA-256 fingerprint. */
export interface TestCert {
  key: string;
  cert: string;
  fingerprint256: string;
}

/** Make an RSA key and a self-signed certificate with common name `cn` in `dir` (files `name`.key/.crt). */
export function makeCert(dir: string, name: string, cn: string, san?: string): TestCert {
  const openssl = requireCommand('openssl');
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  // san: a subjectAltName extension, e.g. 'IP:127.0.0.1' (the names a host-name check accepts)
  const ext = san ? ['-addext', `subjectAltName=${san}`] : [];
  execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${cn}`, ...ext], { stdio: 'ignore' });
  return { key, cert, fingerprint256: new X509Certificate(readFileSync(cert)).fingerprint256 };
}

export interface TlsSer2net extends Peer {
  readonly port: number;
}

/**
 * ser2net with one RFC 2217 accepter inside TLS for `device`. `client`: require a client certificate
 * (ssl(clientauth)) and allow this one: ser2net takes the certificate's common name `clientName` as the
 * user and looks for it in <authdir>/<user>/allowed_certs (rehashed), as ser2net.yaml(5) says. `port`
 * reuses a port (a restart with another key).
 */
export async function startSer2netTls(dir: string, device: string, server: TestCert, options: { client?: { cert: TestCert; name: string }; port?: number } = {}): Promise<TlsSer2net> {
  const ser2net = requireCommand('ser2net');
  const port = options.port ?? (await freePort());
  const ssl = [`key=${server.key}`, `cert=${server.cert}`, ...(options.client ? ['clientauth'] : [])].join(',');
  const authdir = join(dir, `auth-${port}`);
  if (options.client) {
    const allowed = join(authdir, options.client.name, 'allowed_certs');
    mkdirSync(allowed, { recursive: true });
    copyFileSync(options.client.cert.cert, join(allowed, `${options.client.name}.crt`));
    execFileSync(requireCommand('openssl'), ['rehash', allowed], { stdio: 'ignore' });
  }
  const config = join(dir, `ser2net-tls-${port}.yaml`);
  writeFileSync(
    config,
    [
      '%YAML 1.1',
      '---',
      'connection: &tls',
      `    accepter: telnet(rfc2217),ssl(${ssl}),tcp,127.0.0.1,${port}`,
      '    enable: on',
      '    options:',
      '      kickolduser: true',
      ...(options.client ? [`      authdir: ${authdir}`] : []),
      `    connector: serialdev,${device},115200n81,local`,
      '',
    ].join('\n'),
  );
  const { peer } = startProcess(ser2net, ['-n', '-d', '-c', config, '-P', join(dir, `ser2net-tls-${port}.pid`)]);
  await waitForListener(port);
  return { ...peer, port };
}
