/**
 * Creates the session for a target: the one place that maps a session kind to its implementation.
 */
import type { Target } from '../../src-shared/session/target.js';
import type { Session, SessionOptions } from './session.js';

/** Create (but do not open) a session for `target`. */
export async function createSession(target: Target, options: SessionOptions = {}): Promise<Session> {
  if (target.kind === 'serial') {
    const { SerialSession } = await import('./serial-session.js');
    return new SerialSession(target, options);
  }
  const { NetworkSession } = await import('./network-session.js');
  return new NetworkSession(target, options);
}
