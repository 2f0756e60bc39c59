/**
 * The command-line logging options and the CLI attachment (failure on stderr, session keeps running).
 * The session is the in-memory stand-in (fake-session.ts); `dialtone connect --log` end to end belongs
 * with connect's tests once the lead wires it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src-main/cli/args.js';
import { attachCliLog, cliLogReporter, LOG_CLI_OPTIONS, logOptionsFromArgs } from '../../src-main/logging/cli.js';
import { parseTarget } from '../../src-shared/session/target.js';
import { sessionEventSchema } from '../../src-shared/session/events.js';
import { tempDir } from '../harness/peers.js';
import { FakeSession } from './fake-session.js';
import { statusReached } from './helpers.js';

const spec = { values: [...LOG_CLI_OPTIONS.values, 'baud'], flags: [...LOG_CLI_OPTIONS.flags, 'events'] };
const parse = (...args: string[]) => parseArgs(['rfc2217://10.0.0.5:7001', ...args], spec);
const NOW = new Date(2026, 10, 21, 3, 4, 5).getTime();

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('dialtone-cli-log-');
});
afterEach(() => dir.remove());

describe('logOptionsFromArgs', () => {
  it('is null without --log', () => {
    expect(logOptionsFromArgs(parse('--baud', '9600'))).toBeNull();
  });

  it('reads --log, --log-format, --log-timestamps and --log-sent', () => {
    expect(logOptionsFromArgs(parse('--log', 'x.log', '--log-format', 'hex', '--log-timestamps', 'elapsed', '--log-sent'))).toEqual({
      file: 'x.log',
      format: 'hex',
      timestamps: 'elapsed',
      sent: true,
    });
    expect(logOptionsFromArgs(parse('--log=x.txt'))).toEqual({ file: 'x.txt', format: 'text', sent: false });
  });

  it('expands {fields} in FILE from the target and the time', () => {
    const options = logOptionsFromArgs(parse('--log', 'logs/{host}-{port}-{datetime}.log'), parseTarget('rfc2217://10.0.0.5:7001'), NOW);
    expect(options?.file).toBe('logs/10.0.0.5-7001-2026-11-21_03-04-05.log');
  });

  it('bad values and orphan options are usage errors naming the option', () => {
    expect(() => logOptionsFromArgs(parse('--log', 'x', '--log-format', 'pdf'))).toThrow(/--log-format must be one of raw\|text\|hex\|asciicast\|jsonl/);
    expect(() => logOptionsFromArgs(parse('--log', 'x', '--log-timestamps', 'local'))).toThrow(UsageError);
    expect(() => logOptionsFromArgs(parse('--log-format', 'raw'))).toThrow('--log-format needs --log FILE');
    expect(() => logOptionsFromArgs(parse('--log-sent'))).toThrow('--log-sent needs --log FILE');
    expect(() => logOptionsFromArgs(parse('--log', '{nope}.log'))).toThrow(/--log: unknown field \{nope\}/);
  });
});

describe('attachCliLog', () => {
  it('logs the session to the file', async () => {
    const session = new FakeSession();
    const file = join(dir.path, 'cli.log');
    const log = attachCliLog(session, { file, format: 'raw' });
    session.feed('abc');
    await log!.stop();
    expect(readFileSync(file, 'latin1')).toBe('abc');
    expect(attachCliLog(session, null)).toBeNull();
  });

  it('a failed log prints a clear line on stderr and the session keeps running', async () => {
    const session = new FakeSession();
    const stderr = new PassThrough();
    let printed = '';
    stderr.on('data', (d: Buffer) => (printed += d.toString()));
    const log = attachCliLog(session, { file: '/dev/full', format: 'raw' }, cliLogReporter(false, stderr));
    session.feed('x');
    await statusReached(log!, 'failed');
    expect(printed).toBe('dialtone connect: log stopped: disk full writing /dev/full: 0 bytes written before the failure (ENOSPC)\n');
    let after = '';
    session.on('data', (b) => (after += Buffer.from(b).toString()));
    session.feed('more');
    expect(after).toBe('more');
  });

  it('says so when FILE exists and the log goes to FILE-2 (plain line, then an --events warning)', async () => {
    const file = join(dir.path, 'taken.log');
    writeFileSync(file, 'an earlier session');
    for (const events of [false, true]) {
      const stderr = new PassThrough();
      let printed = '';
      stderr.on('data', (d: Buffer) => (printed += d.toString()));
      const log = attachCliLog(new FakeSession(), { file, format: 'raw' }, cliLogReporter(events, stderr));
      const taken = join(dir.path, events ? 'taken-3.log' : 'taken-2.log');
      const message = `${file} exists: logging to ${taken} (a log never overwrites another)`;
      if (events) expect(sessionEventSchema.parse(JSON.parse(printed))).toEqual({ type: 'warning', code: 'log-renamed', message });
      else expect(printed).toBe(`dialtone connect: ${message}\n`);
      await log!.stop();
    }
    expect(readFileSync(file, 'latin1')).toBe('an earlier session');
  });

  it('with --events the failure is an error SessionEvent JSON line', async () => {
    const session = new FakeSession();
    const stderr = new PassThrough();
    let printed = '';
    stderr.on('data', (d: Buffer) => (printed += d.toString()));
    const log = attachCliLog(session, { file: join(dir.path, 'missing', 'x.log'), format: 'text' }, cliLogReporter(true, stderr));
    await statusReached(log!, 'failed');
    const ev = sessionEventSchema.parse(JSON.parse(printed));
    expect(ev).toEqual({ type: 'error', code: 'log-failed', message: expect.stringMatching(/^log stopped: folder missing \(removed\?\) opening .*x\.log: 0 bytes written/) });
  });
});
