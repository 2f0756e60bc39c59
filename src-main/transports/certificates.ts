/**
 * The certificates folder (issue 15): `certs/` in the config folder holds the CA files, client
 * certificates, keys and PKCS#12 bundles that profiles name (profileTlsSchema's caName, certName, keyName,
 * pfxName). Main alone chooses where a file goes: an import gives bytes and a wished-for name, and the
 * file is written under a safe name (letters, digits, '.', '-', '_'), never over another one (name-2.crt,
 * name-3.crt, ...), and only after its content parses as what it claims to be:
 *   ca, cert  a PEM certificate (node:crypto X509Certificate; a CA bundle's first certificate is shown)
 *   key       an unencrypted private key, PEM (createPrivateKey)
 *   pfx       PKCS#12: DER, i.e. one ASN.1 SEQUENCE whose length is the file's (its content can only be
 *             read with the passphrase, asked when connecting)
 * Files are at most MAX_CERT_BYTES; the folder lists at most MAX_CERT_FILES.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdir, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CERT_NAME_PATTERN, MAX_CERT_BYTES, type CertificateInfo, type CertKind } from '../../src-shared/ipc/profile.js';

/** Most files listed. */
export const MAX_CERT_FILES = 1000;

const ENCRYPTED_KEY = 'an encrypted key: give it unencrypted, or as PKCS#12 (whose passphrase is asked when connecting)';

/** Why `bytes` cannot be imported as `kind`, or what it shows of itself. */
export function inspectCertificate(kind: CertKind, bytes: Uint8Array): { ok: true; details: Omit<CertificateInfo, 'name' | 'kind'> } | { ok: false; message: string } {
  if (bytes.length === 0) return { ok: false, message: 'the file is empty' };
  if (bytes.length > MAX_CERT_BYTES) return { ok: false, message: `the file is larger than ${MAX_CERT_BYTES / 1024} KiB` };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'ca' || kind === 'cert') {
    if (!buf.toString('latin1').includes('-----BEGIN CERTIFICATE-----')) return { ok: false, message: 'not a PEM certificate (no "-----BEGIN CERTIFICATE-----")' };
    try {
      const c = new X509Certificate(buf);
      return { ok: true, details: { subject: c.subject.replace(/\n/g, ', '), fingerprint256: c.fingerprint256, validTo: c.validTo } };
    } catch (err) {
      return { ok: false, message: `not a certificate: ${(err as Error).message}` };
    }
  }
  if (kind === 'key') {
    const text = buf.toString('latin1');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return { ok: false, message: 'not a PEM private key (no "-----BEGIN ... PRIVATE KEY-----")' };
    if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(text)) return { ok: false, message: ENCRYPTED_KEY };
    try {
      const k = createPrivateKey(buf);
      return { ok: true, details: { subject: `${k.asymmetricKeyType ?? 'private'} key` } };
    } catch (err) {
      const m = (err as Error).message;
      return { ok: false, message: /passphrase/i.test(m) ? ENCRYPTED_KEY : `not a private key: ${m}` };
    }
  }
  return derSequenceLength(buf) === buf.length ? { ok: true, details: { subject: 'PKCS#12 bundle' } } : { ok: false, message: 'not a PKCS#12 file (.p12/.pfx: DER, one ASN.1 SEQUENCE)' };
}

/** The total length of the DER SEQUENCE at the start of `b` (tag, length, content), or -1. */
function derSequenceLength(b: Buffer): number {
  if (b.length < 2 || b[0] !== 0x30) return -1;
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return -1;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
}

/** A file name made safe from what the operator's file was called (a path's last part; odd characters become '_'). */
export function safeCertName(wanted: string, kind: CertKind): string {
  const base = wanted.split(/[\\/]/).pop() ?? '';
  let name = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '').replace(/\.{2,}/g, '.').slice(0, 100);
  if (!name) name = { ca: 'ca.crt', cert: 'client.crt', key: 'client.key', pfx: 'client.p12' }[kind];
  return name;
}

/** name.ext -> name-N.ext */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

export class CertificateStore {
  /** The folder (config folder's certs/). */
  readonly dir: string;

  constructor(configDir: string) {
    this.dir = join(configDir, 'certs');
  }

  /**
   * Check `bytes` as `kind` and write them under a safe, new name. @throws Error with the reason when
   * the content is not what `kind` says (nothing is written then).
   */
  async import(kind: CertKind, wantedName: string, bytes: Uint8Array): Promise<CertificateInfo> {
    const checked = inspectCertificate(kind, bytes);
    if (!checked.ok) throw new Error(`${safeCertName(wantedName, kind)}: ${checked.message}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const base = safeCertName(wantedName, kind);
    for (let n = 1; n <= MAX_CERT_FILES; n++) {
      const name = n === 1 ? base : numbered(base, n);
      let fh;
      try {
        fh = await open(join(this.dir, name), 'wx', 0o600); // never over another file
      } catch (err) {
        if ((err as { code?: string }).code === 'EEXIST') continue;
        throw err;
      }
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { name, kind: kind === 'ca' ? 'cert' : kind, ...checked.details };
    }
    throw new Error(`${this.dir} already holds ${MAX_CERT_FILES} files named like ${base}`);
  }

  /** The files in the folder with what they are (a file that is none of them: kind 'unknown'). */
  async list(): Promise<CertificateInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const out: CertificateInfo[] = [];
    for (const name of names.filter((n) => CERT_NAME_PATTERN.test(n)).sort().slice(0, MAX_CERT_FILES)) {
      const file = join(this.dir, name);
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) continue;
      if (st.size > MAX_CERT_BYTES) {
        out.push({ name, kind: 'unknown' });
        continue;
      }
      const bytes = await readFile(file);
      const found = (['cert', 'key', 'pfx'] as const).map((k) => ({ k, r: inspectCertificate(k, bytes) })).find((x) => x.r.ok);
      out.push(found && found.r.ok ? { name, kind: found.k, ...found.r.details } : { name, kind: 'unknown' });
    }
    return out;
  }

  /**
   * The bytes of the file `name` names, for a session. @throws Error saying which file is missing (a
   * profile names a file that was removed) or that the name is not a certificates-folder name.
   */
  async read(name: string, what: string): Promise<Buffer> {
    if (!CERT_NAME_PATTERN.test(name)) throw new Error(`the ${what} "${name}" is not a file name in the certificates folder`);
    try {
      const file = join(this.dir, name);
      const st = await stat(file);
      if (st.size > MAX_CERT_BYTES) throw new Error(`larger than ${MAX_CERT_BYTES / 1024} KiB`);
      return await readFile(file);
    } catch (err) {
      const missing = (err as { code?: string }).code === 'ENOENT';
      throw new Error(`the ${what} "${name}" ${missing ? `is not in ${this.dir} (removed?): import it again in the profile editor` : `cannot be read: ${(err as Error).message}`}`);
    }
  }
}
