/**
 * Transfers over telnet need BINARY (RFC 856) both ways. GNU inetutils telnetd agrees to it: XMODEM-1K
 * and ZMODEM go through it to lrzsz (run by telnetd on its pty instead of login) with every byte value,
 * 0xFF doubled by our engine and undone by telnetd. BusyBox telnetd never agrees to BINARY: the
 * transfer does not start, and says why. The session reports BINARY as agreed (snapshot().binary).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { binaryRefused, runTransfer } from '../../src-main/transfer/run-transfer.js';
import { XmodemSender, ZmodemSender } from '../../src-shared/transfer/index.js';
import { requireCommand, startBusyboxTelnetd, startInetutilsTelnetd, tempDir, type Peer } from '../harness/peers.js';
import { until } from '../interop/helpers.js';
import { sha256 } from './lrzsz.js';
import { expectPadded } from './matrix.js';

let dir: ReturnType<typeof tempDir> | null = null;
let server: (Peer & { port: number }) | null = null;
let session: NetworkSession | null = null;

afterEach(async () => {
  await session?.close();
  await server?.stop();
  dir?.remove();
  session = server = dir = null;
});

/** Bytes of every value (0xFF, CR, NUL, XON, XOFF, CAN among them), 0xFF and CR NUL runs first. */
function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 167 + (i >> 8)) & 0xff;
  Buffer.from([0xff, 0xff, 0x0d, 0x00, 0x0d, 0x0a, 0xff, 0x0d]).copy(b);
  return b;
}

/** A script telnetd runs instead of login: `command` in the test's folder. */
function program(command: string): string {
  const path = join(dir!.path, 'far-end.sh');
  writeFileSync(path, `#!/bin/sh\ncd ${dir!.path} && exec ${command}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A script telnetd runs instead of login: lrzsz `command` on the pty through socat (as
 * test/transfer/lrzsz.ts does: lrzsz straight on a pty loses its last ACK when it exits), then
 * "lrzsz-exited" and `cat`, which keeps the pty open.
 */
function lrzszProgram(command: string): string {
  const path = join(dir!.path, 'far-end.sh');
  writeFileSync(path, `#!/bin/sh\ncd ${dir!.path}\nstty raw -echo\n${requireCommand('socat')} STDIO EXEC:'${command}'\necho lrzsz-exited\nexec cat\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * Session text (latin1) until `text` arrives, after `first` (what came with the end of the transfer).
 * (lrzszProgram prints "lrzsz-exited" once lrzsz has.)
 */
async function readUntil(s: NetworkSession, first: Uint8Array, text: string): Promise<void> {
  let got = Buffer.from(first).toString('latin1');
  const on = (b: Uint8Array) => (got += Buffer.from(b).toString('latin1'));
  s.on('data', on);
  try {
    await until(s, 'data', () => got.includes(text), 10_000, `"${text}" (got ${JSON.stringify(got.slice(-100))})`);
  } finally {
    s.off('data', on);
  }
}

/** Connect a telnet session to `port`; resolves once BINARY is answered both ways or the engine gave up waiting. */
async function connect(port: number): Promise<NetworkSession> {
  session = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port }, { ackTimeoutMs: 1000 });
  await session.open();
  return session;
}

describe('transfers over telnet and BINARY', () => {
  it('inetutils telnetd agrees to BINARY both ways: XMODEM-1K with every byte value reaches rx whole', async () => {
    requireCommand('rx');
    dir = tempDir('dialtone-xfer-telnet-');
    server = await startInetutilsTelnetd(dir.path, lrzszProgram('rx -c -q got.bin'));
    const s = await connect(server.port);
    await until(s, 'event', () => s.snapshot().binary != null, 5000, 'BINARY answered');
    expect(s.snapshot().binary).toEqual({ local: true, remote: true });
    const data = bytes(64 * 1024);
    const events: unknown[] = [];
    const outcome = await runTransfer(s, new XmodemSender({ protocol: 'xmodem', blocks: '1k', files: [{ name: 'got.bin', data }] }), { onEvent: (e) => e.type !== 'progress' && events.push(e) });
    expect(outcome, JSON.stringify(events)).toMatchObject({ result: 'done' });
    await readUntil(s, outcome.rest, 'lrzsz-exited');
    expectPadded(readFileSync(join(dir.path, 'got.bin')), data);
  }, 60_000);

  it('inetutils telnetd: ZMODEM with every byte value reaches rz whole', async () => {
    requireCommand('rz');
    dir = tempDir('dialtone-xfer-telnet-');
    server = await startInetutilsTelnetd(dir.path, lrzszProgram('rz -q -y'));
    const s = await connect(server.port);
    await until(s, 'event', () => s.snapshot().binary != null, 5000, 'BINARY answered');
    const data = bytes(256 * 1024);
    const events: unknown[] = [];
    const outcome = await runTransfer(s, new ZmodemSender({ files: [{ name: 'z.bin', size: data.length, bytes: data, mtime: 1_700_000_000 }] }), { onEvent: (e) => e.type !== 'progress' && events.push(e) });
    expect(outcome, JSON.stringify(events)).toMatchObject({ result: 'done' });
    await readUntil(s, outcome.rest, 'lrzsz-exited');
    expect(sha256(readFileSync(join(dir.path, 'z.bin')))).toBe(sha256(data));
  }, 60_000);

  it('BusyBox telnetd does not agree to BINARY: the transfer does not start and says why', async () => {
    dir = tempDir('dialtone-xfer-telnet-');
    server = await startBusyboxTelnetd(dir.path, program('cat'));
    const s = await connect(server.port);
    const sent = s.snapshot().bytesSent;
    const outcome = await runTransfer(s, new XmodemSender({ protocol: 'xmodem', blocks: '1k', files: [{ name: 'x.bin', data: bytes(1024) }] }));
    // BusyBox answers neither DO BINARY nor WILL BINARY: after the wait the answer is still unknown
    expect(s.snapshot().binary).toBeNull();
    expect(outcome.result).toBe('failed');
    expect(outcome.reason).toMatch(/never agreed to BINARY/);
    expect(s.snapshot().bytesSent).toBe(sent); // nothing of the transfer went out
  }, 30_000);

  it('raw TCP has no telnet layer: no BINARY in the snapshot', async () => {
    dir = tempDir('dialtone-xfer-telnet-');
    server = await startInetutilsTelnetd(dir.path, program('cat'));
    session = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: server.port });
    await session.open();
    expect('binary' in session.snapshot()).toBe(false);
  }, 30_000);
});

describe('binaryRefused (what the transfer says when BINARY is not in effect)', () => {
  it('names the way that was refused, and a server that never answered; raw TCP and serial need nothing', () => {
    expect(binaryRefused({ local: true, remote: true })).toBeNull();
    expect(binaryRefused(undefined)).toBeNull();
    expect(binaryRefused({ local: false, remote: true })).toMatch(/refused BINARY \(RFC 856\) from us to it:/);
    expect(binaryRefused({ local: true, remote: false })).toMatch(/refused BINARY \(RFC 856\) from it to us:/);
    expect(binaryRefused({ local: false, remote: false })).toMatch(/from us to it and from it to us: .*raw TCP port/);
    expect(binaryRefused(null)).toMatch(/never agreed to BINARY/);
  });
});
