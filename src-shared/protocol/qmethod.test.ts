/**
 * RFC 1143 section 7 tables, every (state, queue) x (WILL, WONT) pair for the peer's side and
 * (DO, DONT) for ours, checked against the RFC's prescribed action and next state. Pure state machine.
 */
import { describe, expect, it } from 'vitest';
import { DO, DONT, WILL, WONT } from './constants.js';
import { OptionTable, Q_NO, Q_WANTNO, Q_WANTYES, Q_YES, type QState } from './qmethod.js';

const OPT = 7;
type Start = 'NO' | 'YES' | 'WANTNO' | 'WANTNO+OPPOSITE' | 'WANTYES' | 'WANTYES+OPPOSITE';

function table(side: 'local' | 'remote', accept: boolean) {
  const sent: string[] = [];
  const names: Record<number, string> = { [WILL]: 'WILL', [WONT]: 'WONT', [DO]: 'DO', [DONT]: 'DONT' };
  const t = new OptionTable({ acceptLocal: () => accept, acceptRemote: () => accept }, (cmd) => sent.push(names[cmd] ?? '?'));
  const yes = side === 'local' ? DO : WILL;
  const reach = (start: Start): void => {
    if (start === 'NO') return;
    if (start.startsWith('WANTYES')) {
      t.request(side, OPT, true);
      if (start === 'WANTYES+OPPOSITE') t.request(side, OPT, false);
    } else {
      t.received(yes, OPT); // NO -> YES (policy accepts in these setups)
      if (start !== 'YES') {
        t.request(side, OPT, false);
        if (start === 'WANTNO+OPPOSITE') t.request(side, OPT, true);
      }
    }
    sent.length = 0;
  };
  return { t, sent, reach };
}

const S: Record<string, QState> = { NO: Q_NO, YES: Q_YES, WANTNO: Q_WANTNO, WANTYES: Q_WANTYES };

describe('RFC 1143 receive tables', () => {
  // [start, positive?, expected next state, expected sent (ours: WILL/WONT for local, DO/DONT for remote)]
  const rows: [Start, boolean, keyof typeof S, 'yes' | 'no' | null][] = [
    ['NO', true, 'YES', 'yes'],
    ['YES', true, 'YES', null],
    ['WANTNO', true, 'NO', null], // error: DONT answered by WILL
    ['WANTNO+OPPOSITE', true, 'YES', null], // error, but we wanted it again
    ['WANTYES', true, 'YES', null],
    ['WANTYES+OPPOSITE', true, 'WANTNO', 'no'],
    ['NO', false, 'NO', null],
    ['YES', false, 'NO', 'no'],
    ['WANTNO', false, 'NO', null],
    ['WANTNO+OPPOSITE', false, 'WANTYES', 'yes'],
    ['WANTYES', false, 'NO', null],
    ['WANTYES+OPPOSITE', false, 'NO', null],
  ];
  for (const side of ['local', 'remote'] as const) {
    const [pos, neg, yes, no] = side === 'local' ? [DO, DONT, 'WILL', 'WONT'] : [WILL, WONT, 'DO', 'DONT'];
    it.each(rows)(`${side}: %s + ${side === 'local' ? 'DO/DONT' : 'WILL/WONT'} (positive=%s) -> %s, sends %s`, (start, positive, next, send) => {
      const { t, sent, reach } = table(side, true);
      reach(start);
      t.received(positive ? pos : neg, OPT);
      expect(t.state(side, OPT)).toBe(S[next]);
      expect(sent).toEqual(send === null ? [] : [send === 'yes' ? yes : no]);
    });
    it(`${side}: a refused option in NO is answered negatively, state stays NO`, () => {
      const { t, sent } = table(side, false);
      t.received(pos, OPT);
      expect(t.state(side, OPT)).toBe(Q_NO);
      expect(sent).toEqual([no]);
    });
  }

  it('assume(): NO and WANTYES become YES silently; YES, WANTNO, a queued disable or a refused option are left alone', () => {
    for (const side of ['local', 'remote'] as const) {
      for (const start of ['NO', 'WANTYES'] as const) {
        const { t, sent, reach } = table(side, true);
        reach(start);
        expect(t.assume(side, OPT)).toEqual({ side, changed: true, enabled: true, refused: false });
        expect(t.state(side, OPT)).toBe(Q_YES);
        expect(sent).toEqual([]);
        // the late WILL/DO finds YES: no answer (RFC 1143), no change reported
        expect(t.received(side === 'local' ? DO : WILL, OPT)).toEqual({ side, changed: false, enabled: true, refused: false });
        expect(sent).toEqual([]);
      }
      for (const start of ['YES', 'WANTNO', 'WANTNO+OPPOSITE', 'WANTYES+OPPOSITE'] as const) {
        const { t, sent, reach } = table(side, true);
        reach(start);
        const before = t.state(side, OPT);
        expect(t.assume(side, OPT)).toBeNull();
        expect(t.state(side, OPT)).toBe(before);
        expect(sent).toEqual([]);
      }
      const refused = table(side, false);
      expect(refused.t.assume(side, OPT)).toBeNull();
      expect(refused.t.state(side, OPT)).toBe(Q_NO);
    }
  });

  it('requests already under way are absorbed, never re-sent', () => {
    const { t, sent } = table('remote', true);
    t.request('remote', OPT, true);
    t.request('remote', OPT, true);
    expect(sent).toEqual(['DO']);
    t.received(WILL, OPT);
    t.request('remote', OPT, true);
    expect(sent).toEqual(['DO']);
  });

  it('reports refusal of our request and enabled-flag changes', () => {
    const { t } = table('local', true);
    t.request('local', OPT, true);
    expect(t.received(DONT, OPT)).toEqual({ side: 'local', changed: false, enabled: false, refused: true });
    t.request('local', OPT, true);
    expect(t.received(DO, OPT)).toEqual({ side: 'local', changed: true, enabled: true, refused: false });
    t.request('local', OPT, false);
    expect(t.received(DONT, OPT)).toEqual({ side: 'local', changed: true, enabled: false, refused: false });
  });
});
