import { describe, expect, it } from 'vitest';
import { applyEventToLive, emptyLive } from '../store/reducers.js';
import type { SessionEvent } from '../../src-shared/session/events.js';
import { connectionNote, createNoteHub, noteHub, noteLine, noteSessionEvent } from './connection-notes.js';

describe('connectionNote', () => {
  it('says what the session said of a lost, ended or restored link', () => {
    const up = { wasConnected: true, linkWasUp: true };
    const never = { wasConnected: false, linkWasUp: false };
    expect(connectionNote({ type: 'status', state: 'reconnecting', reason: 'connection reset by 10.0.0.1:7001', code: 'reset', retryInMs: 2000, attempt: 2 }, up)).toBe(
      'connection lost: connection reset by 10.0.0.1:7001 — reconnecting in 2 s (attempt 2)',
    );
    expect(connectionNote({ type: 'status', state: 'reconnecting', reason: 'connection refused by x:1', retryInMs: 500 }, never)).toBe('could not connect: connection refused by x:1 — reconnecting in 0.5 s');
    expect(connectionNote({ type: 'status', state: 'disconnected', reason: 'closed by the operator' }, up)).toBe('disconnected: closed by the operator');
    expect(connectionNote({ type: 'status', state: 'connected', reason: 're-applied: baud 9600, DTR on' }, { wasConnected: true, linkWasUp: false })).toBe('connected again — re-applied: baud 9600, DTR on');
    expect(connectionNote({ type: 'status', state: 'connected' }, never)).toBeNull(); // the first connect needs none
    expect(connectionNote({ type: 'error', code: 'not-sent', message: '5 bytes ... were never sent' }, up)).toBe('5 bytes ... were never sent');
    expect(connectionNote({ type: 'modem', cts: null, dsr: null, ri: null, dcd: null }, up)).toBeNull();
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

describe('noteSessionEvent', () => {
  it("says 'could not connect' when the operator's Connect after a Disconnect fails, 'connection lost' only for a link that was up", () => {
    const notes: string[] = [];
    const detach = noteHub.attach('notes-1', (t) => notes.push(t));
    const refused = 'connection refused by 127.0.0.1:7001';
    const events: SessionEvent[] = [
      { type: 'status', state: 'connecting' },
      { type: 'status', state: 'connected' },
      { type: 'status', state: 'reconnecting', reason: 'connection closed by 127.0.0.1:7001', code: 'closed-by-peer', retryInMs: 500, attempt: 1 },
      { type: 'status', state: 'reconnecting', reason: refused, code: 'refused', retryInMs: 1000, attempt: 2 },
      { type: 'status', state: 'connected' },
      { type: 'status', state: 'disconnected', reason: 'disconnected by the operator' },
      { type: 'status', state: 'connecting' }, // the operator's Connect; the server is gone
      { type: 'status', state: 'reconnecting', reason: refused, code: 'refused', retryInMs: 500, attempt: 1 },
      { type: 'status', state: 'reconnecting', reason: refused, code: 'refused', retryInMs: 1000, attempt: 2 },
      { type: 'status', state: 'connected' },
    ];
    for (const ev of events) noteSessionEvent('notes-1', ev);
    detach();
    noteSessionEvent('notes-1', { type: 'status', state: 'closed' });
    noteHub.drop('notes-1');
    expect(notes).toEqual([
      'connection lost: connection closed by 127.0.0.1:7001 — reconnecting in 0.5 s',
      `could not connect: ${refused} — reconnecting in 1 s (attempt 2)`,
      'connected again',
      'disconnected: disconnected by the operator',
      `could not connect: ${refused} — reconnecting in 0.5 s`,
      `could not connect: ${refused} — reconnecting in 1 s (attempt 2)`,
      'connected again',
    ]);
  });
});

describe('queued bytes', () => {
  it('count as sent when the link is up, and are dropped when main reports them not sent', () => {
    const l = { ...emptyLive(), bytesOut: 10, bytesQueued: 5 };
    expect(applyEventToLive(l, { type: 'status', state: 'connected' })).toMatchObject({ bytesOut: 15, bytesQueued: 0 });
    expect(applyEventToLive(l, { type: 'error', code: 'not-sent', message: 'x' })).toMatchObject({ bytesOut: 10, bytesQueued: 0 });
  });
});
