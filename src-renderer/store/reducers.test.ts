import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../src-shared/ipc/contract.js';
import type { SettingsEvent } from '../../src-shared/session/events.js';
import { blankLineModel, offlineLineModel } from '../../src-shared/line/line-model.js';
import { applyEventToLive, applyEventToView, countLineErrors, emptyLive, findView, liveFromInfo, rate, reconcileSessions, viewFromInfo, ZERO_ERRORS } from './reducers.js';

function info(sessionId: string, state: SessionInfo['snapshot']['state'] = 'connected', name = sessionId): SessionInfo {
  return {
    sessionId,
    name,
    snapshot: {
      kind: 'rfc2217',
      target: { kind: 'rfc2217', host: '127.0.0.1', port: 7001 },
      state,
      line: blankLineModel(),
      modem: { cts: true, dsr: false, ri: null, dcd: null },
      signature: 'ser2net',
      bytesReceived: 10,
      bytesSent: 3,
    },
  };
}

const settings: SettingsEvent = {
  type: 'settings',
  line: { ...offlineLineModel({ settings: {} }), baud: { asked: 9600, inEffect: 9600, state: 'confirmed' }, dtr: { asked: true, inEffect: null, state: 'unconfirmed' } },
};

const lineEv = (p: Partial<Record<'overrunError' | 'parityError' | 'framingError' | 'breakDetect', boolean>>) => ({
  type: 'line' as const,
  overrunError: false,
  parityError: false,
  framingError: false,
  breakDetect: false,
  timeoutError: false,
  dataReady: true,
  transferHoldingRegisterEmpty: true,
  transferShiftRegisterEmpty: true,
  ...p,
});

describe('applyEventToView', () => {
  const view = viewFromInfo(info('s1'));

  it('takes state, reason and retry time from status events', () => {
    const v = applyEventToView(view, { type: 'status', state: 'reconnecting', reason: 'connection refused', retryInMs: 2000 }, 1_000_000);
    expect([v.state, v.reason, v.retryInMs, v.retryAt]).toEqual(['reconnecting', 'connection refused', 2000, 1_002_000]);
    const back = applyEventToView(v, { type: 'status', state: 'connected' });
    expect([back.state, back.reason, back.retryInMs, back.retryAt]).toEqual(['connected', null, null, null]);
  });

  it('keeps the last reason when a later status gives none', () => {
    const v = applyEventToView(view, { type: 'status', state: 'disconnected', reason: 'reset by peer' });
    expect(applyEventToView(v, { type: 'status', state: 'closed' }).reason).toBe('reset by peer');
  });

  it('keeps the whole line model (asked, in effect and state per item)', () => {
    expect(applyEventToView(view, settings).line).toBe(settings.line);
  });

  it('counts warnings and keeps the last one; keeps the last error; takes the signature', () => {
    let v = applyEventToView(view, { type: 'warning', code: 'no-ack', message: 'no reply to SET-CONTROL' });
    v = applyEventToView(v, { type: 'warning', code: 'ack-differs', message: 'baud 9600 answered as 19200' });
    v = applyEventToView(v, { type: 'error', code: 'not-sent', message: 'write failed' });
    v = applyEventToView(v, { type: 'signature', text: 'Cisco IOS' });
    expect([v.warnings, v.lastWarning, v.lastError, v.signature]).toEqual([2, 'baud 9600 answered as 19200', 'write failed', 'Cisco IOS']);
  });

  it('returns the same view for events it does not show (modem, line, control)', () => {
    expect(applyEventToView(view, { type: 'modem', cts: false, dsr: true, ri: false, dcd: true })).toBe(view);
    expect(applyEventToView(view, lineEv({ parityError: true }))).toBe(view);
    expect(applyEventToView(view, { type: 'control', action: 'dtr', value: true })).toBe(view);
  });
});

describe('live state', () => {
  it('starts from the snapshot modem lines and the bytes this window has seen', () => {
    const l = liveFromInfo(info('s1'), 42);
    expect(l.modem).toEqual({ cts: true, dsr: false, ri: null, dcd: null });
    expect([l.bytesIn, l.bytesOut]).toEqual([42, 3]);
  });

  it('takes modem lines from modem events, null (unknown) included', () => {
    const l = applyEventToLive(emptyLive(), { type: 'modem', cts: true, dsr: true, ri: null, dcd: false, changed: ['cts'] });
    expect(l.modem).toEqual({ cts: true, dsr: true, ri: null, dcd: false });
  });

  it('counts each error bit of each line event', () => {
    let c = countLineErrors(ZERO_ERRORS, lineEv({ overrunError: true, framingError: true }));
    c = countLineErrors(c, lineEv({ framingError: true, breakDetect: true }));
    c = countLineErrors(c, lineEv({ parityError: true }));
    expect(c).toEqual({ overrun: 1, parity: 1, framing: 2, break: 1 });
  });

  it('returns the same counts for a line event without errors', () => {
    expect(countLineErrors(ZERO_ERRORS, lineEv({}))).toBe(ZERO_ERRORS);
  });

  it('computes bytes per second, 0 for no time or a counter that went back', () => {
    expect(rate(1000, 3000, 500)).toBe(4000);
    expect(rate(1000, 3000, 0)).toBe(0);
    expect(rate(3000, 1000, 1000)).toBe(0);
  });
});

describe('reconcileSessions', () => {
  it('adds tabs for sessions opened elsewhere and drops those closed elsewhere, keeping order', () => {
    const views = [viewFromInfo(info('a')), viewFromInfo(info('b')), viewFromInfo(info('d', 'closed'))];
    const { views: out, added } = reconcileSessions(views, [info('b'), info('c')]);
    expect(out.map((v) => [v.tabId, v.state])).toEqual([
      ['b', 'connected'],
      ['c', 'connected'],
    ]);
    expect(added.map((i) => i.sessionId)).toEqual(['c']);
  });

  it('a session this window closed to open a new one into its tab: the tab stays, closed', () => {
    const views = [viewFromInfo(info('a')), viewFromInfo(info('b'))];
    const out = reconcileSessions(views, [info('b')], true, new Set(), false, new Set(['a'])).views;
    expect(out.map((v) => [v.tabId, v.state])).toEqual([
      ['a', 'closed'],
      ['b', 'connected'],
    ]);
    expect(reconcileSessions(out, [info('b')], true, new Set(), false, new Set(['a'])).views[0]).toBe(out[0]);
  });

  it('adds nothing while an open is in flight (its reply attaches it)', () => {
    const { views, added } = reconcileSessions([], [info('x')], false);
    expect(views).toEqual([]);
    expect(added).toEqual([]);
  });

  it('does not close a tab whose just-opened session main has not listed yet', () => {
    const views = [viewFromInfo(info('new'))];
    expect(reconcileSessions(views, [], true, new Set(['new'])).views[0]).toBe(views[0]);
    expect(reconcileSessions(views, [], true).views).toEqual([]);
  });

  it('keeps unchanged views identical and updates name and state', () => {
    const views = [viewFromInfo(info('a'))];
    expect(reconcileSessions(views, [info('a')]).views[0]).toBe(views[0]);
    const out = reconcileSessions(views, [info('a', 'reconnecting', 'lab')]).views[0]!;
    expect([out.name, out.state]).toEqual(['lab', 'reconnecting']);
  });

  it('a stale list (kept while an open was in flight) changes no state: main listed the new session as idle', () => {
    const views = [viewFromInfo(info('a', 'connecting'))];
    const out = reconcileSessions(views, [info('a', 'idle', 'lab'), info('b')], true, new Set(), true);
    expect(out.views.map((v) => [v.tabId, v.name, v.state])).toEqual([
      ['a', 'lab', 'connecting'],
      ['b', 'b', 'connected'],
    ]);
  });

  it('finds a view by tab id or by the session it shows now', () => {
    const v = { ...viewFromInfo(info('tab1')), sessionId: 's9' };
    expect(findView([v], 'tab1')).toBe(v);
    expect(findView([v], 's9')).toBe(v);
    expect(findView([v], 'nope')).toBeUndefined();
  });
});
