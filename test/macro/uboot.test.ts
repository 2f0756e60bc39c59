/**
 * The chain operators ask for, headless (issue 14): the shipped "U-Boot: stop autoboot, loady, send file"
 * macro through `dialtone run` on a local serial line (a socat pty pair), against a device that behaves
 * like U-Boot (test/macro/uboot-device.py: banner, "Hit any key", the "=> " prompt, "loady", then lrzsz's
 * rb receiving by YMODEM). The file arrives with the same SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { PYTHON, startPtyPair, tempDir, type PtyPair } from '../harness/peers.js';
import { dialtone } from '../interop/cli.js';
import { startShellOnTty } from '../transfer/lrzsz.js';

const dir = tempDir('dialtone-uboot-');
let pair: PtyPair;
beforeAll(async () => {
  pair = await startPtyPair(dir.path);
});
afterAll(async () => {
  await pair.stop();
  dir.remove();
});

describe('the U-Boot macro, end to end', () => {
  it('stops autoboot, sends loady, and YMODEM-sends the firmware to rb: SHA-256 equal', async () => {
    const received = join(dir.path, 'device');
    mkdirSync(received);
    const device = startShellOnTty(`${PYTHON} ${join(import.meta.dirname, 'uboot-device.py')}`, pair.b, received);
    const firmware = join(dir.path, 'firmware.bin');
    const data = randomBytes(40 * 1024 + 3);
    writeFileSync(firmware, data);
    const macro = exampleMacros.find((m) => m.name.startsWith('U-Boot'))!;
    const file = join(dir.path, 'uboot.json');
    writeFileSync(file, JSON.stringify({ dialtone: 'macros', version: 1, macros: [macro] }));
    try {
      const cli = dialtone(['run', file, '--via', `serial:${pair.a}`, '--file', firmware]);
      // bounded, and saying what each side saw if it does not end
      const code = await Promise.race([cli.exited, new Promise((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (code === 'timeout') throw new Error(`stderr: ${cli.stderr()}\nstdout: ${JSON.stringify(cli.stdout().toString('latin1').slice(-400))}\ndevice: ${device.output()}`);
      expect(code, cli.stderr()).toBe(0);
      expect(cli.stderr()).toMatch(/step 6\/6: transfer[\s\S]*done/);
      expect(await device.exited).toBe(0); // rb received it and exited cleanly
      const got = readFileSync(join(received, 'firmware.bin'));
      expect(got.length).toBe(data.length);
      expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    } finally {
      await device.stop();
    }
  });
});
