/**
 * `dialtone sim` as a user runs it: the real command in a child process prints its address and the
 * directory of numbers, answers AT over RFC 2217, and stops on SIGTERM with status 0.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../harness/peers.js';
import { readKernelSendState } from '../../src-main/transports/kernel-send-queue.js';
import { readFileSync } from 'node:fs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

/** Resolve with everything `read()` returned once it contains `text` (re-checked on each chunk; bounded). */
function waitFor(stream: NodeJS.ReadableStream, text: string, what: string, ms = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no "${text}" from ${what}: ${JSON.stringify(buf)}`)), ms);
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.includes(text)) {
        clearTimeout(timer);
        stream.off('data', onData);
        resolve(buf);
      }
    };
    stream.on('data', onData);
  });
}

describe('dialtone sim', { timeout: 90_000 }, () => {
  it('prints the address and the numbers, serves AT, stops on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'sim', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const banner = await waitFor(child.stdout!, 'Ctrl-C stops', 'dialtone sim');
    expect(banner).toContain(`demo modem listening on rfc2217://127.0.0.1:${port}`);
    for (const n of ['555-0100', '555-0101', '555-0102', '555-0103', '555-0104', '555-0199']) expect(banner).toContain(n);
    const socket = connect(port, '127.0.0.1');
    const reply = waitFor(socket, 'OK\r\n', 'the demo modem');
    socket.write('AT\r');
    // a raw socket never agreed to BINARY, so the server sends a bare CR as CR NUL (telnet NVT, RFC 854);
    // read it as a telnet client does
    const got = (await reply).replace(/\r\0/g, '\r');
    expect(got).toContain('AT\r\r\nOK\r\n');
    socket.destroy();
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('a port in use: exit 3 with the reason', async () => {
    const port = await freePort();
    const blocker = await new Promise<Server>((resolve) => {
      const s = createServer();
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
    try {
      child = spawn(process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'sim', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
      expect(code).toBe(3);
      expect(err).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  it('a paste faster than the modem echoes is no longer read beyond its bound: TCP pushes back, memory stays flat', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'sim', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await waitFor(child.stdout!, 'Ctrl-C stops', 'dialtone sim');
    const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child!.pid}/status`, 'utf8'))![1]);
    const socket = connect(port, '127.0.0.1');
    socket.on('data', () => undefined); // the echo, at 115200 bit/s
    await new Promise((r) => socket.once('connect', r));
    const before = rssKiB();
    // 32 MiB in command mode: each byte is echoed at the line rate (about 11.5 KB/s), so nearly all of it
    // must wait; unbounded it would all be read and queued in the server
    const paste = Buffer.alloc(32 * 1024 * 1024, 'A');
    let drained = false;
    if (socket.write(paste)) drained = true;
    else socket.once('drain', () => (drained = true));
    // the server has stopped reading once the kernel's send queue holds bytes and stops shrinking
    let last = -1;
    for (let i = 0; i < 100 && !drained; i++) {
      const state = await readKernelSendState(socket);
      if (state && state.unackedBytes > 0 && state.unackedBytes === last) break;
      last = state?.unackedBytes ?? -1;
      await new Promise((r) => setTimeout(r, 100));
    }
    const grewKiB = rssKiB() - before;
    process.stdout.write(`sim under a 32 MiB paste: RSS grew ${(grewKiB / 1024).toFixed(1)} MiB, ${(socket.writableLength / 1048576).toFixed(1)} MiB still in the client\n`);
    expect(drained).toBe(false);
    // bounded: about 13 MiB (the 1 MiB queue, read buffers, the young generation); unbounded: 49 MiB
    expect(grewKiB).toBeLessThan(24 * 1024);
    socket.destroy();
  });
});
