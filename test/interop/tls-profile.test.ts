/**
 * TLS profiles through the app core (issue 15) against ser2net's TLS accepter (gensio's ssl layer) on
 * socat pty pairs, as both hosts drive it (router + event sink, a temp config folder): certificates
 * imported into certs/ by tls.addCertificate; a profile naming the server's certificate as its CA with
 * the host-name check off connects and carries bytes; with the check on (CN localhost-ser2net is not
 * 127.0.0.1) it is refused as untrusted; a missing CA file fails the open with its name; a clientauth
 * ser2net takes a profile's PEM certificate + key and a PKCS#12 bundle with its passphrase (given by
 * tls.passphrase for that open), and refuses the bundle with a wrong passphrase; an import of a file that
 * is not a certificate is refused.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/app/core.js';
import { startTestCore } from '../harness/core.js';
import type { EventName, ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import type { ProfileInput } from '../../src-shared/ipc/profile.js';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { makeCert, startSer2netTls, type TestCert, type TlsSer2net } from '../harness/tls.js';
import { openPty, type PtyEnd } from './helpers.js';

const dir = tempDir('dialtone-tls-profile-');
let core: AppCore;
const events: Array<{ name: EventName; payload: Record<string, unknown> }> = [];
const waiters = new Set<() => void>();
let pairs: PtyPair[] = [];
let devices: PtyEnd[] = [];
let server: TestCert;
let client: TestCert;
let plain: TlsSer2net;
let auth: TlsSer2net;

beforeAll(async () => {
  pairs = [await startPtyPair(dir.path, 'a1', 'b1'), await startPtyPair(dir.path, 'a2', 'b2')];
  devices = pairs.map((p) => openPty(p.b));
  server = makeCert(dir.path, 'server', 'localhost-ser2net');
  client = makeCert(dir.path, 'client', 'operator');
  plain = await startSer2netTls(dir.path, pairs[0]!.a, server);
  auth = await startSer2netTls(dir.path, pairs[1]!.a, server, { client: { cert: client, name: 'operator' } });
  core = await startTestCore(dir.path);
  core.addSink((name, payload) => {
    events.push({ name, payload: payload as Record<string, unknown> });
    for (const w of [...waiters]) w();
  });
});
afterAll(async () => {
  await core?.dispose();
  await plain?.stop();
  await auth?.stop();
  for (const d of devices) d.close();
  for (const p of pairs) await p.stop();
  dir.remove();
});

async function call<T = unknown>(name: string, payload: unknown): Promise<T> {
  const r: ReplyEnvelope = await core.router.handle(name, payload);
  if (!r.ok) throw new Error(`${name}: ${r.error} (${r.code})`);
  return r.value as T;
}

interface Status {
  state?: string;
  code?: string;
  reason?: string;
}
const statuses = (sessionId: string) => events.filter((e) => e.name === 'session.event' && e.payload.sessionId === sessionId).map((e) => e.payload.event as Status & { type: string }).filter((e) => e.type === 'status');

/** The session's first status that says connected or failed. */
function outcome(sessionId: string, timeoutMs = 20_000): Promise<Status> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = statuses(sessionId).find((e) => e.state === 'connected' || e.state === 'disconnected' || e.state === 'reconnecting');
      if (!s) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(s);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no outcome for ${sessionId}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}

const importFile = (kind: string, file: string) => call<{ name: string; kind: string; fingerprint256?: string }>('tls.addCertificate', { kind, name: file.split('/').pop(), bytes: new Uint8Array(readFileSync(file)) });

async function profile(name: string, port: number, tls: ProfileInput['tls']): Promise<string> {
  const saved = await call<{ id: string }>('profiles.save', { profile: { name, target: { kind: 'rfc2217', host: '127.0.0.1', port, tls: true }, reconnect: false, tls } });
  return saved.id;
}

/** Open profile `id`; its outcome, and the session closed after `use` ran on it when connected. */
async function open(id: string, use?: (sessionId: string) => Promise<void>): Promise<Status> {
  const { sessionId } = await call<{ sessionId: string }>('session.open', { profileId: id });
  try {
    const out = await outcome(sessionId);
    if (out.state === 'connected' && use) await use(sessionId);
    return out;
  } finally {
    await call('session.close', { sessionId });
  }
}

async function carries(sessionId: string, device: PtyEnd, text: string): Promise<void> {
  const base = device.receivedLength();
  await call('session.write', { sessionId, bytes: new Uint8Array(Buffer.from(text)) });
  const got = await device.waitForBytes(base + text.length, 10_000);
  expect(got.subarray(base).toString('latin1')).toBe(text);
}

describe('a profile with a CA file', () => {
  it('imports the server certificate; host-name check off connects and carries bytes', async () => {
    const ca = await importFile('ca', server.cert);
    expect(ca).toMatchObject({ name: 'server.crt', kind: 'cert', fingerprint256: server.fingerprint256 });
    const id = await profile('ca, no host check', plain.port, { caName: ca.name, checkHostname: false });
    const out = await open(id, (sessionId) => carries(sessionId, devices[0]!, 'through a CA profile\r\n'));
    expect(out).toMatchObject({ state: 'connected' });
    const tlsEvent = events.find((e) => e.name === 'session.event' && (e.payload.event as { type: string }).type === 'tls')?.payload.event;
    expect(tlsEvent).toMatchObject({ trust: 'ca', fingerprint256: server.fingerprint256 });
  });

  it('with the host-name check on (the default), the CN localhost-ser2net is refused for 127.0.0.1', async () => {
    const id = await profile('ca, host check', plain.port, { caName: 'server.crt' });
    const out = await open(id);
    expect(out.code).toBe('tls-untrusted');
    expect(out.reason).toMatch(/127\.0\.0\.1|Hostname|IP/i);
  });

  it('a CA file that is gone: the open fails naming it', async () => {
    const id = await profile('ca gone', plain.port, { caName: 'gone.crt', checkHostname: false });
    await expect(call('session.open', { profileId: id })).rejects.toThrow(/CA file "gone.crt" is not in .*certs/);
  });
});

describe('client certificates to a clientauth ser2net', () => {
  it('PEM certificate + key named by the profile connect', async () => {
    const cert = await importFile('cert', client.cert);
    const key = await importFile('key', client.key);
    expect(key).toMatchObject({ name: 'client.key', kind: 'key' });
    const id = await profile('client pem', auth.port, { pin: server.fingerprint256, certName: cert.name, keyName: key.name });
    expect(await open(id, (sessionId) => carries(sessionId, devices[1]!, 'with a client certificate\r\n'))).toMatchObject({ state: 'connected' });
  });

  it('PKCS#12 with its passphrase (tls.passphrase, for that open only) connects; a wrong one is refused; none is asked for', async () => {
    const p12 = join(dir.path, 'operator.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-in', client.cert, '-inkey', client.key, '-out', p12, '-passout', 'pass:s3cret']);
    const bundle = await importFile('pfx', p12);
    expect(bundle).toMatchObject({ name: 'operator.p12', kind: 'pfx' });
    const id = await profile('client p12', auth.port, { pin: server.fingerprint256, pfxName: bundle.name });
    await expect(call('session.open', { profileId: id })).rejects.toThrow(/needs its passphrase/);
    await call('tls.passphrase', { profileId: id, passphrase: 's3cret' });
    expect(await open(id, (sessionId) => carries(sessionId, devices[1]!, 'with PKCS#12\r\n'))).toMatchObject({ state: 'connected' });
    // taken by that open: the next one asks again
    await expect(call('session.open', { profileId: id })).rejects.toThrow(/needs its passphrase/);
    await call('tls.passphrase', { profileId: id, passphrase: 'wrong' });
    const wrong = await open(id);
    // refused before a byte of TLS: not retried, and the TCP connection is closed (not left for ser2net to reset)
    expect(wrong).toMatchObject({ state: 'disconnected', code: 'tls-credentials' });
    expect(wrong.reason).toMatch(/our certificate or key cannot be used: .*(mac verify|password|passphrase|PKCS12)/i);
  });
});

describe('imports', () => {
  it('refuse a file that is not a certificate, and list what is there', async () => {
    await expect(call('tls.addCertificate', { kind: 'ca', name: 'readme.crt', bytes: new Uint8Array(Buffer.from('hello')) })).rejects.toThrow(/readme.crt: not a PEM certificate.*bad-request/);
    await expect(call('tls.addCertificate', { kind: 'ca', name: 'big.crt', bytes: new Uint8Array(256 * 1024 + 1) })).rejects.toThrow(/bad-request/);
    await expect(call('tls.addCertificate', { kind: 'ca', name: 'x.crt', bytes: 'text', extra: 1 })).rejects.toThrow(/bad-request/);
    const list = await call<Array<{ name: string; kind: string }>>('tls.listCertificates', {});
    expect(list.map((c) => c.name)).toEqual(expect.arrayContaining(['server.crt', 'client.crt', 'client.key']));
    expect(list.some((c) => c.name === 'readme.crt')).toBe(false);
  });
});
