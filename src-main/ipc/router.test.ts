// The router rejects malformed payloads on every channel before any handler runs, and never throws.
// Handlers here are recording stubs (the point is the boundary); the real handlers are exercised through
// AppCore below and against real peers in app/core.test.ts and the e2e specs.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_NAMES, requests, type RequestName } from '../../src-shared/ipc/contract.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCore } from '../app/core.js';
import { Router, type Handlers } from './router.js';

function recordingRouter() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    REQUEST_NAMES.map((name) => [
      name,
      () => {
        calls.push(name);
        return {};
      },
    ]),
  ) as unknown as Handlers;
  return { router: new Router(handlers), calls };
}

/** Values that are not a payload of any channel. */
const NOT_OBJECTS: unknown[] = [undefined, null, 0, 42, 'x', true, [], [1, 2], () => 1];

/** For each channel, payloads with a field of the wrong type or out of range. */
const WRONG_FIELDS: Partial<Record<RequestName, unknown[]>> = {
  'session.open': [{}, { profileId: 5 }, { profileId: '../etc' }, { target: { kind: 'rfc2217', host: '', port: 1 } }, { target: { kind: 'rfc2217', host: 'h', port: 70000 } }, { target: { kind: 'smb', path: 'x' } }, { profileId: 'a', target: { kind: 'serial', path: '/dev/x' } }],
  'session.close': [{}, { sessionId: '' }, { sessionId: 7 }],
  'session.write': [{ sessionId: 's1' }, { sessionId: 's1', bytes: 'text' }, { sessionId: 's1', bytes: [1, 2, 3] }, { sessionId: 's1', bytes: { 0: 1 } }],
  'session.applySettings': [{ sessionId: 's1' }, { sessionId: 's1', settings: { baud: 0 } }, { sessionId: 's1', settings: { baud: 9600.5 } }, { sessionId: 's1', settings: { dataBits: 9 } }, { sessionId: 's1', settings: { parity: 'sometimes' } }, { sessionId: 's1', settings: { stopBits: 3 } }],
  'session.setControlLines': [{ sessionId: 's1', dtr: 'on' }, { sessionId: 's1', rts: 1 }],
  'session.setBreak': [{ sessionId: 's1' }, { sessionId: 's1', on: 'yes' }],
  'session.sendBreak': [{ sessionId: 's1', ms: 0 }, { sessionId: 's1', ms: -5 }, { sessionId: 's1', ms: 1e9 }, { sessionId: 's1', ms: 'long' }],
  'session.purge': [{ sessionId: 's1' }, { sessionId: 's1', which: 'all' }],
  'session.reconnect': [{ sessionId: null }],
  'tls.trust': [{ sessionId: null }, { sessionId: 's1', fingerprint256: 'AB' }],
  'tls.addCertificate': [{}, { kind: 'ca', name: 'x.crt' }, { kind: 'root', name: 'x.crt', bytes: new Uint8Array(1) }, { kind: 'ca', name: '', bytes: new Uint8Array(1) }, { kind: 'ca', name: 'x.crt', bytes: new Uint8Array(300 * 1024) }],
  'tls.passphrase': [{}, { profileId: 'p' }, { profileId: '../p', passphrase: 'x' }, { profileId: 'p', passphrase: 'x'.repeat(1025) }],
  'transfer.send': [{}, { sessionId: 's1', protocol: 'kermit' }, { sessionId: 's1', protocol: 'ymodem', fileName: '' }, { sessionId: 's1', protocol: 'ymodem', path: '/etc/passwd' }],
  'transfer.receive': [{}, { sessionId: 's1', protocol: 'raw' }, { sessionId: 's1', protocol: 'zmodem', dir: '/tmp' }],
  'transfer.cancel': [{}, { sessionId: '' }],
  'session.disconnect': [{}, { sessionId: 3 }],
  'session.connect': [{ sessionId: '' }],
  'session.ack': [{ sessionId: 's1' }, { sessionId: 's1', bytes: 0 }, { sessionId: 's1', bytes: -1 }, { sessionId: 's1', bytes: 1.5 }, { sessionId: 's1', bytes: Number.POSITIVE_INFINITY }],
  'profiles.save': [{}, { profile: {} }, { profile: { name: 'x' } }, { profile: { name: '', target: { kind: 'serial', path: '/dev/ttyS0' } } }, { profile: { name: 'x', target: { kind: 'cisco-line', host: 'h', line: -1, mode: 'raw' } } }, { profile: { name: 'x', target: { kind: 'serial', path: '/dev/x' }, autoLog: { fileNameTemplate: '../../etc/passwd' } } }],
  'profiles.delete': [{}, { id: 'a/b' }],
  'profiles.duplicate': [{ id: '' }],
  'profiles.import': [{}, { json: 5 }],
  'profiles.export': [{ ids: 'all' }, { ids: [1] }, { ids: Array.from({ length: 10_001 }, (_, i) => `p${i}`) }],
  'log.start': [
    { sessionId: 's1' },
    { sessionId: 's1', format: 'pdf' },
    { sessionId: 's1', format: 'text', file: '/etc/passwd' },
    { sessionId: 's1', format: 'text', timestamps: 'sometimes' },
    { sessionId: 's1', format: 'text', rotate: { maxBytes: 10 } },
  ],
  'session.resize': [{ sessionId: 's1' }, { sessionId: 's1', cols: 0, rows: 24 }, { sessionId: 's1', cols: 80, rows: 24.5 }, { sessionId: 's1', cols: 80, rows: 100_000 }],
  'log.stop': [{}],
  'log.openFolder': [{}],
  'phonebook.save': [{}, { entry: { name: 'x' } }, { entry: { name: 'x', number: '' } }],
  'phonebook.delete': [{}],
  'dial.start': [{ sessionId: 's1' }, { sessionId: 's1', entryId: 'e', number: '123' }, { sessionId: 's1', number: '' }],
  'dial.hangup': [{}],
  'dial.answerMode': [{ sessionId: 's1' }, { sessionId: 's1', mode: 'always' }, { sessionId: 's1', mode: 'ATS0=1' }],
  'dial.callback': [
    { sessionId: 's1' },
    { sessionId: 's1', number: '555-0104' },
    { sessionId: 's1', number: '555-0104', loginScript: '' },
    { sessionId: 's1', number: '555-0104', loginScript: '   ' },
    { sessionId: 's1', number: '', loginScript: 'login: demo' },
    { sessionId: 's1', entryId: 'e', number: '555-0104', loginScript: 'x' },
    { sessionId: 's1', entryId: 'a/b' },
    { sessionId: 's1', entryId: 'e', answerBy: 'operator' },
    { sessionId: 's1', number: '1', loginScript: 'x', answerBy: 5 },
    { sessionId: 's1', number: '1', loginScript: 'x'.repeat(4001) },
    { sessionId: 's1', entryId: 'e', chatScript: 'x' },
  ],
  'phonebook.import': [{}, { json: 5 }, { json: ['x'] }, { json: '[]', merge: true }],
  'phonebook.export': [{ ids: 'all' }, { ids: [1] }, { ids: ['../x'] }, { ids: Array.from({ length: 10_001 }, (_, i) => `e${i}`) }],
  'macros.save': [{}, { macro: {} }, { macro: { name: 'x', steps: [] } }, { macro: { name: 'x', steps: [{ kind: 'wait', timeoutMs: 10 }] } }, { macro: { name: 'x', steps: [{ kind: 'delay', ms: 1 }] }, profileId: '../p' }, { macro: { name: 'x', key: 'F13', steps: [{ kind: 'delay', ms: 1 }] } }],
  'macros.delete': [{}, { id: '' }, { id: 'a/b' }],
  'macros.import': [{}, { json: 5 }],
  'macros.export': [{ ids: 'all' }, { ids: [1] }, { ids: Array.from({ length: 501 }, (_, i) => `m${i}`) }],
  'macro.run': [{ sessionId: 's1' }, { macroId: 'm' }, { sessionId: 's1', macroId: '../m' }],
  'macro.stop': [{}, { sessionId: '' }],
};

describe('Router', () => {
  it('lists malformed payloads for every channel that takes fields', () => {
    for (const name of REQUEST_NAMES) {
      if (requests[name].request.safeParse({}).success) continue; // channels without required fields
      expect(WRONG_FIELDS[name], `malformed cases for ${name}`).toBeDefined();
    }
  });

  it('rejects malformed payloads on every channel with bad-request, before any handler runs', async () => {
    const { router, calls } = recordingRouter();
    for (const name of REQUEST_NAMES) {
      for (const payload of [...NOT_OBJECTS, ...(WRONG_FIELDS[name] ?? [])]) {
        const reply = await router.handle(name, payload);
        expect(reply.ok, `${name} accepted ${JSON.stringify(payload)}`).toBe(false);
        if (!reply.ok) {
          expect(reply.code).toBe('bad-request');
          expect(reply.error).toContain(name);
        }
      }
    }
    expect(calls).toEqual([]);
  });

  it('rejects unknown channels, including prototype names', async () => {
    const { router, calls } = recordingRouter();
    for (const name of ['session.nuke', '__proto__', 'constructor', 'toString', '', 5, null]) {
      const reply = await router.handle(name, {});
      expect(reply).toMatchObject({ ok: false, code: 'unknown-channel' });
    }
    expect(calls).toEqual([]);
  });

  it('turns handler failures into failed replies with their code', async () => {
    const boom = Object.fromEntries(
      REQUEST_NAMES.map((n) => [
        n,
        () => {
          throw Object.assign(new Error('no such thing'), { code: n === 'session.close' ? 'unknown-session' : 'EWHATEVER' });
        },
      ]),
    ) as unknown as Handlers;
    const router = new Router(boom);
    expect(await router.handle('session.close', { sessionId: 's1' })).toEqual({ ok: false, error: 'no such thing', code: 'unknown-session' });
    expect(await router.handle('session.list', {})).toEqual({ ok: false, error: 'no such thing', code: 'failed' });
  });
});

describe('Router over the real handlers (AppCore)', () => {
  let core: AppCore;
  const dir = { path: mkdtempSync(join(tmpdir(), 'dialtone-router-')), remove() { rmSync(this.path, { recursive: true, force: true }); } };
  beforeAll(async () => {
    core = await AppCore.start({
      platform: process.platform,
      configDir: dir.path,
      demo: false,
      services: { kind: 'browser', version: 'test', autoLogDir: dir.path, chooseLogFile: async () => null, showInFolder: async () => undefined },
    });
  });
  afterAll(async () => {
    await core.dispose();
    dir.remove();
  });

  it('never throws and always answers an envelope, whatever arrives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REQUEST_NAMES), fc.anything(), async (name, payload) => {
        const reply = await core.router.handle(name, payload);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(typeof reply.error).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('answers unknown-session for well-formed requests about no session', async () => {
    for (const [name, payload] of [
      ['session.write', { sessionId: 's404', bytes: new Uint8Array([1]) }],
      ['session.setControlLines', { sessionId: 's404', dtr: true }],
      ['session.ack', { sessionId: 's404', bytes: 10 }],
      ['session.close', { sessionId: 's404' }],
      ['dial.start', { sessionId: 's404', number: '555-0100' }],
      ['dial.callback', { sessionId: 's404', number: '555-0104', loginScript: 'login: demo' }],
      ['dial.hangup', { sessionId: 's404' }],
      ['dial.answerMode', { sessionId: 's404', mode: 'auto' }],
    ] as const) {
      expect(await core.router.handle(name, payload)).toMatchObject({ ok: false, code: 'unknown-session' });
    }
  });

  it('imports a phonebook file all or nothing, and exports it again', async () => {
    const bad = JSON.stringify({ dialtone: 'phonebook', version: 1, entries: [{ name: 'ok', number: '1' }, { name: 'bad', number: '' }] });
    const refused = await core.router.handle('phonebook.import', { json: bad });
    expect(refused).toMatchObject({ ok: false, code: 'bad-request' });
    expect(!refused.ok && refused.error).toMatch(/entries\.1\.number.*nothing imported/);
    expect(await core.router.handle('phonebook.import', { json: '{not json' })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await core.router.handle('phonebook.list', {})).toEqual({ ok: true, value: [] });

    const file = { dialtone: 'phonebook', version: 1, entries: [{ id: 'e-same', name: 'Echo', number: '555-0100', dialCommand: 'ATDP', redialAttempts: 2, redialDelayMs: 1000 }] };
    const imported = await core.router.handle('phonebook.import', { json: JSON.stringify(file) });
    expect(imported.ok && requests['phonebook.import'].reply.parse(imported.value).imported).toMatchObject([{ name: 'Echo', number: '555-0100', dialCommand: 'ATDP', redialAttempts: 2 }]);
    const exported = await core.router.handle('phonebook.export', {});
    const text = exported.ok ? requests['phonebook.export'].reply.parse(exported.value).json : '';
    expect(JSON.parse(text)).toMatchObject({ dialtone: 'phonebook', version: 1, entries: [{ name: 'Echo', redialDelayMs: 1000 }] });
    expect(await core.router.handle('phonebook.export', { ids: ['e-none'] })).toMatchObject({ ok: false, code: 'not-found' });
  });

  it('replies match the contract', async () => {
    const info = await core.router.handle('app.info', {});
    expect(info.ok && requests['app.info'].reply.parse(info.value)).toMatchObject({ host: 'browser', demoModem: false });
    const list = await core.router.handle('profiles.list', {});
    expect(list).toEqual({ ok: true, value: [] });
  });
});
