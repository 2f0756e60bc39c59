import { describe, expect, it } from 'vitest';
import { autoLogSchema, profileSchema, type Profile } from '../../src-shared/ipc/profile.js';
import { draftOf, profileFromDraft, terminalRange, type ProfileDraft } from './profile-editor-model.js';

const base: Profile = profileSchema.parse({ id: 'p-1', name: 'Lab switch', target: { kind: 'rfc2217', host: '10.0.0.5', port: 7001 } });
const edit = (patch: Partial<ProfileDraft>, p: Profile = base): ReturnType<typeof profileFromDraft> => profileFromDraft({ ...draftOf(p), ...patch }, p);
const saved = (r: ReturnType<typeof profileFromDraft>) => {
  if (!r.ok) throw new Error(`${r.field}: ${r.message}`);
  return profileSchema.parse(r.profile);
};

describe('profile editor draft', () => {
  it('gives back the same profile when nothing was changed, for every kind of target', () => {
    const targets: Profile['target'][] = [
      { kind: 'rfc2217', host: 'h', port: 7001 },
      { kind: 'telnet', host: 'h', port: 23 },
      { kind: 'raw', host: 'h', port: 4001 },
      { kind: 'serial', path: '/dev/ttyUSB0' },
      { kind: 'cisco-line', host: 'ts1', line: 17, mode: 'binary-telnet' },
    ];
    for (const target of targets) {
      const p = profileSchema.parse({ ...base, target });
      expect(saved(profileFromDraft(draftOf(p), p))).toEqual(p);
    }
    const full = profileSchema.parse({
      ...base,
      settings: { baud: 9600, dataBits: 7, parity: 'even', stopBits: 2, flow: 'rtscts' },
      dtr: true,
      rts: false,
      reconnect: false,
      notify: false,
      terminal: { encoding: 'cp437', receiveNewline: 'crlf', sendNewline: 'lf', localEcho: true, pasteCharDelayMs: 5, pasteLineDelayMs: 200, fontSize: 16 },
      autoLog: autoLogSchema.parse({ enabled: true, format: 'hex', timestamps: 'wall', sent: true, rotate: { maxBytes: 1048576, daily: true }, fileNameTemplate: '{host}-{date}.log' }),
    });
    expect(saved(profileFromDraft(draftOf(full), full))).toEqual(full);
  });

  it('notify: on for a profile saved before the option, kept through the editor, off when unticked', () => {
    const old = profileSchema.parse({ name: 'Old', target: { kind: 'serial', path: '/dev/ttyS0' } });
    expect(old.notify).toBe(true);
    expect(draftOf(old).notify).toBe(true);
    expect(saved(profileFromDraft({ ...draftOf(old), notify: false }, old))).toMatchObject({ notify: false });
  });

  it('keeps the id when renamed (the same profile, not a new one)', () => {
    expect(saved(edit({ name: '  Renamed  ' }))).toMatchObject({ id: 'p-1', name: 'Renamed' });
  });

  it('leaves out what was left "as the far end has it", and DTR/RTS left alone', () => {
    const p = saved(edit({ baud: '', dataBits: '8', parity: '', dtr: 'off', rts: 'leave' }));
    expect(p.settings).toEqual({ dataBits: 8 });
    expect(p.dtr).toBe(false);
    expect('rts' in p).toBe(false);
  });

  it('takes any whole baud, and names the baud field for one that is not', () => {
    expect(saved(edit({ baud: '250000' })).settings.baud).toBe(250000);
    expect(edit({ baud: '96k' })).toMatchObject({ ok: false, field: 'baud' });
  });

  it('saves no DTR/RTS with safe open, and no line settings for telnet or raw TCP', () => {
    const safe = saved(edit({ safeOpen: true, dtr: 'on', rts: 'off' }));
    expect([safe.safeOpen, safe.dtr, safe.rts]).toEqual([true, undefined, undefined]);
    const d = draftOf(base);
    const telnet = saved(profileFromDraft({ ...d, target: { ...d.target, kind: 'telnet', port: '23' }, baud: '9600', dtr: 'on', safeOpen: true }, base));
    expect([telnet.settings, telnet.dtr, telnet.safeOpen]).toEqual([{}, undefined, false]);
  });

  it('names the field of each problem, the first in the form wins', () => {
    const d = draftOf(base);
    expect(edit({ name: ' ' })).toEqual({ ok: false, field: 'name', message: 'profile name is empty' });
    expect(edit({ target: { ...d.target, port: '99999' } })).toEqual({ ok: false, field: 'port', message: 'port: 1..65535' });
    expect(edit({ name: '', target: { ...d.target, host: '' } })).toMatchObject({ field: 'name' });
    expect(edit({ target: { ...d.target, kind: 'cisco', line: '9999' } })).toMatchObject({ field: 'line' });
    expect(edit({ terminal: { ...d.terminal, fontSize: '99' } })).toEqual({ ok: false, field: 'fontSize', message: `font size: a whole number ${terminalRange('fontSize')}` });
    expect(terminalRange('fontSize')).toBe('6..72');
    expect(edit({ terminal: { ...d.terminal, pasteLineDelayMs: '1.5' } })).toMatchObject({ field: 'pasteLineDelayMs' });
    expect(edit({ autoLog: { ...d.autoLog, fileNameTemplate: '../x.log' } })).toMatchObject({ field: 'fileNameTemplate', message: expect.stringContaining('names a file, not a path') });
    expect(edit({ autoLog: { ...d.autoLog, rotate: { maxBytes: 10, daily: false } } })).toMatchObject({ field: 'rotate', message: expect.stringContaining('64 KiB') });
    expect(edit({ autoLog: { ...d.autoLog, fileNameTemplate: '' }, terminal: { ...d.terminal, fontSize: 'x' } })).toMatchObject({ field: 'fontSize' });
  });

  it('puts a host with a port, or a URL, at the Host field (Save stays disabled), and keeps IPv6 literals', () => {
    const d = draftOf(base);
    expect(edit({ target: { ...d.target, host: '127.0.0.1:17001' } })).toEqual({ ok: false, field: 'host', message: 'Host: write the port in the Port field' });
    expect(edit({ target: { ...d.target, host: 'rfc2217://127.0.0.1' } })).toEqual({ ok: false, field: 'host', message: 'Host: a host name or address, not a URL' });
    expect(edit({ target: { ...d.target, kind: 'cisco', line: '3', host: 'ts1:2003' } })).toMatchObject({ ok: false, field: 'host' });
    for (const host of ['::1', 'fe80::1', '2001:db8::1']) expect(saved(edit({ target: { ...d.target, host } })).target).toEqual({ kind: 'rfc2217', host, port: 7001 });
  });
});
