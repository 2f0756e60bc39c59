/**
 * The command line on local ports, as a user runs it (`node bin/dialtone.mjs ...` in a child process):
 * `dialtone list` (ptys are never listed, so the JSON shape and exit status are what can be checked
 * here) and `dialtone connect serial:<pty>` end to end against a socat pty pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPtyPair, stty, tempDir, type PtyPair } from '../harness/peers.js';
import { openPeer, pattern, writeAll } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'dialtone.mjs');

interface Run {
  child: ChildProcess;
  stdout: () => Buffer;
  stderr: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];

function dialtone(args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const out: Buffer[] = [];
  let err = '';
  child.stdin!.on('error', () => undefined); // EPIPE when it has exited: the exit status tells
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => Buffer.concat(out), stderr: () => err, exit };
}

/** Resolve when the child's stderr matches `re` (it prints --events JSON lines there). */
function stderrMatches(run: Run, re: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (re.test(run.stderr())) {
        run.child.stderr!.off('data', check);
        clearTimeout(timer);
        resolve();
      }
    };
    const timer = setTimeout(() => reject(new Error(`stderr never matched ${re}:\n${run.stderr()}`)), timeoutMs);
    run.child.stderr!.on('data', check);
    check();
  });
}

function stdoutLength(run: Run, n: number, timeoutMs = 60_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const b = run.stdout();
      if (b.length >= n) {
        run.child.stdout!.off('data', check);
        clearTimeout(timer);
        resolve(b);
      }
    };
    const timer = setTimeout(() => reject(new Error(`stdout has ${run.stdout().length} of ${n} bytes`)), timeoutMs);
    run.child.stdout!.on('data', check);
    check();
  });
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('dialtone list', () => {
  it('--json prints a JSON array of ports and exits 0 (ptys are not listed)', async () => {
    const run = dialtone(['list', '--json']);
    expect(await run.exit).toBe(0);
    const ports = JSON.parse(run.stdout().toString()) as Record<string, unknown>[];
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) {
      expect(Object.keys(p).sort()).toEqual(['byId', 'manufacturer', 'path', 'productId', 'serialNumber', 'vendorId']);
      expect(typeof p.path).toBe('string');
      expect(String(p.path)).not.toMatch(/^\/dev\/pts\//);
    }
  });

  it('without udevadm: a clear error naming the package, exit 1', async () => {
    const empty = tempDir('dialtone-nopath-');
    try {
      mkdirSync(join(empty.path, 'bin'));
      const run = dialtone(['list'], { ...process.env, PATH: join(empty.path, 'bin') });
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain('dialtone list: listing serial ports needs udevadm, which is not installed: apt-get install udev');
    } finally {
      empty.remove();
    }
  });
});

describe('dialtone connect serial:', () => {
  let dir: ReturnType<typeof tempDir>;
  let pair: PtyPair;
  beforeEach(async () => {
    dir = tempDir('dialtone-serial-cli-');
    pair = await startPtyPair(dir.path);
  });
  afterEach(async () => {
    await pair.stop();
    dir.remove();
  });

  it('joins stdin/stdout to the port, byte-exact both ways, with --baud applied', async () => {
    const run = dialtone(['connect', `serial:${pair.a}`, '--baud', '57600', '--events', '--linger', '2000']);
    await stderrMatches(run, /"state":"connected"/);
    expect(stty(pair.a)).toMatch(/speed 57600 baud/);
    const peer = await openPeer(pair.b);
    try {
      const down = pattern(256 * 1024);
      const up = Buffer.from(pattern(300 * 1024)).reverse();
      await writeAll(peer.port, up);
      run.child.stdin!.write(down);
      const got = await stdoutLength(run, up.length);
      expect(Buffer.compare(got, up)).toBe(0);
      expect(Buffer.compare(await peer.received.until(down.length), down)).toBe(0);
      run.child.stdin!.end();
      expect(await run.exit).toBe(0);
    } finally {
      await peer.close();
    }
  });

  it('takes a bare /dev-style path too, and exits 4 with the reason when the port vanishes', async () => {
    const run = dialtone(['connect', pair.a]);
    // without --events, the pty's missing modem lines are the first line it prints, once the port is open
    // (bytes sent before that would be flushed by the open's tcflush)
    await stderrMatches(run, /CTS\/DSR\/DCD cannot be read/);
    const peer = await openPeer(pair.b);
    peer.port.write(Buffer.from('ping'));
    await stdoutLength(run, 4);
    await peer.close();
    await pair.stop();
    expect(await run.exit).toBe(4);
    expect(run.stderr()).toContain(`port ${pair.a} vanished`);
  });

  it('exits 3 with "no such port" for a missing port', async () => {
    const missing = join(dirname(pair.a), 'ttyUSB9');
    const run = dialtone(['connect', `serial:${missing}`]);
    expect(await run.exit).toBe(3);
    expect(run.stderr()).toContain(`no such port ${missing}`);
  });
});
