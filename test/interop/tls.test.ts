/**
 * RFC 2217 inside TLS (issue 15) against ser2net's TLS accepter (gensio's ssl layer) on a socat pty pair,
 * with keys made by openssl in the test: settings confirmed and data byte-exact both ways; gensiot through
 * the same server as the reference client; a wrong CA refused; trust on first use (unknown, trusted,
 * then a changed certificate refused loudly with both fingerprints); a pin; client-certificate
 * authentication accepted with the right certificate and refused without; a TLS 1.1-only server refused.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { KnownServers } from '../../src-main/transports/known-servers.js';
import type { TlsOptions } from '../../src-main/transports/tls.js';
import type { StatusEvent, TlsEvent } from '../../src-shared/session/events.js';
import { requireCommand, startPtyPair, stty, tempDir, type PtyPair } from '../harness/peers.js';
import { makeCert, startSer2netTls, type TestCert, type TlsSer2net } from '../harness/tls.js';
import { BIN } from './cli.js';
import { openPty, record, testPattern, until, writeAll, type PtyEnd } from './helpers.js';

const dir = tempDir('dialtone-tls-');
let pair: PtyPair;
let device: PtyEnd;
let server: TestCert;
let ser2net: TlsSer2net;

beforeAll(async () => {
  pair = await startPtyPair(dir.path);
  device = openPty(pair.b);
  server = makeCert(dir.path, 'server', 'localhost-ser2net');
  ser2net = await startSer2netTls(dir.path, pair.a, server);
});
afterAll(async () => {
  await ser2net?.stop();
  device?.close();
  await pair?.stop();
  dir.remove();
});

const target = (port = ser2net.port) => ({ kind: 'rfc2217' as const, host: '127.0.0.1', port, tls: true });
const isFailure = (ev: { type: string; state?: string }): ev is StatusEvent => ev.type === 'status' && (ev.state === 'disconnected' || ev.state === 'reconnecting');

/** Open a session with `tls`; resolves with it connected, or with the failure's status event. */
async function attempt(tls: TlsOptions, port?: number): Promise<{ s: NetworkSession; failure: StatusEvent | null; tlsEvent: TlsEvent | null }> {
  const s = new NetworkSession(target(port), { tls, ackTimeoutMs: 1000 });
  const rec = record(s);
  try {
    await s.open();
    return { s, failure: null, tlsEvent: (rec.events.find((e) => e.type === 'tls') as TlsEvent | undefined) ?? null };
  } catch {
    return { s, failure: rec.events.find(isFailure) ?? null, tlsEvent: null };
  }
}

describe('rfc2217s:// to ser2net', () => {
  it('with its certificate as the CA (host name check off: CN localhost-ser2net): settings confirmed, bytes exact both ways', async () => {
    const { s, failure, tlsEvent } = await attempt({ ca: readFileSync(server.cert), checkHostname: false });
    try {
      expect(failure).toBeNull();
      expect(tlsEvent).toMatchObject({ trust: 'ca', fingerprint256: server.fingerprint256, protocol: expect.stringMatching(/^TLSv1\.[23]$/) });
      expect(s.snapshot().tls?.fingerprint256).toBe(server.fingerprint256);
      const rec = record(s);
      s.applySettings({ baud: 9600 });
      await rec.waitForEvent((ev) => ev.type === 'settings' && ev.line.baud.state === 'confirmed' && ev.line.baud.inEffect === 9600, 10_000, 'baud confirmed');
      expect(stty(pair.a)).toMatch(/speed 9600 baud/);
      const toDevice = testPattern(64 * 1024); // every byte value, 0xFF included (doubled on the wire)
      const base = device.receivedLength();
      await writeAll(s, toDevice);
      expect((await device.waitForBytes(base + toDevice.length)).subarray(base).equals(toDevice)).toBe(true);
      const fromDevice = testPattern(64 * 1024 + 7).subarray(7);
      await device.write(fromDevice);
      await until(s, 'data', () => rec.receivedLength() >= fromDevice.length, 20_000, 'bytes from the device');
      expect(rec.received().equals(fromDevice)).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('the reference client, gensiot, carries bytes through the same server', async () => {
    const gensiot = requireCommand('gensiot');
    const base = device.receivedLength();
    const child = spawn(gensiot, [`telnet(rfc2217),ssl(CA=${server.cert}),tcp,127.0.0.1,${ser2net.port}`], { stdio: ['pipe', 'pipe', 'pipe'] }); // not /dev/null: gensio's epoll refuses it
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    try {
      child.stdin!.write('from gensiot\r\n');
      await device.waitForBytes(base + 14, 10_000).catch((e: Error) => { throw new Error(`${e.message}; gensiot: ${err}`); });
      expect(device.received().subarray(base, base + 14).toString()).toBe('from gensiot\r\n');
    } finally {
      child.kill();
    }
  });

  it('a wrong CA is refused (tls-untrusted) and not retried', async () => {
    const other = makeCert(dir.path, 'other', 'other');
    const { s, failure } = await attempt({ ca: readFileSync(other.cert), checkHostname: false });
    await s.close();
    expect(failure?.code).toBe('tls-untrusted');
    expect(failure?.state).toBe('disconnected');
  });

  it('the host name is checked against the certificate by default', async () => {
    const { s, failure } = await attempt({ ca: readFileSync(server.cert) });
    await s.close();
    expect(failure?.code).toBe('tls-untrusted');
    expect(failure?.reason).toMatch(/127\.0\.0\.1|IP|altnames/i);
  });

  it('the host name checked is the target host: a CN=localhost certificate is refused for 127.0.0.1, one naming IP:127.0.0.1 is accepted', async () => {
    const port = ser2net.port;
    const restart = async (cert: TestCert) => {
      await ser2net.stop();
      ser2net = await startSer2netTls(dir.path, pair.a, cert, { port });
    };
    try {
      // Node checks "localhost" when given a socket and no servername (an IP address): this once passed
      const localhost = makeCert(dir.path, 'localhost', 'localhost');
      await restart(localhost);
      const wrongName = await attempt({ ca: readFileSync(localhost.cert) });
      await wrongName.s.close();
      expect(wrongName.failure?.code).toBe('tls-untrusted');
      expect(wrongName.failure?.reason).toMatch(/127\.0\.0\.1/);
      const named = makeCert(dir.path, 'named', 'device', 'IP:127.0.0.1');
      await restart(named);
      const right = await attempt({ ca: readFileSync(named.cert) });
      await right.s.close();
      expect(right.failure?.reason ?? null).toBeNull();
      expect(right.tlsEvent?.trust).toBe('ca');
    } finally {
      await restart(server);
    }
  });

  it('trust on first use: unknown -> trusted -> accepted; a changed certificate is refused with both fingerprints', async () => {
    const known = await KnownServers.open(dir.path);
    const first = await attempt({ knownServers: known });
    await first.s.close();
    expect(first.failure?.code).toBe('tls-unknown-certificate');
    expect(first.failure?.reason).toContain(server.fingerprint256);
    await known.trust('127.0.0.1', ser2net.port, server.fingerprint256, 'CN=localhost-ser2net');
    const again = await attempt({ knownServers: await KnownServers.open(dir.path) }); // read back from the file
    await again.s.close();
    expect(again.failure).toBeNull();
    expect(again.tlsEvent?.trust).toBe('known');

    // the server's key is replaced: loud refusal naming both fingerprints
    const port = ser2net.port;
    await ser2net.stop();
    const replaced = makeCert(dir.path, 'replaced', 'localhost-ser2net');
    ser2net = await startSer2netTls(dir.path, pair.a, replaced, { port });
    const changed = await attempt({ knownServers: known });
    await changed.s.close();
    expect(changed.failure?.code).toBe('tls-certificate-changed');
    expect(changed.failure?.reason).toContain(replaced.fingerprint256);
    expect(changed.failure?.reason).toContain(server.fingerprint256);
    server = replaced;
  });

  it('a pinned fingerprint: the right one connects, another is refused', async () => {
    const ok = await attempt({ pin: server.fingerprint256.replace(/:/g, '').toLowerCase() });
    await ok.s.close();
    expect(ok.failure).toBeNull();
    expect(ok.tlsEvent?.trust).toBe('pin');
    const wrong = await attempt({ pin: 'AA'.repeat(32) });
    await wrong.s.close();
    expect(wrong.failure?.code).toBe('tls-pin-mismatch');
  });
});

describe('dialtone connect rfc2217s://', () => {
  /** Run the CLI with its own config folder (known-servers.json); resolves with its exit status and stderr. */
  const cli = (args: string[], input: string) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'connect', `rfc2217s://127.0.0.1:${ser2net.port}`, '--linger', '200', ...args], { env: { ...process.env, XDG_CONFIG_HOME: dir.path } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.resume();
      child.stdin.end(input);
      child.once('exit', (code) => resolve({ code, stderr }));
    });

  it('refuses an unknown server with its fingerprint (exit 3), records it with --trust-new, then knows it; --pin works too', async () => {
    const unknown = await cli([], '');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain(server.fingerprint256);
    // the command line says how to trust it from here (the window's wording asks instead)
    expect(unknown.stderr).toContain('run again with --trust-new, or give --ca FILE or --pin SHA256');
    expect(unknown.stderr).not.toContain('the window');
    const base = device.receivedLength();
    const trusted = await cli(['--trust-new'], 'first use\r\n');
    expect(trusted.code).toBe(0);
    expect(trusted.stderr).toMatch(/TLSv1\.[23] .*trusted by known-servers\.json/);
    await device.waitForBytes(base + 11);
    const known = await cli([], '');
    expect(known.code).toBe(0);
    const pinned = await cli(['--pin', server.fingerprint256], '');
    expect(pinned.code).toBe(0);
    expect(pinned.stderr).toContain('trusted by pin');
    const badCa = await cli(['--ca', '/etc/hostname'], '');
    expect(badCa.code).toBe(3);
  });
});

describe('dialtone probe rfc2217s://', () => {
  it('reports the TLS link (protocol, cipher, fingerprint, trust) and the RFC 2217 answers inside it', async () => {
    const { probeAccessServer } = await import('../../src-main/sessions/probe.js');
    const report = await probeAccessServer({ host: '127.0.0.1', port: ser2net.port, tls: { pin: server.fingerprint256 } });
    expect(report.target).toBe(`rfc2217s://127.0.0.1:${ser2net.port}`);
    expect(report.tls).toMatchObject({ trust: 'pin', fingerprint256: server.fingerprint256, protocol: expect.stringMatching(/^TLSv1\.[23]$/) });
    expect(report.comPort.ourWill).toBe('accepted');
    expect(report.steps.find((s) => s.command.startsWith('SET-BAUDRATE'))?.reply).toMatch(/SET-BAUDRATE/);
  });
});

describe('client certificates (ser2net clientauth)', () => {
  it('the right certificate is accepted, none is refused', async () => {
    const client = makeCert(dir.path, 'client', 'operator');
    const port = ser2net.port;
    await ser2net.stop();
    ser2net = await startSer2netTls(dir.path, pair.a, server, { port, client: { cert: client, name: 'operator' } });
    const without = await attempt({ pin: server.fingerprint256 });
    await without.s.close();
    expect(without.failure?.code).toMatch(/tls-handshake|closed-by-peer|reset/);
    const withCert = await attempt({ pin: server.fingerprint256, cert: readFileSync(client.cert), key: readFileSync(client.key) });
    try {
      expect(withCert.failure?.reason ?? null).toBeNull();
      const base = device.receivedLength();
      withCert.s.write(Buffer.from('with a client certificate\r\n'));
      await device.waitForBytes(base + 27);
    } finally {
      await withCert.s.close();
    }
  });
});

describe('protocol versions', () => {
  it('a server that speaks only TLS 1.1 is refused by default (TLS 1.2 is the least)', async () => {
    const cert = makeCert(dir.path, 'old', 'old');
    const old = createTlsServer({ key: readFileSync(cert.key), cert: readFileSync(cert.cert), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, (c) => c.end());
    await new Promise<void>((r) => old.listen(0, '127.0.0.1', r));
    const port = (old.address() as { port: number }).port;
    try {
      // the server does speak TLS 1.1 to a client that allows it
      const protocol = await new Promise<string | null>((resolve, reject) => {
        const c = tlsConnect({ host: '127.0.0.1', port, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false }, () => {
          resolve(c.getProtocol());
          c.destroy();
        });
        c.on('error', reject);
      });
      expect(protocol).toBe('TLSv1.1');
      const { s, failure } = await attempt({ insecure: true }, port);
      await s.close();
      expect(failure?.code).toBe('tls-handshake');
      expect(failure?.reason).toMatch(/protocol|version/i);
    } finally {
      old.close();
    }
  });
});
