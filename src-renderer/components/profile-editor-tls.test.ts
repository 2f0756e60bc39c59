// The profile editor's TLS section, as a model: round trips, what is saved for each choice, its problems.
import { describe, expect, it } from 'vitest';
import { profileSchema, type Profile } from '../../src-shared/ipc/profile.js';
import { canUseTls, draftOf, profileFromDraft, type ProfileDraft, type TlsDraft } from './profile-editor-model.js';

const FP = 'AB:'.repeat(31) + 'AB';
const tlsProfile: Profile = profileSchema.parse({ id: 'p-tls', name: 'ser2net TLS', target: { kind: 'rfc2217', host: 'ts1', port: 3001, tls: true } });
const withTls = (patch: Partial<TlsDraft>, p: Profile = tlsProfile) => {
  const d = draftOf(p);
  return profileFromDraft({ ...d, tls: { ...d.tls, ...patch } }, p);
};
const saved = (r: ReturnType<typeof profileFromDraft>) => {
  if (!r.ok) throw new Error(`${r.field}: ${r.message}`);
  return profileSchema.parse(r.profile);
};

describe('the TLS section', () => {
  it('is offered for RFC 2217, telnet and raw TCP only', () => {
    expect(['rfc2217', 'telnet', 'raw', 'cisco', 'serial'].map((k) => canUseTls(k as ProfileDraft['target']['kind']))).toEqual([true, true, true, false, false]);
  });

  it('gives back the same profile for each trust and client certificate', () => {
    const variants = [
      { minVersion: 'TLSv1.2', checkHostname: true },
      { pin: FP, minVersion: 'TLSv1.3', checkHostname: true },
      { caName: 'ser2net.crt', checkHostname: false, minVersion: 'TLSv1.2' },
      { caName: 'ca.crt', certName: 'me.crt', keyName: 'me.key', checkHostname: true, minVersion: 'TLSv1.2' },
      { caName: 'ca.crt', pfxName: 'me.p12', checkHostname: true, minVersion: 'TLSv1.2' },
    ];
    for (const tls of variants) {
      const p = profileSchema.parse({ ...tlsProfile, tls });
      expect(saved(profileFromDraft(draftOf(p), p))).toEqual(p);
    }
  });

  it('reads a profile into the draft', () => {
    const p = profileSchema.parse({ ...tlsProfile, tls: { caName: 'ser2net.crt', checkHostname: false, pfxName: 'me.p12' } });
    expect(draftOf(p).tls).toMatchObject({ enabled: true, trust: 'ca', caName: 'ser2net.crt', checkHostname: false, client: 'pfx', pfxName: 'me.p12' });
    expect(draftOf(profileSchema.parse({ ...tlsProfile, target: { kind: 'telnet', host: 'h', port: 23 } })).tls.enabled).toBe(false);
  });

  it('saves only what the chosen trust and client certificate need', () => {
    const all = { caName: 'ca.crt', pin: FP, certName: 'me.crt', keyName: 'me.key', pfxName: 'me.p12' };
    expect(saved(withTls({ ...all, trust: 'tofu', client: 'none' })).tls).toEqual({ minVersion: 'TLSv1.2', checkHostname: true, savePassphrase: false });
    expect(saved(withTls({ ...all, trust: 'pin', client: 'pfx' })).tls).toEqual({ minVersion: 'TLSv1.2', checkHostname: true, savePassphrase: false, pin: FP, pfxName: 'me.p12' });
    expect(saved(withTls({ ...all, trust: 'ca', checkHostname: false, minVersion: 'TLSv1.3', client: 'pem' })).tls).toEqual({
      minVersion: 'TLSv1.3',
      checkHostname: false,
      savePassphrase: false,
      caName: 'ca.crt',
      certName: 'me.crt',
      keyName: 'me.key',
    });
  });

  it('turning TLS on marks the target; off drops the TLS settings', () => {
    const plain = profileSchema.parse({ ...tlsProfile, target: { kind: 'raw', host: 'h', port: 4001 } });
    expect(saved(withTls({ enabled: true }, plain)).target).toEqual({ kind: 'raw', host: 'h', port: 4001, tls: true });
    const off = saved(withTls({ enabled: false }, profileSchema.parse({ ...tlsProfile, tls: { pin: FP } })));
    expect(off.target).toEqual({ kind: 'rfc2217', host: 'ts1', port: 3001 });
    expect(off.tls).toBeUndefined();
  });

  it('names what is missing at its field', () => {
    expect(withTls({ trust: 'ca', caName: '' })).toMatchObject({ ok: false, field: 'tlsTrust', message: 'choose or import a CA file' });
    expect(withTls({ trust: 'pin', pin: ' ' })).toMatchObject({ ok: false, field: 'tlsTrust' });
    expect(withTls({ trust: 'pin', pin: 'AB:CD' })).toMatchObject({ ok: false, field: 'tlsTrust', message: expect.stringContaining('64 hex digits') });
    expect(withTls({ client: 'pem', certName: 'me.crt', keyName: '' })).toMatchObject({ ok: false, field: 'tlsClient' });
    expect(withTls({ client: 'pfx', pfxName: '' })).toMatchObject({ ok: false, field: 'tlsClient' });
  });
});
