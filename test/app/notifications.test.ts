/**
 * The notification decider on a real run of the demo modem (the simulator behind RFC 2217, as the app's
 * Demo modem profile): the callback flow of 555-0104 dials, logs in, hangs up, and the modem rings (RI
 * rising through NOTIFY-MODEMSTATE, and the dialer's RING) until the dialer answers. Every session event
 * and dial status goes to the notifier in the order main's sink gets them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CallNotifier, type CallNotification } from '../../src-main/app/notifications.js';
import { DialerService } from '../../src-main/dialer/service.js';
import { createSession } from '../../src-main/sessions/factory.js';
import type { Session } from '../../src-main/sessions/session.js';
import { dialStatusSchema, type DialStatus } from '../../src-shared/ipc/contract.js';
import { useSimServer } from '../dialer/sim-server.js';

const sim = useSimServer();
let session: Session | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

describe('CallNotifier on the demo modem', { timeout: 60_000 }, () => {
  it('the callback rings: one RING notification for the ring seen as RI and as RING, then the answered call', async () => {
    session = await createSession({ kind: 'rfc2217', host: '127.0.0.1', port: sim().port }, { dtr: true, rts: true });
    const notifier = new CallNotifier((id) => (id === 's1' ? { name: 'Demo modem', notify: true } : undefined));
    const shown: CallNotification[] = [];
    let riRises = 0;
    let lastRi: boolean | null = null;
    session.on('event', (event) => {
      if (event.type === 'modem') {
        if (event.ri === true && lastRi !== true) riRises++;
        lastRi = event.ri;
      }
      const n = notifier.observe('session.event', { sessionId: 's1', event });
      if (n) shown.push(n);
    });
    await session.open();
    const statuses: DialStatus[] = [];
    let connected: () => void = () => undefined;
    const callBackAnswered = new Promise<void>((resolve) => (connected = resolve));
    const service = new DialerService({
      session: (id) => (id === 's1' ? session! : undefined),
      entry: () => undefined,
      emit: (s) => {
        statuses.push(dialStatusSchema.parse(s));
        const n = notifier.observe('dial.status', s);
        if (n) shown.push(n);
        if (s.state === 'connected' && statuses.filter((x) => x.state === 'connected').length === 2) connected();
      },
      options: { dtrDropMs: 200 },
    });
    // the modem rings until ATA; the dialer answers the first RING it sees: one ring seen twice (RI and RING)
    await service.callback({ sessionId: 's1', number: '555-0104', loginScript: "TIMEOUT 10 Username: demo Password: dialtone 'Hang up now'" });
    await callBackAnswered;
    expect(riRises).toBeGreaterThanOrEqual(1);
    expect(statuses.some((s) => s.state === 'ringing')).toBe(true);
    expect(shown).toEqual([
      { title: 'RING: Demo modem', body: expect.stringMatching(/^Incoming call on Demo modem \((the RI line rose|RING 1)\)$/) },
      { title: 'CONNECT 33600: Demo modem', body: 'Incoming call answered (CONNECT 33600)' },
    ]);
    await service.hangup('s1');
    service.forget('s1');
  });

  it('a dial to the busy number ends with one BUSY notification', async () => {
    session = await createSession({ kind: 'rfc2217', host: '127.0.0.1', port: sim().port }, { dtr: true, rts: true });
    await session.open();
    const notifier = new CallNotifier(() => ({ name: 'Demo modem', notify: true }));
    const shown: CallNotification[] = [];
    let ended: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (ended = resolve));
    const service = new DialerService({
      session: () => session!,
      entry: () => undefined,
      emit: (s) => {
        const n = notifier.observe('dial.status', s);
        if (n) shown.push(n);
        if (s.state === 'failed') ended();
      },
    });
    await service.start({ sessionId: 's1', number: '555-0102' });
    await failed;
    expect(shown).toEqual([{ title: 'BUSY: Demo modem', body: expect.stringMatching(/^Dialing 555-0102 ended: BUSY/) }]);
    service.forget('s1');
  });
});
