// The per-turn read budget NetworkSessions share (network-session.ts, TURN_READ_BYTES), which keeps
// `dialtone serve`'s event loop turning over when many sessions are let go at once (bench/load.bench.ts):
// sessions whose far ends filled the kernel buffers while they were paused are resumed together; no
// event-loop turn may hand out much more than the budget, yet every session gets its bytes, complete.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession, TURN_READ_BYTES } from '../../src-main/sessions/network-session.js';

const KIB = 1024;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A raw TCP far end that sends `bytes` (byte i = (i + seed) & 0xff) once connected. */
async function sender(bytes: number, seed: number): Promise<number> {
  const conns: Socket[] = [];
  const srv: Server = createServer((s) => {
    conns.push(s);
    s.on('error', () => undefined);
    const data = Buffer.alloc(bytes);
    for (let i = 0; i < bytes; i++) data[i] = (i + seed) & 0xff;
    s.write(data);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => (conns.forEach((c) => c.destroy()), srv.close(() => resolve()))));
  return (srv.address() as { port: number }).port;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the read budget shared by network sessions', () => {
  it('hands out about TURN_READ_BYTES per event-loop turn however many sessions are readable, and loses nothing', async () => {
    const n = 8;
    const each = 2 * 1024 * KIB;
    const sessions: NetworkSession[] = [];
    const received: Buffer[][] = [];
    let turnNo = 0;
    const perTurn = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: await sender(each, k) });
      cleanups.push(() => s.close());
      const got: Buffer[] = [];
      received.push(got);
      s.on('data', (b) => {
        got.push(Buffer.from(b));
        perTurn.set(turnNo, (perTurn.get(turnNo) ?? 0) + b.byteLength);
      });
      s.setPaused('test', true); // the far ends fill the kernel buffers meanwhile
      await s.open();
      sessions.push(s);
    }
    for (let i = 0; i < 50; i++) await new Promise((r) => setTimeout(r, 2));

    // a turn counter that ticks once per event-loop turn (check phase)
    let ticking = true;
    const tick = () => {
      turnNo++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    for (const s of sessions) s.setPaused('test', false);
    const total = () => received.reduce((t, got) => t + got.reduce((x, b) => x + b.length, 0), 0);
    for (let i = 0; i < 20_000 && total() < n * each; i++) await turn();
    ticking = false;

    for (let k = 0; k < n; k++) {
      const all = Buffer.concat(received[k]!);
      expect(all.length).toBe(each);
      for (let i = 0; i < each; i += 4099) expect(all[i]).toBe((i + k) & 0xff);
    }
    // past the budget a session finishes the read in hand (at most 64 KiB), then waits for a later turn
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(TURN_READ_BYTES + n * 64 * KIB);
  });
});
