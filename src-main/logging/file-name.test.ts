import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayKey, expandLogFileName, rotatedLogPath, safeLogPath, sanitizeNamePart } from './file-name.js';

// local time, as the names are
const NOW = new Date(2026, 10, 21, 3, 4, 5).getTime();

describe('expandLogFileName', () => {
  it('expands date, time, datetime and the target fields', () => {
    expect(expandLogFileName('{profile}-{datetime}.log', { profile: 'Core switch' }, NOW)).toBe('Core switch-2026-11-21_03-04-05.log');
    expect(expandLogFileName('{host}_{port}_{date}_{time}.txt', { host: '10.0.0.5', port: 7001 }, NOW)).toBe('10.0.0.5_7001_2026-11-21_03-04-05.txt');
    expect(expandLogFileName('{path}.log', { path: '/dev/ttyUSB0' }, NOW)).toBe('dev_ttyUSB0.log');
    expect(expandLogFileName('{target}.cast', { target: 'rfc2217://10.0.0.5:7001' }, NOW)).toBe('rfc2217_10.0.0.5_7001.cast');
    expect(expandLogFileName('{profile}x', {}, NOW)).toBe('x');
  });

  it('sanitises field values so no separator or .. escapes the folder', () => {
    const name = expandLogFileName('{profile}.log', { profile: '../../etc/passwd' }, NOW);
    expect(name).not.toMatch(/[/\\]|\.\./);
    expect(expandLogFileName('{profile}', { profile: '..\\..\\win' }, NOW)).not.toMatch(/[/\\]|\.\./);
    expect(sanitizeNamePart('a:b*c?"d<e>f|g\u0000h')).toBe('a_b_c_d_e_f_g_h');
    expect(sanitizeNamePart('.hidden')).toBe('hidden');
  });

  it('rejects an unknown field, naming it and the known ones', () => {
    expect(() => expandLogFileName('{user}.log', {}, NOW)).toThrow(/unknown field \{user\}.*\{date\} \{time\}/);
  });
});

describe('safeLogPath', () => {
  it('keeps names inside the folder', () => {
    expect(safeLogPath('/var/log/dialtone', 'a.log')).toBe('/var/log/dialtone/a.log');
    expect(safeLogPath('/var/log/dialtone', 'sub/a.log')).toBe('/var/log/dialtone/sub/a.log');
    expect(safeLogPath('/var/log/dialtone', '..a.log')).toBe('/var/log/dialtone/..a.log');
  });

  it('throws for names that leave the folder or name nothing', () => {
    for (const bad of ['../a.log', 'sub/../../a.log', '/etc/passwd', '..', '', '.', 'a\0b']) {
      expect(() => safeLogPath('/var/log/dialtone', bad), bad).toThrow(/log file name/);
    }
  });

  it('a sanitised template expansion always passes', () => {
    const name = expandLogFileName('{profile}-{host}-{path}.log', { profile: '../../..', host: '..', path: '/../..' }, NOW);
    expect(safeLogPath('/logs', name).startsWith('/logs/')).toBe(true);
  });
});

describe('rotated names', () => {
  it('numbers size rotations and stamps days', () => {
    expect(rotatedLogPath('/l/console.log', null, 0)).toBe('/l/console.log');
    expect(rotatedLogPath('/l/console.log', null, 2)).toBe(join('/l', 'console.2.log'));
    expect(rotatedLogPath('/l/console.log', '20261121', 0)).toBe('/l/console-20261121.log');
    expect(rotatedLogPath('/l/console', '20261121', 1)).toBe('/l/console-20261121.1');
    expect(dayKey(NOW)).toBe('20261121');
  });
});
