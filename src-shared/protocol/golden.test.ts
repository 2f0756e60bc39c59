/**
 * Golden transcripts (libtelnet style): bytes in -> event log and exact bytes out, for the client
 * engine. These are pure-engine tests; the real-peer tests (ser2net, sredird, PortManager) belong to the
 * TCP session, which runs this engine on a socket. The opening sequences below are the ones those peers
 * send (interop-quirks.md, observed on this machine).
 */
import { describe, expect, it } from 'vitest';
import { TelnetClientEngine } from './client.js';
import { feed, out, ready, SB } from './test-fixture.js';
import { renderEvent, unhex } from './transcript.js';

const SER2NET_OPENING = 'ff fb 03 ff fd 03 ff fb 01 ff fe 01 ff fd 00 ff fb 00 ff fd 2c';
const PORTMANAGER_OPENING = 'ff fb 01 ff fb 03 ff fd 00 ff fb 2c';
const OUR_OPENING = 'ff fb 00 ff fd 00 ff fd 03 ff fb 2c';

describe('opening negotiation', () => {
  it('start() sends WILL BINARY, DO BINARY, DO SGA, WILL COM-PORT', () => {
    const c = new TelnetClientEngine({ comPort: true });
    expect(c.start(0)).toEqual([]);
    expect(out(c)).toBe(OUR_OPENING);
    expect(c.comPortActive).toBe(false);
    expect(c.nextDeadlineMs()).toBe(3000);
  });

  it('plain telnet does not offer COM-PORT', () => {
    const c = new TelnetClientEngine({ comPort: false });
    c.start(0);
    expect(out(c)).toBe('ff fb 00 ff fd 00 ff fd 03');
    // ...and refuses the server's DO COM-PORT
    expect(feed(c, 'ff fd 2c')).toEqual([]);
    expect(out(c)).toBe('ff fc 2c');
  });

  it("ser2net's opening after ours: we answer only what was not already asked", () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    out(c);
    expect(feed(c, SER2NET_OPENING)).toEqual([
      'option remote 3 on',
      'option local 3 on',
      'option remote 1 on',
      'option local 0 on',
      'option remote 0 on',
      'option local 44 on',
      'comPortReady',
      'negotiated binary local=on remote=on comPort=on', 'dataReady',
    ]);
    // DO SGA -> WILL SGA; WILL ECHO -> DO ECHO; DONT ECHO (already off) -> nothing; the rest acked ours.
    expect(out(c)).toBe('ff fb 03 ff fd 01');
    expect(c.comPortActive).toBe(true);
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it("ser2net speaking first: each request answered once, start() then adds nothing", () => {
    const c = new TelnetClientEngine({ comPort: true });
    feed(c, SER2NET_OPENING);
    expect(out(c)).toBe('ff fd 03 ff fb 03 ff fd 01 ff fb 00 ff fd 00 ff fb 2c');
    expect(c.start(0).map(renderEvent)).toEqual(['negotiated binary local=on remote=on comPort=on', 'dataReady']);
    expect(out(c)).toBe('');
    expect(c.comPortActive).toBe(true);
  });

  it("PortManager's opening: DONT its WILL COM-PORT, commands wait for its DO COM-PORT", () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    out(c);
    expect(c.applySettings({ baud: 9600 }, 0).map(renderEvent)).toEqual(['settings baud=9600>-/requested']);
    expect(out(c)).toBe(''); // queued: COM-PORT not in effect yet
    expect(feed(c, PORTMANAGER_OPENING)).toEqual(['option remote 1 on', 'option remote 3 on', 'option local 0 on']);
    expect(out(c)).toBe('ff fd 01 ff fe 2c');
    // PortManager answers our WILL BINARY... no: our DO BINARY with WILL BINARY, our WILL COM-PORT with DO.
    expect(feed(c, 'ff fb 00 ff fd 2c', 10)).toEqual([
      'option remote 0 on',
      'option local 44 on',
      'comPortReady',
      'negotiated binary local=on remote=on comPort=on', 'dataReady',
    ]);
    expect(out(c)).toBe(SB('01 00 00 25 80'));
    expect(c.nextDeadlineMs()).toBe(3010); // the ack clock starts when the command is sent
  });

  it("'negotiated' once the server refused BINARY both ways: NVT rules for what we send, no timeout to wait for", () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    out(c);
    expect(feed(c, 'ff fc 00')).toEqual([]); // WONT BINARY: the server does not send binary
    expect(feed(c, 'ff fe 00 ff fd 2c')).toEqual([
      'option local 44 on',
      'comPortReady',
      'negotiated binary local=off remote=off comPort=on', 'dataReady',
    ]);
    expect(out(c)).toBe('');
    c.sendData(unhex('41 0d 42'));
    expect(out(c)).toBe('41 0d 00 42');
    expect(c.nextDeadlineMs()).toBeNull();
  });

  it('BINARY is known once both ways are answered, though COM-PORT is never answered; a later WONT BINARY shows', () => {
    const c = new TelnetClientEngine({ comPort: true });
    expect(c.binary).toBeNull(); // not started
    c.start(0);
    out(c);
    expect(c.binary).toBeNull(); // asked, not answered
    feed(c, 'ff fd 00'); // DO BINARY: we send binary
    expect(c.binary).toBeNull(); // the other way still open
    feed(c, 'ff fb 00'); // WILL BINARY: it does too; no answer to WILL COM-PORT yet
    expect(c.binary).toEqual({ local: true, remote: true });
    feed(c, 'ff fc 00'); // WONT BINARY later
    expect(c.binary).toEqual({ local: true, remote: false });
  });

  it("'negotiated' after 'comPortRefused'; in plain telnet without COM-PORT; once only", () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    out(c);
    expect(feed(c, 'ff fd 00 ff fb 00')).toEqual(['option local 0 on', 'option remote 0 on']); // COM-PORT still unanswered
    expect(feed(c, 'ff fe 2c')).toEqual([
      'comPortRefused',
      'warning option-refused: the server refused COM-PORT-OPTION (DONT 44): line settings, DTR/RTS and BREAK are unsupported',
      'settings baud=->-/unsupported dataBits=->-/unsupported parity=->-/unsupported stopBits=->-/unsupported flow=->-/unsupported dtr=->-/unsupported rts=->-/unsupported break=->-/unsupported',
      'negotiated binary local=on remote=on comPort=off', 'dataReady',
    ]);
    // later changes are 'option' events, never a second 'negotiated'; COM-PORT agreed after all: unknown again
    expect(feed(c, 'ff fc 00 ff fd 2c')).toEqual(['option remote 0 off', 'option local 44 on', 'comPortReady', 'settings ']);

    const t = new TelnetClientEngine({ comPort: false });
    t.start(0);
    out(t);
    // our BINARY agreed is enough for data to flow (plain telnet has no COM-PORT to wait for)
    expect(feed(t, 'ff fd 00')).toEqual(['option local 0 on', 'dataReady']);
    expect(feed(t, 'ff fb 00')).toEqual(['option remote 0 on', 'negotiated binary local=on remote=on']);
  });

  it('traceNegotiation: every received WILL/WONT/DO/DONT as a negotiation event, before its effect', () => {
    const c = new TelnetClientEngine({ comPort: true, traceNegotiation: true });
    expect(feed(c, 'ff fb 01 ff fd 00 ff fe 2c')).toEqual([
      'negotiation WILL 1',
      'option remote 1 on',
      'negotiation DO 0',
      'option local 0 on',
      'negotiation DONT 44',
    ]);
    // without it (sessions), only the changes
    expect(feed(new TelnetClientEngine({ comPort: true }), 'ff fb 01 ff fd 00')).toEqual(['option remote 1 on', 'option local 0 on']);
  });

  it('TIMING-MARK probe: DO TM goes out after the data; WILL or WONT TM answers it, outside the option table', () => {
    const c = ready();
    c.sendData(Uint8Array.of(0x41));
    expect(c.probeTimingMark()).toBe(true);
    expect(c.probeTimingMark()).toBe(false); // one at a time
    expect(out(c)).toBe('41 ff fd 06');
    expect(feed(c, '42 ff fc 06 43')).toEqual(['data 42', 'timingMark', 'data 43']);
    expect(c.timingMarkOutstanding).toBe(false);
    expect(out(c)).toBe(''); // an answer is never answered
    expect(c.probeTimingMark()).toBe(true);
    expect(feed(c, 'ff fb 06')).toEqual(['timingMark']); // WILL TM answers too
    // unasked, TIMING-MARK is an ordinary option: refused
    expect(feed(c, 'ff fb 06')).toEqual([]);
    expect(out(c)).toBe('ff fd 06 ff fe 06');
  });

  it("no 'negotiated' before start(), nor while an answer is missing", () => {
    const c = new TelnetClientEngine({ comPort: true });
    expect(feed(c, 'ff fd 00 ff fb 00')).toEqual(['option local 0 on', 'option remote 0 on']);
    expect(c.start(0)).toEqual([]); // WILL COM-PORT just sent
    expect(c.tick(3000).map(renderEvent)).toEqual(['warning no-ack: no answer to WILL COM-PORT-OPTION within 3000 ms; commands wait for it', 'dataReady']);
    expect(feed(c, 'ff fd 2c')).toEqual(['option local 44 on', 'comPortReady', 'negotiated binary local=on remote=on comPort=on']);
  });

  it('refuses unknown options both ways and never re-answers an acknowledgement', () => {
    const c = ready();
    expect(feed(c, 'ff fb 18 ff fd 1f ff fb 05')).toEqual([]);
    expect(out(c)).toBe('ff fe 18 ff fc 1f ff fe 05');
    // The peer acknowledges our refusals: silence.
    expect(feed(c, 'ff fc 18 ff fe 1f')).toEqual([]);
    expect(out(c)).toBe('');
    // Repeated positive acknowledgements of options in effect: silence.
    expect(feed(c, 'ff fd 00 ff fb 00 ff fd 2c ff fd 2c')).toEqual([]);
    expect(out(c)).toBe('');
  });

  it('server turning BINARY off: acknowledged once, option event', () => {
    const c = ready();
    expect(feed(c, 'ff fc 00')).toEqual(['option remote 0 off']);
    expect(out(c)).toBe('ff fe 00');
    expect(feed(c, 'ff fc 00')).toEqual([]);
    expect(out(c)).toBe('');
  });

  it('DONT COM-PORT: refused, queued settings become unsupported', () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    out(c);
    c.setControlLines({ dtr: true }, 0);
    expect(feed(c, 'ff fe 2c')).toEqual([
      'comPortRefused',
      'warning option-refused: the server refused COM-PORT-OPTION (DONT 44): line settings, DTR/RTS and BREAK are unsupported',
      'settings baud=->-/unsupported dataBits=->-/unsupported parity=->-/unsupported stopBits=->-/unsupported flow=->-/unsupported dtr=true>-/unsupported rts=->-/unsupported break=->-/unsupported',
    ]);
    expect(out(c)).toBe('');
    expect(c.applySettings({ baud: 300 }, 1).map(renderEvent)).toEqual([
      'warning unsupported: COM-PORT commands cannot be sent: the server refused COM-PORT-OPTION',
      'settings baud=300>-/unsupported dataBits=->-/unsupported parity=->-/unsupported stopBits=->-/unsupported flow=->-/unsupported dtr=true>-/unsupported rts=->-/unsupported break=->-/unsupported',
    ]);
    expect(out(c)).toBe('');
  });

  it('no answer to WILL COM-PORT: one warning at the deadline, queued settings unconfirmed', () => {
    const c = new TelnetClientEngine({ comPort: true, ackTimeoutMs: 500 });
    c.start(100);
    c.setBreak(true, 100);
    expect(c.nextDeadlineMs()).toBe(600);
    expect(c.tick(599).map(renderEvent)).toEqual([]);
    expect(c.tick(600).map(renderEvent)).toEqual([
      'warning no-ack: no answer to WILL COM-PORT-OPTION within 500 ms; commands wait for it',
      'dataReady',
      'settings break=true>-/unconfirmed',
    ]);
    expect(c.nextDeadlineMs()).toBeNull();
  });
});

describe('data', () => {
  it('IAC IAC in data is one 0xFF, in every position', () => {
    const c = ready();
    expect(feed(c, 'ff ff 41 ff ff ff ff 42 ff ff')).toEqual(['data ff 41 ff ff 42 ff']);
  });

  it('IAC-free data comes out as a view of the input', () => {
    const c = ready();
    const chunk = unhex('41 42 43');
    const [ev] = c.receive(chunk, 0);
    expect(ev?.type === 'data' && ev.bytes.buffer === chunk.buffer).toBe(true);
  });

  it('ignores IAC NOP, GA, AYT, AO, IP, BRK, EC, EL, DM between data', () => {
    const c = ready();
    expect(feed(c, '41 ff f1 42 ff f9 ff f6 ff f5 ff f4 ff f3 ff f7 ff f8 ff f2 43')).toEqual(['data 41 42 43']);
    expect(out(c)).toBe('');
  });

  it('NVT (server BINARY off): CR NUL reads as CR, CR LF stays CR LF', () => {
    const c = new TelnetClientEngine({ comPort: false });
    expect(feed(c, '41 0d 00 42 0d 0a 43 0d 44 0d')).toEqual(['data 41 0d 42 0d 0a 43 0d 44 0d']);
    // the trailing CR's NUL arrives in the next chunk
    expect(feed(c, '00 45')).toEqual(['data 45']);
    // NUL not after CR is data
    expect(feed(c, '00 0d ff ff 00')).toEqual(['data 00 0d ff 00']);
  });

  it('BINARY in effect: CR NUL is two data bytes', () => {
    const c = ready();
    expect(feed(c, '0d 00 0d 0a')).toEqual(['data 0d 00 0d 0a']);
  });

  it('sending: 0xFF doubled; CR -> CR NUL while our BINARY is off, untouched once it is on', () => {
    const c = new TelnetClientEngine({ comPort: false });
    c.sendData(unhex('41 ff 0d 42 0d 0a 0d'));
    expect(out(c)).toBe('41 ff ff 0d 00 42 0d 0a 0d 00');
    c.start(0);
    c.receive(unhex('ff fd 00'), 0); // server DO BINARY: our side binary
    out(c);
    c.sendData(unhex('41 ff 0d 42'));
    expect(out(c)).toBe('41 ff ff 0d 42');
  });

  it('takeOutput returns everything queued as one chunk, then null', () => {
    const c = ready();
    c.sendData(unhex('31'));
    c.setControlLines({ dtr: false, rts: true }, 0);
    c.sendData(unhex('32'));
    expect(out(c)).toBe(`31 ${SB('05 09')} ${SB('05 0b')} 32`);
    expect(c.takeOutput()).toBeNull();
  });
});

describe('malformed input', () => {
  it('IAC SE without SB: warning, parsing goes on', () => {
    const c = ready();
    expect(feed(c, '41 ff f0 42')).toEqual(['data 41', 'warning malformed-frame: IAC SE without IAC SB', 'data 42']);
  });

  it('IAC followed by a non-command byte: warning, both bytes kept as data', () => {
    const c = ready();
    expect(feed(c, '41 ff 42 43')).toEqual([
      'data 41',
      'warning malformed-frame: IAC followed by 0x42 (not a telnet command): kept as data',
      'data ff 42 43',
    ]);
  });

  it('subnegotiation longer than the limit: discarded up to its IAC SE with one warning, never line data', () => {
    const c = ready({ maxSubnegotiationBytes: 4 });
    expect(feed(c, 'ff fa 2c 00 61 62 63 64 65 66 ff f0 41')).toEqual([
      'warning malformed-frame: subnegotiation for COM-PORT-OPTION longer than 4 bytes: discarded up to its IAC SE',
      'data 41',
    ]);
    // an endless one (no SE): however much comes, nothing of it is data, and it warns once
    const d = ready({ maxSubnegotiationBytes: 4 });
    const warnings = feed(d, 'ff fa 2c 00 61 62 63 64 65');
    for (let k = 0; k < 100; k++) warnings.push(...feed(d, '66 ff ff 67 68'.repeat(50)));
    expect(warnings).toEqual(['warning malformed-frame: subnegotiation for COM-PORT-OPTION longer than 4 bytes: discarded up to its IAC SE']);
    // an IAC command ends it (the SE went missing): the command is processed, data resumes
    expect(feed(d, 'ff fb 18 41')).toEqual([
      'warning malformed-frame: IAC 0xfb inside subnegotiation for COM-PORT-OPTION: subnegotiation discarded',
      'data 41',
    ]);
  });

  it('IAC + command inside SB: SB dropped, the command processed', () => {
    const c = ready();
    expect(feed(c, 'ff fa 2c 65 00 ff fb 18 41')).toEqual([
      'warning malformed-frame: IAC 0xfb inside subnegotiation for COM-PORT-OPTION: subnegotiation discarded',
      'data 41',
    ]);
    expect(out(c)).toBe('ff fe 18');
  });

  it('unknown COM-PORT command, empty SB, SB of another option, a reply without value', () => {
    const c = ready();
    expect(feed(c, `${SB('c8 01')} ff fa 2c ff f0 ff fa 18 00 41 ff f0 ${SB('66')}`)).toEqual([
      'warning malformed-frame: COM-PORT subnegotiation with unknown command 200',
      'warning malformed-frame: COM-PORT subnegotiation with unknown command (none)',
      'warning unexpected-reply: subnegotiation for option 24 ignored',
      'reply SET-DATASIZE null',
      'warning malformed-frame: SET-DATASIZE reply without a value',
    ]);
  });
});
