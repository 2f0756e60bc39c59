// The notification decider on the event shapes main's sink receives (src-shared/ipc/contract.ts):
// RING once per burst whatever its sources, a dial's end once, the profile's notify option.
import { describe, expect, it } from 'vitest';
import type { DialStatus, EventOf } from '../../src-shared/ipc/contract.js';
import type { ModemEvent } from '../../src-shared/session/events.js';
import { readFileSync } from 'node:fs';
import { APP_ID, appUserModelId, CallNotifier, HeldNotifications, MAX_HELD_NOTIFICATIONS, RING_QUIET_MS, type NotifySessionInfo } from './notifications.js';

function rig(sessions: Record<string, NotifySessionInfo> = { s1: { name: 'Demo modem', notify: true } }) {
  let t = 1_000_000;
  const n = new CallNotifier((id) => sessions[id], () => t);
  return {
    n,
    advance: (ms: number) => void (t += ms),
    modem: (sessionId: string, ri: boolean | null, changed: ModemEvent['changed'] = ['ri']) => n.observe('session.event', { sessionId, event: { type: 'modem', cts: true, dsr: true, ri, dcd: false, changed } }),
    dial: (s: Omit<DialStatus, 'sessionId'> & { sessionId?: string }) => n.observe('dial.status', { sessionId: 's1', ...s }),
  };
}

describe('CallNotifier: RING', () => {
  it('notifies on the RI rising edge, once per burst of rings (RI and the dialer\u2019s RING together)', () => {
    const r = rig();
    expect(r.modem('s1', false, [])).toBeNull();
    expect(r.modem('s1', true)).toEqual({ title: 'RING: Demo modem', body: 'Incoming call on Demo modem (the RI line rose)' });
    // the same ring seen by the dialer (answer mode / callback): same burst
    expect(r.dial({ state: 'ringing', flow: 'callback', resultCode: 'RING', rings: 1, message: 'ring 1' })).toBeNull();
    expect(r.modem('s1', true, ['cts'])).toBeNull(); // still on: no edge
    r.advance(2000);
    expect(r.modem('s1', false)).toBeNull();
    for (let ring = 2; ring <= 5; ring++) {
      r.advance(4000);
      expect(r.modem('s1', true), `ring ${ring}`).toBeNull();
      expect(r.dial({ state: 'ringing', flow: 'answer', resultCode: 'RING', rings: ring })).toBeNull();
      r.advance(2000);
      expect(r.modem('s1', false)).toBeNull();
    }
    // the next call, after a quiet spell, notifies again
    r.advance(RING_QUIET_MS);
    expect(r.modem('s1', true)).toMatchObject({ title: 'RING: Demo modem' });
  });

  it("the dialer's RING alone (a modem behind raw TCP, no RI) notifies too, with the ring count", () => {
    const r = rig();
    expect(r.dial({ state: 'ringing', flow: 'answer', resultCode: 'RING', rings: 1, message: 'ring 1' })).toEqual({ title: 'RING: Demo modem', body: 'Incoming call on Demo modem (RING 1)' });
    expect(r.dial({ state: 'ringing', flow: 'answer', resultCode: 'RING', message: 'RING: answer with ATA' })).toBeNull();
  });

  it('an unknown RI (null) is no ring; each session has its own burst; notify off or an unknown session: nothing', () => {
    const r = rig({ s1: { name: 'Bench', notify: true }, s2: { name: 'Lab', notify: true }, off: { name: 'Quiet', notify: false } });
    expect(r.modem('s1', null)).toBeNull();
    expect(r.modem('s1', false)).toBeNull();
    expect(r.modem('s1', true)).toMatchObject({ title: 'RING: Bench' });
    expect(r.modem('s2', false)).toBeNull();
    expect(r.modem('s2', true)).toMatchObject({ title: 'RING: Lab' });
    expect(r.modem('off', false)).toBeNull();
    expect(r.modem('off', true)).toBeNull();
    expect(r.modem('gone', false)).toBeNull();
    expect(r.modem('gone', true)).toBeNull();
  });

  it('RI already on is no ring: only a seen off-to-on edge counts (not the first report, not unknown to on)', () => {
    const r = rig();
    expect(r.modem('s1', true)).toBeNull(); // the first report says on: it was on before we looked
    expect(r.modem('s1', null)).toBeNull();
    expect(r.modem('s1', true)).toBeNull();
    expect(r.modem('s1', false)).toBeNull();
    expect(r.modem('s1', true)).toMatchObject({ title: 'RING: Demo modem' });
  });

  it('a network session that reconnects while RI is held on announces no call; a real ring after it does', () => {
    const r = rig();
    expect(r.modem('s1', false, [])).toBeNull();
    r.advance(60_000);
    expect(r.modem('s1', true)).not.toBeNull(); // a ring; then the line stays on (a modem holding RI)
    for (let reconnect = 1; reconnect <= 3; reconnect++) {
      r.advance(RING_QUIET_MS * 2); // long after the burst: a ring here would notify
      // the link goes: the session resets its lamps to unknown; back: the access server reports RI on
      expect(r.n.observe('session.event', { sessionId: 's1', event: { type: 'status', state: 'reconnecting', retryInMs: 1000 } })).toBeNull();
      expect(r.modem('s1', null), `lost ${reconnect}`).toBeNull();
      expect(r.n.observe('session.event', { sessionId: 's1', event: { type: 'status', state: 'connected' } })).toBeNull();
      expect(r.modem('s1', true), `back ${reconnect}`).toBeNull();
    }
    r.advance(RING_QUIET_MS * 2);
    expect(r.modem('s1', false)).toBeNull();
    expect(r.modem('s1', true)).toMatchObject({ title: 'RING: Demo modem' });
  });

  it('a closed session is forgotten (sessions.changed)', () => {
    const r = rig();
    expect(r.modem('s1', false)).toBeNull();
    expect(r.modem('s1', true)).not.toBeNull();
    r.n.observe('sessions.changed', { sessions: [] });
    expect(r.modem('s1', true)).toBeNull(); // a new session state: RI unknown, so on is no edge
    expect(r.modem('s1', false)).toBeNull();
    expect(r.modem('s1', true)).not.toBeNull(); // its first ring
  });
});

describe('CallNotifier: a dial ends', () => {
  it('CONNECT of a dial, once (a SAY text re-sends the status)', () => {
    const r = rig();
    const base = { flow: 'dial' as const, number: '555-0100', attempt: 1, attempts: 1 };
    expect(r.dial({ ...base, state: 'initialising', message: 'sending the init string' })).toBeNull();
    expect(r.dial({ ...base, state: 'dialing', message: 'dialing 555-0100' })).toBeNull();
    const connected = { ...base, state: 'connected' as const, resultCode: 'CONNECT', rate: 33600, message: 'CONNECT 33600' };
    expect(r.dial(connected)).toEqual({ title: 'CONNECT 33600: Demo modem', body: 'Dialing 555-0100: CONNECT 33600' });
    expect(r.dial({ ...connected, message: 'logged in' })).toBeNull();
    expect(r.dial({ ...base, state: 'hung-up', method: 'dtr', confirmed: true, message: 'confirmed: DCD off' })).toBeNull();
  });

  it('BUSY with a redial to come is not the end; the failure the dialer marks final is', () => {
    const r = rig();
    const base = { flow: 'dial' as const, number: '555-0102', attempts: 3 };
    expect(r.dial({ ...base, attempt: 1, state: 'failed', resultCode: 'BUSY', message: 'BUSY' })).toBeNull();
    expect(r.dial({ ...base, attempt: 1, state: 'waiting-redial', inMs: 5000 })).toBeNull();
    expect(r.dial({ ...base, attempt: 2, state: 'dialing' })).toBeNull();
    // the dialer gives up before the last attempt (cancelled countdown, or the session went): its final word counts
    expect(r.dial({ ...base, attempt: 2, state: 'failed', resultCode: 'BUSY', message: 'BUSY', final: true })).toEqual({ title: 'BUSY: Demo modem', body: 'Dialing 555-0102 ended: BUSY' });
    expect(r.dial({ ...base, state: 'failed', resultCode: 'NO CARRIER', message: 'session lost', final: true })).toBeNull(); // no change of state
  });

  it('NO DIALTONE on attempt 1 of 3 ends the dial (the dialer redials only BUSY, NO CARRIER, NO ANSWER): notified once', () => {
    const r = rig();
    const base = { flow: 'dial' as const, number: '555-0199', attempts: 3, attempt: 1 };
    expect(r.dial({ ...base, state: 'dialing' })).toBeNull();
    expect(r.dial({ ...base, state: 'failed', resultCode: 'NO DIALTONE', message: 'NO DIALTONE', final: true })).toEqual({ title: 'NO DIALTONE: Demo modem', body: 'Dialing 555-0199 ended: NO DIALTONE' });
    expect(r.dial({ ...base, state: 'failed', resultCode: 'NO DIALTONE', message: 'a SAY text', final: true })).toBeNull();
    // the next dial's BUSY at 1 of 3 (a redial follows: not final) is not the end
    expect(r.dial({ ...base, number: '555-0102', state: 'dialing' })).toBeNull();
    expect(r.dial({ ...base, number: '555-0102', state: 'failed', resultCode: 'BUSY', message: 'BUSY' })).toBeNull();
  });

  it('the callback flow: its login call is not announced, the call back answered is', () => {
    const r = rig();
    const cb = { flow: 'callback' as const, number: '555-0104', entryId: 'cb' };
    expect(r.dial({ ...cb, state: 'connected', resultCode: 'CONNECT', rate: 33600 })).toBeNull();
    expect(r.dial({ ...cb, state: 'answering' })).toBeNull();
    expect(r.dial({ ...cb, state: 'connected', resultCode: 'CONNECT', rate: 33600 })).toEqual({ title: 'CONNECT 33600: Demo modem', body: 'Incoming call answered (CONNECT 33600)' });
  });

  it('notify off: no dial result either', () => {
    const r = rig({ s1: { name: 'Quiet', notify: false } });
    expect(r.dial({ flow: 'dial', state: 'failed', resultCode: 'NO DIALTONE', final: true })).toBeNull();
  });

  it('other events are never notified', () => {
    const r = rig();
    const ev: EventOf<'session.event'> = { sessionId: 's1', event: { type: 'status', state: 'connected' } };
    expect(r.n.observe('session.event', ev)).toBeNull();
    expect(r.n.observe('session.data', { sessionId: 's1', bytes: new TextEncoder().encode('\r\nRING\r\n') })).toBeNull();
  });
});

describe('showing notifications (what electron-main does with them)', () => {
  it("Windows gets the AppUserModelID of electron-builder.yml's appId (the NSIS shortcut's); other systems none", () => {
    const yml = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    expect(/^appId:\s*(\S+)\s*$/m.exec(yml)?.[1]).toBe('org.dialtone.terminal');
    expect(appUserModelId('win32')).toBe('org.dialtone.terminal');
    expect(APP_ID).toBe('org.dialtone.terminal');
    expect(appUserModelId('darwin')).toBeNull();
    expect(appUserModelId('linux')).toBeNull();
  });

  it('holds each notification until it lets go (click, close, failed), at most MAX_HELD_NOTIFICATIONS', () => {
    const held = new HeldNotifications<object>();
    const a = {};
    const b = {};
    const releaseA = held.hold(a);
    const releaseB = held.hold(b);
    expect([held.has(a), held.has(b), held.size]).toEqual([true, true, 2]);
    releaseA();
    releaseA(); // a click and then a close: once is enough
    expect([held.has(a), held.has(b), held.size]).toEqual([false, true, 1]);
    releaseB();
    expect(held.size).toBe(0);
    // notifications the OS let expire without a 'close': the oldest go first
    const many = Array.from({ length: MAX_HELD_NOTIFICATIONS + 3 }, () => ({}));
    for (const n of many) held.hold(n);
    expect(held.size).toBe(MAX_HELD_NOTIFICATIONS);
    expect(many.slice(0, 3).some((n) => held.has(n))).toBe(false);
    expect(many.slice(3).every((n) => held.has(n))).toBe(true);
  });
});
