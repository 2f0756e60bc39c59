/**
 * The log against real peers: 50 MB of random bytes written to the far end of a socat pty pair, through
 * ser2net (RFC 2217) into a real NetworkSession, logged raw. A stand-in for stdout consumes 'data' more
 * slowly than the line (it holds setPaused('pump') while it "works"); the log listens at the session, so
 * it must still get every byte: its SHA-256 equals the input's. A second log on /dev/full fails early
 * and the session, and the first log, carry on.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLog } from '../../src-main/logging/session-log.js';
import { createSession } from '../../src-main/sessions/factory.js';
import type { Session } from '../../src-main/sessions/session.js';
import { parseTarget } from '../../src-shared/session/target.js';
import { startPtyPair, startSer2net, tempDir, type PtyPair, type Ser2net } from '../harness/peers.js';
import { sha256, statusReached } from './helpers.js';

const TOTAL = 50 * 1024 * 1024;

let dir: { path: string; remove(): void };
let pair: PtyPair;
let ser2net: Ser2net;
let session: Session | null = null;

beforeAll(async () => {
  dir = tempDir('dialtone-log-interop-');
  pair = await startPtyPair(dir.path);
  ser2net = await startSer2net(dir.path, pair.a);
});

afterAll(async () => {
  await session?.close();
  await ser2net?.stop();
  await pair?.stop();
  dir?.remove();
});

/**
 * A consumer slower than the line, like a renderer that cannot keep up: after every 256 KiB it holds
 * the 'pump' pause for 25 ms (at most ~10 MB/s; ser2net on a pty delivers 15-18 MB/s here).
 */
function slowConsumer(s: Session, total: number): Promise<{ bytes: number; pauses: number }> {
  return new Promise((resolve) => {
    let bytes = 0;
    let unacked = 0;
    let pauses = 0;
    let held = false;
    s.on('data', (chunk) => {
      bytes += chunk.length;
      unacked += chunk.length;
      if (bytes >= total) resolve({ bytes, pauses });
      if (!held && unacked >= 256 * 1024) {
        held = true;
        pauses++;
        s.setPaused('pump', true);
        setTimeout(() => {
          unacked = 0;
          held = false;
          s.setPaused('pump', false);
        }, 25);
      }
    });
  });
}

describe('raw log of a real session (pty pair -> ser2net RFC 2217 -> NetworkSession)', () => {
  it('50 MB with a consumer slower than the line: the log SHA-256 equals the input', async () => {
    const input = randomBytes(TOTAL);
    const s = await createSession(parseTarget(`rfc2217://127.0.0.1:${ser2net.rfc2217Port}`), {});
    session = s;
    const file = join(dir.path, 'capture.raw');
    const log = startLog(s, { file, format: 'raw' });
    const doomed = startLog(s, { file: '/dev/full', format: 'raw' });
    const consumed = slowConsumer(s, TOTAL);
    await s.open();

    // the far device talks: write the input into the other end of the pty pair, with backpressure
    const far = createWriteStream(pair.b);
    const farDone = new Promise<void>((resolve, reject) => {
      far.once('error', reject);
      far.end(input, () => resolve());
    });

    const failed = await statusReached(doomed, 'failed');
    expect(failed.error).toMatch(/^disk full writing \/dev\/full: /);

    const { bytes, pauses } = await consumed;
    await farDone;
    await log.stop();
    expect(bytes).toBe(TOTAL);
    expect(pauses).toBeGreaterThan(50); // the consumer really did hold the source back
    expect(log.status).toMatchObject({ state: 'stopped', bytesWritten: TOTAL });
    expect(sha256(readFileSync(file))).toBe(sha256(input));
    expect(s.snapshot().state).toBe('connected'); // the failed log did not take the session down
    await s.close();
    session = null;
  }, 180_000);

  it('text log with sent bytes: connect, settings, data both ways and close, in order, marked by direction', async () => {
    const s = await createSession(parseTarget(`rfc2217://127.0.0.1:${ser2net.rfc2217Port}`), { settings: { baud: 9600 } });
    session = s;
    const file = join(dir.path, 'console.txt');
    const log = startLog(s, { file, format: 'text', sent: true, timestamps: 'wall' });
    let received = '';
    const gotReply = new Promise<void>((resolve) =>
      s.on('data', (b) => {
        received += Buffer.from(b).toString('latin1');
        if (received.includes('OK\r\n')) resolve();
      }),
    );
    await s.open();
    s.write(Buffer.from('ATZ\r'));
    const far = createWriteStream(pair.b);
    await new Promise<void>((resolve, reject) => {
      far.once('error', reject);
      far.end(Buffer.from('ATZ\r\r\nOK\r\n'), () => resolve());
    });
    await gotReply;
    await s.close();
    session = null;
    await statusReached(log, 'stopped'); // the log stops by itself when the session closes
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const stamps = lines.map((l) => Date.parse(l.slice(0, 24)));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThanOrEqual(stamps[i - 1]!);
    const body = lines.map((l) => l.slice(25));
    const at = (line: string) => {
      const i = body.indexOf(line);
      expect(i, `${line} in\n${body.join('\n')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(body[0]).toMatch(/^\* log started: rfc2217:\/\/127\.0\.0\.1:\d+ \(text\)$/);
    const connected = at('* connected');
    const settings = body.findIndex((l) => /^\* settings 9600 8N1 flow none/.test(l));
    const sent = at('> ATZ');
    const echo = at('< ATZ');
    const ok = at('< OK');
    const closed = at('* closed');
    expect(connected).toBeLessThan(sent);
    expect(settings).toBeGreaterThan(0);
    expect(sent).toBeLessThan(echo);
    expect(echo).toBeLessThan(ok);
    expect(ok).toBeLessThan(closed);
    expect(body.at(-1)).toBe('* log stopped');
  }, 60_000);
});
