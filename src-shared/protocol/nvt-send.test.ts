/**
 * What the engine sends under NVT rules (RFC 854: our BINARY, RFC 856, not in effect): CR LF stays CR LF,
 * any other CR becomes CR NUL, 0xFF is doubled; and the bytes that leave are the same however the data
 * was split into sendData() calls, thanks to the held trailing CR (telnet.ts, "Sending").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelnetClientEngine } from './client.js';
import { TelnetServerEngine } from './server.js';
import { CR_HOLD_MS } from './telnet.js';
import { SB, feed, out } from './test-fixture.js';
import { hex, unhex } from './transcript.js';

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const IAC = 0xff;

/** RFC 854 NVT encoding of a whole byte string, written out independently of the engine. */
function nvtEncode(data: readonly number[]): number[] {
  const wire: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === IAC) wire.push(IAC, IAC);
    else if (b === CR && data[i + 1] === LF) {
      wire.push(CR, LF);
      i++;
    } else if (b === CR) wire.push(CR, NUL);
    else wire.push(b);
  }
  return wire;
}

/** A client engine in NVT mode (no negotiation: BINARY is off both ways), outbox empty. */
function nvtClient(): TelnetClientEngine {
  return new TelnetClientEngine({ comPort: false });
}

/** Cut `bytes` at the given cut points (any numbers; reduced modulo length + 1, sorted, deduplicated). */
function cutAt(bytes: readonly number[], points: readonly number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const p of [...at, bytes.length]) {
    parts.push(Uint8Array.from(bytes.slice(from, p)));
    from = p;
  }
  return parts;
}

/** Line-ending-rich data: CR, LF, NUL and 0xFF much more often than chance. */
const data = fc.array(
  fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }) }, fc.constantFrom(CR, LF, NUL, IAC, 0x41)),
  { maxLength: 120 },
);
const cuts = fc.array(fc.nat(), { maxLength: 12 });

/** Everything the engine puts out, drained after every call. */
function drain(engine: { takeOutput(): Uint8Array | null }, into: number[]): void {
  for (let o = engine.takeOutput(); o !== null; o = engine.takeOutput()) into.push(...o);
}

describe('NVT sending: the same bytes leave however the data is split into writes', () => {
  it('any data, any split, each write drained at once: after the final release the wire equals RFC 854 encoding of the whole', () => {
    fc.assert(
      fc.property(data, cuts, (bytes, points) => {
        const c = nvtClient();
        const wire: number[] = [];
        for (const part of cutAt(bytes, points)) {
          c.sendData(part, 0);
          drain(c, wire);
        }
        c.releaseHeldCr();
        drain(c, wire);
        expect(hex(Uint8Array.from(wire))).toBe(hex(Uint8Array.from(nvtEncode(bytes))));
      }),
      { numRuns: 1000 },
    );
  });

  it('typed: one write per byte, with the owner ticking (releaseHeldCr(now)) between writes that come in time', () => {
    fc.assert(
      fc.property(data, fc.array(fc.integer({ min: 0, max: CR_HOLD_MS - 1 }), { minLength: 1 }), (bytes, gaps) => {
        const c = nvtClient();
        const wire: number[] = [];
        let now = 1000;
        bytes.forEach((b, i) => {
          c.sendData(Uint8Array.of(b), now);
          drain(c, wire);
          now += gaps[i % gaps.length]!;
          expect(c.releaseHeldCr(now)).toBe(false); // not due yet: the next byte comes first
          drain(c, wire);
        });
        c.releaseHeldCr(now + CR_HOLD_MS);
        drain(c, wire);
        expect(hex(Uint8Array.from(wire))).toBe(hex(Uint8Array.from(nvtEncode(bytes))));
      }),
      { numRuns: 300 },
    );
  });

  it('the wire decodes back to the data at our server engine (NVT both ways): nothing lost, nothing added', () => {
    fc.assert(
      fc.property(data, cuts, (bytes, points) => {
        const c = nvtClient();
        const s = new TelnetServerEngine({ comPort: false });
        const got: number[] = [];
        const carry = () => {
          for (let o = c.takeOutput(); o !== null; o = c.takeOutput()) {
            for (const ev of s.receive(o, 0)) if (ev.type === 'data') got.push(...ev.bytes);
          }
        };
        for (const part of cutAt(bytes, points)) {
          c.sendData(part, 0);
          carry();
        }
        c.releaseHeldCr();
        carry();
        expect(hex(Uint8Array.from(got))).toBe(hex(Uint8Array.from(bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it('a pasted config split right between CR and LF leaves as CR LF, both in one chunk, never CR NUL LF', () => {
    const c = nvtClient();
    c.sendData(unhex('61 0d'), 0);
    expect(out(c)).toBe('61');
    c.sendData(unhex('0a 62 0d 0a'), 0);
    expect(c.takeOutput()).toEqual(unhex('0d 0a 62 0d 0a'));
    expect(c.takeOutput()).toBeNull();
  });
});

describe('NVT sending: the held CR', () => {
  it("text before a trailing CR leaves at once; the CR waits for the next write and leaves with its LF", () => {
    const c = nvtClient();
    c.sendData(unhex('61 62 0d'), 5);
    expect(out(c)).toBe('61 62');
    expect(c.heldCrDeadlineMs).toBe(5 + CR_HOLD_MS);
    c.sendData(unhex('0a 63'), 6);
    expect(out(c)).toBe('0d 0a 63');
    expect(c.heldCrDeadlineMs).toBeNull();
  });

  it('CR followed by another byte in the next write: CR NUL, then the byte (0xFF doubled)', () => {
    const c = nvtClient();
    c.sendData(unhex('0d'), 0);
    expect(out(c)).toBe('');
    c.sendData(unhex('ff 0d'), 1);
    expect(out(c)).toBe('0d 00 ff ff');
    c.sendData(unhex('0d 0a'), 2);
    expect(out(c)).toBe('0d 00 0d 0a');
  });

  it('Enter alone: released as CR NUL once CR_HOLD_MS passed (the owner calls releaseHeldCr(now) at heldCrDeadlineMs)', () => {
    const c = nvtClient();
    c.sendData(unhex('0d'), 100);
    expect(out(c)).toBe('');
    expect(c.heldCrDeadlineMs).toBe(100 + CR_HOLD_MS);
    expect(c.releaseHeldCr(100 + CR_HOLD_MS - 1)).toBe(false);
    expect(out(c)).toBe('');
    expect(c.releaseHeldCr(100 + CR_HOLD_MS)).toBe(true);
    expect(out(c)).toBe('0d 00');
    expect(c.heldCrDeadlineMs).toBeNull();
    expect(c.releaseHeldCr(1e9)).toBe(false);
  });

  it('an LF written after the CR was released is a line feed of its own: CR NUL LF (two keys pressed apart)', () => {
    const c = nvtClient();
    c.sendData(unhex('0d'), 0);
    c.releaseHeldCr(CR_HOLD_MS);
    expect(out(c)).toBe('0d 00');
    c.sendData(unhex('0a'), CR_HOLD_MS + 1);
    expect(out(c)).toBe('0a');
  });

  it('releaseHeldCr() without a time releases at once (before closing the connection)', () => {
    const c = nvtClient();
    c.sendData(unhex('6c 73 0d'), 0);
    expect(out(c)).toBe('6c 73');
    expect(c.releaseHeldCr()).toBe(true);
    expect(out(c)).toBe('0d 00');
  });

  it('without nowMs nothing is held: a trailing CR goes at once as CR NUL (owners without a timer)', () => {
    const c = nvtClient();
    c.sendData(unhex('61 0d'));
    expect(out(c)).toBe('61 0d 00');
    expect(c.heldCrDeadlineMs).toBeNull();
    c.sendData(unhex('0a'));
    expect(out(c)).toBe('0a');
  });

  it('a CR held by a timed write is still decided by the next write without nowMs', () => {
    const c = nvtClient();
    c.sendData(unhex('0d'), 0);
    c.sendData(unhex('0a 0d'));
    expect(out(c)).toBe('0d 0a 0d 00');
  });

  it('BINARY in effect (RFC 856): nothing held, CR and LF are plain bytes, 0xFF still doubled', () => {
    const c = nvtClient();
    c.start(0);
    c.receive(unhex('ff fd 00'), 0); // DO BINARY: our side sends binary
    out(c);
    c.sendData(unhex('41 ff 0d'), 0);
    expect(out(c)).toBe('41 ff ff 0d');
    expect(c.heldCrDeadlineMs).toBeNull();
    c.sendData(unhex('0a'), 0);
    expect(out(c)).toBe('0a');
  });

  it('BINARY coming into effect while a CR is held: the CR leaves as a plain CR (no NUL the server would keep)', () => {
    const c = nvtClient();
    c.start(0);
    out(c); // our WILL BINARY
    c.sendData(unhex('0d'), 0);
    expect(out(c)).toBe('');
    c.receive(unhex('ff fd 00'), 1); // DO BINARY answers our WILL
    c.sendData(unhex('42'), 2);
    expect(out(c)).toBe('0d 42');
  });

  it('an option negotiation may pass the held CR; the CR still meets its LF', () => {
    const c = nvtClient();
    c.sendData(unhex('0d'), 0);
    expect(feed(c, 'ff fd 18')).toEqual([]); // DO TERMINAL-TYPE: refused
    expect(out(c)).toBe('ff fc 18');
    c.sendData(unhex('0a'), 1);
    expect(out(c)).toBe('0d 0a');
  });

  it('a COM-PORT command never overtakes a held CR: the CR leaves first as CR NUL', () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    c.receive(unhex('ff fc 00 ff fe 00 ff fd 2c'), 0); // BINARY refused both ways, COM-PORT agreed: NVT + RFC 2217
    out(c);
    c.sendData(unhex('41 0d'), 0);
    expect(out(c)).toBe('41');
    c.setControlLines({ dtr: false }, 1);
    expect(out(c)).toBe(`0d 00 ${SB('05 09')}`);
    c.sendData(unhex('0a'), 2);
    expect(out(c)).toBe('0a');
  });

  it('suspended by the server (FLOWCONTROL-SUSPEND): the held CR waits like any data, then meets its LF on resume', () => {
    const c = new TelnetClientEngine({ comPort: true });
    c.start(0);
    c.receive(unhex('ff fc 00 ff fe 00 ff fd 2c'), 0);
    out(c);
    c.sendData(unhex('0d'), 0);
    c.receive(unhex(SB('6c')), 1); // FLOWCONTROL-SUSPEND (108)
    expect(c.heldCrDeadlineMs).toBeNull(); // no timer to arm: nothing may leave
    expect(c.releaseHeldCr(1000)).toBe(false);
    c.sendData(unhex('0a 61'), 2);
    expect(out(c)).toBe('');
    c.receive(unhex(SB('6d')), 3); // FLOWCONTROL-RESUME (109)
    expect(out(c)).toBe('0d 0a 61');
  });
});
