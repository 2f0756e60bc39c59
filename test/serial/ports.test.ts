/**
 * Port discovery and the port watcher. The list of ports comes from @serialport/binding-mock's list()
 * (a mock because this machine has no USB serial adapters and udevadm never lists ptys); the by-id
 * folder is a real folder of real symlinks in a temp dir, mapped exactly as /dev/serial/by-id is.
 */
import { mkdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockBinding } from '@serialport/binding-mock';
import { byIdAliases, byIdAliasFor, listPorts } from '../../src-main/ports/discovery.js';
import { PortWatcher, type PortChange } from '../../src-main/ports/watcher.js';
import { locate, type PortIdentity } from '../../src-main/ports/presence.js';
import type { SerialBinding } from '../../src-main/transports/serial.js';
import { tempDir } from '../harness/peers.js';

const binding = MockBinding as unknown as SerialBinding;
let dir: ReturnType<typeof tempDir>;
let dev: string;
let byId: string;

beforeEach(() => {
  MockBinding.reset();
  dir = tempDir('dialtone-ports-');
  dev = join(dir.path, 'dev');
  byId = join(dev, 'serial', 'by-id');
  mkdirSync(byId, { recursive: true });
  for (const n of ['ttyUSB0', 'ttyUSB1', 'ttyS0']) writeFileSync(join(dev, n), '');
  symlinkSync('../../ttyUSB0', join(byId, 'usb-FTDI_FT232R_USB_UART_A10KZ1Q3-if00-port0'));
  symlinkSync('../../ttyUSB1', join(byId, 'usb-Prolific_PL2303-if00-port0'));
  symlinkSync('../../ttyGONE', join(byId, 'usb-dangling-if00-port0'));
});
afterEach(() => {
  vi.useRealTimers();
  dir.remove();
});

describe('discovery', () => {
  it('maps by-id symlinks to the devices they point at, skipping dangling links', () => {
    const map = byIdAliases(byId);
    expect(map).toEqual(
      new Map([
        [join(dev, 'ttyUSB0'), join(byId, 'usb-FTDI_FT232R_USB_UART_A10KZ1Q3-if00-port0')],
        [join(dev, 'ttyUSB1'), join(byId, 'usb-Prolific_PL2303-if00-port0')],
      ]),
    );
    expect(byIdAliasFor(join(dev, 'ttyUSB0'), byId)).toBe(join(byId, 'usb-FTDI_FT232R_USB_UART_A10KZ1Q3-if00-port0'));
    expect(byIdAliasFor(join(dev, 'ttyS0'), byId)).toBeNull();
    expect(byIdAliases(join(dir.path, 'missing'))).toEqual(new Map());
  });

  it('lists ports with manufacturer, serial number, USB ids and the by-id alias; null where unknown', async () => {
    MockBinding.createPort(join(dev, 'ttyUSB0'), { manufacturer: 'FTDI', vendorId: '0403', productId: '6001' });
    MockBinding.createPort(join(dev, 'ttyS0'), { manufacturer: undefined as unknown as string });
    const ports = await listPorts(binding, byId);
    expect(ports).toEqual([
      { path: join(dev, 'ttyS0'), byId: null, manufacturer: null, serialNumber: '2', vendorId: null, productId: null },
      {
        path: join(dev, 'ttyUSB0'),
        byId: join(byId, 'usb-FTDI_FT232R_USB_UART_A10KZ1Q3-if00-port0'),
        manufacturer: 'FTDI',
        serialNumber: '1',
        vendorId: '0403',
        productId: '6001',
      },
    ]);
  });

  it('names ports as the system shows them: /dev/cu.NAME on darwin for the /dev/tty.NAME serialport lists, COM3 on win32', async () => {
    // @serialport/bindings-cpp's darwin list reports kIODialinDeviceKey, the /dev/tty.NAME node
    MockBinding.createPort('/dev/tty.usbserial-A10KZ1Q3', { manufacturer: 'FTDI' });
    MockBinding.createPort('/dev/tty.Bluetooth-Incoming-Port');
    expect((await listPorts(binding, byId, 'darwin')).map((p) => p.path)).toEqual(['/dev/cu.Bluetooth-Incoming-Port', '/dev/cu.usbserial-A10KZ1Q3']);
    expect((await listPorts(binding, byId, 'linux')).map((p) => p.path)).toEqual(['/dev/tty.Bluetooth-Incoming-Port', '/dev/tty.usbserial-A10KZ1Q3']);
    MockBinding.reset();
    MockBinding.createPort('COM3');
    MockBinding.createPort('COM10');
    expect((await listPorts(binding, byId, 'win32')).map((p) => p.path)).toEqual(['COM10', 'COM3']);
  });

  it('a failing list() is a PortListError with the reason', async () => {
    const broken: SerialBinding = { ...binding, list: () => Promise.reject(Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT', path: 'udevadm' })) };
    await expect(listPorts(broken, byId)).rejects.toThrow('listing serial ports needs udevadm, which is not installed: apt-get install udev');
  });
});

describe('PortWatcher', () => {
  // polling (watchDirs: [], as where fs.watch is unavailable); watching: test/serial/watcher.test.ts
  it('reports ports added and removed while subscribed, and stops polling when the last listener leaves', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let lists = 0;
    const watcher = new PortWatcher({ intervalMs: 1000, watchDirs: [], list: () => (lists++, listPorts(binding, byId)) });
    MockBinding.createPort(join(dev, 'ttyS0'));
    const changes: PortChange[] = [];
    const unsubscribe = watcher.subscribe((c) => changes.push(c));
    expect(watcher.mode).toBe('poll');
    const second: PortChange[] = [];
    const unsubscribe2 = watcher.subscribe((c) => second.push(c));
    await vi.waitFor(() => expect(watcher.ports).toHaveLength(1)); // baseline, no events
    expect(changes).toEqual([]);

    MockBinding.createPort(join(dev, 'ttyUSB0'), { vendorId: '0403', productId: '6001' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes).toEqual([{ type: 'added', port: expect.objectContaining({ path: join(dev, 'ttyUSB0'), byId: expect.stringContaining('FT232R') }) }]);
    expect(second).toEqual(changes);

    MockBinding.reset(); // every port unplugged
    await vi.advanceTimersByTimeAsync(1000);
    expect(changes.slice(1).map((c) => c.type === 'removed' && c.port.path).sort()).toEqual([join(dev, 'ttyS0'), join(dev, 'ttyUSB0')]);

    unsubscribe();
    expect(watcher.active).toBe(true); // one listener left
    unsubscribe2();
    expect(watcher.active).toBe(false);
    const at = lists;
    await vi.advanceTimersByTimeAsync(5000);
    expect(lists).toBe(at);
  });

  it('reports a listing failure once, not every second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const watcher = new PortWatcher({ intervalMs: 1000, watchDirs: [], list: () => Promise.reject(new Error('udevadm broke')) });
    const changes: PortChange[] = [];
    const unsubscribe = watcher.subscribe((c) => changes.push(c));
    await vi.advanceTimersByTimeAsync(3000);
    expect(changes).toEqual([{ type: 'error', message: 'udevadm broke' }]);
    unsubscribe();
  });
});

describe('finding a device again', () => {
  it('prefers the by-id alias, then the serial number, then the path', async () => {
    const id: PortIdentity = { path: join(dev, 'ttyUSB0'), byId: join(byId, 'usb-FTDI_FT232R_USB_UART_A10KZ1Q3-if00-port0'), serialNumber: null, pty: false };
    expect(await locate(id, binding)).toBe(id.byId);

    // replugged as ttyUSB1 and no by-id alias: found by its serial number
    MockBinding.createPort(join(dev, 'ttyUSB1'));
    const bySerial: PortIdentity = { path: join(dev, 'ttyUSB7'), byId: null, serialNumber: '1', pty: false };
    expect(await locate(bySerial, binding)).toBe(join(dev, 'ttyUSB1'));

    const byPath: PortIdentity = { path: join(dev, 'ttyS0'), byId: null, serialNumber: null, pty: false };
    expect(await locate(byPath, binding)).toBe(join(dev, 'ttyS0'));
    unlinkSync(join(dev, 'ttyS0'));
    expect(await locate(byPath, binding)).toBeNull();
  });
});
