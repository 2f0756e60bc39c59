/**
 * fast-check properties of the engines: chunk-split invariance, negotiation that always settles (no
 * loop) between our client and server engines, exact escaping round trips both ways (BINARY and NVT),
 * and settings acked by the server engine becoming 'confirmed'. Pure-engine properties: a real peer
 * cannot be driven through thousands of random byte streams.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineSettings } from '../line/settings.js';
import { TelnetClientEngine } from './client.js';
import { ConnectionPair } from './connection-pair.js';
import { TelnetServerEngine } from './server.js';
import { hex, mergeData, renderEvent, unhex } from './transcript.js';
import type { EngineEvent, ServerEngineEvent } from './types.js';

const IAC = 0xff;

/** Token streams rich in telnet structure, plus raw garbage. */
const token = fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 12 }) },
  fc.constant([IAC, IAC]),
  fc.constant([13, 0]),
  fc.constant([13, 10]),
  fc.constant([13]),
  fc.tuple(fc.constantFrom(251, 252, 253, 254), fc.constantFrom(0, 1, 3, 24, 44, 255)).map(([v, o]) => [IAC, v, o]),
  fc.constantFrom(241, 242, 243, 244, 245, 246, 247, 248, 249, 240, 0, 65, 13).map((c) => [IAC, c]),
  fc
    .tuple(fc.constantFrom(0, 100, 101, 102, 105, 106, 107, 108, 109, 110, 112, 7, 200), fc.uint8Array({ maxLength: 10 }))
    .map(([code, body]) => {
      const bytes = [IAC, 250, 44, code];
      for (const b of body) bytes.push(...(b === IAC ? [IAC, IAC] : [b]));
      return [...bytes, IAC, 240];
    }),
  fc.constant([IAC, 250, 44, 101, 0, 0]), // unterminated SB: swallows what follows into the SB
);
const stream = fc.array(token, { maxLength: 40 }).map((ts) => Uint8Array.from(ts.flatMap((t) => Array.from(t))));

/** Cut `bytes` at the given (sorted, deduplicated) fractions. */
function cut(bytes: Uint8Array, fractions: number[]): Uint8Array[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

function describeEvents(events: readonly (EngineEvent | ServerEngineEvent)[]): string[] {
  return mergeData(events).map((e) => renderEvent(e) + ('raw' in e && e.raw instanceof Uint8Array ? ` [${hex(e.raw)}]` : ''));
}

function runClient(chunks: Uint8Array[], started: boolean, maxSb: number): { events: string[]; out: string } {
  const c = new TelnetClientEngine({ comPort: true, maxSubnegotiationBytes: maxSb });
  if (started) c.start(0);
  const events: EngineEvent[] = [];
  const out: number[] = [...(c.takeOutput() ?? [])];
  for (const chunk of chunks) {
    events.push(...c.receive(chunk, 0));
    out.push(...(c.takeOutput() ?? []));
  }
  return { events: describeEvents(events), out: hex(out) };
}

function runServer(chunks: Uint8Array[]): { events: string[]; out: string } {
  const s = new TelnetServerEngine({ comPort: true });
  s.start();
  const events: ServerEngineEvent[] = [];
  const out: number[] = [...(s.takeOutput() ?? [])];
  for (const chunk of chunks) {
    events.push(...s.receive(chunk));
    out.push(...(s.takeOutput() ?? []));
  }
  return { events: describeEvents(events), out: hex(out) };
}

const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

describe('chunk-split invariance', () => {
  it('client: any split of the input gives the same events and the same answers', () => {
    fc.assert(
      fc.property(stream, fractions, fc.boolean(), fc.constantFrom(4, 16, 1024), (bytes, fr, started, maxSb) => {
        const whole = runClient([bytes], started, maxSb);
        const split = runClient(cut(bytes, fr), started, maxSb);
        expect(split).toEqual(whole);
      }),
      { numRuns: 1500 },
    );
  });

  it('client: one byte at a time gives the same events as one chunk', () => {
    fc.assert(
      fc.property(stream, (bytes) => {
        const bytewise = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
        expect(runClient(bytewise, true, 1024)).toEqual(runClient([bytes], true, 1024));
      }),
      { numRuns: 500 },
    );
  });

  it('client: arbitrary bytes never throw and keep every data byte of IAC-free input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fractions, (bytes, fr) => {
        expect(runClient(cut(bytes, fr), true, 64)).toEqual(runClient([bytes], true, 64));
        const clean = bytes.filter((b) => b !== IAC);
        const c = new TelnetClientEngine({ comPort: false });
        c.receive(unhex('ff fb 00'), 0); // server BINARY: no NVT rewriting
        const got = mergeData(c.receive(clean, 0));
        expect(hex(got.length === 0 ? new Uint8Array() : (got[0] as { bytes: Uint8Array }).bytes)).toBe(hex(clean));
      }),
      { numRuns: 500 },
    );
  });

  it('server: any split of the input gives the same events and the same answers', () => {
    fc.assert(
      fc.property(stream, fractions, (bytes, fr) => {
        expect(runServer(cut(bytes, fr))).toEqual(runServer([bytes]));
      }),
      { numRuns: 1000 },
    );
  });
});

const OPTIONS = [0, 1, 3, 5, 24, 44] as const;
const action = fc.oneof(
  fc.record({
    kind: fc.constant('request' as const),
    who: fc.constantFrom('client' as const, 'server' as const),
    side: fc.constantFrom('local' as const, 'remote' as const),
    option: fc.constantFrom(...OPTIONS),
    enabled: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('pump' as const), fr: fractions }),
);

describe('negotiation between our client and server engines', () => {
  it('always settles within a bounded exchange, and both ends agree on every option', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 30 }), fc.boolean(), fc.boolean(), (actions, startClient, startServer) => {
        const pair = new ConnectionPair({ comPort: true }, { comPort: true, echo: true });
        if (startClient) pair.client.start(0);
        if (startServer) pair.server.start(0);
        let requests = 0;
        let bytes = 0;
        for (const a of actions) {
          if (a.kind === 'request') {
            (a.who === 'client' ? pair.client : pair.server).requestOption(a.side, a.option, a.enabled);
            requests++;
          } else {
            const r = pair.pump(0, { split: (b) => cut(b, a.fr), maxRounds: 10 });
            bytes += r.bytesToClient + r.bytesToServer;
          }
        }
        const r = pair.pump(0, { maxRounds: 10 });
        bytes += r.bytesToClient + r.bytesToServer;
        // Each request, ours or the opening's (at most 6 per side), costs at most a few 3-byte messages.
        expect(bytes).toBeLessThanOrEqual((requests + 12) * 4 * 3);
        for (const o of OPTIONS) {
          expect(pair.client.optionEnabled('local', o)).toBe(pair.server.optionEnabled('remote', o));
          expect(pair.client.optionEnabled('remote', o)).toBe(pair.server.optionEnabled('local', o));
        }
        // ...and policies hold: an option neither side's policy accepts is on only where we asked for it.
        const accepts = {
          client: { local: [0, 3, 44], remote: [0, 1, 3] },
          server: { local: [0, 1, 3], remote: [0, 3, 44] },
        };
        for (const who of ['client', 'server'] as const) {
          for (const side of ['local', 'remote'] as const) {
            for (const o of OPTIONS) {
              const asked = actions.some((a) => a.kind === 'request' && a.who === who && a.side === side && a.option === o && a.enabled);
              if (!asked && !accepts[who][side].includes(o)) expect(pair[who].optionEnabled(side, o)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the standard opening ends with BINARY both ways, SGA, COM-PORT ready on both ends', () => {
    const pair = new ConnectionPair({ comPort: true }, { comPort: true, echo: true });
    pair.client.start(0);
    pair.server.start(0);
    const r = pair.pump(0);
    expect(r.clientEvents.map(renderEvent)).toContain('comPortReady');
    expect(r.serverEvents.map(renderEvent)).toContain('comPortReady');
    expect(pair.client.comPortActive && pair.server.comPortActive).toBe(true);
    for (const side of ['local', 'remote'] as const) {
      expect(pair.client.optionEnabled(side, 0)).toBe(true);
      expect(pair.client.optionEnabled(side, 3)).toBe(true);
    }
    expect(pair.client.optionEnabled('remote', 1)).toBe(true); // server echoes
    expect(r.rounds).toBeLessThanOrEqual(3);
  });
});

const dataBytes = fc.array(
  fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) }, fc.constantFrom(0xff, 0x0d, 0x0a, 0x00)),
  { maxLength: 200 },
);
const pieces = fc.array(dataBytes.map((a) => Uint8Array.from(a)), { maxLength: 6 });

function concat(chunks: Uint8Array[]): string {
  return hex(chunks.flatMap((c) => Array.from(c)));
}
function dataOf(events: readonly (EngineEvent | ServerEngineEvent)[]): string {
  return concat(events.flatMap((e) => (e.type === 'data' ? [e.bytes] : [])));
}

describe('escaping round trip', () => {
  it.each([
    ['BINARY both ways', true],
    ['NVT (no negotiation)', false],
  ])('%s: arbitrary bytes arrive exactly, client->server and server->client', (_, negotiate) => {
    fc.assert(
      fc.property(pieces, pieces, fractions, (up, down, fr) => {
        const pair = new ConnectionPair({ comPort: true }, { comPort: true });
        if (negotiate) {
          pair.client.start(0);
          pair.server.start(0);
          pair.pump(0);
          expect(pair.client.optionEnabled('local', 0) && pair.server.optionEnabled('local', 0)).toBe(negotiate);
        }
        for (const p of up) pair.client.sendData(p);
        for (const p of down) pair.server.sendData(p);
        const r = pair.pump(0, { split: (b) => cut(b, fr) });
        expect(dataOf(r.serverEvents)).toBe(concat(up));
        expect(dataOf(r.clientEvents)).toBe(concat(down));
        expect(r.serverEvents.filter((e) => e.type === 'warning')).toEqual([]);
        expect(r.clientEvents.filter((e) => e.type === 'warning')).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

const patch = fc.record(
  {
    baud: fc.integer({ min: 1, max: 16_000_000 }),
    dataBits: fc.constantFrom(5 as const, 6 as const, 7 as const, 8 as const),
    parity: fc.constantFrom('none' as const, 'odd' as const, 'even' as const, 'mark' as const, 'space' as const),
    stopBits: fc.constantFrom(1 as const, 1.5 as const, 2 as const),
    flow: fc.constantFrom('none' as const, 'xonxoff' as const, 'rtscts' as const),
  },
  { requiredKeys: [] },
);

describe('settings through the server engine', () => {
  it('whatever the client requests, acked by the server engine, ends confirmed with the requested values', () => {
    fc.assert(
      fc.property(
        fc.array(patch, { minLength: 1, maxLength: 4 }),
        fc.option(fc.boolean()),
        fc.option(fc.boolean()),
        fc.option(fc.boolean()),
        fractions,
        fc.boolean(),
        (patches, dtr, rts, brk, fr, early) => {
          const pair = new ConnectionPair({ comPort: true }, { comPort: true });
          pair.client.start(0);
          pair.server.start(0);
          if (!early) pair.pump(0); // early: commands queue until COM-PORT is in effect
          const want: Partial<LineSettings> = {};
          for (const p of patches) {
            pair.client.applySettings(p, 0);
            Object.assign(want, p);
          }
          const lines: { dtr?: boolean; rts?: boolean } = {};
          if (dtr !== null) lines.dtr = dtr;
          if (rts !== null) lines.rts = rts;
          pair.client.setControlLines(lines, 0);
          if (brk !== null) pair.client.setBreak(brk, 0);
          const r = pair.pump(0, {
            split: (b) => cut(b, fr),
            onServerEvent: (ev) => {
              if (ev.type === 'request') pair.server.reply(ev.command, ev.value);
            },
          });
          expect(r.clientEvents.filter((e) => e.type === 'warning')).toEqual([]);
          const view = pair.client.settings();
          const expected = { ...want, ...lines, ...(brk === null ? {} : { break: brk }) };
          for (const [k, v] of Object.entries(expected)) {
            expect(view[k as keyof typeof view]).toEqual({ asked: v, inEffect: v, state: 'confirmed' });
          }
          const touched = Object.entries(view).filter(([, item]) => item.state !== 'unknown').map(([k]) => k);
          expect(touched.sort()).toEqual(Object.keys(expected).sort());
          expect(pair.client.nextDeadlineMs()).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });
});
