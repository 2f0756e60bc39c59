/**
 * `dialtone connect --log` end to end against pyserial's PortManager on loop:// (which echoes): the raw
 * log holds exactly the bytes that came off the line, and a log that fails (/dev/full) is reported on
 * stderr while the session keeps carrying data to stdout and exits cleanly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortManager, tempDir, type Peer } from '../harness/peers.js';
import { dialtone } from './cli.js';

describe('dialtone connect --log', () => {
  let pm: Peer & { port: number };
  const dir = tempDir('dialtone-cli-log-');
  beforeAll(async () => {
    pm = await startPortManager();
  });
  afterAll(async () => {
    await pm?.stop();
    dir.remove();
  });

  it('writes the received bytes, every byte value, to a raw log', async () => {
    const input = Buffer.alloc(4096);
    for (let i = 0; i < input.length; i++) input[i] = i % 256;
    const file = join(dir.path, 'raw-{host}-{port}.log');
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${pm.port}`, '--log', file, '--log-format', 'raw', '--linger', '1500']);
    cli.child.stdin!.end(input);
    const out = await cli.waitForStdout(input.length);
    expect(await cli.exited).toBe(0);
    expect(out.equals(input)).toBe(true);
    const logged = readFileSync(join(dir.path, `raw-127.0.0.1-${pm.port}.log`));
    expect(logged.equals(input)).toBe(true);
  });

  it('reports a full disk on stderr and keeps the session running', async () => {
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${pm.port}`, '--log', '/dev/full', '--log-format', 'raw', '--events', '--linger', '1500']);
    cli.child.stdin!.write('hello\r\n');
    await cli.waitForStderr(/"code":"log-failed"/);
    cli.child.stdin!.end('still here\r\n');
    const out = await cli.waitForStdout('hello\r\nstill here\r\n'.length);
    expect(out.toString()).toBe('hello\r\nstill here\r\n');
    expect(await cli.exited).toBe(0);
    const failure = cli.events().find((e) => e.code === 'log-failed');
    expect(String(failure?.message)).toMatch(/disk full/);
  });

  it('refuses a logging option without --log (exit 2)', async () => {
    const cli = dialtone(['connect', `rfc2217://127.0.0.1:${pm.port}`, '--log-format', 'hex']);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toMatch(/--log-format needs --log FILE/);
  });
});
