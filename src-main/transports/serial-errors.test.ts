import { describe, expect, it } from 'vitest';
import { RECONNECT_RULES } from '../sessions/session-core.js';
import { classifyOpenError } from './serial-errors.js';

const long = `/${'a'.repeat(3000)}`;

describe('classifyOpenError', () => {
  it.each([
    ['ENAMETOOLONG', Object.assign(new Error('ENAMETOOLONG: name too long'), { code: 'ENAMETOOLONG' }), /file name too long/],
    ['File name too long (the binding)', new Error('Error: File name too long, cannot open ' + long), /file name too long/],
    ['ENOTDIR', Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR' }), /not a folder/],
    ['Not a directory (the binding)', new Error('Error: Not a directory, cannot open'), /not a folder/],
    ['ELOOP (the binding)', new Error('Error: Too many levels of symbolic links'), /symbolic links/],
  ])('a path no retry can open (%s) is not-a-serial-port, which is not retried', (_what, err, why) => {
    const failure = classifyOpenError(err, long);
    expect(failure.code).toBe('not-a-serial-port');
    expect(RECONNECT_RULES[failure.code]).toBe('stop');
    expect(failure.message).toMatch(why);
  });

  it('quotes a long path shortened (first 60 and last 20 characters), in every message', () => {
    for (const err of [new Error('File name too long'), new Error('Input/output error'), Object.assign(new Error('x'), { code: 'ENOENT' }), new Error('Cannot lock port')]) {
      const { message } = classifyOpenError(err, long);
      expect(message).toContain(`${long.slice(0, 60)}…${long.slice(-20)}`);
      expect(message.length).toBeLessThan(250);
    }
  });

  it('a busy port and an I/O error are still retried', () => {
    expect(RECONNECT_RULES[classifyOpenError(new Error('Cannot lock port'), '/dev/ttyUSB0').code]).toBe('retry');
    expect(RECONNECT_RULES[classifyOpenError(new Error('Input/output error'), '/dev/ttyUSB0').code]).toBe('retry');
  });
});
