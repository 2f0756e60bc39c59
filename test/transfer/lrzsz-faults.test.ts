/**
 * Transfers against lrzsz when the line misbehaves. lrzsz runs under socat on a TCP listener (raw TCP:
 * no telnet layer, every byte as it is); between it and our session (raw TCP kind) a relay
 * (test/harness/fault-relay.ts) flips a byte of a block in either direction, or cuts the line. Real
 * lrzsz NAKs a block whose CRC fails (XMODEM) or asks for the stream again from the last good byte
 * (ZMODEM ZRPOS), and cancels (CAN x10, BS x10) when interrupted; we must recover, or end cleanly with
 * the reason, and leave the line usable. The files are fixed bytes (a seeded generator), so a flip at an
 * offset always lands in the same block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkSession } from '../../src-main/sessions/network-session.js';
import { runTransfer, type TransferOutcome } from '../../src-main/transfer/run-transfer.js';
import { XmodemReceiver, XmodemSender, ZmodemReceiver, ZmodemSender, type TransferEvent } from '../../src-shared/transfer/index.js';
import { startFaultRelay, type FaultRelay } from '../harness/fault-relay.js';
import { requireCommand, tempDir } from '../harness/peers.js';
import { until } from '../interop/helpers.js';
import { exitedWithin, sha256, startShellOnTcp, type Lrzsz } from './lrzsz.js';
import { expectPadded } from './matrix.js';

/** `size` bytes from a seeded xorshift generator, every value (0xFF, XON, XOFF, CAN) among them. */
function fixedBytes(size: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * rx and rb send their first 'C' as they start, and the next one about 10 s later: started at the
 * connection, the first would reach the session before the transfer listens (in the window it goes to
 * the terminal while the operator picks the file). So they wait for a byte from us (go()), written just
 * before the transfer starts listening.
 */
const GATE = 'head -c 1 >/dev/null;';
const go = () => void session!.write(Buffer.from('g'));

type Far = Lrzsz & { port: number; descendant(name: string): number | null };

let dir: ReturnType<typeof tempDir>;
let far: Far | null = null;
let echo: Far | null = null;
let relay: FaultRelay | null = null;
let session: NetworkSession | null = null;

afterEach(async () => {
  await session?.close();
  await relay?.stop();
  await far?.stop();
  await echo?.stop();
  dir?.remove();
  session = relay = far = echo = null;
});

/**
 * lrzsz's `command` (a shell line, run in a new folder holding `files`) behind the relay, and our raw
 * TCP session to the relay, connected.
 */
async function line(command: string, files: Record<string, Buffer> = {}): Promise<void> {
  requireCommand('sx');
  dir = tempDir('dialtone-xfer-faults-');
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir.path, name), data);
  far = await startShellOnTcp(command, dir.path);
  relay = await startFaultRelay(far.port);
  session = new NetworkSession({ kind: 'raw', host: '127.0.0.1', port: relay.port }, { reconnect: true, backoff: { initialMs: 100, maxMs: 400 } });
  await session.open();
}

/** Run `engine`, collecting its events apart from progress, and the received file bytes. */
async function run(engine: Parameters<typeof runTransfer>[1], signal?: AbortSignal) {
  const events: TransferEvent[] = [];
  const chunks: Uint8Array[] = [];
  /** Bytes the relay had passed from the peer when the engine said it was ending (null: it never did). */
  let fromPeerAtEnding: number | null = null;
  const outcome: TransferOutcome = await runTransfer(session!, engine, {
    signal,
    onEvent: (ev) => {
      if (ev.type === 'ending') fromPeerAtEnding = relay!.sent.fromPeer;
      if (ev.type === 'data') chunks.push(ev.bytes);
      else if (ev.type !== 'progress') events.push(ev);
    },
  });
  return { outcome, events, received: Buffer.concat(chunks), retries: events.filter((e) => e.type === 'retry').length, fromPeerAtEnding: fromPeerAtEnding as number | null };
}

/** Session bytes (latin1) until `text` arrives; `first` is what came with the end of the transfer. */
async function read(s: NetworkSession, first: Uint8Array, text: string, ms = 10_000): Promise<string> {
  let got = Buffer.from(first).toString('latin1');
  const on = (b: Uint8Array) => (got += Buffer.from(b).toString('latin1'));
  s.on('data', on);
  try {
    await until(s, 'data', () => got.includes(text), ms, `"${text}" from the far end (got ${JSON.stringify(got.slice(-200))})`);
  } finally {
    s.off('data', on);
  }
  return got;
}

/**
 * Cut the line under the running transfer `done` (the session reconnects to the `echo` far end):
 * the transfer fails, naming the lost line, and the session is connected again.
 */
async function cutLine(done: ReturnType<typeof run>): Promise<void> {
  relay!.setUpstream(echo!.port);
  relay!.cut();
  const r = await done;
  expect(r.outcome.result).toBe('failed');
  expect(r.outcome.reason).toMatch(/line was lost/);
  await until(session!, 'event', () => session!.snapshot().state === 'connected', 10_000, 'the session connected again');
}

/** Interrupt lrzsz `name` below the far end's shell as an operator's Ctrl+C would: it cancels (CAN x10) and exits. */
async function interrupt(name: string): Promise<void> {
  const pid = far!.descendant(name);
  expect(pid, `${name} runs`).not.toBeNull();
  process.kill(pid!, 'SIGINT');
}

describe('XMODEM and YMODEM against lrzsz with line faults', () => {
  it('a flipped byte in block 2 of what we send: rx NAKs it, we send it again, the file arrives whole', async () => {
    const data = fixedBytes(8 * 1024);
    await line(`${GATE} rx -c -q got.bin`);
    relay!.flipToPeer(1 + 3 + 1024 + 2 + 500); // after go()'s byte and block 1 (STX, number, ~number, 1024 bytes, CRC): in block 2
    go();
    const r = await run(new XmodemSender({ protocol: 'xmodem', blocks: '1k', files: [{ name: 'got.bin', data }] }));
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'done' });
    expect(await exitedWithin(far!, 15_000), far!.output()).toBe(0);
    expect(r.retries, JSON.stringify(r.events)).toBeGreaterThanOrEqual(1);
    expectPadded(readFileSync(join(dir.path, 'got.bin')), data);
  }, 60_000);

  it('a flipped byte in block 4 of what sx sends: we NAK it, sx sends it again, the file arrives whole', async () => {
    const data = fixedBytes(4 * 1024, 7);
    await line('sx -q src.bin', { 'src.bin': data });
    relay!.flipFromPeer(3 * 133 + 60); // block 4 of 128-byte CRC blocks (133 bytes each)
    const r = await run(new XmodemReceiver({ protocol: 'xmodem', check: 'crc' }));
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'done' });
    expect(await exitedWithin(far!, 15_000), far!.output()).toBe(0);
    expect(r.retries).toBeGreaterThanOrEqual(1);
    expectPadded(r.received, data);
  }, 60_000);

  it('rb interrupted mid-batch cancels (CAN): we report "cancelled by the peer", and the line works after', async () => {
    const data = fixedBytes(256 * 1024, 3);
    await line(`${GATE} rb -q; echo after-rb; exec cat`);
    go();
    const done = run(new XmodemSender({ protocol: 'ymodem', blocks: '1k', files: [{ name: 'big.bin', data }] }));
    await relay!.whenToPeer(16 * 1024);
    await interrupt('rb');
    const r = await done;
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'cancelled', reason: 'peer' });
    const text = await read(session!, r.outcome.rest, 'after-rb');
    expect(text).toContain('after-rb');
    session!.write(Buffer.from('ping\n'));
    expect(await read(session!, new Uint8Array(0), 'ping')).toContain('ping');
  }, 60_000);

  it('a flipped byte in the YMODEM-g stream sb sends: we end it at once (no retry in -g), sb stops, no stream byte reaches the terminal', async () => {
    // the far end's prompt comes a second after sb ends: past our drain, which swallows the stream's tail
    await line('sb -q src.bin; sleep 1; echo after-sb; exec cat', { 'src.bin': fixedBytes(256 * 1024, 19) });
    relay!.flipFromPeer(20_000);
    const r = await run(new XmodemReceiver({ protocol: 'ymodem', streaming: true }));
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'failed' });
    expect(r.outcome.reason).toMatch(/YMODEM-g: .*a streamed block cannot be sent again/);
    expect(r.retries).toBe(0);
    // sb stops on our CAN CAN; answering every 0x04 in the stream's tail with more CANs kept it waiting on its EOT for minutes
    const text = await read(session!, r.outcome.rest, 'after-sb');
    expect(text.slice(0, text.indexOf('after-sb')).length, JSON.stringify(text.slice(0, 200))).toBeLessThan(16);
    session!.write(Buffer.from('ping\n'));
    expect(await read(session!, new Uint8Array(0), 'ping')).toContain('ping');
  }, 60_000);

  it('Cancel while sb streams YMODEM-g: sb stops, nothing of the stream reaches the terminal, the line answers', async () => {
    await line('sb -q src.bin; sleep 1; echo after-sb; exec cat', { 'src.bin': fixedBytes(1024 * 1024, 23) });
    const abort = new AbortController();
    const done = run(new XmodemReceiver({ protocol: 'ymodem', streaming: true }), abort.signal);
    await relay!.whenFromPeer(16 * 1024);
    abort.abort();
    const r = await done;
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'cancelled', reason: 'local' });
    // 'ending' was said at the Cancel, while sb's stream still came (the drain), not only at the end
    expect(r.events.find((e) => e.type === 'ending')).toEqual({ type: 'ending', reason: 'cancelled here' });
    expect(r.fromPeerAtEnding).not.toBeNull();
    expect(relay!.sent.fromPeer - r.fromPeerAtEnding!).toBeGreaterThan(1024);
    const text = await read(session!, r.outcome.rest, 'after-sb');
    expect(text.slice(0, text.indexOf('after-sb')).length, JSON.stringify(text.slice(0, 200))).toBeLessThan(16);
    session!.write(Buffer.from('ping\n'));
    expect(await read(session!, new Uint8Array(0), 'ping')).toContain('ping');
  }, 60_000);

  it('sx interrupted mid-file cancels: we report "cancelled by the peer"', async () => {
    await line('sx -k -q src.bin; echo after-sx; exec cat', { 'src.bin': fixedBytes(256 * 1024, 5) });
    const done = run(new XmodemReceiver({ protocol: 'xmodem', check: 'crc' }));
    await relay!.whenFromPeer(16 * 1024);
    await interrupt('sx');
    const r = await done;
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'cancelled', reason: 'peer' });
    expect(await read(session!, r.outcome.rest, 'after-sx')).toContain('after-sx');
  }, 60_000);

  it('the line drops mid-transfer: the transfer fails with the reason, the session reconnects and works', async () => {
    const data = fixedBytes(256 * 1024, 11);
    await line(`${GATE} rx -c -q got.bin`);
    // after the cut, the session reconnects to a far end that echoes
    echo = await startShellOnTcp('exec cat', dir.path);
    go();
    const done = run(new XmodemSender({ protocol: 'xmodem', blocks: '1k', files: [{ name: 'got.bin', data }] }));
    await relay!.whenToPeer(20 * 1024);
    await cutLine(done);
    session!.write(Buffer.from('still here\n'));
    expect(await read(session!, new Uint8Array(0), 'still here')).toContain('still here');
  }, 60_000);
});

describe('ZMODEM against lrzsz with line faults', () => {
  it('a flipped byte in a data subpacket we send: rz asks again from the last good byte (ZRPOS), the file arrives whole', async () => {
    const data = fixedBytes(64 * 1024, 13);
    await line('rz -q -y');
    relay!.flipToPeer(20_000);
    const r = await run(new ZmodemSender({ files: [{ name: 'z.bin', size: data.length, bytes: data, mtime: 1_700_000_000 }] }));
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'done' });
    expect(await exitedWithin(far!, 15_000), far!.output()).toBe(0);
    expect(r.retries, JSON.stringify(r.events)).toBeGreaterThanOrEqual(1);
    expect(sha256(readFileSync(join(dir.path, 'z.bin')))).toBe(sha256(data));
  }, 60_000);

  it('a flipped byte in what sz sends: we ask again from the last good byte (ZRPOS), sz resumes, the file arrives whole', async () => {
    const data = fixedBytes(64 * 1024, 17);
    await line('sz -q z.bin', { 'z.bin': data });
    relay!.flipFromPeer(20_000);
    const r = await run(new ZmodemReceiver());
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'done' });
    expect(await exitedWithin(far!, 15_000), far!.output()).toBe(0);
    expect(r.retries, JSON.stringify(r.events)).toBeGreaterThanOrEqual(1);
    expect(sha256(r.received)).toBe(sha256(data));
  }, 60_000);

  it('rz interrupted mid-file cancels: we report "cancelled by the peer", and the line works after', async () => {
    const data = fixedBytes(1024 * 1024, 19);
    await line('rz -q -y; echo after-rz; exec cat');
    const done = run(new ZmodemSender({ files: [{ name: 'z.bin', size: data.length, bytes: data, mtime: 1_700_000_000 }] }));
    await relay!.whenToPeer(64 * 1024);
    await interrupt('rz');
    const r = await done;
    expect(r.outcome, JSON.stringify(r.events)).toMatchObject({ result: 'cancelled', reason: 'peer' });
    expect(await read(session!, r.outcome.rest, 'after-rz')).toContain('after-rz');
    session!.write(Buffer.from('ping\n'));
    expect(await read(session!, new Uint8Array(0), 'ping')).toContain('ping');
  }, 60_000);

  it('the line drops while sz sends: the transfer fails with the reason, the session reconnects', async () => {
    await line('sz -q z.bin', { 'z.bin': fixedBytes(1024 * 1024, 23) });
    echo = await startShellOnTcp('exec cat', dir.path);
    const done = run(new ZmodemReceiver());
    await relay!.whenFromPeer(64 * 1024);
    await cutLine(done);
  }, 60_000);
});

