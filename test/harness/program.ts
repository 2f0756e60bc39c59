/**
 * Run a program to its end as a child process, collecting stdout and stderr (latin1, so any byte
 * survives), with a bounded wait: the child is killed and the promise rejects after `timeoutMs`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** What a finished program left: its output and exit status (null when killed by a signal). */
export interface ProgramResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface ProgramOptions {
  /** Working directory (default: this process's). */
  cwd?: string;
  /** How long it may run, ms (default 40000); then SIGKILL and a rejection naming `what`. */
  timeoutMs?: number;
  /** The program as the timeout's error names it (default: `cmd`). */
  what?: string;
}

/**
 * Run `cmd args`; `input` drives its stdin: `write` (latin1), `end`, `out` (stdout so far) and the child
 * itself (to follow its output as it comes). Resolves when it exits.
 */
export function runProgram(
  cmd: string,
  args: string[],
  input: (write: (s: string) => void, end: () => void, out: () => string, child: ChildProcessWithoutNullStreams) => void,
  options: ProgramOptions = {},
): Promise<ProgramResult> {
  const { cwd, timeoutMs = 40_000, what = cmd } = options;
  return new Promise<ProgramResult>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish in ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code });
    });
    input(
      (s) => child.stdin.write(Buffer.from(s, 'latin1')),
      () => child.stdin.end(),
      () => stdout,
      child,
    );
  });
}
