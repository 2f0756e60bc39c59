/**
 * `dialtone send FILE... --protocol xmodem|xmodem-1k|ymodem|raw --via TARGET`: send files over a session
 * with XMODEM, XMODEM-1K or YMODEM (src-shared/transfer/, run by src-main/transfer/run-transfer.ts), or
 * raw (the bytes as they are, with write back-pressure). What the far end sends during the transfer is
 * the protocol's and is not printed; progress goes to stderr. Ctrl+C cancels (CAN CAN).
 * Exit status: see EXIT in src-main/transfer/cli-support.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseTarget, TargetError } from '../../../src-shared/session/target.js';
import { BLOCK_CHOICES, SEND_PROTOCOLS, XmodemSender, ZmodemSender } from '../../../src-shared/transfer/index.js';
import { choiceOption, parseArgs, UsageError } from '../args.js';
import { CONNECT_OPTIONS } from './connect.js';
import type { Session } from '../../sessions/session.js';
import { runTransfer } from '../../transfer/run-transfer.js';
import { EXIT, openTransferSession, ProgressLine, protocolOption } from '../../transfer/cli-support.js';

export const summary = 'send files with XMODEM, XMODEM-1K, YMODEM or raw over a session';

export const usage = `usage: dialtone send FILE... --protocol xmodem|xmodem-1k|ymodem|zmodem|raw --via TARGET [options]

  --protocol P        xmodem (128-byte blocks), xmodem-1k, ymodem (a batch: names and sizes), zmodem
                      (a batch, CRC-32, resume on error), raw
                      (the bytes as they are)
  --via TARGET        rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT, serial:/dev/PORT
  --blocks B          128 ("force 128"), 1k (1024, 128 for a short tail), force-1k (1024 only);
                      default 128 for xmodem, 1k for xmodem-1k and ymodem
  line options as for dialtone connect: --baud --data-bits --parity --stop-bits --flow --dtr --rts
  --connect-timeout --ack-timeout --keepalive --safe-open ...
XON/XOFF flow control is switched off during the transfer and asked for again after.
Ctrl+C cancels (CAN CAN to the receiver).

exit status: 0 sent, 2 bad usage, 3 could not connect, 4 the line was lost, 6 the transfer failed,
             7 cancelled`;

/** Run `dialtone send`; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECT_OPTIONS.values, 'protocol', 'via', 'blocks'], flags: [...CONNECT_OPTIONS.flags] });
  const protocol = protocolOption(parsed.values.get('protocol'), SEND_PROTOCOLS);
  const via = parsed.values.get('via');
  if (via === undefined) throw new UsageError('--via TARGET is missing');
  let target;
  try {
    target = parseTarget(via);
  } catch (err) {
    if (err instanceof TargetError) throw new UsageError(err.message);
    throw err;
  }
  const paths = parsed.positionals;
  if (paths.length === 0) throw new UsageError('no FILE to send');
  if (protocol !== 'ymodem' && protocol !== 'zmodem' && paths.length > 1) throw new UsageError(`${protocol} sends one file; ymodem and zmodem send several`);
  const blocks = choiceOption(parsed, 'blocks', BLOCK_CHOICES) ?? (protocol === 'xmodem' ? '128' : '1k');
  const files = paths.map((p) => {
    if (!statSync(p).isFile()) throw new UsageError(`${p} is not a file`);
    return { name: basename(p), data: readFileSync(p), mtime: Math.floor(statSync(p).mtimeMs / 1000) };
  });

  const say = (text: string) => void process.stderr.write(text);
  const session = await openTransferSession('send', target, parsed, say);
  if (!session) return EXIT.connect;
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (protocol === 'raw') return await sendRaw(session, files[0]!.data, abort.signal, say);
    const progress = new ProgressLine(say);
    const engine =
      protocol === 'zmodem'
        ? new ZmodemSender({ files: files.map((f) => ({ name: f.name, size: f.data.length, bytes: new Uint8Array(f.data), mtime: f.mtime })) })
        : new XmodemSender({ protocol: protocol === 'ymodem' ? 'ymodem' : 'xmodem', files, blocks });
    const outcome = await runTransfer(session, engine, { signal: abort.signal, onEvent: (ev) => progress.event(ev) });
    progress.end();
    if (outcome.result === 'done') {
      say(`dialtone send: sent ${files.map((f) => `${f.name} (${f.data.length} bytes)`).join(', ')}\n`);
      return EXIT.done;
    }
    if (outcome.result === 'cancelled') {
      say(`dialtone send: cancelled by ${outcome.reason === 'peer' ? 'the receiver' : 'us'}\n`);
      return EXIT.cancelled;
    }
    say(`dialtone send: failed: ${outcome.reason}\n`);
    return outcome.reason?.startsWith('the line was lost') ? EXIT.lost : EXIT.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
  }
}

/** Write `data` as it is, waiting for 'drain' when write() says so; stop on abort or a lost line. */
async function sendRaw(session: Session, data: Uint8Array, signal: AbortSignal, say: (t: string) => void): Promise<number> {
  const CHUNK = 4096;
  let lost = false;
  let wake = () => undefined as void;
  const onEvent = (ev: { type: string; state?: string }) => {
    if (ev.type === 'status' && ev.state !== 'connected' && ev.state !== 'connecting') {
      lost = true;
      wake();
    }
  };
  session.on('event', onEvent);
  try {
    for (let i = 0; i < data.length; i += CHUNK) {
      if (signal.aborted) return EXIT.cancelled;
      if (lost) return EXIT.lost;
      if (!session.write(data.subarray(i, i + CHUNK))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            wake = () => undefined;
            session.off('drain', done);
            signal.removeEventListener('abort', done);
            resolve();
          };
          wake = done;
          session.on('drain', done);
          signal.addEventListener('abort', done);
        });
      }
    }
    say(`dialtone send: ${data.length} bytes written\n`);
    return lost ? EXIT.lost : EXIT.done;
  } finally {
    session.off('event', onEvent);
  }
}
