/**
 * A profile's automatic-log file-name template is checked when the profile is saved, with the same
 * rules the expansion and the folder guard apply when a session opens (src-main/logging/file-name.ts):
 * a template the schema accepts never fails at open for its fields or its shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autoLogSchema, LOG_NAME_FIELDS, profileSchema } from '../../src-shared/ipc/profile.js';
import { startTestCore } from '../harness/core.js';
import { expandLogFileName, safeLogPath } from '../../src-main/logging/file-name.js';
import { tempDir } from '../harness/peers.js';

const NOW = new Date(2026, 10, 21, 3, 4, 5).getTime();
const FIELDS = { profile: 'Core switch', host: '10.0.0.5', port: 7001, path: '/dev/ttyUSB0', target: 'rfc2217://10.0.0.5:7001' };

/** The first message the schema gives for `template`, or null when it accepts it. */
function problem(template: string): string | null {
  const r = autoLogSchema.safeParse({ fileNameTemplate: template });
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid');
}

describe('autoLog.fileNameTemplate', () => {
  it('refuses an unknown field, naming it and the known ones', () => {
    expect(problem('{nope}.log')).toBe('unknown field {nope} in the file name template: use {date} {time} {datetime} {profile} {host} {port} {path} {target}');
    expect(problem('{profile}-{Profile}.log')).toMatch(/^unknown field \{Profile\}/);
    expect(problem('{}.log')).toMatch(/^unknown field \{\} /);
    const r = profileSchema.safeParse({ name: 'x', target: { kind: 'serial', path: '/dev/ttyS0' }, autoLog: { enabled: true, fileNameTemplate: 'x-{user}.log' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['autoLog', 'fileNameTemplate'], message: expect.stringMatching(/^unknown field \{user\}/) });
  });

  it('refuses what the folder guard refuses: empty, path separators, .., a NUL, "."', () => {
    expect(problem('')).toBe('the file name template is empty');
    for (const t of ['logs/{profile}.log', '..\\x.log', '../x', '{profile}..log', '..']) expect(problem(t), t).toBe('the file name template names a file, not a path (no / \\ or ..)');
    expect(problem('a\u0000b.log')).toBe('the file name template contains a NUL character');
    expect(problem('.')).toBe('the file name template "." names the log folder itself, not a file');
    expect(problem('x'.repeat(201))).toMatch(/200/);
  });

  it('accepts every known field, and every template it accepts expands to a name inside the folder', () => {
    expect(autoLogSchema.parse({}).fileNameTemplate).toBe('{profile}-{datetime}.log');
    const accepted = [
      '{profile}-{datetime}.log',
      ...LOG_NAME_FIELDS.map((f) => `{${f}}.log`),
      LOG_NAME_FIELDS.map((f) => `{${f}}`).join('_') + '.txt',
      'fixed.log',
      'brace{.log',
      '.hidden.log',
    ];
    for (const t of accepted) {
      expect(problem(t), t).toBeNull();
      expect(safeLogPath('/logs', expandLogFileName(t, FIELDS, NOW)).startsWith('/logs/'), t).toBe(true);
    }
  });
});

describe('profiles.save through the app core', () => {
  let dir: { path: string; remove(): void };
  beforeEach(() => {
    dir = tempDir('dialtone-tpl-');
  });
  afterEach(() => dir.remove());

  it('refuses a profile whose template has an unknown field, with a message naming the field', async () => {
    const core = await startTestCore(dir.path);
    try {
      const r = await core.router.handle('profiles.save', {
        profile: { name: 'Console', target: { kind: 'raw', host: '127.0.0.1', port: 9 }, autoLog: { enabled: true, format: 'text', fileNameTemplate: '{nope}.log' } },
      });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error).toMatch(/unknown field \{nope\}/);
      expect(core.profiles.list()).toEqual([]);
    } finally {
      await core.dispose();
    }
  });
});
