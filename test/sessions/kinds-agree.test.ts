// The drift cases between session kinds, now one behaviour through SessionCore: double close, open after
// close, invalid settings and BREAK lengths, and how a failed open is reported. Each case runs against a
// NetworkSession (a loopback port nobody listens on: a real refusal) and a SerialSession (a device path
// that does not exist: the real binding's error).
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { SessionClosedError, SessionFailure } from '../../src-main/sessions/session-core.js';
import type { Session } from '../../src-main/sessions/session.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import { freePort } from '../harness/peers.js';

const kinds: { name: string; make(): Promise<Session>; code: string }[] = [
  { name: 'network (rfc2217)', make: async () => new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: await freePort() }), code: 'refused' },
  { name: 'serial', make: async () => new SerialSession({ kind: 'serial', path: '/dev/ttyDIALTONE-NONE' }), code: 'no-such-port' },
];

const made: Session[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((s) => s.close()));
});

function record(s: Session): SessionEvent[] {
  const events: SessionEvent[] = [];
  s.on('event', (ev) => events.push(ev));
  return events;
}

describe.each(kinds)('$name session', ({ make, code }) => {
  it('a failed open rejects with a SessionFailure carrying the code, and reports it once as disconnected', async () => {
    const s = await make();
    made.push(s);
    const events = record(s);
    const err = await s.open().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SessionFailure);
    expect(err).toMatchObject({ code });
    const statuses = events.filter((e) => e.type === 'status');
    expect(statuses.map((e) => e.state)).toEqual(['connecting', 'disconnected']);
    expect(statuses[1]).toMatchObject({ code });
    // a write now is refused with an error, never kept for a link that is not coming
    expect(s.write(Uint8Array.of(0x41))).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'not-sent' });
  });

  it('two concurrent close() calls: both resolve, one closed event; after it every call says closed', async () => {
    const s = await make();
    const events = record(s);
    void s.open().catch(() => undefined);
    await Promise.all([s.close(), s.close()]);
    expect(events.filter((e) => e.type === 'status' && e.state === 'closed')).toHaveLength(1);
    await expect(s.open()).rejects.toBeInstanceOf(SessionClosedError);
    expect(() => s.write(Uint8Array.of(1))).toThrow(SessionClosedError);
    expect(() => s.applySettings({ baud: 9600 })).toThrow(SessionClosedError);
    expect(() => s.reconnect()).toThrow(SessionClosedError);
  });

  it('settings LineSettings does not allow, and BREAK lengths out of range, throw RangeError; nothing is applied', async () => {
    const s = await make();
    made.push(s);
    const before = s.snapshot().line;
    expect(() => s.applySettings({ baud: 0 })).toThrow(RangeError);
    expect(() => s.applySettings({ dataBits: 9 as never })).toThrow(RangeError);
    expect(() => s.sendBreak(0)).toThrow(RangeError);
    expect(() => s.sendBreak(600_000)).toThrow(RangeError);
    expect(s.snapshot().line).toEqual(before);
  });

  it('before open: idle, nothing known, what was asked shown as requested', async () => {
    const s = await make();
    made.push(s);
    expect(s.snapshot().state).toBe('idle');
    s.applySettings({ baud: 9600 });
    expect(s.snapshot().line.baud).toEqual({ asked: 9600, inEffect: null, state: 'requested' });
    expect(s.snapshot().line.parity).toEqual({ asked: null, inEffect: null, state: 'unknown' });
  });
});
