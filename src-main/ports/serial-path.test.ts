// Local port names as each system shows them: macOS's call-out /dev/cu.NAME for the dial-in
// /dev/tty.NAME serialport lists; Linux paths and Windows COM names as given.
import { describe, expect, it } from 'vitest';
import { localPortPath, MAX_PORT_NAME, portToOpen } from './serial-path.js';

describe('localPortPath', () => {
  it('darwin: the dial-in /dev/tty.NAME is shown and opened as the call-out /dev/cu.NAME', () => {
    expect(localPortPath('/dev/tty.usbserial-A10KZ1Q3', 'darwin')).toBe('/dev/cu.usbserial-A10KZ1Q3');
    expect(localPortPath('/dev/tty.Bluetooth-Incoming-Port', 'darwin')).toBe('/dev/cu.Bluetooth-Incoming-Port');
    expect(localPortPath('/dev/cu.usbmodem14101', 'darwin')).toBe('/dev/cu.usbmodem14101');
    // not a tty.NAME node: a pty, the console, a name without the dot, a path elsewhere
    for (const p of ['/dev/ttys003', '/dev/tty', '/dev/tty.', '/tmp/dev/tty.x', 'dev/tty.x']) expect(localPortPath(p, 'darwin')).toBe(p);
  });

  it('linux and win32: as given (COM3, COM10 and \\\\.\\COM10 open as they are)', () => {
    for (const p of ['/dev/ttyUSB0', '/dev/tty.weird', '/dev/serial/by-id/usb-FTDI-if00-port0']) expect(localPortPath(p, 'linux')).toBe(p);
    for (const p of ['COM3', 'COM10', 'com4', '\\\\.\\COM10']) expect(localPortPath(p, 'win32')).toBe(p);
  });

  it('a name longer than MAX_PORT_NAME is returned as given', () => {
    const long = `/dev/tty.${'x'.repeat(MAX_PORT_NAME)}`;
    expect(localPortPath(long, 'darwin')).toBe(long);
  });
});

describe('portToOpen', () => {
  it('darwin: a typed /dev/tty.NAME opens /dev/cu.NAME and the note says why', () => {
    const r = portToOpen('/dev/tty.usbserial-1', 'darwin');
    expect(r.path).toBe('/dev/cu.usbserial-1');
    expect(r.note).toMatch(/\/dev\/tty\.usbserial-1 is macOS's dial-in device .*DCD.*opened \/dev\/cu\.usbserial-1/);
  });

  it('no note where the path opens as given', () => {
    expect(portToOpen('/dev/cu.usbserial-1', 'darwin')).toEqual({ path: '/dev/cu.usbserial-1', note: null });
    expect(portToOpen('/dev/tty.usbserial-1', 'linux')).toEqual({ path: '/dev/tty.usbserial-1', note: null });
    expect(portToOpen('COM3', 'win32')).toEqual({ path: 'COM3', note: null });
    expect(portToOpen('COM12', 'win32')).toEqual({ path: 'COM12', note: null });
  });
});
