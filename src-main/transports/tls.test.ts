import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from '../../src-shared/session/target.js';
import { KnownServers } from './known-servers.js';
import { normaliseFingerprint } from './tls.js';

describe('TLS targets', () => {
  it('rfc2217s://, telnets:// and tls:// are the three kinds inside TLS, and format back', () => {
    for (const [text, kind] of [['rfc2217s://ts1:7001', 'rfc2217'], ['telnets://ts1:2001', 'telnet'], ['tls://[::1]:4001', 'raw']] as const) {
      const t = parseTarget(text);
      expect(t).toMatchObject({ kind, tls: true });
      expect(formatTarget(t)).toBe(text);
    }
    expect(parseTarget('rfc2217://ts1:7001')).not.toHaveProperty('tls');
  });
});

describe('fingerprints and known servers', () => {
  it('reads any spelling of a SHA-256 fingerprint, refuses a short one', () => {
    expect(normaliseFingerprint(`sha256:${'ab'.repeat(32)}`)).toBe(Array(32).fill('AB').join(':'));
    expect(() => normaliseFingerprint('AB:CD')).toThrow(/64 hex digits/);
  });

  it('keeps what was trusted in the file; a damaged file is refused with its reason, never emptied', async () => {
    const dir = { path: mkdtempSync(join(tmpdir(), 'dialtone-known-')), remove: () => rmSync(dir.path, { recursive: true, force: true }) };
    try {
      const known = await KnownServers.open(dir.path);
      expect(known.lookup('ts1', 7001)).toBeUndefined();
      const fp = Array(32).fill('0F').join(':');
      await known.trust('TS1', 7001, fp, 'CN=ts1-ser2net');
      expect((await KnownServers.open(dir.path)).lookup('ts1', 7001)).toMatchObject({ fingerprint256: fp, subject: 'CN=ts1-ser2net' });
      writeFileSync(join(dir.path, 'known-servers.json'), '{"dialtone":"known-servers","version":1,"servers":[{"host":"x"}]}');
      await expect(KnownServers.open(dir.path)).rejects.toThrow(/is not a known-servers file: servers\.0\.port/);
    } finally {
      dir.remove();
    }
  });
});
