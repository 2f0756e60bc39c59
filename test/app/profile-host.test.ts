/**
 * Main validates every profile payload: a profile saved over IPC whose host holds a port or a URL is
 * refused with the Host message (the editor refuses it too, but main does not trust the renderer).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore } from '../harness/core.js';
import { tempDir } from '../harness/peers.js';

describe('profiles.save and profiles.import through the app core', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = tempDir('dialtone-host-');
  });
  afterEach(() => dir.remove());

  it('refuses a host with a port or a URL, saves an IPv6 literal, and reports an imported name clash', async () => {
    const core = await startTestCore(dir.path);
    try {
      const withPort = await core.router.handle('profiles.save', { profile: { name: 'Lab', target: { kind: 'rfc2217', host: '127.0.0.1:17001', port: 17001 } } });
      expect(withPort.ok ? '' : withPort.error).toMatch(/Host: write the port in the Port field/);
      const url = await core.router.handle('profiles.save', { profile: { name: 'Lab', target: { kind: 'rfc2217', host: 'rfc2217://127.0.0.1', port: 17001 } } });
      expect(url.ok ? '' : url.error).toMatch(/Host: a host name or address, not a URL/);
      expect(core.profiles.list()).toEqual([]);
      const v6 = await core.router.handle('profiles.save', { profile: { name: 'Lab', target: { kind: 'rfc2217', host: 'fe80::1', port: 17001 } } });
      expect(v6.ok).toBe(true);
      const imported = await core.router.handle('profiles.import', { json: JSON.stringify([{ name: 'Lab', target: { kind: 'raw', host: '::1', port: 4001 } }]) });
      expect(imported).toMatchObject({ ok: true, value: { imported: [{ name: 'Lab (imported)' }], notes: ['"Lab" exists already: imported as "Lab (imported)"'] } });
    } finally {
      await core.dispose();
    }
  });
});
