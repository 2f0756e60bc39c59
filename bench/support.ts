/**
 * What the benches share: the median of a run's figures, a free loopback port, and the child processes
 * they start (peers, pacers) awaited and stopped.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** The middle value of `xs` (the upper one of an even count); 0 for none. */
export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Resolve once `child`'s `stream` has printed text matching `re`; reject (naming `what`) if it exits first or after 30 s. */
export function waitOutput(child: ChildProcess, stream: 'stdout' | 'stderr', re: RegExp, what: string): Promise<void> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} not ready:\n${text}`)), 30_000);
    child[stream]!.on('data', (d: Buffer) => {
      text += d.toString();
      if (re.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`${what} exited:\n${text}`)));
  });
}

/** `child`'s exit code, or the signal that ended it. */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode!);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
}

/** SIGTERM `child` (unless it has ended) and wait for its exit. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill('SIGTERM');
  await done;
}
