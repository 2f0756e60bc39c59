/**
 * `npm run bench -- tls`: receive throughput through TLS (issue 15), in one run:
 *   - dialtone over plain RFC 2217 (the ceiling without TLS),
 *   - dialtone over rfc2217s:// (the same engine inside node:tls, the certificate pinned),
 *   - gensiot over `telnet(rfc2217),ssl(CA=...),tcp` (the reference TLS client).
 * The feeder is connect.bench.ts's RFC 2217 feeder, inside TLS for the TLS clients, with a key and a
 * self-signed certificate made by openssl for the run. Medians of RUNS runs; ratios TLS/plain and
 * dialtone/gensiot.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, median, type Client } from './connect.bench.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const BYTES = 64 * 1024 * 1024;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialtone-bench-tls-'));
  try {
    const keyFile = join(dir, 'k.pem');
    const certFile = join(dir, 'c.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=bench'], { stdio: 'ignore' });
    const tls = { key: readFileSync(keyFile), cert: readFileSync(certFile) };
    const pin = new X509Certificate(tls.cert).fingerprint256;
    const bin = join(ROOT, 'bin', 'dialtone.mjs');
    const plain: Client = { name: 'dialtone rfc2217://', bytes: BYTES, command: (p) => [process.execPath, [bin, 'connect', `rfc2217://127.0.0.1:${p}`]] };
    const clients: Array<{ client: Client; tls: boolean }> = [
      { client: plain, tls: false },
      { client: { name: 'dialtone rfc2217s://', bytes: BYTES, command: (p) => [process.execPath, [bin, 'connect', `rfc2217s://127.0.0.1:${p}`, '--pin', pin]] }, tls: true },
      { client: { name: 'gensiot ssl', bytes: BYTES, command: (p) => ['gensiot', [`telnet(rfc2217),ssl(CA=${certFile}),tcp,127.0.0.1,${p}`]] }, tls: true },
    ];
    const rates = new Map<string, number[]>(clients.map((c) => [c.client.name, []]));
    for (let r = 0; r < RUNS; r++) for (const c of clients) rates.get(c.client.name)!.push(await measure(c.client, c.tls ? tls : undefined));
    console.log(`receive throughput through TLS, median of ${RUNS} runs of ${BYTES / 1024 / 1024} MiB (MB/s = 10^6 bytes/s)`);
    for (const [name, rs] of rates) console.log(`  ${name.padEnd(22)} ${median(rs).toFixed(1).padStart(7)} MB/s   runs: ${rs.map((x) => x.toFixed(1)).join(', ')}`);
    const m = (name: string) => median(rates.get(name)!);
    console.log(`  TLS/plain (dialtone)      ${(m('dialtone rfc2217s://') / m('dialtone rfc2217://')).toFixed(2)}`);
    console.log(`  dialtone/gensiot in TLS   ${(m('dialtone rfc2217s://') / m('gensiot ssl')).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
