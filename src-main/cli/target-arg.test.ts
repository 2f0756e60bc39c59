import { afterEach, describe, expect, it, vi } from 'vitest';
import { targetArg, UsageError } from './args.js';

afterEach(() => vi.restoreAllMocks());

describe('targetArg (every command line TARGET)', () => {
  it('on macOS a typed /dev/tty.NAME opens as the call-out /dev/cu.NAME, said on stderr', () => {
    const said: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((t) => (said.push(String(t)), true));
    expect(targetArg('serial:/dev/tty.usbserial-1420', 'darwin')).toEqual({ kind: 'serial', path: '/dev/cu.usbserial-1420' });
    expect(said.join('')).toMatch(/\/dev\/cu\.usbserial-1420/);
  });

  it('elsewhere, and for network targets, as given; a bad target is a usage error', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(targetArg('serial:/dev/tty.usbserial-1420', 'linux')).toEqual({ kind: 'serial', path: '/dev/tty.usbserial-1420' });
    expect(targetArg('COM3', 'win32')).toEqual({ kind: 'serial', path: 'COM3' });
    expect(targetArg('rfc2217://127.0.0.1:2217', 'darwin')).toEqual({ kind: 'rfc2217', host: '127.0.0.1', port: 2217 });
    expect(write).not.toHaveBeenCalled();
    expect(() => targetArg('gopher://x:1')).toThrow(UsageError);
  });
});
