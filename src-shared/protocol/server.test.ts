/**
 * Golden transcripts for the server engine (the demo modem's side): its opening, requests as events,
 * replies as bytes, masks honoured by notifications, SIGNATURE answered, FLOWCONTROL. Pure-engine tests.
 */
import { describe, expect, it } from 'vitest';
import { TelnetServerEngine } from './server.js';
import { feed, out, SB } from './test-fixture.js';
import { unhex } from './transcript.js';

/** A server whose client said WILL COM-PORT, outbox drained. */
function ready(echo = false): TelnetServerEngine {
  const s = new TelnetServerEngine({ comPort: true, echo, signature: 'sim' });
  s.start();
  s.receive(unhex('ff fb 2c ff fb 00 ff fd 00'));
  s.takeOutput();
  return s;
}

describe('server engine', () => {
  it('opening: WILL SGA, WILL BINARY, DO BINARY, DO SGA, WILL ECHO with echo, DO COM-PORT', () => {
    const s = new TelnetServerEngine({ comPort: true, echo: true });
    s.start();
    expect(out(s)).toBe('ff fb 03 ff fb 00 ff fd 00 ff fd 03 ff fb 01 ff fd 2c');
    const plain = new TelnetServerEngine({ comPort: false });
    plain.start();
    expect(out(plain)).toBe('ff fb 03 ff fb 00 ff fd 00 ff fd 03');
  });

  it("our client's opening: accepted; DO COM-PORT refused with WONT as ser2net does", () => {
    const s = new TelnetServerEngine({ comPort: true });
    expect(feed(s, 'ff fb 00 ff fd 00 ff fd 03 ff fb 2c ff fd 2c')).toEqual([
      'option remote 0 on',
      'option local 0 on',
      'option local 3 on',
      'option remote 44 on',
      'comPortReady',
    ]);
    expect(out(s)).toBe('ff fd 00 ff fb 00 ff fb 03 ff fd 2c ff fc 2c');
    expect(s.comPortActive).toBe(true);
  });

  it('a comPort: false server refuses WILL COM-PORT', () => {
    const s = new TelnetServerEngine({ comPort: false });
    expect(feed(s, 'ff fb 2c')).toEqual([]);
    expect(out(s)).toBe('ff fe 2c');
    expect(s.comPortActive).toBe(false);
  });

  it('every client command becomes a request event', () => {
    const s = ready();
    expect(
      feed(
        s,
        [
          SB('01 00 01 c2 00'), SB('01 00 00 00 00'), SB('02 07'), SB('03 03'), SB('04 03'), SB('05 08'),
          SB('0a 1e'), SB('0b f0'), SB('0c 03'), SB('00 41 ff ff'),
        ].join(' '),
      ),
    ).toEqual([
      'request SET-BAUDRATE 115200',
      'request SET-BAUDRATE 0',
      'request SET-DATASIZE 7',
      'request SET-PARITY 3',
      'request SET-STOPSIZE 3',
      'request SET-CONTROL 8',
      'request SET-LINESTATE-MASK 30',
      'request SET-MODEMSTATE-MASK 240',
      'request PURGE-DATA 3',
      'request SIGNATURE "A\u00ff"',
    ]);
    expect(s.lineStateMask).toBe(0x1e);
    expect(s.modemStateMask).toBe(0xf0);
    expect(out(s)).toBe('');
  });

  it('reply(): server codes, 4-octet baud, 0xFF escaped, text', () => {
    const s = ready();
    s.reply('SET-BAUDRATE', 9600);
    s.reply('SET-CONTROL', 5);
    s.reply('SET-MODEMSTATE-MASK', 255);
    s.reply('SIGNATURE', 'x');
    s.reply('PURGE-DATA', null);
    expect(out(s)).toBe([SB('65 00 00 25 80'), SB('69 05'), SB('6f ff ff'), SB('64 78'), SB('70')].join(' '));
    expect(() => s.reply('SET-DATASIZE', 256)).toThrow(RangeError);
    expect(() => s.reply('SET-BAUDRATE', -1)).toThrow(RangeError);
  });

  it('answers a SIGNATURE request itself', () => {
    const s = ready();
    expect(feed(s, SB('00'))).toEqual(['request SIGNATURE null']);
    expect(out(s)).toBe(SB('64 73 69 6d'));
  });

  it('notifications honour the masks: modem 255 and line 0 at first (RFC 2217 section 3)', () => {
    const s = ready();
    expect(s.notifyLineState(0x10)).toBe(false);
    expect(s.notifyModemState(0x30)).toBe(true);
    expect(out(s)).toBe(SB('6b 30'));
    feed(s, `${SB('0a 10')} ${SB('0b 01')}`);
    expect(s.notifyModemState(0x30)).toBe(false); // CTS/DSR state bits masked off, no delta
    expect(s.notifyModemState(0x31)).toBe(true);
    expect(s.notifyLineState(0x11)).toBe(true);
    expect(out(s)).toBe(`${SB('6b 01')} ${SB('6a 10')}`);
  });

  it('no notifications before COM-PORT is in effect', () => {
    const s = new TelnetServerEngine({ comPort: true });
    expect(s.notifyModemState(0xff)).toBe(false);
    expect(out(s)).toBe('');
  });

  it("pyserial's race: a COM-PORT command without WILL COM-PORT is an implied WILL, answered by nothing", () => {
    // pyserial 3.5 took our DO COM-PORT as the answer to the WILL it had not sent yet, so never sends it.
    const s = new TelnetServerEngine({ comPort: true, signature: 'sim' });
    s.start();
    out(s);
    expect(feed(s, 'ff fb 00 ff fd 00 ff fd 03')).toEqual(['option remote 0 on', 'option local 0 on', 'option local 3 on']);
    out(s);
    expect(s.comPortActive).toBe(false);
    expect(feed(s, SB('0b ff ff'))).toEqual(['option remote 44 on', 'comPortReady', 'request SET-MODEMSTATE-MASK 255']);
    expect(out(s)).toBe(''); // no DO COM-PORT again, nothing a negotiation could bounce on
    expect(s.comPortActive).toBe(true);
    expect(s.notifyModemState(0x30)).toBe(true);
    expect(out(s)).toBe(SB('6b 30'));
    // further commands and a late WILL COM-PORT change nothing and are not answered
    expect(feed(s, `${SB('05 08')} ff fb 2c`)).toEqual(['request SET-CONTROL 8']);
    expect(out(s)).toBe('');
    // the client may still turn it off properly
    expect(feed(s, 'ff fc 2c')).toEqual(['option remote 44 off']);
    expect(out(s)).toBe('ff fe 2c');
    expect(s.comPortActive).toBe(false);
  });

  it('an implied WILL also works before start(); a comPort: false server implies nothing', () => {
    const s = new TelnetServerEngine({ comPort: true });
    expect(feed(s, SB('05 08'))).toEqual(['option remote 44 on', 'comPortReady', 'request SET-CONTROL 8']);
    expect(out(s)).toBe('');
    s.start();
    expect(out(s)).toBe('ff fb 03 ff fb 00 ff fd 00 ff fd 03'); // no DO COM-PORT: already in effect
    const plain = new TelnetServerEngine({ comPort: false });
    expect(feed(plain, SB('05 08'))).toEqual(['request SET-CONTROL 8']);
    expect(plain.comPortActive).toBe(false);
    expect(plain.notifyModemState(0x30)).toBe(false);
    expect(out(plain)).toBe('');
  });

  it("the client's FLOWCONTROL-SUSPEND holds our data until RESUME; suspend()/resume() send ours", () => {
    const s = ready();
    expect(feed(s, SB('08'))).toEqual(['request FLOWCONTROL-SUSPEND null', 'suspend']);
    expect(s.canSendData).toBe(false);
    s.sendData(unhex('41 42'));
    expect(out(s)).toBe('');
    expect(feed(s, SB('09'))).toEqual(['request FLOWCONTROL-RESUME null', 'resume']);
    expect(out(s)).toBe('41 42');
    s.suspend();
    s.resume();
    expect(out(s)).toBe(`${SB('6c')} ${SB('6d')}`);
  });

  it('malformed client commands: warning, nothing else', () => {
    const s = ready();
    expect(feed(s, `${SB('01 00 25')} ${SB('65 00')} ${SB('0d')}`)).toEqual([
      'warning malformed-frame: SET-BAUDRATE with 2 octets (4 expected)',
      'warning malformed-frame: COM-PORT subnegotiation with unknown client command 101',
      'warning malformed-frame: COM-PORT subnegotiation with unknown client command 13',
    ]);
  });
});
