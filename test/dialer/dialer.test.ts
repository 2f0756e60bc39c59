/**
 * The dialer end to end: the real NetworkSession (rfc2217) against the demo access server (our RFC 2217
 * server with the simulated Hayes modem; the modem is ours because no free Hayes modem peer exists on
 * this machine). Phone-network delays are shortened; the dialer's own timing is real.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useSimServer } from './sim-server.js';
import { createSession } from '../../src-main/sessions/factory.js';
import type { Session } from '../../src-main/sessions/session.js';
import { Dialer } from '../../src-main/dialer/dialer.js';
import { parseChatScript, parseCiscoChatScript } from '../../src-shared/dialer/chat-script.js';
import type { DialerEvent } from '../../src-shared/dialer/events.js';
import type { ModemEvent } from '../../src-shared/session/events.js';

const sim = useSimServer();

interface Rig {
  session: Session;
  dialer: Dialer;
  events: DialerEvent[];
  modem: ModemEvent[];
  data: () => string;
  /** Resolve when the received text (from `from`) contains `text` (checked on each chunk; bounded). */
  waitData(text: string, from?: number): Promise<void>;
  /** Resolve when a modem event satisfies `pred` (bounded). */
  waitModem(pred: (ev: ModemEvent) => boolean): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    r.dialer.dispose();
    await r.session.close();
  }
});

async function rig(): Promise<Rig> {
  const session = await createSession({ kind: 'rfc2217', host: '127.0.0.1', port: sim().port }, { dtr: true, rts: true });
  let text = '';
  const modem: ModemEvent[] = [];
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  session.on('data', (b) => {
    text += Buffer.from(b).toString('latin1');
    poke();
  });
  session.on('event', (ev) => {
    if (ev.type === 'modem') {
      modem.push(ev);
      poke();
    }
  });
  await session.open();
  const dialer = new Dialer(session, { dtrDropMs: 200, hangupConfirmMs: 3000, escapeGuardMs: 1200 });
  const events: DialerEvent[] = [];
  dialer.on('event', (ev) => events.push(ev));
  const until = (pred: () => boolean, what: string, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pred()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; data ${JSON.stringify(text)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  const r: Rig = {
    session,
    dialer,
    events,
    modem,
    data: () => text,
    waitData: (s, from = 0) => until(() => text.slice(from).includes(s), JSON.stringify(s)),
    waitModem: (pred) => until(() => modem.some(pred), 'a modem event'),
  };
  rigs.push(r);
  return r;
}

const states = (evs: DialerEvent[]) => evs.filter((e) => e.state !== 'call-timer').map((e) => e.state);

describe('dialer against the demo modem (real NetworkSession)', { timeout: 90_000 }, () => {
  it('echo: CONNECT with the rate and DCD on, echo, hang up by DTR: NO CARRIER and DCD off', async () => {
    const r = await rig();
    const out = await r.dialer.dial({ number: '555-0100' });
    expect(out).toEqual({ ok: true, attempt: 1, rate: 33600, report: 'CONNECT 33600' });
    expect(states(r.events)).toEqual(['initialising', 'dialing', 'report', 'connected']);
    expect(r.events.find((e) => e.state === 'connected')).toMatchObject({ rate: 33600, number: '555-0100' });
    await r.waitModem((ev) => ev.dcd === true);
    const mark = r.data().length;
    r.session.write(Buffer.from('hello, echo'));
    await r.waitData('hello, echo', mark);
    expect(r.dialer.inCall).toBe(true);
    const hung = await r.dialer.hangup();
    expect(hung).toEqual({ confirmed: true, method: 'dtr' });
    await r.waitData('NO CARRIER', mark);
    await r.waitModem((ev) => ev.dcd === false && ev.changed?.includes('dcd') === true);
    expect(r.dialer.inCall).toBe(false);
    expect(r.events.at(-1)).toMatchObject({ state: 'hung-up', method: 'dtr', confirmed: true });
  });

  it('busy: redials with a countdown, then fails BUSY', async () => {
    const r = await rig();
    const out = await r.dialer.dial({ number: '555-0102', retries: 2, redialDelayMs: 1500 });
    expect(out).toEqual({ ok: false, attempt: 3, result: 'busy', text: 'BUSY' });
    const failed = r.events.filter((e) => e.state === 'failed');
    expect(failed.map((e) => [e.attempt, e.result])).toEqual([
      [1, 'busy'],
      [2, 'busy'],
      [3, 'busy'],
    ]);
    const waits = r.events.filter((e) => e.state === 'waiting-redial');
    expect(waits.map((e) => [e.attempt, e.inMs])).toEqual([
      [2, 1500],
      [2, 500],
      [3, 1500],
      [3, 500],
    ]);
  });

  it('no dial tone and no answer are reported with their result codes; no redial after NO DIALTONE', async () => {
    const r = await rig();
    expect(await r.dialer.dial({ number: '555-0199', retries: 3, redialDelayMs: 100 })).toMatchObject({ ok: false, attempt: 1, result: 'no-dialtone' });
    expect(await r.dialer.dial({ number: '555-0103', init: 'ATZS7=2' })).toMatchObject({ ok: false, result: 'no-answer', text: 'NO ANSWER' });
    expect(await r.dialer.dial({ number: '555-0100', init: 'ATQ5' })).toMatchObject({ ok: false, result: 'error', text: 'ERROR' });
    // no call up: the hang-up is the DTR pulse alone, confirmed at once (DCD is known off)
    expect(await r.dialer.hangup()).toEqual({ confirmed: true, method: 'dtr' });
    expect(r.events.filter((e) => e.state === 'hanging-up')).toHaveLength(1);
  });

  it('a Cisco chat-script dials; SAY is reported', async () => {
    const r = await rig();
    const { script } = parseCiscoChatScript('chat-script demo ABORT ERROR "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c');
    script.steps.unshift(...parseChatScript("SAY 'calling \\T'").steps);
    const out = await r.dialer.dial({ number: '5550100', script });
    expect(out).toMatchObject({ ok: true, rate: 33600 });
    expect(r.events.find((e) => e.state === 'say')).toMatchObject({ text: 'calling 5550100' });
  });

  it('hang-up falls back to +++ and ATH when DTR does not hang up (&D0)', async () => {
    const r = await rig();
    expect(await r.dialer.dial({ number: '555-0100', init: 'ATZ&D0' })).toMatchObject({ ok: true });
    await r.waitModem((ev) => ev.dcd === true);
    const hung = await r.dialer.hangup();
    expect(hung).toEqual({ confirmed: true, method: 'escape' });
    expect(r.events.filter((e) => e.state === 'hanging-up').map((e) => e.method)).toEqual(['dtr', 'escape']);
    await r.waitModem((ev) => ev.dcd === false && ev.changed?.includes('dcd') === true);
  });

  it('plain telnet (no COM-PORT: no DTR, no DCD lamp): hang-up by +++ and ATH, confirmed by OK', async () => {
    const session = await createSession({ kind: 'telnet', host: '127.0.0.1', port: sim().port });
    await session.open();
    const dialer = new Dialer(session, { dtrDropMs: 200, hangupConfirmMs: 1000, escapeGuardMs: 1200 });
    try {
      expect(dialer.dcd).toBe(null);
      expect(await dialer.dial({ number: '555-0100' })).toMatchObject({ ok: true, rate: 33600 });
      expect(await dialer.hangup()).toEqual({ confirmed: true, method: 'escape' });
      expect(dialer.inCall).toBe(false);
    } finally {
      dialer.dispose();
      await session.close();
    }
  });

  it('the far end hangs up (BBS "bye"): hung-up, carrier lost', async () => {
    const r = await rig();
    const login = parseChatScript('TIMEOUT 10 login: demo Password: dialtone >');
    expect(await r.dialer.dial({ number: '555-0101', login })).toMatchObject({ ok: true });
    r.session.write(Buffer.from('bye\r'));
    await r.waitData('NO CARRIER');
    await r.waitModem((ev) => ev.dcd === false && ev.changed?.includes('dcd') === true);
    expect(r.events.at(-1)).toMatchObject({ state: 'hung-up', confirmed: true, text: 'carrier lost' });
  });

  it('callback: dial, log in, hang up; RI rings, ATA answers, connected', async () => {
    const r = await rig();
    const login = parseChatScript('TIMEOUT 10 Username: demo Password: dialtone \'Hang up now\'');
    const out = await r.dialer.callback({ number: '555-0104', login, answer: { by: 'ata', waitMs: 30_000 } });
    expect(out).toMatchObject({ ok: true, rate: 33600 });
    expect(states(r.events)).toEqual(['initialising', 'dialing', 'report', 'connected', 'hanging-up', 'hung-up', 'answer-wait', 'ringing', 'answering', 'report', 'connected']);
    expect(r.modem.some((ev) => ev.ri === true)).toBe(true);
    await r.waitData('Callback connected');
  });

  it('answer mode with auto-answer (ATS0=2): the modem answers on the second ring', async () => {
    const r = await rig();
    const login = parseChatScript('TIMEOUT 10 Username: demo Password: dialtone \'Hang up now\'');
    expect(await r.dialer.dial({ number: '555-0104', login })).toMatchObject({ ok: true });
    await r.dialer.hangup();
    const out = await r.dialer.answer({ by: 'modem', rings: 2, waitMs: 30_000 });
    expect(out).toMatchObject({ ok: true, rate: 33600 });
    expect(r.data()).toMatch(/RING\r\n[\s\S]*RING\r\n[\s\S]*CONNECT 33600/);
    expect(r.data()).not.toMatch(/ATA/);
  });

  it('hangup() cancels a dial in progress; answer mode can be cancelled; one operation at a time', async () => {
    const r = await rig();
    const dialing = r.dialer.dial({ number: '555-0103' });
    await r.waitData('ATDT555-0103');
    await r.dialer.hangup();
    expect(await dialing).toMatchObject({ ok: false, result: 'cancelled' });
    const waiting = r.dialer.answer({ by: 'ata' });
    r.dialer.cancel();
    expect(await waiting).toMatchObject({ ok: false, result: 'cancelled' });
    const again = r.dialer.dial({ number: '555-0102' });
    await expect(r.dialer.answer()).rejects.toThrow('dialer busy');
    expect(await again).toMatchObject({ ok: false, result: 'busy' });
  });
});
