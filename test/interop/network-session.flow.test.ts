/**
 * Flow control of a NetworkSession, both directions:
 *   - the server's FLOWCONTROL-SUSPEND / RESUME (RFC 2217 section 3) holds and releases our data;
 *   - setPaused() stops socket reads so pressure reaches the sender through TCP.
 * The far end is a net.Server the test drives byte by byte: none of the real servers here sends
 * FLOWCONTROL-SUSPEND on demand, and "the sender is pushed back" is seen best at the sender's own write().
 */
import { EventEmitter } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { record, until } from './helpers.js';

const IAC = 255, SB = 250, SE = 240, DO = 253, WILL = 251;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A server with one connection; `got` collects what the client sent. */
async function farEnd(): Promise<{ port: number; sock: () => Promise<Socket>; got: () => Buffer; arrivals: EventEmitter }> {
  const arrivals = new EventEmitter();
  const chunks: Buffer[] = [];
  let conn: Socket | null = null;
  const srv = createServer((s) => {
    conn = s;
    s.on('error', () => undefined);
    s.on('data', (b) => {
      chunks.push(b);
      arrivals.emit('data');
    });
    arrivals.emit('connection');
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        (conn as Socket | null)?.destroy();
        srv.close(() => resolve());
      }),
  );
  return {
    port: (srv.address() as { port: number }).port,
    async sock() {
      await until(arrivals, 'connection', () => conn !== null, 10_000, 'a connection');
      return conn!;
    },
    got: () => Buffer.concat(chunks),
    arrivals,
  };
}

describe('server FLOWCONTROL-SUSPEND / RESUME', () => {
  it('holds our data while suspended and sends it, in order, on RESUME', async () => {
    const far = await farEnd();
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: far.port });
    cleanups.push(() => s.close());
    const rec = record(s);
    const opening = s.open();
    const sock = await far.sock();
    sock.write(Buffer.from([IAC, DO, 44, IAC, WILL, 0, IAC, DO, 0]));
    await opening;
    const before = far.got().length; // negotiation and COM-PORT commands so far

    // SUSPEND, then a data byte: once the byte arrives, the SUSPEND before it has been handled
    sock.write(Buffer.from([IAC, SB, 44, 108, IAC, SE, 0x41]));
    await rec.waitForBytes(1);
    expect(s.write(Buffer.from('held '))).toBe(true);
    expect(s.write(Buffer.from('in order'))).toBe(true);
    // a round trip through the server: anything wrongly sent would have arrived by now
    sock.write(Buffer.from('B'));
    await rec.waitForBytes(2);
    expect(far.got().subarray(before).includes(Buffer.from('held'))).toBe(false);

    sock.write(Buffer.from([IAC, SB, 44, 109, IAC, SE]));
    await until(far.arrivals, 'data', () => far.got().includes(Buffer.from('held in order')), 10_000, 'held data after RESUME');
    expect(s.snapshot().bytesSent).toBe('held in order'.length);
  });
});

describe('setPaused', () => {
  it('stops reading while any owner holds a pause: the sender\'s write() reports backpressure; nothing is lost', async () => {
    const far = await farEnd();
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: far.port });
    cleanups.push(() => s.close());
    const rec = record(s);
    s.setPaused('pump', true);
    s.setPaused('log', true);
    await s.open();
    const sock = await far.sock();

    // Write, yielding to the event loop after each chunk (so an unpaused session would read), until the
    // kernel buffers on both sides are full and node reports backpressure.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    for (let i = 0; ; i++) {
      chunk.fill(i & 0xff);
      sent += chunk.length;
      if (!sock.write(chunk)) break;
      expect(sent).toBeLessThan(512 * 1024 * 1024); // bound: loopback buffers are a few MB
      await turn();
    }
    expect(rec.receivedLength()).toBe(0);

    s.setPaused('pump', false); // 'log' still holds the pause
    const drained = new Promise<void>((resolve) => sock.once('drain', () => resolve()));
    sock.write(Buffer.from('!'));
    for (let i = 0; i < 20; i++) await turn();
    expect(rec.receivedLength()).toBe(0);

    s.setPaused('log', false);
    await drained;
    const all = await rec.waitForBytes(sent + 1, 60_000);
    expect(all.length).toBe(sent + 1);
    for (let i = 0, off = 0; off < sent; i++, off += chunk.length) expect(all[off]).toBe(i & 0xff);
    expect(all[sent]).toBe(0x21);
  });
});

describe('setPaused on rfc2217', () => {
  it('sends FLOWCONTROL-SUSPEND once when paused and FLOWCONTROL-RESUME when the last pause is released', async () => {
    const far = await farEnd();
    const s = new NetworkSession({ kind: 'rfc2217', host: '127.0.0.1', port: far.port });
    cleanups.push(() => s.close());
    const opening = s.open();
    const sock = await far.sock();
    sock.write(Buffer.from([IAC, DO, 44, IAC, WILL, 0, IAC, DO, 0]));
    await opening;
    const before = far.got().length;
    const suspend = Buffer.from([IAC, SB, 44, 8, IAC, SE]);
    const resume = Buffer.from([IAC, SB, 44, 9, IAC, SE]);
    const count = (needle: Buffer) => {
      const got = far.got().subarray(before);
      let n = 0;
      for (let at = got.indexOf(needle); at >= 0; at = got.indexOf(needle, at + 1)) n++;
      return n;
    };

    s.setPaused('pump', true);
    s.setPaused('log', true); // already paused: no second SUSPEND
    await until(far.arrivals, 'data', () => count(suspend) === 1, 10_000, 'FLOWCONTROL-SUSPEND');
    s.setPaused('pump', false); // 'log' still holds the pause
    s.setPaused('log', false);
    await until(far.arrivals, 'data', () => count(resume) === 1, 10_000, 'FLOWCONTROL-RESUME');
    expect(count(suspend)).toBe(1);
    // the order on the wire: SUSPEND before RESUME
    const got = far.got().subarray(before);
    expect(got.indexOf(suspend)).toBeLessThan(got.indexOf(resume));
  });

  it('sends no FLOWCONTROL-SUSPEND on a raw session', async () => {
    const far = await farEnd();
    const s = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: far.port });
    cleanups.push(() => s.close());
    await s.open();
    await far.sock();
    s.setPaused('pump', true);
    s.setPaused('pump', false);
    expect(s.write(Buffer.from('x'))).toBe(true);
    await until(far.arrivals, 'data', () => far.got().length > 0, 10_000, 'the written byte');
    expect([...far.got()]).toEqual([0x78]);
  });
});
