// A hostile (or broken) server over a real socket: crafted bytes no access server sends on purpose. The
// session must stay bounded: repeated warnings coalesced, an oversized subnegotiation never delivered as
// line data, and line data after the garbage intact.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { WARNING_BURST } from '../../src-main/sessions/warnings.js';
import { record, until } from './helpers.js';

const IAC = 0xff;
const servers: Server[] = [];
const sessions: NetworkSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  for (const s of servers.splice(0)) s.close();
});

/** A server that sends `payload` then `tail` to a client, then ends the connection. */
async function hostile(payload: Buffer, tail: Buffer): Promise<number> {
  const server = createServer((sock: Socket) => {
    sock.on('error', () => undefined);
    sock.write(payload);
    sock.end(tail);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe('a hostile server', () => {
  it('2 MiB of IAC SE: a burst of warnings and one with the count, not a million; the data after it intact', async () => {
    const junk = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < junk.length; i += 2) {
      junk[i] = IAC;
      junk[i + 1] = 0xf0;
    }
    const port = await hostile(junk, Buffer.from('still here'));
    const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port }, { ackTimeoutMs: 200 });
    sessions.push(s);
    const rec = record(s);
    await s.open();
    await rec.waitForBytes(10, 15_000);
    expect(rec.received().toString()).toBe('still here');
    await s.close(); // reports what the window still holds
    const warnings = rec.events.filter((e) => e.type === 'warning' && e.code === 'malformed-frame');
    expect(warnings.length).toBeLessThanOrEqual(2 * (WARNING_BURST + 1));
    const counted = warnings.reduce((n, w) => n + (w.type === 'warning' ? (w.count ?? 1) : 0), 0);
    expect(counted).toBe(junk.length / 2); // every one counted, none lost
  });

  it('a subnegotiation that never ends (8 MiB, no SE) is never line data', async () => {
    const sb = Buffer.alloc(8 * 1024 * 1024, 0x41);
    sb[0] = IAC;
    sb[1] = 0xfa; // SB
    sb[2] = 44; // COM-PORT
    const port = await hostile(sb, Buffer.alloc(0));
    const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port }, { ackTimeoutMs: 200 });
    sessions.push(s);
    const rec = record(s);
    let read = 0;
    s.on('data', (b) => (read += b.length));
    await s.open().catch(() => undefined); // the server may close before the negotiation settles
    // the server ends after the last byte: once the session sees the close, every byte was parsed
    await until(s, 'event', () => s.snapshot().state === 'disconnected', 15_000, 'the server closing');
    expect(rec.events.filter((e) => e.type === 'warning' && /longer than/.test(e.message))).toHaveLength(1);
    expect(read).toBe(0);
  });
});
