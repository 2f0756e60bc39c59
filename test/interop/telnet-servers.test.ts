/**
 * telnet:// (NetworkSession) against plain telnet servers that run a test program on their pty instead
 * of login. The program sets the pty raw (no CR -> NL, no echo), says READY, and records every byte it
 * receives to a file: what the server made of our bytes after its own telnet processing.
 *
 * - BusyBox telnetd (busybox-static) never agrees to BINARY: we send under NVT rules (RFC 854). It maps
 *   CR LF and CR NUL to CR, but only when both bytes come in one read; a CR NUL followed by LF reaches
 *   the program as CR LF, a blank line on a shell. A line ending typed byte by byte or pasted and split
 *   between CR and LF must arrive exactly as when written in one go (interop-quirks.md, "More servers").
 * - GNU inetutils telnetd (inetutils-telnetd, inetd-style under socat) agrees to BINARY (RFC 856): the
 *   program gets exactly the bytes written, however they were split.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { startBusyboxTelnetd, startInetutilsTelnetd, tempDir, type Peer } from '../harness/peers.js';
import { record } from './helpers.js';

type Server = Peer & { port: number };

/** A short router-style config with CR LF line ends, a CR inside a line, a bare LF and a 0xFF byte. */
const CONFIG = Buffer.from(
  [
    'hostname edge-1\r\n',
    'interface Gi0/1\r\n',
    ' description uplink \xff\r\n',
    ' no shutdown\r\n',
    'progress\rdone\r\n',
    'bare lf\n',
    'end\r\n',
  ].join(''),
  'latin1',
);
/** Written last, with no line end: the program has everything once its file ends with it. */
const SENTINEL = Buffer.from('#END#', 'latin1');

const dir = tempDir('dialtone-telnetd-');
/** The test program (see the module doc); its file is got-<its pid>, announced in the READY line. */
const PROGRAM = join(dir.path, 'record.sh');

beforeAll(() => {
  writeFileSync(
    PROGRAM,
    ['#!/bin/sh', 'stty raw -echo', `printf 'READY %s\\r\\n' "$$"`, `exec cat > "${dir.path}/got-$$"`, ''].join('\n'),
  );
  chmodSync(PROGRAM, 0o755);
});
afterAll(() => dir.remove());

const sessions: NetworkSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

/** Poll `check` every `everyMs` until it holds; reject after `ms` with `what()`. */
async function waitUntil(check: () => boolean, ms: number, what: () => string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A telnet session to `server` whose program is READY; `got()` is what the program received so far. */
async function openSession(server: Server): Promise<{ s: NetworkSession; got: () => Buffer }> {
  // BusyBox never answers our BINARY requests: data may flow after ackTimeoutMs
  const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port: server.port }, { ackTimeoutMs: 300 });
  sessions.push(s);
  const rec = record(s);
  await s.open();
  let pid = '';
  await waitUntil(
    () => (pid = /READY (\d+)\r\n/.exec(rec.received().toString('latin1'))?.[1] ?? '') !== '',
    10_000,
    () => `READY from the program; received ${JSON.stringify(rec.received().toString('latin1'))}`,
  );
  const file = join(dir.path, `got-${pid}`);
  return { s, got: () => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0)) };
}

/** Write the sentinel, wait until the program has it, and return what it received before it. */
async function finish(s: NetworkSession, got: () => Buffer): Promise<string> {
  s.write(SENTINEL);
  const ends = () => got().subarray(-SENTINEL.length).equals(SENTINEL);
  await waitUntil(ends, 10_000, () => `the program to receive ${SENTINEL.toString()}; it has ${JSON.stringify(got().toString('latin1'))}`);
  return got().subarray(0, -SENTINEL.length).toString('latin1');
}

/**
 * The program got `expected`: first line by line (a blank line shows as ''), then byte for byte (as a
 * JSON string, so CR, LF and NUL are visible in a failure).
 */
function expectReceived(received: string, expected: string): void {
  expect(received.split(/\r|\n/)).toEqual(expected.split(/\r|\n/));
  expect(JSON.stringify(received)).toBe(JSON.stringify(expected));
}

/** Run the shared cases against one server; `expected` is what its program must get for CONFIG. */
function cases(start: (dir: string, program: string) => Promise<Server>, expected: string): void {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await start(dir.path, PROGRAM);
  });
  afterAll(() => server?.stop());

  it('typed: one write per byte, a turn of the event loop between writes; each line arrives once, no blank line', async () => {
    const { s, got } = await openSession(server!);
    for (const b of CONFIG) {
      s.write(Uint8Array.of(b));
      await nextTurn();
    }
    const received = await finish(s, got);
    expectReceived(received, expected);
  });

  /**
   * One copy of the config per split position k, written as CONFIG[0, k) and CONFIG[k, end). Each copy
   * waits until the program has the previous one: BusyBox pairs CR with its LF or NUL only within one
   * read, and a read can end anywhere once its 2 KB ring buffer wraps, so a long burst would show
   * BusyBox's limit, not ours.
   */
  async function pasteAtEverySplit(between: () => Promise<void> | void): Promise<string> {
    const { s, got } = await openSession(server!);
    for (let k = 0; k <= CONFIG.length; k++) {
      const before = got().length;
      s.write(CONFIG.subarray(0, k));
      await between();
      s.write(CONFIG.subarray(k));
      await waitUntil(() => got().length >= before + expected.length, 5000, () => `copy ${k} at the program`, 2);
    }
    return finish(s, got);
  }

  it('pasted: the config split into two writes at every position, both halves in one turn of the event loop', async () => {
    expectReceived(await pasteAtEverySplit(() => undefined), expected.repeat(CONFIG.length + 1));
  });

  it('pasted: the config split into two writes at every position, a turn of the event loop between the halves', async () => {
    expectReceived(await pasteAtEverySplit(nextTurn), expected.repeat(CONFIG.length + 1));
  });

  it("connect: 'connecting' at once, never 'idle', and 'connected' by the far end's first byte (with the default ack timeout)", async () => {
    // the operator's tab (the default ackTimeoutMs, 3000 ms): BusyBox never answers our BINARY requests
    const s = new NetworkSession({ kind: 'telnet', host: '127.0.0.1', port: server!.port });
    sessions.push(s);
    const rec = record(s);
    const states: string[] = [];
    let stateAtFirstData: string | null = null;
    s.on('event', (ev) => {
      if (ev.type === 'status') states.push(ev.state);
    });
    s.on('data', () => {
      stateAtFirstData ??= s.snapshot().state;
    });
    const started = Date.now();
    const opened = s.open();
    const polled = new Set<string>([s.snapshot().state]);
    const poll = setInterval(() => polled.add(s.snapshot().state), 5);
    try {
      await waitUntil(() => stateAtFirstData !== null, 10_000, () => `the program's first bytes; states ${JSON.stringify(states)}`);
      await opened;
    } finally {
      clearInterval(poll);
    }
    const tookMs = Date.now() - started;
    // the far end's bytes are on screen: the link is up, not "Not connected"
    expect(stateAtFirstData).toBe('connected');
    expect(states).toEqual(['connecting', 'connected']);
    expect([...polled].sort()).toEqual(['connected', 'connecting']);
    expect(tookMs).toBeLessThan(1500);
    // typed at once: kept until the negotiation's wait ends (BINARY), then delivered
    s.write(Buffer.from('early', 'latin1'));
    let pid = '';
    await waitUntil(() => (pid = /READY (\d+)\r\n/.exec(rec.received().toString('latin1'))?.[1] ?? '') !== '', 10_000, () => 'READY');
    const file = join(dir.path, `got-${pid}`);
    expect(await finish(s, () => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0)))).toBe('early');
  });

  it('Enter alone: a write that ends in CR, with nothing after it, reaches the program promptly', async () => {
    const { s, got } = await openSession(server!);
    s.write(Buffer.from('show clock\r', 'latin1'));
    await waitUntil(
      () => got().toString('latin1') === 'show clock\r',
      2000,
      () => `"show clock\\r" at the program; it has ${JSON.stringify(got().toString('latin1'))}`,
    );
  });
}

describe('BusyBox telnetd (no BINARY: NVT rules; CR LF and CR NUL reach the program as CR)', () => {
  cases(startBusyboxTelnetd, CONFIG.toString('latin1').replace(/\r\n/g, '\r'));
});

describe('GNU inetutils telnetd (BINARY agreed: the program gets the bytes as written)', () => {
  cases(startInetutilsTelnetd, CONFIG.toString('latin1'));
});
