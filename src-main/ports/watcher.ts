/**
 * Reports serial ports added and removed while someone is watching (the UI's port picker, a session
 * waiting for its USB adapter to come back). Works only while at least one listener is subscribed;
 * each list() is diffed against the one before.
 *
 * When to list:
 *  - Linux: event-driven. fs.watch (inotify) on /dev and /dev/serial/by-id, the folders where tty
 *    device nodes and udev's by-id links appear and go. list() runs `udevadm info -e`, a child process
 *    (polled every 2 s that was 2-2.5 % of a core at idle), so it runs only `debounceMs` after the
 *    last such event, once more `settleMs` later (the node appears before udev has finished its
 *    database, which is what list() reads), and as a safety net every `safetyPollMs`. In /dev itself
 *    only entries named tty*, rfcomm* and serial count (what serialport lists); writes and attribute
 *    changes never do. A watched folder that appears, goes or is replaced later is (re)watched at the
 *    next list.
 *  - Elsewhere (no /dev to watch: macOS, Windows), or when a watch cannot be set up or fails: list()
 *    is polled every `intervalMs`.
 */
import { statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import { BY_ID_DIR, listPorts, type PortListing } from './discovery.js';

/** A change seen between two lists; 'error' when listing failed (reported once until it works again). */
export type PortChange =
  | { type: 'added'; port: PortListing }
  | { type: 'removed'; port: PortListing }
  | { type: 'error'; message: string };

/** Where device nodes appear on Linux; only names matching DEV_NAMES count there. */
export const DEV_DIR = '/dev';
const DEV_NAMES = /^(tty|rfcomm|serial$)/;

export interface PortWatcherOptions {
  /** Poll interval in ms where it polls (see the module doc), default 1000. */
  intervalMs?: number;
  /** How to list ports (tests pass a mock binding's list); default listPorts(). */
  list?: () => Promise<PortListing[]>;
  /**
   * Folders to watch instead of polling; default /dev and /dev/serial/by-id on Linux, none elsewhere.
   * Empty: poll. Folders missing now are watched once they exist (checked at each list).
   */
  watchDirs?: string[];
  /** While watching: list this long after the last event, ms (default 300). */
  debounceMs?: number;
  /** While watching: list once more this long after the last event, ms (default 2000; 0: not). */
  settleMs?: number;
  /** While watching: list anyway this often, ms (default 60000; 0: never). */
  safetyPollMs?: number;
  /** fs.watch (tests pass one that fails). */
  watch?: typeof fsWatch;
}

/** Key of a port for diffing: the by-id alias where there is one (same device), else the path. */
function key(p: PortListing): string {
  return `${p.path}\u0000${p.byId ?? ''}\u0000${p.serialNumber ?? ''}`;
}

interface Watched {
  handle: FSWatcher;
  ino: number;
}

/**
 * Lists while subscribed. The first list after subscribing sets the baseline (no events);
 * `ports` holds the latest list.
 */
export class PortWatcher {
  private readonly listeners = new Set<(change: PortChange) => void>();
  private known: Map<string, PortListing> | null = null;
  private failing = false;
  private current: 'watch' | 'poll' | null = null;
  /** Bumped at each start and stop: a list that finishes in another generation is dropped. */
  private generation = 0;
  private listing = false;
  private again = false;
  private readonly watched = new Map<string, Watched>();
  private pollTimer: NodeJS.Timeout | null = null;
  private debounceTimer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly intervalMs: number;
  private readonly list: () => Promise<PortListing[]>;
  private readonly watchDirs: string[];
  private readonly debounceMs: number;
  private readonly settleMs: number;
  private readonly safetyPollMs: number;
  private readonly watchFn: typeof fsWatch;

  constructor(options: PortWatcherOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.list = options.list ?? (() => listPorts());
    this.watchDirs = options.watchDirs ?? (process.platform === 'linux' ? [DEV_DIR, BY_ID_DIR] : []);
    this.debounceMs = options.debounceMs ?? 300;
    this.settleMs = options.settleMs ?? 2000;
    this.safetyPollMs = options.safetyPollMs ?? 60_000;
    this.watchFn = options.watch ?? fsWatch;
  }

  /** The ports seen at the last list ([] before the first). */
  get ports(): PortListing[] {
    return [...(this.known?.values() ?? [])];
  }

  /** Subscribe; returns the unsubscribe function. Everything stops when the last listener leaves. */
  subscribe(listener: (change: PortChange) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (!this.listeners.delete(listener)) return;
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** True while someone is subscribed. */
  get active(): boolean {
    return this.current !== null;
  }

  /** 'watch' (fs.watch, lists on change), 'poll', or null when nobody is subscribed. */
  get mode(): 'watch' | 'poll' | null {
    return this.current;
  }

  /** The folders watched right now. */
  get watching(): string[] {
    return [...this.watched.keys()];
  }

  private start(): void {
    this.generation++;
    this.known = null;
    this.failing = false;
    this.current = 'watch';
    if (!this.syncWatches() || this.watched.size === 0) this.startPolling();
    else if (this.safetyPollMs > 0) this.pollTimer = this.interval(this.safetyPollMs);
    void this.refresh();
  }

  private stop(): void {
    this.generation++;
    this.current = null;
    this.closeWatches();
    this.clearTimers();
  }

  private interval(ms: number): NodeJS.Timeout {
    const t = setInterval(() => void this.refresh(), ms);
    t.unref();
    return t;
  }

  private clearTimers(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.pollTimer = this.debounceTimer = this.settleTimer = null;
  }

  private closeWatches(): void {
    for (const w of this.watched.values()) w.handle.close();
    this.watched.clear();
  }

  /** Give up watching (a watch failed or cannot be set up): poll from now on, this subscription. */
  private startPolling(): void {
    this.closeWatches();
    this.clearTimers();
    this.current = 'poll';
    this.pollTimer = this.interval(this.intervalMs);
  }

  /**
   * Watch each folder of watchDirs that exists (again if it was replaced), drop the watches of folders
   * gone. False when a watch could not be set up (the caller polls instead).
   */
  private syncWatches(): boolean {
    for (const dir of this.watchDirs) {
      let ino: number | null;
      try {
        const st = statSync(dir);
        ino = st.isDirectory() ? st.ino : null;
      } catch {
        ino = null;
      }
      const old = this.watched.get(dir);
      if (old && old.ino === ino) continue;
      if (old) {
        old.handle.close();
        this.watched.delete(dir);
      }
      if (ino === null) continue;
      try {
        const handle = this.watchFn(dir, { persistent: false }, (type, name) => this.onEvent(dir, type, name));
        handle.on('error', () => this.onWatchError());
        this.watched.set(dir, { handle, ino });
      } catch {
        return false;
      }
    }
    return true;
  }

  private onEvent(dir: string, type: string, name: string | Buffer | null): void {
    if (this.current !== 'watch' || type !== 'rename') return; // 'change': a write or chmod, no port came or went
    if (dir === DEV_DIR && name !== null && !DEV_NAMES.test(String(name))) return;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.refresh();
    }, this.debounceMs);
    this.debounceTimer.unref();
    if (this.settleMs > 0) {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        void this.refresh();
      }, this.settleMs);
      this.settleTimer.unref();
    }
  }

  private onWatchError(): void {
    if (this.current !== 'watch') return;
    this.startPolling();
    void this.refresh(); // the event that failed may have been a port
  }

  private emit(change: PortChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  /** List now, or right after the list under way (so a change during a list is never missed). */
  private async refresh(): Promise<void> {
    if (this.listing) {
      this.again = true;
      return;
    }
    this.listing = true;
    try {
      do {
        this.again = false;
        await this.listOnce();
      } while (this.again && this.current !== null);
    } finally {
      this.listing = false;
    }
  }

  private async listOnce(): Promise<void> {
    const generation = this.generation;
    if (this.current === 'watch' && !this.syncWatches()) this.startPolling();
    try {
      const now = new Map((await this.list()).map((p) => [key(p), p]));
      if (generation !== this.generation) return;
      this.failing = false;
      const before = this.known;
      this.known = now;
      if (!before) return;
      for (const [k, p] of before) if (!now.has(k)) this.emit({ type: 'removed', port: p });
      for (const [k, p] of now) if (!before.has(k)) this.emit({ type: 'added', port: p });
    } catch (err) {
      if (generation !== this.generation) return;
      if (!this.failing) this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      this.failing = true;
    }
  }
}
