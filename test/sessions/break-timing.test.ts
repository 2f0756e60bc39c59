// BREAK pulse timing on the session's injected clock, against a real RFC 2217 server (pyserial's
// PortManager on loop://): the bytes are real, only the session's timers run on the manual clock, so
// the pulse length is checked exactly and without sleeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import type { SettingsEvent } from '../../src-shared/session/events.js';
import { startPortManager, type Peer } from '../harness/peers.js';
import { ManualClock } from '../harness/manual-clock.js';
import { record } from '../interop/helpers.js';

let pm: Peer & { port: number };
beforeAll(async () => {
  pm = await startPortManager();
});
afterAll(() => pm?.stop());

describe('BREAK pulse on the manual clock', () => {
  it('holds BREAK for exactly the pulse length, then releases it (both confirmed by the server)', async () => {
    const clock = new ManualClock();
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: pm.port }, { clock, ackTimeoutMs: 60_000 });
    try {
      const rec = record(s);
      await s.open();
      s.sendBreak(250);
      const on = await rec.waitForEvent((ev): ev is SettingsEvent => ev.type === 'settings' && ev.line.break.inEffect === true, 10_000, 'BREAK on confirmed');
      expect(on.line.break).toEqual({ asked: true, inEffect: true, state: 'confirmed' });
      clock.advance(249);
      expect(s.snapshot().line.break.asked).toBe(true); // not a moment early
      clock.advance(1);
      expect(s.snapshot().line.break.asked).toBe(false); // BREAK OFF sent at 250 ms
      const off = await rec.waitForEvent((ev): ev is SettingsEvent => ev.type === 'settings' && ev.line.break.inEffect === false, 10_000, 'BREAK off confirmed');
      expect(off.line.break).toEqual({ asked: false, inEffect: false, state: 'confirmed' });
    } finally {
      await s.close();
    }
  });
});
