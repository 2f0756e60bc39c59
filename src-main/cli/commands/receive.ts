/**
 * `dialtone receive --protocol xmodem|xmodem-1k|ymodem|ymodem-g|zmodem --dir DIR --via TARGET`: receive files over a
 * session (src-shared/transfer/, run by src-main/transfer/run-transfer.ts). YMODEM files keep the
 * sender's name (its last path part; an existing file is not overwritten: ".1", ".2" ... is added) and
 * exact size; XMODEM has no name or size: the file is --name (default xmodem.bin), whole blocks, the last
 * padded by the sender (usually with 0x1A). Progress goes to stderr; Ctrl+C cancels (CAN CAN).
 * Exit status: see EXIT in src-main/transfer/cli-support.ts.
 */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RECEIVE_PROTOCOLS } from '../../../src-shared/transfer/index.js';
import { receiverFor } from '../../transfer/service.js';
import { targetArg, parseArgs, choiceOption, UsageError, fileProblem } from '../args.js';
import { CONNECT_OPTIONS } from './connect.js';
import { runTransfer } from '../../transfer/run-transfer.js';
import { EXIT, openTransferSession, ProgressLine, protocolOption } from '../../transfer/cli-support.js';
import { abortOnSignals } from '../signals.js';

export const summary = 'receive files with XMODEM, XMODEM-1K, YMODEM, YMODEM-g or ZMODEM over a session';

export const usage = `usage: dialtone receive --protocol xmodem|xmodem-1k|ymodem|ymodem-g|zmodem --dir DIR --via TARGET [options]

  --protocol P        xmodem or xmodem-1k (one file; 128- and 1024-byte blocks are both taken),
                      ymodem or zmodem (a batch, names and sizes kept), ymodem-g (YMODEM streamed
                      without ACKs: fast on an error-free line, and any error ends the transfer)
  --dir DIR           where files are written (made if missing); existing files are kept: a new one
                      gets .1, .2 ... added
  --via TARGET        rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT, serial:/dev/PORT
  --name NAME         XMODEM: the file's name in DIR (default xmodem.bin)
  --check crc|checksum  XMODEM: ask for CRC-16 ('C', default) or the 8-bit checksum (NAK)
  line options as for dialtone connect: --baud --data-bits --parity --stop-bits --flow --dtr --rts ...
XON/XOFF flow control is switched off during the transfer and asked for again after.

exit status: 0 received, 2 bad usage, 3 could not connect, 4 the line was lost, 6 the transfer failed,
             7 cancelled`;

/** A file name from the sender made safe for DIR: its last path part, no NUL, not "." or "..". */
export function safeName(name: string, fallback: string): string {
  const last = name.replace(/\0/g, '').split(/[/\\]/).pop() ?? '';
  return last === '' || last === '.' || last === '..' ? fallback : last;
}

/** `dir/name`, or with .1, .2 ... added when it exists. */
function freshPath(dir: string, name: string): string {
  let path = join(dir, name);
  for (let i = 1; existsSync(path); i++) path = join(dir, `${name}.${i}`);
  return path;
}

/** Run `dialtone receive`; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECT_OPTIONS.values, 'protocol', 'via', 'dir', 'name', 'check'], flags: [...CONNECT_OPTIONS.flags] });
  const protocol = protocolOption(parsed.values.get('protocol'), RECEIVE_PROTOCOLS);
  const via = parsed.values.get('via');
  if (via === undefined) throw new UsageError('--via TARGET is missing');
  const dir = parsed.values.get('dir');
  if (dir === undefined) throw new UsageError('--dir DIR is missing');
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected ${parsed.positionals.join(' ')}`);
  const target = targetArg(via);
  const check = choiceOption(parsed, 'check', ['crc', 'checksum']) ?? 'crc';
  const xmodemName = safeName(parsed.values.get('name') ?? 'xmodem.bin', 'xmodem.bin');
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new UsageError(`--dir ${dir}: ${code === 'EEXIST' ? 'is a file, not a folder' : fileProblem(err)}`);
  }

  const say = (text: string) => void process.stderr.write(text);
  const session = await openTransferSession('receive', target, parsed, say);
  if (!session) return EXIT.connect;
  const signals = abortOnSignals();
  let fd: number | null = null;
  let count = 0;
  const written: string[] = [];
  const open = (name: string) => {
    const path = freshPath(dir, name);
    fd = openSync(path, 'wx');
    written.push(path);
    count++;
  };
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  try {
    const progress = new ProgressLine(say);
    const engine = receiverFor(protocol, check);
    const outcome = await runTransfer(session, engine, {
      signal: signals.signal,
      onEvent: (ev) => {
        progress.event(ev);
        if (ev.type === 'file') open(safeName(ev.name, `unnamed-${count + 1}`));
        else if (ev.type === 'data') {
          if (fd === null) open(xmodemName);
          writeSync(fd!, ev.bytes);
        } else if (ev.type === 'fileEnd' || ev.type === 'done') close();
      },
    });
    close();
    if (outcome.result === 'done') {
      if (protocol !== 'ymodem' && protocol !== 'zmodem' && written.length === 0) open(xmodemName); // an empty XMODEM file
      close();
      say(`dialtone receive: received ${written.join(', ') || 'no file (empty batch)'}\n`);
      return EXIT.done;
    }
    if (outcome.result === 'cancelled') {
      say(`dialtone receive: cancelled by ${outcome.reason === 'peer' ? 'the sender' : 'us'}${written.length ? `; partial: ${written.join(', ')}` : ''}\n`);
      return EXIT.cancelled;
    }
    say(`dialtone receive: failed: ${outcome.reason}${written.length ? `; partial: ${written.join(', ')}` : ''}\n`);
    return outcome.reason?.startsWith('the line was lost') ? EXIT.lost : EXIT.failed;
  } finally {
    close();
    signals.dispose();
    await session.close();
  }
}
