/**
 * ZMODEM against lrzsz (Debian lrzsz: sz / rz) over a local serial line: a socat pty pair at 115200,
 * our SerialSession and engine on one end, lrzsz on the other (test/transfer/lrzsz.ts starts it), each
 * direction with every size of SIZES (0 .. 1025 bytes and 1 MiB of random bytes, 0xFF XON XOFF CAN
 * first) in one batch: names, sizes and SHA-256 compared. sz runs under a shell that prints a prompt
 * after it: the prompt must come back to the terminal (rest, then the session), with no ZMODEM bytes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SerialSession } from '../../src-main/sessions/serial-session.js';
import { runTransfer } from '../../src-main/transfer/run-transfer.js';
import { ZmodemDetector, ZmodemReceiver, ZmodemSender, type TransferEvent, type ZmodemStart } from '../../src-shared/transfer/index.js';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { exitedWithin, makeFile, readBack, sha256, SIZES, startLrzsz, startShellOnTty, type TestFile } from './lrzsz.js';

let dir: ReturnType<typeof tempDir>;
let pair: PtyPair;
let session: SerialSession;
let files: TestFile[];
let src: string;

/** lrzsz's sz / rz on the far end of the pair, or a shell command line around them. */
const start = (program: 'sz' | 'rz' | 'sh', args: string[], cwd: string) =>
  program === 'sh' ? startShellOnTty(args[1]!, pair.b, cwd) : startLrzsz(program, args, pair.b, cwd);

/** Session bytes until `text` is seen (or `ms` passed), after `first`. */
function collectUntil(first: Uint8Array, text: string, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let got = Buffer.from(first).toString('latin1');
    const done = () => {
      clearTimeout(timer);
      session.off('data', on);
      resolve(got);
    };
    const on = (b: Uint8Array) => {
      got += Buffer.from(b).toString('latin1');
      if (got.includes(text)) done();
    };
    const timer = setTimeout(done, ms);
    session.on('data', on);
    if (got.includes(text)) done();
  });
}

beforeAll(() => {
  dir = tempDir('dialtone-zmodem-pty-');
  src = join(dir.path, 'src');
  mkdirSync(src, { recursive: true });
  files = SIZES.map((n) => makeFile(src, `f${n}.bin`, n));
});

afterAll(() => dir?.remove());

// a line per test: what one test leaves in a pty's buffers cannot reach the next
let lines = 0;
beforeEach(async () => {
  lines++;
  pair = await startPtyPair(dir.path, `ttyA${lines}`, `ttyB${lines}`);
  session = new SerialSession({ kind: 'serial', path: pair.a }, { settings: { baud: 115200 } });
  await session.open();
});

afterEach(async () => {
  await session?.close();
  await pair?.stop();
});

describe('ZMODEM against lrzsz on a pty pair (serial:)', () => {
  it('sz sends every size in one batch; we receive them whole, names and sizes kept; the prompt after is the terminal\'s', async () => {
    const names = files.map((f) => f.name);
    const sz = start('sh', ['-c', `sz -q ${names.join(' ')} && printf 'after-sz$'`], src);
    const got: Array<{ name: string; size: number | null; chunks: Uint8Array[] }> = [];
    const events: TransferEvent[] = [];
    const onEvent = (ev: TransferEvent) => {
      if (ev.type === 'file') got.push({ name: ev.name, size: ev.size, chunks: [] });
      else if (ev.type === 'data') got[got.length - 1]!.chunks.push(ev.bytes);
      else if (ev.type !== 'progress') events.push(ev);
    };
    const outcome = await runTransfer(session, new ZmodemReceiver(), { onEvent });
    const after = await collectUntil(outcome.rest, 'after-sz$', 5000);
    const code = await exitedWithin(sz, 10_000);
    expect(outcome, `${JSON.stringify(events)}\n${sz.output()}`).toMatchObject({ result: 'done' });
    expect(code, sz.output()).toBe(0);
    expect(got.map((g) => g.name)).toEqual(names);
    for (const [i, f] of files.entries()) {
      expect(got[i]!.size, f.name).toBe(f.data.length);
      expect(sha256(Buffer.concat(got[i]!.chunks)), f.name).toBe(sha256(f.data));
    }
    expect(after).toBe('after-sz$');
  }, 120_000);

  it('we send every size in one batch; rz writes them whole, names and sizes kept', async () => {
    const out = join(dir.path, 'rz-out');
    mkdirSync(out, { recursive: true });
    const rz = start('rz', ['-q', '-y'], out);
    const sender = new ZmodemSender({ files: files.map((f) => ({ name: f.name, size: f.data.length, bytes: f.data, mtime: 1_700_000_000 })) });
    const events: TransferEvent[] = [];
    const outcome = await runTransfer(session, sender, { onEvent: (ev) => ev.type !== 'progress' && events.push(ev) });
    const code = await exitedWithin(rz, 10_000);
    expect(outcome, `${JSON.stringify(events)}\n${rz.output()}`).toMatchObject({ result: 'done' });
    expect(code, rz.output()).toBe(0);
    for (const f of files) {
      const back = readBack(out, f.name);
      expect(back.length, f.name).toBe(f.data.length);
      expect(sha256(back), f.name).toBe(sha256(f.data));
    }
  }, 120_000);

  it('we send through a chunk reader with 8 KiB subpackets and every control character escaped', async () => {
    const out = join(dir.path, 'rz-out-escaped');
    mkdirSync(out, { recursive: true });
    const rz = start('rz', ['-q', '-y'], out);
    const big = files[files.length - 1]!;
    const sender = new ZmodemSender({
      files: [{ name: 'big-read.bin', size: big.data.length, read: (o, n) => big.data.subarray(o, o + n) }],
      subpacketSize: 8192,
      windowBytes: 65536,
      escapeAll: true,
    });
    const outcome = await runTransfer(session, sender);
    const code = await exitedWithin(rz, 10_000);
    expect(outcome, rz.output()).toMatchObject({ result: 'done' });
    expect(code, rz.output()).toBe(0);
    expect(sha256(readBack(out, 'big-read.bin'))).toBe(sha256(big.data));
  }, 120_000);

  it('auto-start: the terminal sees sz\'s ZRQINIT (offer to receive) and rz\'s ZRINIT (offer to send); the engine started then finishes', async () => {
    /** Watch the terminal's bytes (as the window does) until the detector fires. */
    const watch = () => new Promise<ZmodemStart>((resolve) => {
      const d = new ZmodemDetector();
      const on = (b: Uint8Array) => {
        const hit = d.push(b);
        if (hit) {
          session.off('data', on);
          resolve(hit);
        }
      };
      session.on('data', on);
    });
    const f = files[6]!; // 1024 bytes
    let seen = watch();
    const sz = start('sz', ['-q', f.name], src);
    expect((await seen).kind).toBe('receive');
    const got: Uint8Array[] = [];
    const rx = await runTransfer(session, new ZmodemReceiver(), { onEvent: (ev) => ev.type === 'data' && got.push(ev.bytes) });
    expect(rx.result).toBe('done');
    expect(await exitedWithin(sz, 10_000)).toBe(0);
    expect(sha256(Buffer.concat(got))).toBe(sha256(f.data));

    const out = join(dir.path, 'rz-auto');
    mkdirSync(out, { recursive: true });
    seen = watch();
    const rz = start('rz', ['-q', '-y'], out);
    expect((await seen).kind).toBe('send');
    const tx = await runTransfer(session, new ZmodemSender({ files: [{ name: f.name, size: f.data.length, bytes: f.data }] }));
    expect(tx.result).toBe('done');
    expect(await exitedWithin(rz, 10_000)).toBe(0);
    expect(sha256(readBack(out, f.name))).toBe(sha256(f.data));
  }, 60_000);

  it('cancel mid-file: sz stops, and the line is usable after (the shell behind it answers)', async () => {
    const big = files[files.length - 1]!;
    const sh = start('sh', ['-c', `sz -q ${big.name}; read x; echo "got:$x:"`], src);
    const abort = new AbortController();
    let bytes = 0;
    const outcome = await runTransfer(session, new ZmodemReceiver(), {
      signal: abort.signal,
      onEvent: (ev) => {
        if (ev.type === 'data') bytes += ev.bytes.length;
        if (ev.type === 'progress' && ev.bytes > 100_000) abort.abort();
      },
    });
    expect(outcome).toMatchObject({ result: 'cancelled', reason: 'local' });
    expect(bytes).toBeLessThan(big.data.length);
    const answer = collectUntil(new Uint8Array(0), ':\n', 10_000);
    session.write(Buffer.from('ping\n'));
    expect(await answer).toMatch(/got:.*ping:/);
    expect(await exitedWithin(sh, 10_000)).toBe(0);
  }, 60_000);
});
