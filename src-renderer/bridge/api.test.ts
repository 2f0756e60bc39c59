// The facade against an in-memory transport: a fake is right here, the point is the facade's own
// mapping (names, envelope unwrapping, unsubscribe); the real hosts are covered by e2e and router tests.
import { describe, expect, it } from 'vitest';
import type { ReplyEnvelope } from '../../src-shared/ipc/contract.js';
import { REQUEST_NAMES } from '../../src-shared/ipc/contract.js';
import { createApi, IpcError } from './api.js';
import type { BridgeTransport } from './transport.js';

function memoryTransport(handle: (name: string, payload: unknown) => ReplyEnvelope) {
  const calls: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const t: BridgeTransport & { calls: typeof calls; emit(name: string, p: unknown): void } = {
    kind: 'memory',
    calls,
    invoke: async (name, payload) => {
      calls.push([name, payload]);
      return handle(name, payload);
    },
    on: (name, l) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(l);
      return () => set.delete(l);
    },
    emit: (name, p) => listeners.get(name)?.forEach((l) => l(p)),
  };
  return t;
}

describe('DialtoneApi', () => {
  it('has one method per contract request', () => {
    const api = createApi(memoryTransport(() => ({ ok: true, value: {} })));
    for (const name of REQUEST_NAMES) {
      const [d, a] = name.split('.') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[d]![a], name).toBe('function');
    }
  });

  it('unwraps replies and rejects with IpcError on failure', async () => {
    const t = memoryTransport((name) =>
      name === 'session.close' ? { ok: false, error: 'no session s9', code: 'unknown-session' } : { ok: true, value: [] },
    );
    const api = createApi(t);
    await expect(api.session.list()).resolves.toEqual([]);
    const err = await api.session.close({ sessionId: 's9' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IpcError);
    expect((err as IpcError).code).toBe('unknown-session');
    expect(t.calls).toEqual([['session.list', {}], ['session.close', { sessionId: 's9' }]]);
  });

  it('on() delivers events until unsubscribed', () => {
    const t = memoryTransport(() => ({ ok: true, value: {} }));
    const api = createApi(t);
    const seen: number[] = [];
    const off = api.on('session.data', ({ bytes }) => seen.push(bytes.byteLength));
    t.emit('session.data', { sessionId: 's1', bytes: new Uint8Array(3) });
    off();
    t.emit('session.data', { sessionId: 's1', bytes: new Uint8Array(5) });
    expect(seen).toEqual([3]);
  });
});
