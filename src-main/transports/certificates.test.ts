// The certificates folder: imports checked by content, safe names, never over another file; the listing.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CertificateStore, inspectCertificate, safeCertName } from './certificates.js';

const dir = { path: mkdtempSync(join(tmpdir(), 'dialtone-certs-')) };
afterAll(() => rmSync(dir.path, { recursive: true, force: true }));
const made = { key: join(dir.path, 'srv.key'), cert: join(dir.path, 'srv.crt'), fingerprint256: '' };
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', made.key, '-out', made.cert, '-days', '30', '-subj', '/CN=localhost-ser2net'], { stdio: 'ignore' });
made.fingerprint256 = new X509Certificate(readFileSync(made.cert)).fingerprint256;
const certPem = readFileSync(made.cert);
const keyPem = readFileSync(made.key);
const p12File = join(dir.path, 'client.p12');
execFileSync('openssl', ['pkcs12', '-export', '-in', made.cert, '-inkey', made.key, '-out', p12File, '-passout', 'pass:secret']);
const p12 = readFileSync(p12File);

describe('inspectCertificate', () => {
  it('takes a PEM certificate, a PEM key, a PKCS#12 bundle', () => {
    expect(inspectCertificate('ca', certPem)).toMatchObject({ ok: true, details: { subject: 'CN=localhost-ser2net', fingerprint256: made.fingerprint256 } });
    expect(inspectCertificate('key', keyPem)).toMatchObject({ ok: true, details: { subject: 'rsa key' } });
    expect(inspectCertificate('pfx', p12)).toMatchObject({ ok: true });
  });
  it('refuses what is not what it claims', () => {
    expect(inspectCertificate('cert', keyPem)).toMatchObject({ ok: false, message: expect.stringContaining('not a PEM certificate') });
    expect(inspectCertificate('ca', Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'))).toMatchObject({ ok: false, message: expect.stringContaining('not a certificate') });
    expect(inspectCertificate('key', certPem)).toMatchObject({ ok: false });
    expect(inspectCertificate('pfx', certPem)).toMatchObject({ ok: false, message: expect.stringContaining('PKCS#12') });
    expect(inspectCertificate('pfx', p12.subarray(0, p12.length - 1))).toMatchObject({ ok: false });
    expect(inspectCertificate('ca', new Uint8Array(0))).toMatchObject({ ok: false, message: 'the file is empty' });
    expect(inspectCertificate('ca', new Uint8Array(256 * 1024 + 1))).toMatchObject({ ok: false, message: expect.stringContaining('256 KiB') });
  });
  it('refuses an encrypted key with a reason', () => {
    const enc = join(dir.path, 'enc.key');
    execFileSync('openssl', ['pkey', '-in', made.key, '-aes256', '-passout', 'pass:x', '-out', enc]);
    expect(inspectCertificate('key', readFileSync(enc))).toMatchObject({ ok: false, message: expect.stringContaining('encrypted key') });
  });
});

describe('safeCertName', () => {
  it('keeps a file name, drops a path, replaces odd characters', () => {
    expect(safeCertName('ser2net.crt', 'ca')).toBe('ser2net.crt');
    expect(safeCertName('../../etc/passwd', 'ca')).toBe('passwd');
    expect(safeCertName('C:\\keys\\my key (1).pem', 'key')).toBe('my_key__1_.pem');
    expect(safeCertName('..', 'pfx')).toBe('client.p12');
    expect(safeCertName('.hidden..crt', 'cert')).toBe('hidden.crt');
  });
});

describe('CertificateStore', () => {
  const store = new CertificateStore(join(dir.path, 'config'));
  it('writes under a new name each time, never over another file, and lists what each is', async () => {
    expect(await store.import('ca', 'ser2net.crt', certPem)).toMatchObject({ name: 'ser2net.crt', kind: 'cert', fingerprint256: made.fingerprint256 });
    expect(await store.import('ca', 'ser2net.crt', certPem)).toMatchObject({ name: 'ser2net-2.crt' });
    expect(await store.import('key', '/home/op/client.key', keyPem)).toMatchObject({ name: 'client.key', kind: 'key' });
    expect(await store.import('pfx', 'client.p12', p12)).toMatchObject({ name: 'client.p12', kind: 'pfx' });
    expect(readFileSync(join(store.dir, 'ser2net.crt')).equals(certPem)).toBe(true);
    writeFileSync(join(store.dir, 'notes.txt'), 'hello');
    const list = await store.list();
    expect(list.map((c) => [c.name, c.kind])).toEqual([
      ['client.key', 'key'],
      ['client.p12', 'pfx'],
      ['notes.txt', 'unknown'],
      ['ser2net-2.crt', 'cert'],
      ['ser2net.crt', 'cert'],
    ]);
  });
  it('refuses a file that is not a certificate, writing nothing', async () => {
    await expect(store.import('ca', 'bogus.crt', Buffer.from('not a certificate'))).rejects.toThrow(/bogus.crt: not a PEM certificate/);
    expect((await store.list()).some((c) => c.name === 'bogus.crt')).toBe(false);
  });
  it('read names a missing file and refuses a path', async () => {
    await expect(store.read('gone.crt', 'CA file')).rejects.toThrow(/the CA file "gone.crt" is not in .*certs/);
    await expect(store.read('../profiles.json', 'CA file')).rejects.toThrow(/not a file name/);
  });
});
