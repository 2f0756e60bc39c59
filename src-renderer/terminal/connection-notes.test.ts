import { describe, expect, it } from 'vitest';
import { applyEventToLive, emptyLive } from '../store/reducers.js';
import { connectionNote, createNoteHub, noteLine } from './connection-notes.js';

describe('connectionNote', () => {
  it('says what the session said of a lost, ended or restored link', () => {
    expect(connectionNote({ type: 'status', state: 'reconnecting', reason: 'connection reset by 10.0.0.1:7001', code: 'reset', retryInMs: 2000, attempt: 2 }, true)).toBe(
      'connection lost: connection reset by 10.0.0.1:7001 — reconnecting in 2 s (attempt 2)',
    );
    expect(connectionNote({ type: 'status', state: 'reconnecting', reason: 'connection refused by x:1', retryInMs: 500 }, false)).toBe('could not connect: connection refused by x:1 — reconnecting in 1 s');
    expect(connectionNote({ type: 'status', state: 'disconnected', reason: 'closed by the operator' }, true)).toBe('disconnected: closed by the operator');
    expect(connectionNote({ type: 'status', state: 'connected', reason: 're-applied: baud 9600, DTR on' }, true)).toBe('connected again — re-applied: baud 9600, DTR on');
    expect(connectionNote({ type: 'status', state: 'connected' }, false)).toBeNull(); // the first connect needs none
    expect(connectionNote({ type: 'error', code: 'not-sent', message: '5 bytes ... were never sent' }, true)).toBe('5 bytes ... were never sent');
    expect(connectionNote({ type: 'modem', cts: null, dsr: null, ri: null, dcd: null }, true)).toBeNull();
  });

  it('writes a note on a line of its own, dim, with no control character of the reason getting through', () => {
    expect(noteLine('lost: a\x1b[31mb', true)).toBe('\x1b[0;2m[dialtone] lost: a [31mb\x1b[0m\r\n');
    expect(noteLine('x', false).startsWith('\r\n')).toBe(true);
  });

  it('keeps a few notes for a session without a pane and hands them over in order', () => {
    const hub = createNoteHub();
    for (let i = 0; i < 20; i++) hub.push('s', `n${i}`);
    const got: string[] = [];
    hub.attach('s', (t) => got.push(t));
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => `n${i + 4}`));
  });
});

describe('queued bytes', () => {
  it('count as sent when the link is up, and are dropped when main reports them not sent', () => {
    const l = { ...emptyLive(), bytesOut: 10, bytesQueued: 5 };
    expect(applyEventToLive(l, { type: 'status', state: 'connected' })).toMatchObject({ bytesOut: 15, bytesQueued: 0 });
    expect(applyEventToLive(l, { type: 'error', code: 'not-sent', message: 'x' })).toMatchObject({ bytesOut: 10, bytesQueued: 0 });
  });
});
