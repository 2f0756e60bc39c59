import { describe, expect, it } from 'vitest';
import { parseTarget, shortPath, TargetError } from './target.js';

describe('parseTarget: serial paths', () => {
  it('takes an absolute path, with or without serial:, and COMn (also \\\\.\\COMn)', () => {
    expect(parseTarget('serial:/dev/ttyUSB0')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0' });
    expect(parseTarget('/dev/serial/by-id/usb-FTDI-if00')).toEqual({ kind: 'serial', path: '/dev/serial/by-id/usb-FTDI-if00' });
    expect(parseTarget('serial:///dev/ttyS0')).toEqual({ kind: 'serial', path: '/dev/ttyS0' });
    expect(parseTarget('COM3')).toEqual({ kind: 'serial', path: 'COM3' });
    expect(parseTarget('serial:COM12')).toEqual({ kind: 'serial', path: 'COM12' });
    expect(parseTarget('serial:\\\\.\\COM10')).toEqual({ kind: 'serial', path: '\\\\.\\COM10' });
  });

  it.each(['serial:aaa', 'serial:ttyUSB0', 'serial:./ttyUSB0', 'serial:dev/ttyS0'])('refuses the relative path %s with a clear message', (text) => {
    expect(() => parseTarget(text)).toThrow(TargetError);
    expect(() => parseTarget(text)).toThrow(/absolute path.*serial:\/dev\/ttyUSB0.*COM3/);
  });

  it('a message quoting a very long target stays readable', () => {
    let message = '';
    try {
      parseTarget(`serial:${'a'.repeat(3000)}`);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/absolute path/);
    expect(message.length).toBeLessThan(300);
    expect(() => parseTarget(`gopher://${'x'.repeat(3000)}`)).toThrow(/^.{1,400}$/s);
  });
});

describe('shortPath', () => {
  it('keeps a path up to 81 characters; a longer one shows its first 60 and last 20 with … between', () => {
    expect(shortPath('/dev/ttyUSB0')).toBe('/dev/ttyUSB0');
    expect(shortPath('a'.repeat(81))).toBe('a'.repeat(81));
    const long = `/${'a'.repeat(2000)}/tail-of-the-path-xyz`;
    expect(shortPath(long)).toBe(`${long.slice(0, 60)}…${long.slice(-20)}`);
    expect(shortPath(long)).toHaveLength(81);
  });
});
