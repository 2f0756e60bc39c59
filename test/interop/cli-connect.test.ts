/**
 * `dialtone connect` end to end: the CLI process against ser2net on a socat pty pair (the test plays the
 * device), with every byte value both ways, --events on stderr, and the exit statuses 0, 2, 3, 4.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEventSchema } from '../../src-shared/session/events.js';
import { freePort, startPtyPair, startSer2net, stty, tempDir, type PtyPair, type Ser2net } from '../harness/peers.js';
import { dialtone } from './cli.js';
import { testPattern, until, type PtyEnd } from './helpers.js';
import { startPtyRig, type PtyRig } from './pty-rig.js';

let rig: PtyRig<Ser2net> | undefined;
let pair: PtyPair;
let ser2net: Ser2net;
let device: PtyEnd;

beforeAll(async () => {
  rig = await startPtyRig(startSer2net);
  ({ pair, peer: ser2net, device } = rig);
});
afterAll(() => rig?.stop());

describe('dialtone connect rfc2217:// against ser2net', () => {
  it('stdin to the line and the line to stdout unchanged (all 256 byte values), --events as JSON lines, exit 0', async () => {
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`, '--events', '--baud', '9600', '--linger', '300']);
    await cli.waitForStderr(/"state":"connected"/);
    await cli.waitForStderr(/"baud":\{"asked":9600,"inEffect":9600,"state":"confirmed"\}/);
    expect(stty(pair.a)).toMatch(/speed 9600 baud/);

    const fromDevice = testPattern(200_000);
    await device.write(fromDevice);
    expect((await cli.waitForStdout(fromDevice.length)).equals(fromDevice)).toBe(true);

    const toDevice = testPattern(300_000 + 3).subarray(3);
    const base = device.receivedLength();
    cli.child.stdin!.end(toDevice);
    expect((await device.waitForBytes(base + toDevice.length)).subarray(base).equals(toDevice)).toBe(true);
    expect(await cli.exited).toBe(0);

    const events = cli.events();
    for (const ev of events) expect(sessionEventSchema.safeParse(ev).success).toBe(true);
    expect(events).toContainEqual({ type: 'settings', line: expect.objectContaining({ baud: { asked: 9600, inEffect: 9600, state: 'confirmed' } }) });
    expect(events).toContainEqual({ type: 'modem', cts: false, dsr: false, ri: false, dcd: false, changed: ['cts', 'dsr', 'ri', 'dcd'] });
    // a plain session never asks for the SIGNATURE (gensio's server crashes on the request)
    expect(events.some((ev) => ev.type === 'signature')).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'status', state: 'closed' });
    expect(cli.stdout().length).toBe(fromDevice.length); // nothing but the line on stdout
  });

  it('--hex prints rows of both directions that reassemble to exactly the bytes; --timestamps delta stamps each line', async () => {
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`, '--hex', '--hex-width', '8', '--hex-gap', '50', '--linger', '300', '--events']);
    await cli.waitForStderr(/"state":"connected"/);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await device.write(all);
    const rowsFor = (mark: string) => cli.stdout().toString('latin1').split('\n').filter((l) => l.slice(9, 10) === mark);
    const bytesOf = (rows: string[]) => Buffer.from(rows.flatMap((r) => r.slice(r.indexOf('  ') + 2, r.indexOf('|')).trim().split(/ +/).map((h) => parseInt(h, 16))));
    await until(cli.child.stdout!, 'data', () => bytesOf(rowsFor('<')).length >= 256, 10_000, 'the hex rows of 256 received bytes');
    expect(bytesOf(rowsFor('<')).equals(all)).toBe(true);
    for (const row of rowsFor('<')) expect(row).toMatch(/^[0-9a-f]{8} < \d\d:\d\d:\d\d\.\d{3}  ([0-9a-f]{2} ){1,8}/);
    const base = device.receivedLength();
    cli.child.stdin!.end(Buffer.from('hex\r'));
    await device.waitForBytes(base + 4);
    expect(await cli.exited).toBe(0);
    expect(bytesOf(rowsFor('>')).toString('latin1')).toBe('hex\r');

    const stamped = dialtone(['connect', `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`, '--timestamps', 'delta', '--linger', '300', '--events']);
    await stamped.waitForStderr(/"state":"connected"/);
    await device.write(Buffer.from('one\r\n'));
    await stamped.waitForStdout(5);
    await device.write(Buffer.from('two\r\n'));
    await until(stamped.child.stdout!, 'data', () => stamped.stdout().toString('latin1').includes('two'), 10_000, 'two stamped lines');
    stamped.child.stdin!.end();
    expect(await stamped.exited).toBe(0);
    expect(stamped.stdout().toString('latin1')).toMatch(/^\[\+0\.000\] one\r\n\[\+\d\.\d{3}\] two\r\n$/);
  });

  it('exit 2 on bad usage, naming the option', async () => {
    const bad = dialtone(['connect', `rfc2217://127.0.0.1:${ser2net.rfc2217Port}`, '--parity', 'sideways']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--parity must be one of none|odd|even|mark|space, not "sideways"');
    const noTarget = dialtone(['connect', '--baud', '9600']);
    expect(await noTarget.exited).toBe(2);
    expect(noTarget.stderr()).toContain('TARGET is missing');
    const badTarget = dialtone(['connect', 'ftp://127.0.0.1:21']);
    expect(await badTarget.exited).toBe(2);
    expect(badTarget.stderr()).toContain('unknown scheme "ftp"');
  });

  it('exit 3 when the connection is refused, with the reason naming host:port', async () => {
    const port = await freePort();
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${port}`]);
    cli.child.stdin!.end();
    expect(await cli.exited).toBe(3);
    expect(cli.stderr()).toContain(`connection refused by 127.0.0.1:${port}`);
  });
});

describe('dialtone connect when the server goes away', () => {
  it('exit 4 when ser2net is killed under the session; --events reports why', async () => {
    const own = tempDir();
    const ownPair = await startPtyPair(own.path);
    const ownSer2net = await startSer2net(own.path, ownPair.a);
    try {
      const cli = dialtone(['connect', `tcp://127.0.0.1:${ownSer2net.rawPort}`, '--events']);
      await cli.waitForStderr(/"state":"connected"/);
      await ownSer2net.stop();
      expect(await cli.exited).toBe(4);
      const lost = cli.events().find((ev) => ev['state'] === 'disconnected');
      expect(lost).toMatchObject({ type: 'status', code: expect.stringMatching(/^(closed-by-peer|reset)$/) });
      expect(String(lost?.['reason'])).toContain(`127.0.0.1:${ownSer2net.rawPort}`);
    } finally {
      await ownSer2net.stop();
      await ownPair.stop();
      own.remove();
    }
  });
});

describe('dialtone connect: bytes that arrive with the negotiation', () => {
  // A server that sends its DO COM-PORT and data in one TCP write, so the read that completes the
  // negotiation (and open()) also carries line data. ser2net cannot be made to do this on demand (its
  // device side opens only when a client connects), so a net.Server sends those exact bytes.
  it('reach stdout too', async () => {
    const early = Buffer.concat([Buffer.from([255, 253, 44, 255, 251, 0, 255, 253, 0]), Buffer.from('early bytes \xff\xff!', 'latin1')]);
    const srv = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.write(early);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (srv.address() as { port: number }).port;
      const cli = dialtone(['connect', `rfc2217://127.0.0.1:${port}`, '--linger', '200']);
      const want = Buffer.from('early bytes \xff!', 'latin1');
      expect((await cli.waitForStdout(want.length)).equals(want)).toBe(true);
      cli.child.stdin!.end();
      expect(await cli.exited).toBe(0);
    } finally {
      srv.close();
    }
  });
});

describe('dialtone connect: bytes not delivered', () => {
  it('exit 5 when the server suspends us (FLOWCONTROL-SUSPEND) and never resumes: the piped bytes were not sent', async () => {
    // a server that agrees BINARY and COM-PORT, then says FLOWCONTROL-SUSPEND and nothing more
    const received: Buffer[] = [];
    const server = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.on('data', (b) => received.push(b));
      sock.write(Buffer.from([0xff, 0xfd, 0x2c, 0xff, 0xfb, 0x00, 0xff, 0xfd, 0x00, 0xff, 0xfa, 0x2c, 0x6c, 0xff, 0xf0]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const cli = dialtone(['connect', `rfc2217://127.0.0.1:${port}`, '--linger', '100', '--ack-timeout', '300']);
      cli.child.stdin!.end('23 bytes for a suspended');
      expect(await cli.exited).toBe(5);
      expect(cli.stderr()).toMatch(/24 bytes .* never sent/);
      expect(Buffer.concat(received).includes(Buffer.from('23 bytes'))).toBe(false);
    } finally {
      server.close();
    }
  });
});
