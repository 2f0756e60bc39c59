/**
 * RFC 2217 golden transcripts for the client engine: every command's bytes, every reply's decoding,
 * the ack life cycle (requested -> confirmed / differs / unconfirmed), unasked replies, and the quirks
 * of ser2net, sredird, PortManager and Cisco (interop-quirks.md). Pure-engine tests: the same replies
 * from the real servers are exercised by the TCP session's tests.
 */
import { describe, expect, it } from 'vitest';
import { TelnetClientEngine } from './client.js';
import { readBaud } from './comport.js';
import { feed, out, ready, SB } from './test-fixture.js';
import { hex, renderEvent, unhex } from './transcript.js';
import type { SettingsView } from './types.js';

/** The states of the items that are not 'unknown'. */
function known(view: SettingsView): Record<string, string> {
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v.state !== 'unknown').map(([k, v]) => [k, v.state]));
}
/** The values in effect of every item. */
function inEffect(view: SettingsView): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).map(([k, v]) => [k, v.inEffect]));
}

describe('command encoding (RFC 2217 sections 2-5)', () => {
  it('applySettings sends baud, datasize, parity, stopsize, then flow outbound + inbound, in RFC order', () => {
    const c = ready();
    c.applySettings({ flow: 'rtscts', stopBits: 2, parity: 'odd', dataBits: 7, baud: 115200 }, 0);
    expect(out(c)).toBe(
      [SB('01 00 01 c2 00'), SB('02 07'), SB('03 02'), SB('04 02'), SB('05 03'), SB('05 10')].join(' '),
    );
  });

  it.each([
    [{ dataBits: 5 as const }, '02 05'],
    [{ dataBits: 6 as const }, '02 06'],
    [{ dataBits: 8 as const }, '02 08'],
    [{ parity: 'none' as const }, '03 01'],
    [{ parity: 'even' as const }, '03 03'],
    [{ parity: 'mark' as const }, '03 04'],
    [{ parity: 'space' as const }, '03 05'],
    [{ stopBits: 1 as const }, '04 01'],
    [{ stopBits: 1.5 as const }, '04 03'],
    [{ baud: 300 }, '01 00 00 01 2c'],
  ])('applySettings(%o) -> SB 44 %s', (patch, body) => {
    const c = ready();
    c.applySettings(patch, 0);
    expect(out(c)).toBe(SB(body));
  });

  it('flow none / xonxoff send 1+14 / 2+15', () => {
    const c = ready();
    c.applySettings({ flow: 'none' }, 0);
    expect(out(c)).toBe(`${SB('05 01')} ${SB('05 0e')}`);
    c.applySettings({ flow: 'xonxoff' }, 0);
    expect(out(c)).toBe(`${SB('05 02')} ${SB('05 0f')}`);
  });

  it('a 0xFF octet in a value we send is doubled (baud 65280 = 00 00 ff 00, mask 255)', () => {
    const c = ready();
    c.applySettings({ baud: 65280 }, 0);
    expect(out(c)).toBe(SB('01 00 00 ff ff 00'));
    c.setModemStateMask(255, 0);
    expect(out(c)).toBe(SB('0b ff ff'));
  });

  it('DTR, RTS, BREAK, PURGE-DATA, SIGNATURE, masks, FLOWCONTROL', () => {
    const c = ready();
    const cases: [() => unknown, string][] = [
      [() => c.setControlLines({ dtr: true, rts: true }, 0), `${SB('05 08')} ${SB('05 0b')}`],
      [() => c.setControlLines({ dtr: false }, 0), SB('05 09')],
      [() => c.setControlLines({ rts: false }, 0), SB('05 0c')],
      [() => c.setBreak(true, 0), SB('05 05')],
      [() => c.setBreak(false, 0), SB('05 06')],
      [() => c.purge('rx', 0), SB('0c 01')],
      [() => c.purge('tx', 0), SB('0c 02')],
      [() => c.purge('both', 0), SB('0c 03')],
      [() => c.requestSignature(0), SB('00')],
      [() => c.setLineStateMask(0x1e, 0), SB('0a 1e')],
      [() => c.setModemStateMask(0xf0, 0), SB('0b f0')],
      [() => c.suspendInbound(0), SB('08')],
      [() => c.resumeInbound(0), SB('09')],
    ];
    for (const [act, bytes] of cases) {
      act();
      expect(out(c)).toBe(bytes);
    }
  });

  it('queries: value 0, SET-CONTROL 0, 4, 7, 10, 13', () => {
    const c = ready();
    const cases: [Parameters<TelnetClientEngine['query']>[0], string][] = [
      ['baud', '01 00 00 00 00'],
      ['dataBits', '02 00'],
      ['parity', '03 00'],
      ['stopBits', '04 00'],
      ['flow', '05 00'],
      ['break', '05 04'],
      ['dtr', '05 07'],
      ['rts', '05 0a'],
      ['inboundFlow', '05 0d'],
    ];
    for (const [what, body] of cases) {
      expect(c.query(what, 0)).toEqual([]); // a query changes no state by itself
      expect(out(c)).toBe(SB(body));
    }
  });

  it('rejects values LineSettings does not allow, sending nothing', () => {
    const c = ready();
    expect(() => c.applySettings({ baud: 0 }, 0)).toThrow(RangeError);
    expect(() => c.applySettings({ dataBits: 9 as never }, 0)).toThrow(RangeError);
    expect(() => c.applySettings({ parity: 'bogus' as never }, 0)).toThrow(RangeError);
    expect(out(c)).toBe('');
    expect(known(c.settings())).toEqual({});
  });
});

describe('reply decoding (server codes 100-112)', () => {
  it('decodes every reply into events and values in effect', () => {
    const c = ready();
    expect(
      feed(
        c,
        [
          SB('64 73 65 72 32 6e 65 74'),
          SB('65 00 00 25 80'),
          SB('66 07'),
          SB('67 03'),
          SB('68 03'),
          SB('69 02'),
          SB('69 05'),
          SB('69 08'),
          SB('69 0c'),
          SB('6a 11'),
          SB('6b b1'),
          SB('6e 1e'),
          SB('6f ff ff'),
          SB('70 03'),
        ].join(' '),
      ).filter((line) => !line.startsWith('settings')), // settings events follow each reply; the final view is checked below
    ).toEqual([
      'reply SIGNATURE "ser2net"',
      'signature "ser2net"',
      'reply SET-BAUDRATE 9600',
      'reply SET-DATASIZE 7',
      'reply SET-PARITY 3',
      'reply SET-STOPSIZE 3',
      'reply SET-CONTROL 2',
      'reply SET-CONTROL 5',
      'reply SET-CONTROL 8',
      'reply SET-CONTROL 12',
      'reply NOTIFY-LINESTATE 17',
      'line 0x11',
      'reply NOTIFY-MODEMSTATE 177',
      'modem 0xb1 cts=true dsr=true ri=false dcd=true',
      'reply SET-LINESTATE-MASK 30',
      'reply SET-MODEMSTATE-MASK 255',
      'reply PURGE-DATA 3',
    ]);
    expect(Object.values(known(c.settings()))).toEqual(Array(8).fill('confirmed'));
    expect(inEffect(c.settings())).toEqual({
      baud: 9600, dataBits: 7, parity: 'even', stopBits: 1.5, flow: 'xonxoff', dtr: true, rts: false, break: true,
    });
  });

  it('reply events carry the raw SB body and the time', () => {
    const c = ready();
    const [ev] = c.receive(unhex(SB('6b 30')), 1234);
    expect(ev).toMatchObject({ type: 'reply', command: 'NOTIFY-MODEMSTATE', value: 0x30, atMs: 1234 });
    expect(ev?.type === 'reply' && hex(ev.raw)).toBe('6b 30');
  });

  it('FLOWCONTROL-SUSPEND holds our data until FLOWCONTROL-RESUME; commands still go', () => {
    const c = ready();
    expect(feed(c, SB('6c'))).toEqual(['reply FLOWCONTROL-SUSPEND null', 'suspend']);
    expect(c.canSendData).toBe(false);
    c.sendData(unhex('41 ff'));
    c.setControlLines({ dtr: false }, 0);
    expect(out(c)).toBe(SB('05 09'));
    expect(feed(c, `${SB('6c')} ${SB('6d')}`)).toEqual([
      'reply FLOWCONTROL-SUSPEND null',
      'suspend',
      'reply FLOWCONTROL-RESUME null',
      'resume',
    ]);
    expect(c.canSendData).toBe(true);
    expect(out(c)).toBe('41 ff ff');
  });

  it("answers the server's SIGNATURE request with ours (0xFF escaped)", () => {
    const c = ready({ signature: 'Dial\u00fftone' });
    expect(feed(c, SB('64'))).toEqual(['reply SIGNATURE null']);
    expect(out(c)).toBe(SB('00 44 69 61 6c ff ff 74 6f 6e 65'));
  });

  it('IAC IAC inside a reply is one 0xFF (signature text, modem state)', () => {
    const c = ready();
    expect(feed(c, `${SB('64 41 ff ff 42')} ${SB('6b ff ff')}`)).toEqual([
      'reply SIGNATURE "A\u00ffB"',
      'signature "A\u00ffB"',
      'reply NOTIFY-MODEMSTATE 255',
      'modem 0xff cts=true dsr=true ri=true dcd=true',
    ]);
  });

  it('reads SET-BAUDRATE replies of 4, 8 (sredird 64-bit) and 1 (Cisco index) octets', () => {
    expect(readBaud(unhex('00 01 c2 00'))).toEqual({ ok: true, baud: 115200, form: '4-octet' });
    expect(readBaud(unhex('00 01 c2 00 00 00 00 00'))).toEqual({ ok: true, baud: 115200, form: '8-octet' });
    expect(readBaud(unhex('08'))).toEqual({ ok: true, baud: 9600, form: 'cisco-index' });
    expect(readBaud(unhex('0e'))).toEqual({ ok: true, baud: 115200, form: 'cisco-index' });
    expect(readBaud(unhex('63')).ok).toBe(false);
    expect(readBaud(unhex('00 00')).ok).toBe(false);
    expect(readBaud(unhex('00 00 00 00')).ok).toBe(false);
    const c = ready();
    c.applySettings({ baud: 115200 }, 0);
    expect(feed(c, SB('65 00 01 c2 00 00 00 00 00'))).toEqual([
      'reply SET-BAUDRATE 115200',
      'settings baud=115200>115200/confirmed',
    ]);
    expect(feed(c, SB('65 08'))).toEqual(['reply SET-BAUDRATE 9600', 'warning ack-differs: SET-BAUDRATE: asked for 115200, the server has 9600', 'settings baud=115200>9600/differs']);
    expect(feed(c, SB('65 00 00'))).toEqual([
      'reply SET-BAUDRATE null',
      'warning malformed-frame: SET-BAUDRATE reply unreadable: SET-BAUDRATE value of 2 octets',
    ]);
  });

  it('values RFC 2217 does not define: warning, nothing changes', () => {
    const c = ready();
    expect(feed(c, `${SB('66 09')} ${SB('67 06')} ${SB('68 00')} ${SB('69 00')} ${SB('69 11')}`)).toEqual([
      'reply SET-DATASIZE 9',
      'warning unexpected-reply: SET-DATASIZE reply with value 9, which RFC 2217 does not define',
      'reply SET-PARITY 6',
      'warning unexpected-reply: SET-PARITY reply with value 6, which RFC 2217 does not define',
      'reply SET-STOPSIZE 0',
      'warning unexpected-reply: SET-STOPSIZE reply with value 0, which RFC 2217 does not define',
      'reply SET-CONTROL 0',
      'reply SET-CONTROL 17',
      'warning unexpected-reply: SET-CONTROL reply 17 (DCD flow control) has no Dialtone name; flow left as it is',
    ]);
    expect(known(c.settings())).toEqual({});
  });

  it('a server using client codes (1..12) is read, with one warning', () => {
    const c = ready();
    expect(feed(c, `${SB('07 30')} ${SB('07 20')}`)).toEqual([
      'warning unexpected-reply: server sent client command code 7 (NOTIFY-MODEMSTATE); read as 107',
      'reply NOTIFY-MODEMSTATE 48',
      'modem 0x30 cts=true dsr=true ri=false dcd=false',
      'reply NOTIFY-MODEMSTATE 32',
      'modem 0x20 cts=false dsr=true ri=false dcd=false',
    ]);
  });
});

describe('acknowledgements', () => {
  it('requested -> confirmed when the reply equals the request', () => {
    const c = ready();
    expect(c.applySettings({ baud: 9600, parity: 'even' }, 0).map(renderEvent)).toEqual([
      'settings baud=9600>-/requested parity=even>-/requested',
    ]);
    expect(feed(c, `${SB('65 00 00 25 80')} ${SB('67 03')}`, 50)).toEqual([
      'reply SET-BAUDRATE 9600',
      'settings baud=9600>9600/confirmed parity=even>-/requested',
      'reply SET-PARITY 3',
      'settings baud=9600>9600/confirmed parity=even>even/confirmed',
    ]);
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it('differs: the reply value becomes the value in effect, with a warning', () => {
    const c = ready();
    c.applySettings({ baud: 12345 }, 0);
    // sredird refuses odd rates by answering the old one
    expect(feed(c, SB('65 00 01 c2 00'))).toEqual([
      'reply SET-BAUDRATE 115200',
      'warning ack-differs: SET-BAUDRATE: asked for 12345, the server has 115200',
      'settings baud=12345>115200/differs',
    ]);
  });

  it('no reply within ackTimeoutMs: unconfirmed + no-ack warning (once per setting), requested value kept', () => {
    const c = ready({ ackTimeoutMs: 1000 });
    c.setControlLines({ dtr: true }, 100);
    expect(c.nextDeadlineMs()).toBe(1100);
    expect(c.tick(1099)).toEqual([]);
    expect(c.tick(1100).map(renderEvent)).toEqual([
      'warning no-ack: SET-CONTROL (DTR): no reply within 1000 ms',
      'settings dtr=true>-/unconfirmed',
    ]);
    expect(c.nextDeadlineMs()).toBeNull();
    c.setControlLines({ dtr: false }, 2000);
    expect(c.tick(3000).map(renderEvent)).toEqual(['settings dtr=false>-/unconfirmed']);
  });

  it('a late reply after the timeout still settles the state', () => {
    const c = ready({ ackTimeoutMs: 1000 });
    c.applySettings({ dataBits: 7 }, 0);
    c.tick(1000);
    expect(feed(c, SB('66 07'), 1500)).toEqual(['reply SET-DATASIZE 7', 'settings dataBits=7>7/confirmed']);
  });

  it('unasked replies update the values in effect (ser2net acks to every client of a port)', () => {
    const c = ready();
    expect(feed(c, `${SB('65 00 00 4b 00')} ${SB('69 03')}`)).toEqual([
      'reply SET-BAUDRATE 19200',
      'settings baud=->19200/confirmed',
      'reply SET-CONTROL 3',
      'settings baud=->19200/confirmed flow=->rtscts/confirmed',
    ]);
    // after asking for 9600, a later unasked 19200 is shown as differing
    c.applySettings({ baud: 9600 }, 0);
    feed(c, SB('65 00 00 25 80'));
    expect(feed(c, SB('65 00 00 4b 00'))).toEqual([
      'reply SET-BAUDRATE 19200',
      'warning ack-differs: SET-BAUDRATE: asked for 9600, the server has 19200',
      'settings baud=9600>19200/differs flow=->rtscts/confirmed',
    ]);
  });

  it('two quick requests: the first ack does not decide, the last one does', () => {
    const c = ready();
    c.applySettings({ baud: 9600 }, 0);
    c.applySettings({ baud: 19200 }, 10);
    expect(feed(c, SB('65 00 00 25 80'))).toEqual(['reply SET-BAUDRATE 9600']);
    expect(c.settings().baud.state).toBe('requested');
    expect(feed(c, SB('65 00 00 4b 00'))).toEqual(['reply SET-BAUDRATE 19200', 'settings baud=19200>19200/confirmed']);
  });

  it('successive requests: an equal ack confirms at once; a missing later ack does not undo it', () => {
    const c = ready({ ackTimeoutMs: 100 });
    c.applySettings({ dataBits: 7 }, 0);
    c.applySettings({ dataBits: 8 }, 0);
    c.applySettings({ dataBits: 7 }, 0);
    expect(feed(c, SB('66 07'))).toEqual(['reply SET-DATASIZE 7', 'settings dataBits=7>7/confirmed']);
    expect(feed(c, SB('66 08'))).toEqual(['reply SET-DATASIZE 8']); // the second request's ack decides nothing
    expect(c.tick(100)).toEqual([]); // the third ack never came: still confirmed, no warning
    expect(c.settings().dataBits.state).toBe('confirmed');
  });

  it('queries: the reply sets the value in effect; an unanswered query leaves the item unknown, without a warning', () => {
    const c = ready({ ackTimeoutMs: 100 });
    c.query('parity', 0);
    expect(feed(c, SB('67 05'))).toEqual(['reply SET-PARITY 5', 'settings parity=->space/confirmed']);
    c.query('dtr', 0);
    expect(c.tick(100).map(renderEvent)).toEqual([]);
    expect(c.settings().dtr).toEqual({ asked: null, inEffect: null, state: 'unknown' });
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it('queryUnasked asks for every value nobody asked for, in RFC 2217 order, and nothing else (not BREAK: ser2net answers its query with 5 whatever the line does)', () => {
    const c = ready();
    c.applySettings({ baud: 9600 }, 0);
    c.setControlLines({ dtr: true }, 0);
    out(c);
    c.queryUnasked(0);
    expect(out(c)).toBe([SB('02 00'), SB('03 00'), SB('04 00'), SB('05 00'), SB('05 0a')].join(' '));
  });

  it('Cisco IOS 11.3 answers the inbound flow-control SET-CONTROL with 0: its reply, no warning', () => {
    const c = ready({ ackTimeoutMs: 100 });
    c.applySettings({ flow: 'xonxoff' }, 0);
    const evs = feed(c, `${SB('69 02')} ${SB('69 00')}`);
    expect(evs.filter((e) => e.startsWith('warning'))).toEqual([]);
    expect(c.tick(100).map(renderEvent)).toEqual([]);
    expect(c.settings().flow).toEqual({ asked: 'xonxoff', inEffect: 'xonxoff', state: 'confirmed' });
  });

  it('PortManager answers no signature, no masks: no warning (neither has visible state)', () => {
    const c = ready({ ackTimeoutMs: 100 });
    c.requestSignature(0);
    c.setLineStateMask(0, 0);
    c.setModemStateMask(255, 0);
    expect(c.nextDeadlineMs()).toBe(100);
    expect(c.tick(100).map(renderEvent)).toEqual([]);
    expect(c.nextDeadlineMs()).toBeNull();
    // a late mask reply is still read, without a word
    expect(feed(c, SB('6e 00'))).toEqual(['reply SET-LINESTATE-MASK 0']);
  });

  it('warnUnansweredInfo: true gives the no-ack warning for each unanswered mask and SIGNATURE', () => {
    const c = ready({ ackTimeoutMs: 100, warnUnansweredInfo: true });
    c.setLineStateMask(0, 0);
    c.setModemStateMask(255, 0);
    c.requestSignature(0);
    expect(c.tick(100).map(renderEvent)).toEqual([
      'warning no-ack: SET-LINESTATE-MASK: no reply within 100 ms',
      'warning no-ack: SET-MODEMSTATE-MASK: no reply within 100 ms',
      'warning no-ack: query SIGNATURE: no reply within 100 ms',
    ]);
  });

  it('a mask or purge reply with another value: ack-differs warning', () => {
    const c = ready();
    c.setLineStateMask(0x10, 0);
    c.purge('both', 0);
    expect(feed(c, `${SB('6e 00')} ${SB('70 03')}`)).toEqual([
      'reply SET-LINESTATE-MASK 0',
      'warning ack-differs: SET-LINESTATE-MASK: sent 16, the server answered 0',
      'reply PURGE-DATA 3',
    ]);
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it('plain telnet: settings are unsupported at once', () => {
    const c = new TelnetClientEngine({ comPort: false });
    expect(c.setBreak(true, 0).map(renderEvent)).toEqual([
      'warning unsupported: COM-PORT commands cannot be sent: this is a plain telnet session',
      'settings break=true>-/unsupported',
    ]);
    expect(out(c)).toBe('');
  });
});

describe('quirks', () => {
  it('sredird answers DTR/RTS with its flow value (105 01): unconfirmed, flow untouched, one warning', () => {
    const c = ready();
    c.applySettings({ flow: 'xonxoff' }, 0);
    expect(feed(c, `${SB('69 02')} ${SB('69 02')}`)).toEqual([
      'reply SET-CONTROL 2',
      'settings flow=xonxoff>xonxoff/confirmed',
      'reply SET-CONTROL 2', // the inbound command's answer from a server that reports the outbound value
    ]);
    c.setControlLines({ dtr: true, rts: true }, 0);
    expect(feed(c, `${SB('69 01')} ${SB('69 01')}`)).toEqual([
      'reply SET-CONTROL 1',
      'warning quirk-reply: answered SET-CONTROL DTR with its flow-control value (105 1), a sredird quirk: DTR unconfirmed, flow control unchanged',
      'settings flow=xonxoff>xonxoff/confirmed dtr=true>-/unconfirmed rts=true>-/requested',
      'reply SET-CONTROL 1',
      'warning quirk-reply: answered SET-CONTROL RTS with its flow-control value (105 1), a sredird quirk: RTS unconfirmed, flow control unchanged',
      'settings flow=xonxoff>xonxoff/confirmed dtr=true>-/unconfirmed rts=true>-/unconfirmed',
    ]);
    expect(c.settings().flow.inEffect).toBe('xonxoff');
    expect(c.nextDeadlineMs()).toBeNull();
    // the second time: no new warning
    c.setControlLines({ dtr: false }, 0);
    expect(feed(c, SB('69 01'))).toEqual(['reply SET-CONTROL 1', 'settings flow=xonxoff>xonxoff/confirmed dtr=false>-/unconfirmed rts=true>-/unconfirmed']);
  });

  it('a flow reply while a flow command is outstanding is the flow ack, not the quirk', () => {
    const c = ready();
    c.setControlLines({ dtr: true }, 0); // ser2net never acks this
    c.applySettings({ flow: 'rtscts' }, 0);
    expect(feed(c, `${SB('69 03')} ${SB('69 10')}`)).toEqual([
      'reply SET-CONTROL 3',
      'settings flow=rtscts>rtscts/confirmed dtr=true>-/requested',
      'reply SET-CONTROL 16',
    ]);
  });

  it('ser2net answers BREAK OFF with 5: BREAK OFF unconfirmed, in effect unknown, one warning', () => {
    const c = ready();
    c.setBreak(true, 0);
    expect(feed(c, SB('69 05'))).toEqual(['reply SET-CONTROL 5', 'settings break=true>true/confirmed']);
    c.setBreak(false, 0);
    expect(feed(c, SB('69 05'))).toEqual([
      'reply SET-CONTROL 5',
      'warning quirk-reply: answered BREAK OFF (6) with 5 (a ser2net quirk): BREAK OFF unconfirmed',
      'settings break=false>-/unconfirmed',
    ]);
    expect(c.settings().break).toEqual({ asked: false, inEffect: null, state: 'unconfirmed' });
  });

  it('ser2net answers the masks with NOTIFY-MODEMSTATE / NOTIFY-LINESTATE: taken as the answer, no warning', () => {
    // warnUnansweredInfo on, so an unanswered mask would show at the deadline
    const c = ready({ ackTimeoutMs: 100, warnUnansweredInfo: true });
    c.setModemStateMask(0xf0, 0);
    c.setLineStateMask(0x1e, 0);
    expect(out(c)).toBe(`${SB('0b f0')} ${SB('0a 1e')}`);
    expect(feed(c, `${SB('6b 00')} ${SB('6a 00')}`)).toEqual([
      'reply NOTIFY-MODEMSTATE 0',
      'modem 0x00 cts=false dsr=false ri=false dcd=false', // still the lamps' news
      'reply NOTIFY-LINESTATE 0',
      'line 0x00',
    ]);
    expect(c.nextDeadlineMs()).toBeNull();
    expect(c.tick(100)).toEqual([]);
    // a NOTIFY answers its own mask only
    c.setLineStateMask(0x10, 200);
    expect(feed(c, SB('6b 30'), 210)).toEqual(['reply NOTIFY-MODEMSTATE 48', 'modem 0x30 cts=true dsr=true ri=false dcd=false']);
    expect(c.tick(300).map(renderEvent)).toEqual(['warning no-ack: SET-LINESTATE-MASK: no reply within 100 ms']);
  });

  it('ser2net answers the DTR and RTS queries with the query code (7, 10): no warning, no state change', () => {
    const c = ready({ ackTimeoutMs: 100 });
    c.query('dtr', 0);
    c.query('rts', 0);
    expect(out(c)).toBe(`${SB('05 07')} ${SB('05 0a')}`);
    expect(feed(c, `${SB('69 07')} ${SB('69 0a')}`)).toEqual(['reply SET-CONTROL 7', 'reply SET-CONTROL 10']);
    expect(known(c.settings())).toEqual({});
    expect(c.nextDeadlineMs()).toBeNull(); // the queries are answered: no no-ack later
    // the echo of another client's query (ser2net sends replies to every client) does not answer our DTR ON
    c.setControlLines({ dtr: true }, 1000);
    expect(feed(c, SB('69 07'), 1010)).toEqual(['reply SET-CONTROL 7']);
    expect(c.settings().dtr.state).toBe('requested');
    expect(c.nextDeadlineMs()).toBe(1100);
    // with a DTR ON and a query both waiting, the 7 answers the query; the DTR ON still waits for its ack
    c.query('dtr', 1020);
    expect(feed(c, SB('69 07'), 1030)).toEqual(['reply SET-CONTROL 7']);
    expect(feed(c, SB('69 08'), 1040)).toEqual(['reply SET-CONTROL 8', 'settings dtr=true>true/confirmed']);
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it('ser2net never acks DTR/RTS: unconfirmed after the timeout, never an error', () => {
    const c = ready({ ackTimeoutMs: 3000 });
    c.setControlLines({ dtr: true, rts: false }, 0);
    const events = c.tick(3000).map(renderEvent);
    expect(events).toEqual([
      'warning no-ack: SET-CONTROL (DTR): no reply within 3000 ms',
      'warning no-ack: SET-CONTROL (RTS): no reply within 3000 ms',
      'settings dtr=true>-/unconfirmed rts=false>-/unconfirmed',
    ]);
  });
});
