/**
 * Reports serial ports added and removed while someone is watching (the UI's port picker, a session
 * waiting for its USB adapter to come back). Nothing tells us when a port appears, so list() is polled
 * (about once a second) only while at least one listener is subscribed, and the lists are diffed.
 */
import { listPorts, type PortListing } from './discovery.js';

/** A change seen between two polls; 'error' when listing failed (reported once until it works again). */
export type PortChange =
  | { type: 'added'; port: PortListing }
  | { type: 'removed'; port: PortListing }
  | { type: 'error'; message: string };

export interface PortWatcherOptions {
  /** Poll interval in ms, default 1000. */
  intervalMs?: number;
  /** How to list ports (tests pass a mock binding's list); default listPorts(). */
  list?: () => Promise<PortListing[]>;
}

/** Key of a port for diffing: the by-id alias where there is one (same device), else the path. */
function key(p: PortListing): string {
  return `${p.path}\u0000${p.byId ?? ''}\u0000${p.serialNumber ?? ''}`;
}

/**
 * Polls list() while subscribed. The first poll after subscribing sets the baseline (no events);
 * `ports` holds the latest list.
 */
export class PortWatcher {
  private readonly listeners = new Set<(change: PortChange) => void>();
  private timer: NodeJS.Timeout | null = null;
  private known: Map<string, PortListing> | null = null;
  private failing = false;
  private polling = false;
  private readonly intervalMs: number;
  private readonly list: () => Promise<PortListing[]>;

  constructor(options: PortWatcherOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.list = options.list ?? (() => listPorts());
  }

  /** The ports seen at the last poll ([] before the first). */
  get ports(): PortListing[] {
    return [...(this.known?.values() ?? [])];
  }

  /** Subscribe; returns the unsubscribe function. Polling stops when the last listener leaves. */
  subscribe(listener: (change: PortChange) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** True while polling (someone is subscribed). */
  get active(): boolean {
    return this.timer !== null;
  }

  private start(): void {
    this.known = null;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private emit(change: PortChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = new Map((await this.list()).map((p) => [key(p), p]));
      if (!this.timer && this.listeners.size === 0) return;
      this.failing = false;
      const before = this.known;
      this.known = now;
      if (!before) return;
      for (const [k, p] of before) if (!now.has(k)) this.emit({ type: 'removed', port: p });
      for (const [k, p] of now) if (!before.has(k)) this.emit({ type: 'added', port: p });
    } catch (err) {
      if (!this.failing) this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }
}
