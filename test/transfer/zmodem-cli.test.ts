/**
 * `dialtone send --protocol zmodem` and `dialtone receive --protocol zmodem|ymodem-g` against lrzsz
 * (rz / sz / sb) on a socat pty pair: a batch of three files (0 bytes, 1025 bytes and 64 KiB, each
 * starting with 0xFF XON XOFF CAN), names and SHA-256 kept both ways, exit 0.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { dialtone } from '../interop/cli.js';
import { makeFile, readBack, sha256, startLrzsz } from './lrzsz.js';

const dir = tempDir('dialtone-zcli-');
let pair: PtyPair;
beforeAll(async () => {
  pair = await startPtyPair(dir.path);
});
afterAll(async () => {
  await pair.stop();
  dir.remove();
});

describe('ZMODEM on the command line, against lrzsz', () => {
  const src = join(dir.path, 'src');
  mkdirSync(src, { recursive: true });
  const files = [makeFile(src, 'empty.bin', 0), makeFile(src, 'odd.bin', 1025), makeFile(src, 'big.bin', 64 * 1024)];

  it('dialtone send --protocol zmodem: rz writes every file whole', async () => {
    const into = join(dir.path, 'rz');
    mkdirSync(into);
    const rz = startLrzsz('rz', ['-q'], pair.b, into);
    const cli = dialtone(['send', ...files.map((f) => f.path), '--protocol', 'zmodem', '--via', `serial:${pair.a}`]);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(await rz.exited).toBe(0);
    for (const f of files) expect(sha256(readBack(into, f.name)), f.name).toBe(sha256(f.data));
  });

  it('dialtone receive --protocol zmodem: sz sends them, names and contents kept', async () => {
    const into = join(dir.path, 'ours');
    const cli = dialtone(['receive', '--protocol', 'zmodem', '--dir', into, '--via', `serial:${pair.a}`]);
    const sz = startLrzsz('sz', ['-q', ...files.map((f) => f.name)], pair.b, src);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(await sz.exited).toBe(0);
    for (const f of files) expect(sha256(readBack(into, f.name)), f.name).toBe(sha256(f.data));
  });

  it("dialtone receive --protocol ymodem-g: sb streams them (we asked with 'G'), names and contents kept", async () => {
    const into = join(dir.path, 'ours-g');
    const cli = dialtone(['receive', '--protocol', 'ymodem-g', '--dir', into, '--via', `serial:${pair.a}`]);
    const sb = startLrzsz('sb', ['-q', ...files.map((f) => f.name)], pair.b, src);
    expect(await cli.exited, cli.stderr()).toBe(0);
    expect(await sb.exited).toBe(0);
    for (const f of files) expect(sha256(readBack(into, f.name)), f.name).toBe(sha256(f.data));
  });
});
