/**
 * Plain send (sendPlain): raw bytes as they are, and a text file as a paste goes (its line ends made
 * the send newline, a delay after each line or character, like minicom's ascii-xfr), over a socat pty
 * pair with the test reading the device end and timing what arrives; cancel mid-text; a line cut by
 * a relay ends it as failed. `dialtone send --protocol text` the same way.
 */
import { constants, openSync, writeFileSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { sendPlain } from '../../src-main/transfer/service.js';
import { startFaultRelay } from '../harness/fault-relay.js';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { dialtone } from '../interop/cli.js';
import { until } from '../interop/helpers.js';
import { startShellOnTcp } from './lrzsz.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
let device: { stream: ReadStream; got: () => Buffer; arrivals: Array<{ at: number; length: number }> };
let session: SerialSession | null = null;

beforeEach(async () => {
  dir = tempDir('dialtone-text-send-');
  pair = await startPtyPair(dir.path);
  // the device end, read as it arrives, with the time each piece came
  const stream = new ReadStream(openSync(pair.b, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK));
  const chunks: Buffer[] = [];
  const arrivals: Array<{ at: number; length: number }> = [];
  let length = 0;
  stream.on('data', (b: Buffer) => {
    chunks.push(b);
    length += b.length;
    arrivals.push({ at: performance.now(), length });
  });
  stream.on('error', () => undefined);
  device = { stream, got: () => Buffer.concat(chunks), arrivals };
});

afterEach(async () => {
  await session?.close();
  session = null;
  device.stream.destroy();
  await pair.stop();
  dir.remove();
});

async function open(): Promise<SerialSession> {
  session = new SerialSession({ kind: 'serial', path: pair.a }, { settings: { baud: 115200 } });
  await session.open();
  return session;
}

const waitFor = (n: number) => until(device.stream, 'data', () => device.got().length >= n, 10_000, `${n} bytes at the device (got ${device.got().length})`);

describe('plain send', () => {
  it('raw: every byte value arrives as it is, progress counts to the end', async () => {
    const s = await open();
    const data = Buffer.alloc(64 * 1024, 0);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    const seen: number[] = [];
    const end = await sendPlain(s, data, { signal: new AbortController().signal, progress: (n, total) => seen.push(n / total) });
    expect(end).toEqual({ result: 'done' });
    await waitFor(data.length);
    expect(device.got().equals(data)).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('text: LF, CR LF and CR line ends all become CR LF; a 100 ms wait after each line; other bytes untouched', async () => {
    const s = await open();
    const file = Buffer.from('interface Gi0/1\n description uplink é\r\n shutdown\rend\n', 'latin1');
    const want = Buffer.from('interface Gi0/1\r\n description uplink é\r\n shutdown\r\nend\r\n', 'latin1');
    const end = await sendPlain(s, file, { signal: new AbortController().signal, text: { newline: 'crlf', charDelayMs: 0, lineDelayMs: 100 } });
    expect(end).toEqual({ result: 'done' });
    await waitFor(want.length);
    expect(device.got().equals(want)).toBe(true);
    // four lines, three waits between them: the last line came at least 3 x 100 ms after the first
    const firstAt = device.arrivals[0]!.at;
    const lastAt = device.arrivals[device.arrivals.length - 1]!.at;
    expect(lastAt - firstAt).toBeGreaterThanOrEqual(290);
    expect(device.arrivals.length).toBeGreaterThanOrEqual(4);
  });

  it('text with a character delay: Cancel stops it; what went out is a prefix of the text', async () => {
    const s = await open();
    const file = Buffer.from('0123456789'.repeat(100), 'latin1');
    const abort = new AbortController();
    const done = sendPlain(s, file, { signal: abort.signal, text: { newline: 'cr', charDelayMs: 20, lineDelayMs: 0 } });
    await waitFor(5);
    abort.abort();
    expect(await done).toEqual({ result: 'cancelled', reason: 'local' });
    const got = device.got().toString('latin1');
    expect(got.length).toBeLessThan(100);
    expect(file.toString('latin1').startsWith(got)).toBe(true);
  });

  it('dialtone send --protocol text --newline crlf: the file arrives with CR LF line ends, exit 0', async () => {
    const path = join(dir.path, 'config.txt');
    writeFileSync(path, 'hostname r1\nend\n');
    const cli = dialtone(['send', path, '--protocol', 'text', '--newline', 'crlf', '--line-delay', '20', '--via', `serial:${pair.a}`]);
    expect(await cli.exited, cli.stderr()).toBe(0);
    await waitFor(17);
    expect(device.got().toString('latin1')).toBe('hostname r1\r\nend\r\n');
  });
});

describe('plain send when the line drops', () => {
  it('the line cut mid-text: failed, naming the lost line', async () => {
    const far = await startShellOnTcp('exec cat >/dev/null', dir.path);
    const relay = await startFaultRelay(far.port);
    const net = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: relay.port }, { reconnect: true, backoff: { initialMs: 100, maxMs: 400 } });
    try {
      await net.open();
      const done = sendPlain(net, Buffer.from('x\n'.repeat(1000)), { signal: new AbortController().signal, text: { newline: 'cr', charDelayMs: 0, lineDelayMs: 5 } });
      await relay.whenToPeer(20);
      relay.cut();
      const end = await done;
      expect(end.result).toBe('failed');
      expect(end.reason).toMatch(/line was lost/);
    } finally {
      await net.close();
      await relay.stop();
      await far.stop();
    }
  });
});
