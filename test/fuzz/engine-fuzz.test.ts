// Fuzz of the RFC 2217 client engine, bounded and seeded: 10^5 random inputs (bytes biased toward IAC,
// SB/SE, option verbs and COM-PORT replies) into one engine. It never throws, every reply it queues is
// well formed, and its memory stays flat (its buffers are bounded). DIALTONE_FUZZ_SEED replays a run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TelnetClientEngine, TelnetServerEngine } from '../../src-shared/protocol/index.js';

const SEED = Number(process.env.DIALTONE_FUZZ_SEED ?? Date.now() % 2 ** 31);
const INPUTS = 100_000;

/** Bytes a hostile or broken server might send: telnet commands, COM-PORT replies, garbage. */
const chunk = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 255 }) },
    { weight: 3, arbitrary: fc.constantFrom(0xff, 0xfa, 0xf0, 0xfb, 0xfc, 0xfd, 0xfe, 0x2c, 0x00, 0x0d, 0x06) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 112 }) },
  ),
  { maxLength: 64 },
);

describe('engine fuzz', () => {
  it(`${INPUTS} random inputs: no throw, output well formed, memory flat`, () => {
    process.stdout.write(`engine fuzz: seed ${SEED}, ${INPUTS} inputs (replay with DIALTONE_FUZZ_SEED=${SEED})\n`);
    const inputs = fc.sample(chunk, { seed: SEED, numRuns: INPUTS });
    const engine = new TelnetClientEngine({ comPort: true, ackTimeoutMs: 100, maxSubnegotiationBytes: 1024 });
    engine.start(0);
    engine.takeOutput();
    let now = 0;
    let events = 0;
    let outBytes = 0;
    // what the engine sends is read by a server engine: it must parse as well-formed telnet
    const server = new TelnetServerEngine({ comPort: true });
    const malformed: string[] = [];
    const heap: number[] = [];
    inputs.forEach((bytes, i) => {
      now += 1;
      events += engine.receive(Uint8Array.from(bytes), now).length;
      if (i % 97 === 0) engine.applySettings({ baud: 1200 + (i % 7) * 1200 }, now);
      if (i % 89 === 0) engine.setControlLines({ dtr: i % 2 === 0 }, now);
      if (i % 101 === 0) events += engine.tick(now).length;
      for (let out = engine.takeOutput(); out; out = engine.takeOutput()) {
        outBytes += out.length;
        for (const ev of server.receive(out)) if (ev.type === 'warning' && ev.code === 'malformed-frame') malformed.push(ev.message);
      }
      if (i % 10_000 === 0) heap.push(process.memoryUsage().heapUsed);
    });
    expect(events).toBeGreaterThan(0);
    expect(outBytes).toBeGreaterThan(0);
    expect(malformed).toEqual([]);
    // flat: the last samples are not far above the first (no structure grows with the input)
    const growth = (heap.at(-1)! - heap[1]!) / 1024 / 1024;
    process.stdout.write(`engine fuzz: ${events} events, ${outBytes} bytes answered, heap growth ${growth.toFixed(1)} MiB\n`);
    expect(growth).toBeLessThan(64);
  });
});
