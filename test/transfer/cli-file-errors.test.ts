/**
 * `dialtone send` and `dialtone receive` with a FILE or --dir that cannot be used: a plain message
 * naming the path (no raw "ENOENT: no such file or directory, stat ..."), and exit 2, bad usage, as
 * the README documents. The real CLI; the files are checked before any connection (the target is never
 * reached).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../harness/peers.js';
import { dialtone } from '../interop/cli.js';

const dir = tempDir('dialtone-cli-files-');
afterAll(() => dir.remove());
const via = ['--via', 'tcp://127.0.0.1:1'];

describe('file errors on the command line', () => {
  it('send: a FILE that does not exist', async () => {
    const missing = join(dir.path, 'nonexist.bin');
    const cli = dialtone(['send', missing, '--protocol', 'zmodem', ...via]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(`dialtone send: ${missing}: no such file\n`);
    expect(cli.stderr()).not.toMatch(/ENOENT|stat '/);
  });

  it('send: a folder is not a file', async () => {
    const folder = join(dir.path, 'folder');
    mkdirSync(folder);
    const cli = dialtone(['send', folder, '--protocol', 'xmodem', ...via]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(`dialtone send: ${folder}: is a folder, not a file\n`);
  });

  it('receive: --dir naming an existing file', async () => {
    const file = join(dir.path, 'plain.txt');
    writeFileSync(file, 'x');
    const cli = dialtone(['receive', '--protocol', 'zmodem', '--dir', file, ...via]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(`dialtone receive: --dir ${file}: is a file, not a folder\n`);
    expect(cli.stderr()).not.toMatch(/EEXIST|mkdir/);
  });

  it('receive: --dir below a file', async () => {
    const file = join(dir.path, 'plain2.txt');
    writeFileSync(file, 'x');
    const cli = dialtone(['receive', '--protocol', 'zmodem', '--dir', join(file, 'sub'), ...via]);
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain(`dialtone receive: --dir ${join(file, 'sub')}: a part of the path is not a folder\n`);
    expect(cli.stderr()).not.toMatch(/ENOTDIR/);
  });
});
