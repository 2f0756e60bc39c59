/**
 * `dialtone send FILE... --protocol xmodem|xmodem-1k|ymodem|zmodem|raw|text --via TARGET`: send files
 * over a session with XMODEM, XMODEM-1K, YMODEM or ZMODEM (src-shared/transfer/, run by
 * src-main/transfer/run-transfer.ts), raw (the bytes as they are) or text (line ends made --newline,
 * paced by --char-delay / --line-delay), both with write back-pressure (sendPlain). What the far end sends during the transfer is
 * the protocol's and is not printed; progress goes to stderr. Ctrl+C cancels (CAN CAN).
 * Exit status: see EXIT in src-main/transfer/cli-support.ts.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { BLOCK_CHOICES, SEND_PROTOCOLS, XmodemSender, ZmodemSender } from '../../../src-shared/transfer/index.js';
import { targetArg, parseArgs, choiceOption, intOption, UsageError, fileProblem } from '../args.js';
import { NEWLINES } from '../../../src-shared/ipc/profile.js';
import { MAX_CHAR_DELAY_MS, MAX_LINE_DELAY_MS } from '../../../src-shared/bytes/paced-text.js';
import { sendPlain, type TextSend } from '../../transfer/service.js';
import { CONNECT_OPTIONS } from './connect.js';
import { runTransfer } from '../../transfer/run-transfer.js';
import { EXIT, openTransferSession, ProgressLine, protocolOption } from '../../transfer/cli-support.js';
import { abortOnSignals } from '../signals.js';

export const summary = 'send files with XMODEM, XMODEM-1K, YMODEM, ZMODEM, raw or as text over a session';

export const usage = `usage: dialtone send FILE... --protocol xmodem|xmodem-1k|ymodem|zmodem|raw|text --via TARGET [options]

  --protocol P        xmodem (128-byte blocks), xmodem-1k, ymodem (a batch: names and sizes), zmodem
                      (a batch, CRC-32, resume on error), raw (the bytes as they are), text (a text
                      file as a paste: line ends made --newline, paced as below; like ascii-xfr)
  --newline NL        text: cr (default), lf or crlf for every line end of the file
  --char-delay MS     text: wait after each character (0-10000, default 0)
  --line-delay MS     text: wait after each line end (0-60000, default 0)
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
  const parsed = parseArgs(args, { values: [...CONNECT_OPTIONS.values, 'protocol', 'via', 'blocks', 'newline', 'char-delay', 'line-delay'], flags: [...CONNECT_OPTIONS.flags] });
  const protocol = protocolOption(parsed.values.get('protocol'), SEND_PROTOCOLS);
  const via = parsed.values.get('via');
  if (via === undefined) throw new UsageError('--via TARGET is missing');
  const target = targetArg(via);
  const paths = parsed.positionals;
  if (paths.length === 0) throw new UsageError('no FILE to send');
  if (protocol !== 'ymodem' && protocol !== 'zmodem' && paths.length > 1) throw new UsageError(`${protocol} sends one file; ymodem and zmodem send several`);
  const blocks = choiceOption(parsed, 'blocks', BLOCK_CHOICES) ?? (protocol === 'xmodem' ? '128' : '1k');
  const text: TextSend = {
    newline: choiceOption(parsed, 'newline', NEWLINES) ?? 'cr',
    charDelayMs: intOption(parsed, 'char-delay', 0, MAX_CHAR_DELAY_MS) ?? 0,
    lineDelayMs: intOption(parsed, 'line-delay', 0, MAX_LINE_DELAY_MS) ?? 0,
  };
  const files = paths.map((p) => {
    try {
      const st = statSync(p);
      if (!st.isFile()) throw new UsageError(`${p}: ${st.isDirectory() ? 'is a folder, not a file' : 'is not a file'}`);
      return { name: basename(p), data: readFileSync(p), mtime: Math.floor(st.mtimeMs / 1000) };
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`${p}: ${fileProblem(err)}`);
    }
  });

  const say = (text: string) => void process.stderr.write(text);
  const session = await openTransferSession('send', target, parsed, say);
  if (!session) return EXIT.connect;
  const signals = abortOnSignals();
  try {
    if (protocol === 'raw' || protocol === 'text') {
      const end = await sendPlain(session, files[0]!.data, { signal: signals.signal, ...(protocol === 'text' ? { text } : {}) });
      if (end.result === 'done') say(`dialtone send: ${files[0]!.name} written (${protocol})\n`);
      else say(`dialtone send: ${end.result}${end.reason && end.reason !== 'local' ? `: ${end.reason}` : ''}\n`);
      return end.result === 'done' ? EXIT.done : end.result === 'cancelled' ? EXIT.cancelled : EXIT.lost;
    }
    const progress = new ProgressLine(say);
    const engine =
      protocol === 'zmodem'
        ? new ZmodemSender({ files: files.map((f) => ({ name: f.name, size: f.data.length, bytes: new Uint8Array(f.data), mtime: f.mtime })) })
        : new XmodemSender({ protocol: protocol === 'ymodem' ? 'ymodem' : 'xmodem', files, blocks });
    const outcome = await runTransfer(session, engine, { signal: signals.signal, onEvent: (ev) => progress.event(ev) });
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
    signals.dispose();
    await session.close();
  }
}
