/**
 * The port watcher where it watches folders instead of polling (Linux: /dev and /dev/serial/by-id).
 * Real fs.watch on temp folders, whose entries stand for device nodes (list() reads the folder), and
 * a socat pty pair creating and removing its links; the timing (debounce, settle, safety poll, the
 * fallback to polling) with fake timers and a fake fs.watch whose events the test fires.
 * The polling watcher: test/serial/ports.test.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, readdirSync, rmdirSync, unlinkSync, writeFileSync, type watch } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PortListing } from '../../src-main/ports/discovery.js';
import { DEV_DIR, PortWatcher, type PortChange } from '../../src-main/ports/watcher.js';
import { startPtyPair, tempDir } from '../harness/peers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('dialtone-watch-');
});
afterEach(() => {
  vi.useRealTimers();
  dir.remove();
});

const port = (path: string): PortListing => ({ path, byId: null, manufacturer: null, serialNumber: null, vendorId: null, productId: null });

/** A list() of the entries of `folders` (missing ones list nothing), counting its calls. */
function folderList(...folders: string[]): { list: () => Promise<PortListing[]>; calls: () => number } {
  let calls = 0;
  const entries = (f: string): string[] => {
    try {
      return readdirSync(f).map((n) => join(f, n));
    } catch {
      return [];
    }
  };
  return {
    list: () => {
      calls++;
      return Promise.resolve(folders.flatMap(entries).sort().map(port));
    },
    calls: () => calls,
  };
}

/** Subscribe; `until(n)` resolves once n changes in all have been reported. */
function record(watcher: PortWatcher): { seen: PortChange[]; until(n: number): Promise<PortChange[]>; stop(): void } {
  const seen: PortChange[] = [];
  let wake: (() => void) | null = null;
  const stop = watcher.subscribe((c) => {
    seen.push(c);
    wake?.();
  });
  const until = (n: number) =>
    new Promise<PortChange[]>((resolve) => {
      const check = () => (seen.length >= n ? resolve(seen.slice()) : (wake = check));
      check();
    });
  return { seen, until, stop };
}

const paths = (changes: PortChange[], type: 'added' | 'removed') =>
  changes.flatMap((c) => (c.type === type ? [c.port.path] : [])).sort();

describe('PortWatcher watching folders', () => {
  it('reports a node appearing and going at once, one list() per burst, and closes its watches when the last listener leaves', async () => {
    const { list, calls } = folderList(dir.path);
    const watcher = new PortWatcher({ watchDirs: [dir.path], list, debounceMs: 20, settleMs: 0, safetyPollMs: 0 });
    const rec = record(watcher);
    const other = watcher.subscribe(() => undefined);
    expect(watcher.mode).toBe('watch');
    expect(watcher.watching).toEqual([dir.path]);
    await vi.waitFor(() => expect(calls()).toBe(1)); // the baseline

    writeFileSync(join(dir.path, 'ttyUSB0'), '');
    expect(await rec.until(1)).toEqual([{ type: 'added', port: port(join(dir.path, 'ttyUSB0')) }]);
    unlinkSync(join(dir.path, 'ttyUSB0'));
    expect((await rec.until(2))[1]).toEqual({ type: 'removed', port: port(join(dir.path, 'ttyUSB0')) });
    for (const n of ['ttyACM0', 'ttyACM1', 'ttyACM2']) writeFileSync(join(dir.path, n), '');
    expect(paths((await rec.until(5)).slice(2), 'added')).toEqual(['ttyACM0', 'ttyACM1', 'ttyACM2'].map((n) => join(dir.path, n)));
    expect(calls()).toBe(4); // baseline, added, removed, one for the burst

    rec.stop();
    expect(watcher.watching).toEqual([dir.path]); // one listener left
    other();
    expect(watcher.mode).toBeNull();
    expect(watcher.watching).toEqual([]);
  });

  it('watches the by-id folder once it appears (udev creates it with the first USB adapter)', async () => {
    const byId = join(dir.path, 'serial-by-id');
    const { list, calls } = folderList(byId);
    const watcher = new PortWatcher({ watchDirs: [dir.path, byId], list, debounceMs: 20, settleMs: 0, safetyPollMs: 0 });
    const rec = record(watcher);
    expect(watcher.watching).toEqual([dir.path]);
    await vi.waitFor(() => expect(calls()).toBe(1));

    mkdirSync(byId);
    await vi.waitFor(() => expect(watcher.watching).toEqual([dir.path, byId])); // listed on the event, watched at the list
    writeFileSync(join(byId, 'usb-FTDI_FT232R-if00-port0'), '');
    expect(await rec.until(1)).toEqual([{ type: 'added', port: port(join(byId, 'usb-FTDI_FT232R-if00-port0')) }]);

    // the last adapter unplugged: udev removes the folder; it comes back with the next adapter
    unlinkSync(join(byId, 'usb-FTDI_FT232R-if00-port0'));
    rmdirSync(byId);
    expect((await rec.until(2))[1]).toEqual({ type: 'removed', port: port(join(byId, 'usb-FTDI_FT232R-if00-port0')) });
    await vi.waitFor(() => expect(watcher.watching).toEqual([dir.path]));
    mkdirSync(byId);
    await vi.waitFor(() => expect(watcher.watching).toEqual([dir.path, byId]));
    writeFileSync(join(byId, 'usb-Prolific-if00-port0'), '');
    expect((await rec.until(3))[2]).toEqual({ type: 'added', port: port(join(byId, 'usb-Prolific-if00-port0')) });
    expect(watcher.mode).toBe('watch');
    rec.stop();
    expect(watcher.watching).toEqual([]);
  });

  it('sees the links of a socat pty pair come and go', async () => {
    const { list } = folderList(dir.path);
    const watcher = new PortWatcher({ watchDirs: [dir.path], list, debounceMs: 20, settleMs: 0, safetyPollMs: 0 });
    const rec = record(watcher);
    await vi.waitFor(() => expect(watcher.ports).toEqual([]));
    const pair = await startPtyPair(dir.path);
    try {
      expect(paths(await rec.until(2), 'added')).toEqual([pair.a, pair.b]);
    } finally {
      await pair.stop(); // socat removes its links when it ends
    }
    expect(paths((await rec.until(4)).slice(2), 'removed')).toEqual([pair.a, pair.b]);
    rec.stop();
  });
});

/** An fs.watch whose events the test fires; it records what is open. */
function fakeWatch(): { watch: typeof watch; handles: { dir: string; fire(type: string, name: string | null): void; w: FakeFsWatcher }[] } {
  const handles: { dir: string; fire(type: string, name: string | null): void; w: FakeFsWatcher }[] = [];
  const fn = (dir: string, _options: unknown, cb: (type: string, name: string | null) => void) => {
    const w = new FakeFsWatcher();
    handles.push({ dir, fire: cb, w });
    return w;
  };
  return { watch: fn as unknown as typeof watch, handles };
}
class FakeFsWatcher extends EventEmitter {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe('PortWatcher timing', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  });

  it('with no change, does not list again until the safety poll', async () => {
    const fake = fakeWatch();
    const { list, calls } = folderList(dir.path);
    const watcher = new PortWatcher({ watchDirs: [dir.path], watch: fake.watch, list, safetyPollMs: 60_000 });
    const unsubscribe = watcher.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls()).toBe(3);
    unsubscribe();
    expect(fake.handles.map((h) => h.w.closed)).toEqual([true]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls()).toBe(3);
  });

  it('lists debounced after a node comes or goes (in /dev only tty*, rfcomm*, serial), once more when udev has settled', async () => {
    const fake = fakeWatch();
    const { list, calls } = folderList(dir.path);
    const byId = join(dir.path, 'by-id');
    const watcher = new PortWatcher({ watchDirs: [DEV_DIR, byId], watch: fake.watch, list, debounceMs: 300, settleMs: 2000, safetyPollMs: 0 });
    const unsubscribe = watcher.subscribe(() => undefined);
    expect(watcher.watching).toEqual([DEV_DIR]); // by-id is missing
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(1);
    const dev = fake.handles[0]!;

    dev.fire('change', 'ttyS0'); // a write or chmod
    dev.fire('rename', 'vcs5'); // not a serial port
    dev.fire('rename', 'hidraw0');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls()).toBe(1);

    dev.fire('rename', 'ttyUSB0');
    await vi.advanceTimersByTimeAsync(200);
    dev.fire('rename', 'serial');
    mkdirSync(byId);
    await vi.advanceTimersByTimeAsync(299);
    expect(calls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(2);
    expect(watcher.watching).toEqual([DEV_DIR, byId]);
    await vi.advanceTimersByTimeAsync(1699);
    expect(calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls()).toBe(3); // settled
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls()).toBe(3);

    fake.handles[1]!.fire('rename', 'usb-FTDI-if00-port0'); // anything in by-id counts
    await vi.advanceTimersByTimeAsync(300);
    expect(calls()).toBe(4);
    unsubscribe();
    expect(fake.handles.map((h) => h.w.closed)).toEqual([true, true]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls()).toBe(4); // the settle timer went with the last listener
  });

  it('falls back to polling when a watch fails, or cannot be set up', async () => {
    const fake = fakeWatch();
    const { list, calls } = folderList(dir.path);
    const watcher = new PortWatcher({ watchDirs: [dir.path], watch: fake.watch, list, intervalMs: 1000 });
    const unsubscribe = watcher.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(watcher.mode).toBe('watch');
    expect(calls()).toBe(1);
    fake.handles[0]!.w.emit('error', new Error('inotify broke'));
    expect(watcher.mode).toBe('poll');
    expect(fake.handles[0]!.w.closed).toBe(true);
    expect(watcher.watching).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(2); // at once: the failed watch may have missed a port
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls()).toBe(5);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls()).toBe(5);

    const failing = new PortWatcher({
      watchDirs: [dir.path],
      list,
      intervalMs: 1000,
      watch: (() => {
        throw Object.assign(new Error('ENOSPC: inotify watch limit reached'), { code: 'ENOSPC' });
      }) as unknown as typeof watch,
    });
    const unsubscribe2 = failing.subscribe(() => undefined);
    expect(failing.mode).toBe('poll');
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls()).toBe(8);
    unsubscribe2();
  });

  it('a change during a list is listed right after it, not lost', async () => {
    const fake = fakeWatch();
    let release: (() => void) | null = null;
    let calls = 0;
    const nodes: string[] = [];
    const list = () => {
      calls++;
      const snapshot = nodes.map(port);
      return new Promise<PortListing[]>((resolve) => (release = () => resolve(snapshot)));
    };
    const watcher = new PortWatcher({ watchDirs: [dir.path], watch: fake.watch, list, debounceMs: 10, settleMs: 0, safetyPollMs: 0 });
    const changes: PortChange[] = [];
    const unsubscribe = watcher.subscribe((c) => changes.push(c));
    release!(); // the baseline
    await vi.advanceTimersByTimeAsync(0);
    nodes.push('/dev/ttyUSB0');
    fake.handles[0]!.fire('rename', 'ttyUSB0');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2); // listing, not finished
    nodes.push('/dev/ttyUSB1');
    fake.handles[0]!.fire('rename', 'ttyUSB1');
    await vi.advanceTimersByTimeAsync(10); // debounced refresh while the list runs: queued
    expect(calls).toBe(2);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(3);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(paths(changes, 'added')).toEqual(['/dev/ttyUSB0', '/dev/ttyUSB1']);
    unsubscribe();
  });
});
