/**
 * `dialtone dial` as a user runs it: the real command (bin/dialtone.mjs in a child process) against the
 * demo access server, exit status by result, --events JSON lines, chat script files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, tempDir } from '../harness/peers.js';
import { runProgram, type ProgramResult } from '../harness/program.js';
import { useSimServer } from './sim-server.js';
import { dialerEventSchema, type DialerEvent } from '../../src-shared/dialer/events.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const sim = useSimServer();
let via: string;
const dir = tempDir('dialtone-dial-');
beforeAll(() => {
  via = `rfc2217://127.0.0.1:${sim().port}`;
});
afterAll(() => {
  dir.remove();
});

/** Run `dialtone dial ARGS` with `stdin` (kept open for holdMs), resolve with its output and status. */
function dial(args: string[], stdin = '', holdMs = 0): Promise<ProgramResult> {
  const what = `dialtone dial ${args.join(' ')}`;
  return runProgram(process.execPath, [join(ROOT, 'bin', 'dialtone.mjs'), 'dial', ...args], (write, end, out, child) => {
    write(stdin);
    if (holdMs > 0) {
      // the modem answers stdin only once the call is up: end stdin when stdout shows the answer
      const endWhen = (d: Buffer) => {
        if (d.toString('latin1').length > 0 && out().includes(stdin.trim())) {
          child.stdout.off('data', endWhen);
          end();
        }
      };
      child.stdout.on('data', endWhen);
    } else end();
  }, { cwd: ROOT, timeoutMs: 60_000, what });
}

const dialEvents = (stderr: string): DialerEvent[] =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes('"type":"dial"'))
    .map((l) => dialerEventSchema.parse(JSON.parse(l)));

describe('dialtone dial', { timeout: 90_000 }, () => {
  it('dials the echo number: connected, stdin echoed on stdout, hangs up when stdin ends: exit 0', async () => {
    const r = await dial(['555-0100', '--via', via, '--baud', '9600'], 'hello\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello\n');
    expect(r.stderr).toContain('dialtone dial: connected: CONNECT 9600');
    expect(r.stderr).toContain('dialtone dial: hanging up (DTR drop)');
    expect(r.stderr).toMatch(/hung up after \d+ s/);
  });

  it('busy with --retries and --events: JSON dialer events, exit 5', async () => {
    const r = await dial(['555-0102', '--via', via, '--retries', '1', '--redial-delay', '1', '--events']);
    expect(r.code).toBe(5);
    const evs = dialEvents(r.stderr);
    expect(evs.filter((e) => e.state === 'failed').map((e) => e.result)).toEqual(['busy', 'busy']);
    expect(evs.filter((e) => e.state === 'waiting-redial')).toEqual([{ type: 'dial', state: 'waiting-redial', attempt: 2, inMs: 1000 }]);
    // session events go out as JSON lines too
    expect(r.stderr).toContain('"type":"modem"');
  });

  it('exit status by result: NO DIALTONE 7, NO ANSWER 8, NO CARRIER 6, ERROR 9', async () => {
    const [nd, na, nc, er] = await Promise.all([
      dial(['555-0199', '--via', via]),
      dial(['555-0103', '--via', via, '--init', 'ATZS7=1']),
      dial(['555-1234', '--via', via]),
      dial(['555-0100', '--via', via, '--init', 'ATQ7']),
    ]);
    expect([nd.code, na.code, nc.code, er.code]).toEqual([7, 8, 6, 9]);
    expect(nd.stderr).toContain('NO DIALTONE (attempt 1)');
  });

  it('bad usage is 2, an unreachable modem is 3', async () => {
    const port = await freePort();
    const [usage, badNumber, unreachable] = await Promise.all([
      dial(['555-0100']),
      dial(['hello', '--via', via]),
      dial(['555-0100', '--via', `rfc2217://127.0.0.1:${port}`]),
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--via TARGET is missing');
    expect(badNumber.code).toBe(2);
    expect(unreachable.code).toBe(3);
  });

  it('a pppd chat file (--script) and a Cisco chat-script (--cisco-script) dial', async () => {
    const pppd = join(dir.path, 'demo.chat');
    writeFileSync(pppd, ["# the demo's echo line", "SAY 'calling \\T\\n'", "TIMEOUT 5", "'' ATZ", 'OK ATDT\\T', 'TIMEOUT 30', 'CONNECT'].join('\n'));
    const cisco = join(dir.path, 'router.cfg');
    writeFileSync(cisco, ['!', 'chat-script other "" "ATZ" OK', 'chat-script demo ABORT ERROR "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c', 'line 1 8'].join('\n'));
    const bad = join(dir.path, 'bad.chat');
    writeFileSync(bad, "'' ATZ OK 'ATDT");
    const [a, b, c] = await Promise.all([
      dial(['5550100', '--via', via, '--script', pppd]),
      dial(['5550100', '--via', via, '--cisco-script', cisco, '--script-name', 'demo']),
      dial(['5550100', '--via', via, '--script', bad]),
    ]);
    expect(a.code).toBe(0);
    expect(a.stderr).toContain('dialtone dial: calling 5550100');
    expect(a.stderr).toContain('connected: CONNECT 33600');
    expect(b.code).toBe(0);
    expect(b.stderr).toContain('connected: CONNECT 33600');
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('unterminated');
  });

  it('--callback: dials, logs in, hangs up, answers the call back (RING), stays connected', async () => {
    const login = join(dir.path, 'login.chat');
    writeFileSync(login, "TIMEOUT 10 Username: demo Password: dialtone 'Hang up now'");
    const r = await dial(['555-0104', '--via', via, '--login', login, '--callback'], 'time\r', 1);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/hanging up \(DTR drop\)[\s\S]*waiting for a call \(RING\)[\s\S]*RING 1[\s\S]*answering \(ATA\)[\s\S]*connected: CONNECT 33600/);
    expect(r.stdout).toContain('Callback connected. Welcome back, demo.');
  });
});
