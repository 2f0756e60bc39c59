import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_STORED, profileSchema, resolveProfileTarget, type Profile } from '../../src-shared/ipc/profile.js';
import { defaultConfigDir, ProfileStore } from './store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dialtone-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const serial = { name: 'Console', target: { kind: 'serial' as const, path: '/dev/ttyUSB0' } };

describe('ProfileStore', () => {
  it('saves with defaults and an id, and reads back after reopening', async () => {
    const store = await ProfileStore.open(dir);
    const saved = await store.save({ ...serial, settings: { baud: 9600 } });
    expect(saved.id).toMatch(/^p-[0-9a-f]{12}$/);
    expect(saved.terminal.sendNewline).toBe('cr');
    expect(saved.reconnect).toBe(true);
    const again = await ProfileStore.open(dir);
    expect(again.list()).toEqual([saved]);
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8'))).toMatchObject({ dialtone: 'profiles', version: 1 });
  });

  it('keeps every one of many concurrent saves, and leaves no temporary files', async () => {
    const store = await ProfileStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save({ ...serial, name: `P${i}` })));
    expect((await ProfileStore.open(dir)).list()).toHaveLength(20);
    expect(readdirSync(dir).sort()).toEqual(['profiles.json']);
  });

  it('replaces, duplicates and deletes', async () => {
    const store = await ProfileStore.open(dir);
    const a = await store.save(serial);
    await store.save({ ...a, name: 'Renamed' });
    const copy = await store.duplicate(a.id!);
    expect(copy.name).toBe('Renamed (copy)');
    expect(copy.id).not.toBe(a.id);
    await store.delete(a.id!);
    expect(store.list().map((p) => p.name)).toEqual(['Renamed (copy)']);
    await expect(store.delete(a.id!)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('imports all or nothing, and exports what it imports', async () => {
    const store = await ProfileStore.open(dir);
    await store.save(serial);
    const bad = JSON.stringify({ dialtone: 'profiles', version: 1, profiles: [serial, { name: 'x', target: { kind: 'rfc2217', host: 'h', port: 99999 } }] });
    await expect(store.importJson(bad)).rejects.toThrow(/profiles\.1\.target.*nothing imported/);
    await expect(store.importJson('{not json')).rejects.toMatchObject({ code: 'bad-request' });
    expect(store.list()).toHaveLength(1);
    const { json } = store.exportJson();
    const { imported } = await store.importJson(json);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.id).not.toBe(store.list()[0]!.id); // the id was in use: a new one
    expect(store.list()).toHaveLength(2);
    // a bare array is accepted too
    expect((await store.importJson(JSON.stringify([{ ...serial, name: 'Bare' }]))).imported).toHaveLength(1);
  });

  it('refuses a file with a host that holds a port or a URL, naming the profile and the reason; nothing imported', async () => {
    const store = await ProfileStore.open(dir);
    const withPort = JSON.stringify([{ name: 'Lab', target: { kind: 'rfc2217', host: '127.0.0.1:17001', port: 17001 } }]);
    await expect(store.importJson(withPort)).rejects.toThrow('not a valid profiles file: profiles.0.target.host: Host: write the port in the Port field; nothing imported');
    const url = JSON.stringify([serial, { name: 'Lab', target: { kind: 'telnet', host: 'rfc2217://127.0.0.1', port: 23 } }]);
    await expect(store.importJson(url)).rejects.toThrow('profiles.1.target.host: Host: a host name or address, not a URL; nothing imported');
    expect(store.list()).toEqual([]);
    await expect(store.save({ name: 'Lab', target: { kind: 'raw', host: 'h:1', port: 1 } })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('Host: write the port in the Port field') });
  });

  it('imports a profile whose name is taken as a new profile named "NAME (imported)", and says so; the one there is kept', async () => {
    const store = await ProfileStore.open(dir);
    const mine = await store.save({ ...serial, settings: { baud: 9600 } });
    const file = JSON.stringify([{ ...serial, settings: { baud: 115200 } }, { ...serial }, { ...serial, name: 'Other' }]);
    const { imported, notes } = await store.importJson(file);
    expect(imported.map((p) => p.name)).toEqual(['Console (imported)', 'Console (imported 2)', 'Other']);
    expect(notes).toEqual(['"Console" exists already: imported as "Console (imported)"', '"Console" exists already: imported as "Console (imported 2)"']);
    expect(store.get(mine.id!)).toEqual(mine);
    expect(store.list()).toHaveLength(4);
    const long = 'x'.repeat(120);
    await store.save({ ...serial, name: long });
    const again = await store.importJson(JSON.stringify([{ ...serial, name: long }]));
    expect(again.imported[0]!.name).toBe(`${'x'.repeat(120 - ' (imported)'.length)} (imported)`);
  });

  it('keeps at most MAX_STORED profiles; export checks any number of ids in linear time', async () => {
    const store = await ProfileStore.open(dir);
    const many = Array.from({ length: MAX_STORED }, (_, i) => ({ ...serial, name: `p${i}` }));
    expect((await store.importJson(JSON.stringify(many))).imported).toHaveLength(MAX_STORED);
    await expect(store.save({ ...serial, name: 'one too many' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.importJson(JSON.stringify([serial]))).rejects.toThrow(/at most 10000 profiles/);
    const ids = store.list().map((p) => p.id!);
    const started = performance.now();
    expect(JSON.parse(store.exportJson(ids).json).profiles).toHaveLength(MAX_STORED);
    expect(() => store.exportJson([...ids.slice(0, 5), 'nope'])).toThrow(/no saved profile "nope"/);
    // O(profiles x ids) took seconds at this size; a Set check takes milliseconds (loose bound, no timing race)
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a stored profile an older version accepted (an unknown template field) keeps the others; its auto-log is turned off', async () => {
    const good = profileSchema.parse({ ...serial, id: 'p-good' });
    const old = { ...profileSchema.parse({ ...serial, id: 'p-old', name: 'Old' }), autoLog: { enabled: true, format: 'text', fileNameTemplate: '{user}.log' } };
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ dialtone: 'profiles', version: 1, profiles: [good, old, { name: 42 }] }));
    const store = await ProfileStore.open(dir);
    expect(store.list().map((p) => p.id)).toEqual(['p-good', 'p-old']);
    expect(store.get('p-old')?.autoLog.enabled).toBe(false);
    expect(store.warnings.join('\n')).toMatch(/"Old": its automatic log settings were invalid/);
    expect(store.warnings.join('\n')).toMatch(/profile 3 was invalid/);
    expect(readdirSync(dir).some((f) => f.startsWith('profiles.json.before-repair-'))).toBe(true);
  });

  it('moves a corrupt file aside instead of overwriting it', async () => {
    writeFileSync(join(dir, 'profiles.json'), '{"dialtone":"profiles","version":1,"profiles":[{"name":');
    const store = await ProfileStore.open(dir);
    expect(store.list()).toEqual([]);
    expect(store.warnings[0]).toMatch(/could not be read.*kept as/);
    const aside = readdirSync(dir).find((f) => f.startsWith('profiles.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('"profiles":[{"name":');
    await store.save(serial);
    expect(readdirSync(dir)).toContain(aside);
  });

  it('offers built-ins first and protects them', async () => {
    const demo: Profile = { ...profileSchema.parse({ name: 'Demo modem', target: { kind: 'rfc2217', host: '127.0.0.1', port: 7000 } }), id: 'demo-modem', builtIn: true };
    const store = await ProfileStore.open(dir, { builtIns: () => [demo] });
    await store.save({ ...serial, name: 'Aardvark' });
    expect(store.list().map((p) => p.name)).toEqual(['Demo modem', 'Aardvark']);
    await expect(store.save({ ...serial, id: 'demo-modem' })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(store.delete('demo-modem')).rejects.toMatchObject({ code: 'bad-request' });
    const copy = await store.duplicate('demo-modem');
    expect(copy.builtIn).toBeUndefined();
    expect(store.exportJson().json).not.toContain('"builtIn"');
  });

  it('keeps a phonebook beside the profiles', async () => {
    const store = await ProfileStore.open(dir);
    const e = await store.saveEntry({ name: 'BBS', number: '5551234' });
    expect(e.redialAttempts).toBe(0);
    expect((await ProfileStore.open(dir)).listPhonebook()).toEqual([e]);
    await store.deleteEntry(e.id!);
    expect(store.listPhonebook()).toEqual([]);
  });

  it('a new phonebook starts with the first entries given (the demo numbers); an emptied one is never refilled', async () => {
    const firstPhonebook = [{ id: 'demo-555-0100', name: 'Echo (demo)', number: '555-0100', profileId: 'demo-modem' }];
    const store = await ProfileStore.open(dir, { firstPhonebook });
    expect(store.listPhonebook()).toMatchObject(firstPhonebook);
    await store.deleteEntry('demo-555-0100');
    expect((await ProfileStore.open(dir, { firstPhonebook })).listPhonebook()).toEqual([]);
  });

  it('resolves Cisco line presets to 2000+N telnet, 4000+N raw, 6000+N binary telnet', () => {
    const t = (mode: 'telnet' | 'raw' | 'binary-telnet') => resolveProfileTarget({ kind: 'cisco-line', host: 'ts1', line: 17, mode });
    expect(t('telnet')).toEqual({ kind: 'telnet', host: 'ts1', port: 2017 });
    expect(t('raw')).toEqual({ kind: 'raw', host: 'ts1', port: 4017 });
    expect(t('binary-telnet')).toEqual({ kind: 'telnet', host: 'ts1', port: 6017 });
  });

  it('uses XDG_CONFIG_HOME when it is absolute', () => {
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/dialtone');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\.config\/dialtone$/);
  });
});
