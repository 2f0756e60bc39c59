/**
 * Run the real command line (`node bin/dialtone.mjs ...`) as a child process, as an operator would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from './helpers.js';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'dialtone.mjs');

export interface Cli {
  child: ChildProcess;
  stdout(): Buffer;
  stderr(): string;
  /** stderr lines parsed as JSON (for --events); other lines skipped. */
  events(): Record<string, unknown>[];
  waitForStdout(n: number, ms?: number): Promise<Buffer>;
  waitForStderr(pattern: RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit status. */
  exited: Promise<number | null>;
}

/** Start `dialtone ...args`. */
export function dialtone(args: string[]): Cli {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let outLength = 0;
  let err = '';
  child.stdout!.on('data', (b: Buffer) => {
    out.push(b);
    outLength += b.length;
  });
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdin!.on('error', () => undefined); // the process may exit before reading everything
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    events: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async waitForStdout(n, ms = 30_000) {
      await until(child.stdout!, 'data', () => outLength >= n, ms, `${n} bytes on stdout (got ${outLength}); stderr: ${err}`);
      return Buffer.concat(out);
    },
    async waitForStderr(pattern, ms = 30_000) {
      await until(child.stderr!, 'data', () => pattern.test(err), ms, `${pattern} on stderr; got: ${err}`);
    },
    exited,
  };
}
