/**
 * SessionManager: the open sessions of one app (Electron or `dialtone serve`), by id. It creates sessions
 * through createSession, gives each an id ('s1', 's2', ...), opens it in the background (state arrives as
 * 'status' events) and closes them one by one or all at once. It knows nothing of IPC: the app core
 * listens to 'opened' / 'closed' and to each session's events.
 */
import { EventEmitter } from 'node:events';
import type { Target } from '../../src-shared/session/target.js';
import { formatTarget } from '../../src-shared/session/target.js';
import { createSession } from './factory.js';
import type { Session, SessionOptions, SessionSnapshot } from './session.js';

/** One open session and what the UI shows for it. */
export interface ManagedSession {
  readonly id: string;
  readonly name: string;
  readonly profileId?: string;
  readonly session: Session;
}

/** A session and its snapshot, for listing. */
export interface ManagedSnapshot {
  sessionId: string;
  name: string;
  profileId?: string;
  snapshot: SessionSnapshot;
}

export interface ManagerEvents {
  opened: [ms: ManagedSession];
  closed: [id: string];
}

/** Thrown for an id that names no open session. `code` is 'unknown-session'. */
export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError';
  readonly code = 'unknown-session';
  constructor(id: string) {
    super(`no open session "${id}"`);
  }
}

export type SessionCreator = (target: Target, options: SessionOptions) => Promise<Session>;

export class SessionManager extends EventEmitter<ManagerEvents> {
  private readonly sessions = new Map<string, ManagedSession>();
  private nextId = 1;

  /** @param create how sessions are made (tests may pass their own); default createSession. */
  constructor(private readonly create: SessionCreator = createSession) {
    super();
  }

  /**
   * Create a session, register it, and start opening it. Resolves once registered (before it connects):
   * connection progress and failure arrive as the session's 'status' events, so a refused first connect
   * leaves a 'disconnected' session the operator can reconnect or close.
   * @throws what createSession throws (e.g. an unknown session kind).
   */
  async open(target: Target, options: SessionOptions, meta: { name?: string; profileId?: string } = {}): Promise<ManagedSession> {
    const session = await this.create(target, options);
    const id = `s${this.nextId++}`;
    const ms: ManagedSession = { id, name: meta.name ?? formatTarget(target), session, ...(meta.profileId ? { profileId: meta.profileId } : {}) };
    this.sessions.set(id, ms);
    this.emit('opened', ms);
    session.open().catch(() => {
      // reported to listeners as a 'status' event by the session itself
    });
    return ms;
  }

  get(id: string): ManagedSession | undefined {
    return this.sessions.get(id);
  }

  /** @throws UnknownSessionError */
  require(id: string): ManagedSession {
    const ms = this.sessions.get(id);
    if (!ms) throw new UnknownSessionError(id);
    return ms;
  }

  list(): ManagedSnapshot[] {
    return [...this.sessions.values()].map((ms) => ({
      sessionId: ms.id,
      name: ms.name,
      ...(ms.profileId ? { profileId: ms.profileId } : {}),
      snapshot: ms.session.snapshot(),
    }));
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Close one session (sends what is pending first). @throws UnknownSessionError */
  async close(id: string): Promise<void> {
    const ms = this.require(id);
    this.sessions.delete(id);
    try {
      await ms.session.close();
    } finally {
      this.emit('closed', id);
    }
  }

  /** Close every session; resolves when all are closed (failures are ignored: we are shutting down). */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.close(id)));
  }
}
