// The per-client outbox of `dialtone serve` with a fake socket: which frames leave when, by the budget,
// quiet sessions, stalls, the turn order and the acks (bench/load.bench.ts measures the effect on real
// sockets).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientOutbox, STALL_MS } from '../../src-main/app/client-outbox.js';
import { decodeMessage } from '../../src-shared/ipc/wire.js';
import type { SessionInfo } from '../../src-shared/ipc/contract.js';

const KIB = 1024;

const outboxes: ClientOutbox[] = [];
afterEach(() => outboxes.splice(0).forEach((o) => o.dispose()));

function setup(budgetBytes = 256 * KIB) {
  const sent: Array<{ name: string; sessionId?: string; bytes?: Uint8Array; payload: unknown }> = [];
  const outbox = new ClientOutbox((frame) => {
    const msg = decodeMessage(frame);
    if (msg.t !== 'evt') throw new Error('the outbox sends events only');
    const p = msg.payload as { sessionId?: string; bytes?: Uint8Array };
    sent.push({ name: msg.name, ...(p.sessionId ? { sessionId: p.sessionId } : {}), ...(p.bytes ? { bytes: p.bytes } : {}), payload: msg.payload });
  }, { budgetBytes });
  outboxes.push(outbox);
  const data = (sessionId: string, n: number, fill = 0) => outbox.event('session.data', { sessionId, bytes: new Uint8Array(n).fill(fill) });
  /** Bytes of `sessionId` sent so far. */
  const bytesOf = (sessionId: string) => sent.filter((s) => s.sessionId === sessionId && s.bytes).reduce((n, s) => n + s.bytes!.byteLength, 0);
  return { outbox, sent, data, bytesOf };
}

const info = (sessionId: string) => ({ sessionId }) as SessionInfo;

describe('ClientOutbox', () => {
  it('sends session data at once while the client is within its budget', () => {
    const { outbox, sent, data } = setup();
    data('a', 100 * KIB);
    expect(sent).toHaveLength(1);
    expect(outbox.inFlight).toBe(100 * KIB);
    expect(outbox.waiting).toBe(0);
  });

  it('holds data beyond the budget and sends it whole as acks come, in order and complete', () => {
    const { outbox, sent, data, bytesOf } = setup(256 * KIB);
    for (let i = 0; i < 8; i++) data('a', 128 * KIB, i);
    expect(outbox.inFlight).toBe(256 * KIB);
    expect(outbox.waiting).toBe(768 * KIB);
    for (let acked = 0; acked < 1024 * KIB; acked += 16 * KIB) {
      outbox.acked('a', 16 * KIB);
      expect(outbox.inFlight).toBeLessThan(256 * KIB + 128 * KIB); // one batch past the budget at most
    }
    expect(bytesOf('a')).toBe(1024 * KIB);
    expect(sent.map((s) => s.bytes!.byteLength)).toEqual(Array(8).fill(128 * KIB)); // batches are not cut
    for (let i = 0; i < 8; i++) expect(sent[i]!.bytes!.every((b) => b === i)).toBe(true);
    expect(outbox.inFlight).toBe(0);
  });

  it("sends a quiet session's few bytes ahead of other sessions' backlog, even with the budget spent", () => {
    const { outbox, sent, data } = setup(256 * KIB);
    for (const s of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) data(s, 128 * KIB);
    expect(outbox.inFlight).toBeGreaterThanOrEqual(256 * KIB);
    const before = sent.length;
    data('echo', 1);
    expect(sent.slice(before)).toEqual([expect.objectContaining({ sessionId: 'echo', bytes: new Uint8Array(1) })]);
  });

  it('serves flooding sessions round-robin as the budget frees', () => {
    const { outbox, sent, data, bytesOf } = setup(128 * KIB);
    for (const s of ['a', 'b', 'c', 'd']) for (let i = 0; i < 8; i++) data(s, 64 * KIB);
    // the client consumes what arrived in arrival order, acking each frame
    for (let k = 0; k < 16; k++) {
      const frame = sent[k]!;
      outbox.acked(frame.sessionId!, frame.bytes!.byteLength);
    }
    expect(sent.slice(2, 18).map((f) => f.sessionId).join('')).toBe('abcd'.repeat(4));
    const got = ['a', 'b', 'c', 'd'].map(bytesOf);
    expect(Math.max(...got) - Math.min(...got)).toBeLessThanOrEqual(128 * KIB); // a's head start: the budget it took first
    expect(Math.min(...got)).toBeGreaterThanOrEqual(256 * KIB);
  });

  it('is not stopped for good by bytes the client keeps unacked (no pane, or below one ack chunk)', () => {
    vi.useFakeTimers();
    try {
      const { outbox, data, bytesOf } = setup(256 * KIB);
      // parked sessions: never acked, together at the budget
      for (const s of ['p1', 'p2']) data(s, 128 * KIB);
      expect(outbox.inFlight).toBe(256 * KIB);
      for (let i = 0; i < 4; i++) data('a', 64 * KIB);
      expect(bytesOf('a')).toBe(0);
      vi.advanceTimersByTime(STALL_MS - 1);
      expect(bytesOf('a')).toBe(0);
      // no ack for STALL_MS: a sends its next batch, and one more each time it is acked and a stall passes
      vi.advanceTimersByTime(1);
      expect(bytesOf('a')).toBe(64 * KIB);
      for (let k = 1; k < 4; k++) {
        outbox.acked('a', 64 * KIB);
        expect(bytesOf('a')).toBe(k * 64 * KIB);
        vi.advanceTimersByTime(STALL_MS);
        expect(bytesOf('a')).toBe((k + 1) * 64 * KIB);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends nothing early while the client acks: a full budget is not a stall', () => {
    vi.useFakeTimers();
    try {
      const { outbox, data, bytesOf } = setup(256 * KIB);
      data('busy', 256 * KIB);
      for (let i = 0; i < 4; i++) data('a', 64 * KIB);
      for (let t = 0; t < 10; t++) {
        vi.advanceTimersByTime(STALL_MS / 2);
        data('busy', 16 * KIB);
        outbox.acked('busy', 16 * KIB); // room for 16 KiB: busy's next batch waits at the back
      }
      // a, first in turn, got every bit of room; it never went past the budget on a stall
      expect(outbox.inFlight).toBeLessThanOrEqual(256 * KIB + 64 * KIB);
      expect(bytesOf('a')).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps a session's events behind its waiting data; events of no session go at once", () => {
    const { outbox, sent, data } = setup(64 * KIB);
    data('a', 64 * KIB);
    data('a', 64 * KIB); // waits: the budget is spent
    outbox.event('session.event', { sessionId: 'a', event: { type: 'status', state: 'disconnected' } as never });
    outbox.event('ports.changed', { ports: [], added: [], removed: [] });
    outbox.event('session.event', { sessionId: 'b', event: { type: 'status', state: 'connected' } as never });
    expect(sent.map((s) => `${s.name}${s.sessionId ? ':' + s.sessionId : ''}`)).toEqual(['session.data:a', 'ports.changed', 'session.event:b']);
    while (outbox.waiting > 0) outbox.acked('a', 64 * KIB);
    expect(sent.at(-1)).toMatchObject({ name: 'session.event', sessionId: 'a' });
  });

  it("sends a closed session's waiting bytes before the 'sessions.changed' that drops it, and forgets its accounting", () => {
    const { outbox, sent, data, bytesOf } = setup(64 * KIB);
    data('a', 256 * KIB);
    data('b', 64 * KIB);
    outbox.event('sessions.changed', { sessions: [info('b')] });
    expect(bytesOf('a')).toBe(256 * KIB);
    expect(sent.at(-1)!.name).toBe('sessions.changed');
    // a's bytes no longer count against the budget; b's still do
    expect(outbox.inFlight).toBe(bytesOf('b'));
  });

  it('caps acks at what is in flight and ignores acks of unknown sessions', () => {
    const { outbox, data } = setup();
    data('a', 10 * KIB);
    outbox.acked('a', 1024 * KIB);
    outbox.acked('zz', 5);
    outbox.acked('a', Number.NaN);
    expect(outbox.inFlight).toBe(0);
    data('a', 10 * KIB);
    expect(outbox.inFlight).toBe(10 * KIB);
  });
});
