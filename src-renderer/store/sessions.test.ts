import { beforeEach, describe, expect, it } from 'vitest';
import { blankLineModel } from '../../src-shared/line/line-model.js';
import type { SessionInfo } from '../../src-shared/ipc/contract.js';
import { viewFromInfo } from './reducers.js';
import { useSessions } from './sessions.js';
import { nextTheme } from './ui.js';

const info = (id: string): SessionInfo => ({
  sessionId: id,
  name: id,
  snapshot: {
    kind: 'raw',
    target: { kind: 'raw', host: 'ts1', port: 4003 },
    state: 'connected',
    line: blankLineModel('unsupported'),
    modem: { cts: null, dsr: null, ri: null, dcd: null },
    signature: null,
    bytesReceived: 0,
    bytesSent: 0,
  },
});

describe('sessions slice', () => {
  beforeEach(() => useSessions.setState({ views: [], activeTabId: null, titles: {}, connectedAt: {} }));

  it('activates the first tab added and keeps the active tab on later adds', () => {
    const s = useSessions.getState();
    s.upsert(viewFromInfo(info('a')));
    s.upsert(viewFromInfo(info('b')));
    expect(useSessions.getState().activeTabId).toBe('a');
    s.activate('b');
    expect(useSessions.getState().activeTabId).toBe('b');
    s.activate('nope');
    expect(useSessions.getState().activeTabId).toBe('b');
  });

  it('moves to the neighbour tab when the active one is removed', () => {
    const s = useSessions.getState();
    for (const id of ['a', 'b', 'c']) s.upsert(viewFromInfo(info(id)));
    s.activate('b');
    s.remove('b');
    expect(useSessions.getState().activeTabId).toBe('c');
    s.remove('c');
    expect(useSessions.getState().activeTabId).toBe('a');
    s.remove('a');
    expect(useSessions.getState().activeTabId).toBeNull();
  });

  it('applies an event to the tab showing the session and returns that tab', () => {
    const s = useSessions.getState();
    s.upsert({ ...viewFromInfo(info('tab')), sessionId: 's2' });
    expect(s.applyEvent('s2', { type: 'signature', text: 'ser2net' })).toBe('tab');
    expect(useSessions.getState().views[0]!.signature).toBe('ser2net');
    expect(s.applyEvent('unknown', { type: 'signature', text: 'x' })).toBeNull();
  });

  it('replaces a view in place on upsert with the same tab id', () => {
    const s = useSessions.getState();
    s.upsert(viewFromInfo(info('a')));
    s.upsert({ ...viewFromInfo(info('a')), name: 'renamed' });
    expect(useSessions.getState().views.map((v) => v.name)).toEqual(['renamed']);
  });

  it('keeps a tab title until it is cleared or the tab goes', () => {
    const s = useSessions.getState();
    s.upsert(viewFromInfo(info('a')));
    s.rename('a', '  console ts1  ');
    expect(useSessions.getState().titles).toEqual({ a: 'console ts1' });
    s.rename('a', ' ');
    expect(useSessions.getState().titles).toEqual({});
    s.rename('a', 'x');
    s.remove('a');
    expect(useSessions.getState().titles).toEqual({});
  });

  it('times a connection only from a connect this window saw', () => {
    const s = useSessions.getState();
    // attached to a session already connected elsewhere: when it connected is unknown
    s.reconcile([info('other')], true);
    expect(useSessions.getState().connectedAt).toEqual({});
    // this window's own open, connected: timed from now
    s.upsert(viewFromInfo(info('mine')));
    const at = useSessions.getState().connectedAt['mine'];
    expect(at).toBeTypeOf('number');
    // an unrelated event keeps the start; a drop clears it; the next connect starts again
    s.applyEvent('mine', { type: 'signature', text: 'x' });
    expect(useSessions.getState().connectedAt['mine']).toBe(at);
    s.applyEvent('mine', { type: 'status', state: 'reconnecting' });
    expect(useSessions.getState().connectedAt).toEqual({});
    s.applyEvent('mine', { type: 'status', state: 'connected' });
    expect(useSessions.getState().connectedAt['mine']).toBeTypeOf('number');
    s.remove('mine');
    expect(useSessions.getState().connectedAt).toEqual({});
  });
});

describe('theme toggle order', () => {
  it('cycles system -> dark -> light -> system', () => {
    expect([nextTheme('system'), nextTheme('dark'), nextTheme('light')]).toEqual(['dark', 'light', 'system']);
  });
});
