/**
 * The lrzsz matrix, for any Session whose far end is the pty `deviceTty` (directly, or behind ser2net):
 * each protocol both ways with SIZES. We send: lrzsz receives into a folder and the files are compared
 * by SHA-256 (XMODEM: up to the original length, the rest SUB padding). We receive: lrzsz sends, and
 * the engine's data is compared the same way; YMODEM keeps names and exact sizes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Session } from '../../src-main/sessions/session.js';
import { runTransfer, type TransferOutcome } from '../../src-main/transfer/run-transfer.js';
import { XmodemReceiver, XmodemSender, type BlockChoice, type TransferEvent } from '../../src-shared/transfer/index.js';
import { exitedWithin, makeFile, readBack, sha256, SIZES, startLrzsz, type TestFile } from './lrzsz.js';

/** The protocols as the CLI names them, with the lrzsz options that match. */
export const PROTOCOLS = {
  /** XMODEM, 128-byte blocks, the receiver asks for the 8-bit checksum (rx without -c). */
  'xmodem-checksum': { ours: 'xmodem', blocks: '128', check: 'checksum', rx: [], sx: [] },
  /** XMODEM, 128-byte blocks, CRC. */
  xmodem: { ours: 'xmodem', blocks: '128', check: 'crc', rx: ['-c'], sx: [] },
  /** XMODEM-1K, CRC. */
  'xmodem-1k': { ours: 'xmodem', blocks: '1k', check: 'crc', rx: ['-c'], sx: ['-k'] },
  ymodem: { ours: 'ymodem', blocks: '1k', check: 'crc', rx: [], sx: [] },
} as const satisfies Record<string, { ours: 'xmodem' | 'ymodem'; blocks: BlockChoice; check: 'crc' | 'checksum'; rx: string[]; sx: string[] }>;
export type ProtocolName = keyof typeof PROTOCOLS;

/** The files of the matrix, made once per folder. */
export function matrixFiles(dir: string, sizes = SIZES): TestFile[] {
  mkdirSync(dir, { recursive: true });
  return sizes.map((n) => makeFile(dir, `f${n}.bin`, n));
}

/** XMODEM pads: the original, then SUB to the end. */
export function expectPadded(got: Uint8Array, want: Uint8Array, block = 128): void {
  expect(got.length).toBeGreaterThanOrEqual(want.length);
  expect(got.length % block === 0 || got.length === 0).toBe(true);
  expect(sha256(got.subarray(0, want.length))).toBe(sha256(want));
  expect(got.subarray(want.length).every((b) => b === 0x1a)).toBe(true);
}

const transferMs = (bytes: number) => 20_000 + bytes / 20; // generous: ser2net and 128-byte blocks

/** We send `files` with `protocol`; lrzsz receives in `outDir`. */
export async function weSend(session: Session, deviceTty: string, protocol: ProtocolName, files: TestFile[], outDir: string): Promise<void> {
  const p = PROTOCOLS[protocol];
  mkdirSync(outDir, { recursive: true });
  const batches = p.ours === 'ymodem' ? [files] : files.map((f) => [f]);
  for (const batch of batches) {
    const lrz = p.ours === 'ymodem' ? startLrzsz('rb', ['-q'], deviceTty, outDir) : startLrzsz("rx", [...p.rx, "-q", batch[0]!.name], deviceTty, outDir);
    const engine = new XmodemSender({ protocol: p.ours, blocks: p.blocks, files: batch.map((f) => ({ name: f.name, data: f.data })) });
    const outcome = await runTransfer(session, engine);
    const code = await exitedWithin(lrz, transferMs(batch.reduce((n, f) => n + f.data.length, 0)));
    expect({ ...outcome, rest: outcome.rest.length }, `${protocol} send ${batch.map((f) => f.name).join(' ')}\n${lrz.output()}`).toEqual({ result: 'done', rest: 0 });
    expect(code, lrz.output()).toBe(0);
    for (const f of batch) {
      const got = readBack(outDir, f.name);
      if (p.ours === 'ymodem') expect(sha256(got), f.name).toBe(sha256(f.data));
      else expectPadded(got, f.data);
    }
  }
}

/**
 * lrzsz sends `files` with `protocol`; we receive and compare. `streaming`: YMODEM-g (we start with 'G',
 * sb streams without waiting for ACKs).
 */
export async function weReceive(session: Session, deviceTty: string, protocol: ProtocolName, files: TestFile[], srcDir: string, streaming = false): Promise<void> {
  const p = PROTOCOLS[protocol];
  const batches = p.ours === 'ymodem' ? [files] : files.map((f) => [f]);
  for (const batch of batches) {
    const names = batch.map((f) => f.name);
    const lrz = p.ours === 'ymodem' ? startLrzsz('sb', ['-q', ...names], deviceTty, srcDir) : startLrzsz('sx', [...p.sx, '-q', ...names], deviceTty, srcDir);
    const engine = new XmodemReceiver({ protocol: p.ours, check: p.check, streaming });
    const got: Array<{ name: string; size: number | null; chunks: Uint8Array[] }> = [];
    const onEvent = (ev: TransferEvent) => {
      if (ev.type === 'file') got.push({ name: ev.name, size: ev.size, chunks: [] });
      else if (ev.type === 'data') {
        if (got.length === 0) got.push({ name: names[0]!, size: null, chunks: [] });
        got[got.length - 1]!.chunks.push(ev.bytes);
      }
    };
    const outcome: TransferOutcome = await runTransfer(session, engine, { onEvent });
    const code = await exitedWithin(lrz, transferMs(batch.reduce((n, f) => n + f.data.length, 0)));
    expect({ ...outcome, rest: outcome.rest.length }, `${protocol} receive ${names.join(' ')}\n${lrz.output()}`).toEqual({ result: 'done', rest: 0 });
    expect(code, lrz.output()).toBe(0);
    if (p.ours === 'xmodem' && got.length === 0) got.push({ name: names[0]!, size: null, chunks: [] });
    expect(got.map((g) => g.name)).toEqual(names);
    for (const [i, f] of batch.entries()) {
      const bytes = Buffer.concat(got[i]!.chunks);
      if (p.ours === 'ymodem') {
        expect(got[i]!.size).toBe(f.data.length);
        expect(sha256(bytes), f.name).toBe(sha256(f.data));
      } else {
        expectPadded(bytes, f.data);
      }
    }
  }
}

/** A folder per case under `root`. */
export const caseDir = (root: string, ...parts: string[]) => join(root, ...parts);
