/**
 * lrzsz (Debian lrzsz: sx sb / rx rb) as the far end of transfer tests: one process per transfer, its
 * stdin and stdout the device end of a pty pair, in a temp folder it sends from or receives into. Test
 * files of the sizes around the block edges and 1 MiB of random bytes, each starting with the values
 * a line gets wrong (0xFF, XON, XOFF, CAN, SUB, CR, NUL).
 */
import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, requireCommand } from '../harness/peers.js';

export interface Lrzsz {
  readonly pid: number;
  /** Resolves with the exit code (or the signal's name) once it exits. */
  readonly exited: Promise<number | string>;
  output(): string;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after 2 s, and wait. */
  stop(): Promise<void>;
}

/**
 * Start lrzsz `program` with `args` in `cwd`, joined to `tty` by socat: `socat FILE:tty,raw,echo=0
 * EXEC:"program args"` (a socketpair as lrzsz's stdio). Not the pty itself as stdio: lrzsz flushes its
 * tty when it exits, and on a pty the ACK it wrote for the last EOT is then often lost before the far
 * end read it (seen: 1 run in 3); a socket keeps what was written.
 */
export function startLrzsz(program: 'sx' | 'sb' | 'rx' | 'rb' | 'sz' | 'rz', args: string[], tty: string, cwd: string): Lrzsz {
  let bin: string;
  try {
    bin = requireCommand(program);
  } catch {
    throw new Error(`${program} is not installed: apt-get install lrzsz`);
  }
  return startOnTty(`EXEC:${[bin, ...args].join(' ')}`, tty, cwd);
}

/**
 * A shell command line (sh -c) joined to `tty` the same way, for a far end that runs lrzsz and then more
 * (a prompt after sz, a line read after a cancel). socat's EXEC splits its command on spaces without
 * quoting; SYSTEM hands the line to the shell.
 */
export function startShellOnTty(command: string, tty: string, cwd: string): Lrzsz {
  return startOnTty(`SYSTEM:${command}`, tty, cwd);
}

/**
 * A shell command line (sh -c) run by socat for the first client of a TCP listener on 127.0.0.1 (the
 * far end of a raw TCP session, or of a relay that puts faults on the line). Resolves once socat
 * listens; `port` is where.
 */
export async function startShellOnTcp(command: string, cwd: string): Promise<Lrzsz & { port: number; descendant(name: string): number | null }> {
  const port = await freePort();
  const p = startOnAddresses([`-d`, `-d`, `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr`, `SYSTEM:${command}`], cwd);
  await p.waitOutput(/listening on/, 10_000);
  return { ...p, port, descendant: (name) => descendant(p.pid, name) };
}

/** The pid of the first process named `name` (its comm) below `pid`, or null. Linux /proc. */
function descendant(pid: number, name: string): number | null {
  const todo = [pid];
  while (todo.length > 0) {
    const p = todo.shift()!;
    let children: number[] = [];
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      continue;
    }
    for (const c of children) {
      try {
        if (readFileSync(`/proc/${c}/comm`, 'utf8').trim() === name) return c;
      } catch {
        /* gone */
      }
      todo.push(c);
    }
  }
  return null;
}

function startOnTty(address: string, tty: string, cwd: string): Lrzsz {
  return startOnAddresses([`FILE:${tty},raw,echo=0`, address], cwd);
}

function startOnAddresses(args: string[], cwd: string): Lrzsz & { waitOutput(re: RegExp, ms: number): Promise<void> } {
  const child = spawn(requireCommand('socat'), args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('latin1')));
  const waitOutput = (re: RegExp, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!re.test(out)) return;
        clearTimeout(timer);
        child.stderr!.off('data', check);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`socat did not print ${re} in ${ms} ms:\n${out}`)), ms);
      child.stderr!.on('data', check);
      check();
    });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    pid: child.pid!,
    exited,
    waitOutput,
    output: () => out,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
    },
  };
}

/**
 * Its exit code (or signal name) once it exits, or "still running after `ms` ms" (then it is stopped):
 * an `expect(...).toBe(0)` on the result shows which.
 */
export async function exitedWithin(p: Lrzsz, ms: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`still running after ${ms} ms`), ms)));
  try {
    return await Promise.race([p.exited, late]);
  } finally {
    clearTimeout(timer);
    await p.stop();
  }
}

/** The file sizes every protocol is tried with. */
export const SIZES = [0, 1, 127, 128, 129, 1023, 1024, 1025, 1 << 20];

export interface TestFile {
  name: string;
  path: string;
  data: Buffer;
}

const SPECIAL = [0xff, 0x11, 0x13, 0x18, 0x1a, 0x0d, 0x00, 0xff, 0xff, 0x0d, 0x0a];

/** Random bytes of `size`, starting with SPECIAL; written to `dir/name`. */
export function makeFile(dir: string, name: string, size: number): TestFile {
  const data = randomBytes(size);
  for (let i = 0; i < Math.min(size, SPECIAL.length); i++) data[i] = SPECIAL[i]!;
  const path = join(dir, name);
  writeFileSync(path, data);
  return { name, path, data };
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Read a file lrzsz wrote. */
export const readBack = (dir: string, name: string) => readFileSync(join(dir, name));

/**
 * Keep `tty` open (without reading it) until the returned function is called. A pty whose last holder
 * closes hangs up: the byte lrzsz writes just before it exits (the ACK of EOT) is then lost, and socat
 * ends the pair. Hold the device end for the whole test.
 */
export function holdOpen(tty: string): () => void {
  const fd = openSync(tty, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  return () => closeSync(fd);
}
