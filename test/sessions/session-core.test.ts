// The shared session core: its transition table, open/close, and the reconnect policy's timing, on the
// manual clock (time moves only when the test says; no sleeps). The link is a stub because what is under
// test is the core's bookkeeping; the kinds that compose it are tested against real peers.
import { describe, expect, it } from 'vitest';
import { FAILURE_CODES, SESSION_STATES, type FailureCode, type StatusEvent } from '../../src-shared/session/events.js';
import { ManualClock } from '../harness/manual-clock.js';
import { RECONNECT_RULES, SESSION_TRANSITIONS, STABLE_LINK_MS, SessionClosedError, SessionCore, SessionFailure } from '../../src-main/sessions/session-core.js';

function rig(reconnect = true) {
  const clock = new ManualClock();
  const events: StatusEvent[] = [];
  const calls = { attempt: 0, dropLink: 0 };
  const core = new SessionCore({
    reconnect,
    clock,
    emit: (ev) => events.push(ev),
    attempt: () => calls.attempt++,
    dropLink: () => calls.dropLink++,
  });
  const fail = (code: FailureCode, message = `${code} at 127.0.0.1:7001`) => core.failed({ code, message });
  return { clock, events, calls, core, fail, states: () => events.map((e) => e.state) };
}

describe('SessionCore transition table', () => {
  it('names every state, and closed is final', () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual([...SESSION_STATES].sort());
    expect(SESSION_TRANSITIONS.closed).toEqual([]);
    for (const to of Object.values(SESSION_TRANSITIONS).flat()) expect(SESSION_STATES).toContain(to);
  });

  it('a move the table does not allow throws (a bug, never silently taken)', () => {
    const { core } = rig();
    expect(() => core.linked()).toThrow(/idle -> connected is not in the transition table/);
  });

  it('has a reconnect rule for every failure code', () => {
    expect(Object.keys(RECONNECT_RULES).sort()).toEqual([...FAILURE_CODES].sort());
  });
});

describe('SessionCore open and close', () => {
  it('open: connecting, one attempt, connected; the same promise while under way', async () => {
    const { core, calls, states } = rig(false);
    const a = core.open();
    expect(core.open()).toBe(a);
    expect(calls.attempt).toBe(1);
    core.linked();
    await a;
    expect(states()).toEqual(['connecting', 'connected']);
    await core.open(); // connected: resolves at once, no attempt
    expect(calls.attempt).toBe(1);
  });

  it('reconnect off: a failure rejects open() with the code and stops', async () => {
    const { core, fail, clock, calls, states } = rig(false);
    const opening = core.open();
    fail('refused');
    await expect(opening).rejects.toMatchObject({ name: 'SessionFailure', code: 'refused' });
    clock.advance(60_000);
    expect(calls.attempt).toBe(1);
    expect(states()).toEqual(['connecting', 'disconnected']);
    // open() again dials again
    void core.open().catch(() => undefined);
    expect(calls.attempt).toBe(2);
  });

  it('close is idempotent: one shutdown, one closed event; then every call says closed', async () => {
    const { core, events } = rig();
    let shutdowns = 0;
    const opening = core.open();
    const shut = async () => {
      shutdowns++;
    };
    const a = core.close(shut);
    const b = core.close(shut);
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(shutdowns).toBe(1);
    expect(events.filter((e) => e.state === 'closed')).toHaveLength(1);
    await expect(opening).rejects.toBeInstanceOf(SessionClosedError);
    await expect(core.open()).rejects.toBeInstanceOf(SessionClosedError);
    expect(() => core.assertOpen()).toThrow(SessionClosedError);
    expect(() => core.reconnect()).toThrow(SessionClosedError);
  });

  it('close runs the teardown store once; a teardown run early is not run again', async () => {
    const { core } = rig();
    const ran: string[] = [];
    core.onClose(() => ran.push('timer'));
    const early = core.onClose(() => ran.push('listener'));
    early();
    await core.close(async () => undefined);
    expect(ran).toEqual(['listener', 'timer']);
  });

  it('disconnect: the link is dropped, no retry follows, open() brings it back', async () => {
    const { core, calls, clock, states } = rig();
    void core.open();
    core.linked();
    core.disconnect();
    expect(calls.dropLink).toBe(1);
    expect(core.state).toBe('disconnected');
    clock.advance(120_000);
    expect(calls.attempt).toBe(1);
    void core.open();
    expect(calls.attempt).toBe(2);
    expect(states()).toEqual(['connecting', 'connected', 'disconnected', 'connecting']);
  });
});

describe('SessionCore reconnect policy (manual clock)', () => {
  it('retries a refused server 0.5 s, 1 s, 2 s ... 30 s; every retry carries the reason', () => {
    const { core, fail, clock, calls, events } = rig();
    void core.open();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      fail('refused');
      const ev = events.at(-1)!;
      delays.push(ev.retryInMs!);
      expect(calls.attempt).toBe(i + 1);
      clock.advance(ev.retryInMs! - 1);
      expect(calls.attempt).toBe(i + 1); // not a moment early
      clock.advance(1);
      expect(calls.attempt).toBe(i + 2);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    const retries = events.filter((e) => e.state === 'reconnecting');
    // not only the first of a run of the same failure: a retry without its reason reads "unknown reason"
    expect(retries.map((e) => [e.code, e.reason])).toEqual(Array(8).fill(['refused', 'refused at 127.0.0.1:7001']));
    expect(retries.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // another failure is news: reported again
    fail('timeout');
    expect(events.at(-1)).toMatchObject({ state: 'reconnecting', code: 'timeout' });
  });

  it('a mistyped host: three tries, then it stops and says why', async () => {
    const { core, fail, clock, calls } = rig();
    const opening = core.open();
    fail('unknown-host');
    clock.advance(500);
    fail('unknown-host');
    clock.advance(1000);
    fail('unknown-host');
    await expect(opening).rejects.toBeInstanceOf(SessionFailure);
    expect(core.state).toBe('disconnected');
    expect(core.lastFailure?.code).toBe('unknown-host');
    clock.advance(600_000);
    expect(calls.attempt).toBe(3);
  });

  it('permission denied is not retried; the operator can still Reconnect', () => {
    const { core, fail, calls } = rig();
    void core.open();
    fail('permission-denied');
    expect(core.state).toBe('disconnected');
    core.reconnect();
    expect(calls.attempt).toBe(2);
  });

  it('a server that accepts and hangs up at once (busy ser2net) backs off; a stable link starts over', () => {
    const { core, fail, clock, events } = rig();
    void core.open();
    const lastDelay = () => events.filter((e) => e.state === 'reconnecting').at(-1)!.retryInMs;
    for (const want of [500, 1000, 2000]) {
      core.linked();
      clock.advance(50);
      fail('closed-by-peer');
      expect(lastDelay()).toBe(want);
      clock.advance(want);
    }
    const reported = () => events.filter((e) => e.state === 'reconnecting' && e.code === 'closed-by-peer').length;
    expect(reported()).toBe(3); // each hang-up says what it was
    core.linked();
    clock.advance(STABLE_LINK_MS);
    fail('closed-by-peer');
    expect(lastDelay()).toBe(500);
    expect(reported()).toBe(4);
  });

  it("the operator's Connect after Disconnect starts a fresh series: attempt 1, the initial delay", () => {
    const { core, fail, clock, events } = rig();
    void core.open();
    // the server goes away: five retries, then it is back and the automatic reconnect works
    for (let i = 0; i < 5; i++) {
      fail('refused');
      clock.advance(events.at(-1)!.retryInMs!);
    }
    core.linked();
    clock.advance(1000);
    core.disconnect();
    // the server goes away again; the operator presses Connect
    void core.open().catch(() => undefined);
    fail('refused');
    expect(events.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, retryInMs: 500 });
    clock.advance(500);
    fail('refused');
    expect(events.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 2, retryInMs: 1000 });
  });

  it("a Connect that succeeds after a failed series: the next loss starts at attempt 1 however short the link", () => {
    const { core, fail, clock, events } = rig();
    void core.open();
    for (let i = 0; i < 3; i++) {
      fail('refused');
      clock.advance(events.at(-1)!.retryInMs!);
    }
    core.disconnect();
    void core.open();
    core.linked();
    clock.advance(50); // well short of STABLE_LINK_MS
    fail('closed-by-peer');
    expect(events.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, retryInMs: 500, code: 'closed-by-peer' });
  });

  it('close while reconnecting: no attempt after it', async () => {
    const { core, fail, clock, calls } = rig();
    void core.open().catch(() => undefined);
    fail('refused');
    await core.close(async () => undefined);
    clock.advance(60_000);
    expect(calls.attempt).toBe(1);
  });

  it('Reconnect on a live link drops it and dials at once; while a try is under way it waits for it', () => {
    const { core, calls, states } = rig();
    void core.open();
    core.reconnect(); // connecting: nothing more
    expect(calls.attempt).toBe(1);
    core.linked();
    core.reconnect();
    expect(calls.dropLink).toBe(1);
    expect(calls.attempt).toBe(2);
    expect(states()).toEqual(['connecting', 'connected', 'connecting']);
  });
});
