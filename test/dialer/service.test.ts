/**
 * The dialer behind the IPC contract: dial.start / dial.hangup / dial.answerMode over a real
 * NetworkSession to the demo access server; every dial.status validated by the contract's schema.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useSimServer } from './sim-server.js';
import { createSession } from '../../src-main/sessions/factory.js';
import type { Session } from '../../src-main/sessions/session.js';
import { DialerService, DialRequestError } from '../../src-main/dialer/service.js';
import { dialStatusSchema, type DialStatus } from '../../src-shared/ipc/contract.js';
import { CallNotifier } from '../../src-main/app/notifications.js';

const sim = useSimServer();

let session: Session | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

async function rig(entries: Record<string, unknown> = {}) {
  session = await createSession({ kind: 'rfc2217', host: '127.0.0.1', port: sim().port }, { dtr: true, rts: true });
  await session.open();
  const statuses: DialStatus[] = [];
  const waiters = new Set<() => void>();
  const service = new DialerService({
    session: (id) => (id === 's1' ? session! : undefined),
    entry: (id) => entries[id],
    emit: (s) => {
      statuses.push(dialStatusSchema.parse(s));
      for (const w of [...waiters]) w();
    },
    options: { dtrDropMs: 200 },
  });
  /** Resolve when a status with `state` has arrived (checked on each status; bounded). */
  const until = (state: DialStatus['state'], count = 1) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (statuses.filter((s) => s.state === state).length < count) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`no ${state} status: ${JSON.stringify(statuses)}`)), 20_000);
      waiters.add(check);
      check();
    });
  return { service, statuses, until };
}

describe('DialerService (IPC dial.*)', { timeout: 90_000 }, () => {
  it('dial.start by number: dialing, connected with the rate; dial.hangup: hung-up', async () => {
    const { service, statuses, until } = await rig();
    expect(await service.start({ sessionId: 's1', number: '555-0100' })).toEqual({});
    await until('connected');
    expect(statuses.map((s) => s.state)).toEqual(['initialising', 'dialing', 'connected']);
    expect(statuses.at(-1)).toMatchObject({ sessionId: 's1', flow: 'dial', number: '555-0100', attempt: 1, attempts: 1, resultCode: 'CONNECT', rate: 33600 });
    await expect(service.start({ sessionId: 's1', number: '555-0100' })).rejects.toThrow(/hang up first/);
    await service.hangup('s1');
    await until('hung-up');
    expect(statuses.filter((s) => s.state.startsWith('hung')).at(-1)).toMatchObject({ method: 'dtr', confirmed: true, message: 'confirmed: DCD off' });
  });

  it('dial.start by phonebook entry: redials BUSY with a countdown', async () => {
    const { service, statuses, until } = await rig({ e1: { id: 'e1', name: 'busy line', number: '555-0102', redialAttempts: 1, redialDelayMs: 1000 } });
    await service.start({ sessionId: 's1', entryId: 'e1' });
    await until('failed', 2);
    // the first BUSY is redialed; the last one is the dial's end (final)
    expect(statuses.filter((s) => s.state === 'failed').map((s) => [s.resultCode, s.attempt, s.entryId, s.final])).toEqual([
      ['BUSY', 1, 'e1', undefined],
      ['BUSY', 2, 'e1', true],
    ]);
    expect(statuses.find((s) => s.state === 'waiting-redial')).toMatchObject({ message: 'redial in 1 s', attempt: 2, attempts: 2, inMs: 1000, entryId: 'e1' });
  });

  it('NO DIALTONE is not redialed: the first attempt of three is final, and the notifier announces it once', async () => {
    const { service, statuses, until } = await rig({ e1: { id: 'e1', name: 'no line', number: '555-0199', redialAttempts: 2, redialDelayMs: 1000 } });
    const notifier = new CallNotifier(() => ({ name: 'Demo modem', notify: true }));
    await service.start({ sessionId: 's1', entryId: 'e1' });
    await until('failed');
    // a redial's countdown would have started in the same turn as the failure (waiting-redial at once)
    expect(statuses.map((s) => s.state)).toEqual(['initialising', 'dialing', 'failed']);
    expect(statuses.at(-1)).toMatchObject({ resultCode: 'NO DIALTONE', attempt: 1, attempts: 3, final: true });
    const shown = statuses.map((s) => notifier.observe('dial.status', s)).filter((n) => n !== null);
    expect(shown).toEqual([{ title: 'NO DIALTONE: Demo modem', body: 'Dialing 555-0199 ended: NO DIALTONE' }]);
  });

  it('dial.start by number with redials: redialed exactly as an entry with them', async () => {
    const { service, statuses, until } = await rig();
    await service.start({ sessionId: 's1', number: '555-0102', redialAttempts: 1, redialDelayMs: 1000 });
    await until('failed', 2);
    expect(statuses.filter((s) => s.state === 'failed').map((s) => [s.resultCode, s.attempt, s.attempts])).toEqual([
      ['BUSY', 1, 2],
      ['BUSY', 2, 2],
    ]);
    expect(statuses.find((s) => s.state === 'waiting-redial')).toMatchObject({ message: 'redial in 1 s', attempt: 2, attempts: 2, inMs: 1000, number: '555-0102' });
  });

  it('refuses an unknown session or entry, a bad chat script, a second dial while one runs', async () => {
    const { service } = await rig();
    await expect(service.start({ sessionId: 'nope', number: '1' })).rejects.toMatchObject({ name: 'DialRequestError', code: 'unknown-session' });
    await expect(service.start({ sessionId: 's1', entryId: 'missing' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/no phonebook entry/) });
    await expect(service.start({ sessionId: 's1', number: '1', chatScript: "'' 'ATZ" })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/chat script: unterminated/) });
    await expect(service.callback({ sessionId: 's1', number: '1', loginScript: "'' 'x" })).rejects.toThrow(DialRequestError);
    await service.start({ sessionId: 's1', number: '555-0103' });
    await expect(service.start({ sessionId: 's1', number: '555-0100' })).rejects.toThrow(/hang up first/);
    await service.hangup('s1');
  });

  it('dial.answerMode auto: answer-wait; off cancels it', async () => {
    const { service, statuses, until } = await rig();
    await service.answerMode('s1', 'auto');
    await until('answer-wait');
    await service.answerMode('s1', 'off');
    expect(statuses.map((s) => s.state)).toEqual(['answer-wait', 'idle']);
    expect(statuses.every((s) => s.flow === 'answer')).toBe(true);
    await expect(service.start({ sessionId: 's1', number: '555-0100' })).resolves.toEqual({});
    await until('connected');
    await expect(service.answerMode('s1', 'auto')).rejects.toThrow(/hang up first/);
    await service.hangup('s1');
    await until('hung-up');
    service.forget('s1');
  });

  it('dial.callback: dial, log in, hang up, RING, ATA, connected; an entry without a login script is refused', async () => {
    const login = "TIMEOUT 10 Username: demo Password: dialtone 'Hang up now'";
    const { service, statuses, until } = await rig({ cb: { id: 'cb', name: 'callback', number: '555-0104', loginScript: login }, plain: { id: 'plain', name: 'echo', number: '555-0100' } });
    await expect(service.callback({ sessionId: 's1', entryId: 'plain' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringMatching(/no login script/) });
    await service.callback({ sessionId: 's1', entryId: 'cb' });
    await until('connected', 2);
    expect(statuses.map((s) => s.state)).toEqual(['initialising', 'dialing', 'connected', 'hanging-up', 'hung-up', 'answer-wait', 'ringing', 'answering', 'connected']);
    expect(statuses.every((s) => s.flow === 'callback' && s.entryId === 'cb')).toBe(true);
    expect(statuses.find((s) => s.state === 'answer-wait')?.message).toMatch(/call back/);
    expect(statuses.at(-1)).toMatchObject({ resultCode: 'CONNECT', rate: 33600 });
    await service.hangup('s1');
    await until('hung-up', 2);
  });
});
