/**
 * `dialtone connect TARGET [options]`: a headless session. stdin goes to the line unchanged and the line
 * comes out on stdout unchanged (binary-safe, every byte value). With --events, every SessionEvent is a
 * JSON line on stderr (the same objects the app and the logs see).
 *
 * Flow control both ways: when stdout cannot keep up the session is paused (setPaused('stdout')), which
 * pushes back through TCP to the access server; when the line cannot take more, stdin is paused until
 * the session's 'drain'.
 *
 * When stdin ends: what is pending is sent, the line is read for --linger ms more, then the session closes.
 * Exit status: 0 closed cleanly, 2 bad usage, 3 could not connect, 4 connection lost.
 *
 * Option parsing lives in CONNECT_OPTIONS + parseConnectArgs(): a later option (e.g. --log FILE
 * --log-format F) is added to the spec and read from `parsed` in run(), next to the --events consumer.
 */
import { STOP_BITS, MAX_BAUD, MAX_BREAK_MS, PARITIES, FLOW_CONTROLS, DATA_BITS, type LineSettings } from '../../../src-shared/line/settings.js';
import type { SessionEvent } from '../../../src-shared/session/events.js';
import { type Target } from '../../../src-shared/session/target.js';
import { targetArg, parseArgs, choiceOption, intOption, type OptionSpec, type ParsedArgs, UsageError } from '../args.js';
import { createSession } from '../../sessions/factory.js';
import type { Session, SessionOptions } from '../../sessions/session.js';
import { attachCliLog, cliLogReporter, LOG_CLI_OPTIONS, LOG_CLI_USAGE, logOptionsFromArgs } from '../../logging/cli.js';
import { LineOutput, SCREEN_TIMESTAMPS, type LineViewChoice } from '../line-views.js';
import { parseEscapeKey } from '../escape-keys.js';
import { TLS_CLI_OPTIONS, TLS_CLI_USAGE, tlsOptionsFromArgs, withTlsHint } from '../tls-args.js';
import { InteractiveConsole, rawMode } from '../interactive.js';

export const summary = 'open a session: stdin to the line, the line to stdout (rfc2217://, telnet://, tcp://, serial:)';

export const usage = `usage: dialtone connect TARGET [options]

TARGET  rfc2217://HOST:PORT   telnet with RFC 2217 COM-PORT control (ser2net, Moxa, Cisco)
        telnet://HOST:PORT    telnet without COM-PORT
        tcp://HOST:PORT       raw TCP, bytes only (Cisco 4000+N, ser2net raw)
        rfc2217s://, telnets://, tls://   the same inside TLS (see TLS below)
        serial:/dev/ttyUSB0   a local serial port (also a bare /dev/... path)

line settings (sent on connect and again after every reconnect):
  --baud N                    bits/s (1..${MAX_BAUD})
  --data-bits 5|6|7|8
  --parity none|odd|even|mark|space
  --stop-bits 1|1.5|2
  --flow none|xonxoff|rtscts
  --dtr on|off  --rts on|off  assert or drop DTR/RTS on connect (default: leave as they are)

what is printed (stdout):
  --timestamps wall|delta     prefix each received line with its arrival time ([12:34:56.789] local
                              time, or [+0.123] s since the previous line)
  --hex                       the hex view instead of the bytes: rows of both directions ('<' received,
                              '>' sent) with offset and time, and the session's events inline ('*')
  --hex-width 8|16            bytes per hex row (default 16)
  --hex-gap MS                an idle gap this long starts a new row (default 100)

on a terminal (stdin a tty), keys go to the line in raw mode, Ctrl+C too; the escape key then one of:
  d DTR on/off, r RTS on/off, b BREAK, u baud rate, h hex view, t timestamps, s line state, ? help, q quit
  --escape KEY                the escape key: ^] (default), ^T, ctrl-a, ...

session:
  --events                    SessionEvents as JSON lines on stderr (status, settings, modem, line,
                              warning, error, signature, control)
  --linger MS                 after stdin ends, keep reading the line this long (default 500)
  --reconnect                 reconnect with back-off (0.5 s doubling to 30 s) instead of exiting 4
  --connect-timeout MS        give up connecting after MS (default 10000)
  --ack-timeout MS            RFC 2217 ack wait before a setting is 'unconfirmed' (default 3000)
  --keepalive MS              TCP keepalive idle time, 0 = off (default 15000)

local serial ports:
  --safe-open                 leave DTR/RTS untouched on open and close (no dev-board reset; best after
                              \`stty -F PORT -hupcl\` once); --dtr/--rts are then not applied at open
  --break-ms MS               length of a BREAK pulse (default 250)
  --modem-poll MS             how often CTS/DSR/DCD are read (default 100)

${LOG_CLI_USAGE}

${TLS_CLI_USAGE}

exit status: 0 closed cleanly, 2 bad usage, 3 could not connect, 4 connection lost,
             5 closed, but bytes from stdin were not delivered (the error line says how many)`;

/** Every option `connect` accepts; commands that build on connect extend this spec. */
export const CONNECT_OPTIONS = {
  values: ['baud', 'data-bits', 'parity', 'stop-bits', 'flow', 'dtr', 'rts', 'linger', 'connect-timeout', 'ack-timeout', 'keepalive', 'break-ms', 'modem-poll', ...LOG_CLI_OPTIONS.values, ...TLS_CLI_OPTIONS.values],
  flags: ['events', 'reconnect', 'safe-open', ...LOG_CLI_OPTIONS.flags, ...TLS_CLI_OPTIONS.flags],
} as const satisfies OptionSpec;

/** What `connect` alone prints of the line (--timestamps, --hex): not for commands built on it. */
const VIEW_OPTIONS = { values: ['timestamps', 'hex-width', 'hex-gap', 'escape'], flags: ['hex'] } as const;

/** The parsed `connect` command line. */
export interface ConnectArgs {
  target: Target;
  options: SessionOptions;
  events: boolean;
  /** ms to keep reading after stdin ends. */
  lingerMs: number;
  /** The raw parse, for options other modules add to the spec. */
  parsed: ParsedArgs;
}

/**
 * Parse `connect` arguments.
 * @throws UsageError for a missing or bad TARGET, an unknown option or an out-of-range value.
 */
export function parseConnectArgs(args: readonly string[], spec: OptionSpec = CONNECT_OPTIONS): ConnectArgs {
  const parsed = parseArgs(args, spec);
  if (parsed.positionals.length !== 1) {
    throw new UsageError(parsed.positionals.length === 0 ? 'TARGET is missing' : `one TARGET expected, got ${parsed.positionals.join(' ')}`);
  }
  const target = targetArg(parsed.positionals[0]!);
  return {
    target,
    options: sessionOptionsFromArgs(parsed),
    events: parsed.flags.has('events'),
    lingerMs: intOption(parsed, 'linger', 0, 3_600_000) ?? 500,
    parsed,
  };
}

/**
 * Build SessionOptions from parsed line options (--baud, --data-bits, --parity, --stop-bits, --flow,
 * --dtr, --rts, --reconnect, --connect-timeout, --ack-timeout, --keepalive). Options not given stay unset.
 * @throws UsageError naming the option and what it accepts.
 */
export function sessionOptionsFromArgs(parsed: ParsedArgs): SessionOptions {
  const settings: Partial<LineSettings> = {};
  const baud = intOption(parsed, 'baud', 1, MAX_BAUD);
  if (baud !== undefined) settings.baud = baud;
  const dataBits = choiceOption(parsed, 'data-bits', DATA_BITS.map(String));
  if (dataBits !== undefined) settings.dataBits = Number(dataBits) as LineSettings['dataBits'];
  const parity = choiceOption(parsed, 'parity', PARITIES);
  if (parity !== undefined) settings.parity = parity;
  const stopBits = choiceOption(parsed, 'stop-bits', STOP_BITS.map(String));
  if (stopBits !== undefined) settings.stopBits = Number(stopBits) as LineSettings['stopBits'];
  const flow = choiceOption(parsed, 'flow', FLOW_CONTROLS);
  if (flow !== undefined) settings.flow = flow;
  const options: SessionOptions = { settings, reconnect: parsed.flags.has('reconnect') };
  const dtr = choiceOption(parsed, 'dtr', ['on', 'off']);
  if (dtr !== undefined) options.dtr = dtr === 'on';
  const rts = choiceOption(parsed, 'rts', ['on', 'off']);
  if (rts !== undefined) options.rts = rts === 'on';
  const connectTimeoutMs = intOption(parsed, 'connect-timeout', 1, 3_600_000);
  if (connectTimeoutMs !== undefined) options.connectTimeoutMs = connectTimeoutMs;
  const ackTimeoutMs = intOption(parsed, 'ack-timeout', 1, 600_000);
  if (ackTimeoutMs !== undefined) options.ackTimeoutMs = ackTimeoutMs;
  const keepaliveIdleMs = intOption(parsed, 'keepalive', 0, 7_200_000);
  if (keepaliveIdleMs !== undefined) options.keepaliveIdleMs = keepaliveIdleMs;
  if (parsed.flags.has('safe-open')) options.safeOpen = true;
  const breakMs = intOption(parsed, 'break-ms', 1, MAX_BREAK_MS);
  if (breakMs !== undefined) options.breakMs = breakMs;
  const modemPollMs = intOption(parsed, 'modem-poll', 10, 60_000);
  if (modemPollMs !== undefined) options.modemPollMs = modemPollMs;
  return options;
}

/** A SessionEvent as a human line for stderr (without --events); null for events not worth a line. */
function describe(ev: SessionEvent): string | null {
  switch (ev.type) {
    case 'status':
      if (ev.state === 'reconnecting') return `${ev.reason ?? 'connection lost'}; reconnecting in ${ev.retryInMs} ms`;
      if (ev.state === 'disconnected' && ev.reason) return withTlsHint(ev.reason, ev.code);
      return null;
    case 'tls':
      return `${ev.protocol} ${ev.cipher}; certificate SHA-256 ${ev.fingerprint256} (${ev.subject}), trusted by ${ev.trust === 'known' ? 'known-servers.json' : ev.trust}`;
    case 'warning':
      return `warning: ${ev.message}`;
    case 'error':
      return `error: ${ev.message}`;
    default:
      return null;
  }
}

/** The interactive escape key (--escape, default Ctrl+]). @throws UsageError for a key that is not a control key. */
function escapeKeyFromArgs(parsed: ParsedArgs): number {
  const text = parsed.values.get('escape');
  if (text === undefined) return 0x1d;
  try {
    return parseEscapeKey(text);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** What stdout shows of the line (--hex, --hex-width, --hex-gap, --timestamps). @throws UsageError for bad values. */
function lineViewFromArgs(parsed: ParsedArgs): LineViewChoice {
  const timestamps = choiceOption(parsed, 'timestamps', SCREEN_TIMESTAMPS) ?? null;
  const width = choiceOption(parsed, 'hex-width', ['8', '16']);
  const gapMs = intOption(parsed, 'hex-gap', 1, 3_600_000);
  return { hex: parsed.flags.has('hex'), timestamps, hexWidth: width === '8' ? 8 : 16, hexGapMs: gapMs ?? 100 };
}

/** Run `dialtone connect`; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const cmd = parseConnectArgs(args, { values: [...CONNECT_OPTIONS.values, ...VIEW_OPTIONS.values], flags: [...CONNECT_OPTIONS.flags, ...VIEW_OPTIONS.flags] });
  const logOptions = logOptionsFromArgs(cmd.parsed, cmd.target);
  const escapeKey = escapeKeyFromArgs(cmd.parsed);
  const tls = await tlsOptionsFromArgs(cmd.parsed, cmd.target.kind !== 'serial' && cmd.target.tls === true);
  const session = await createSession(cmd.target, tls ? { ...cmd.options, tls } : cmd.options);
  const stderr = process.stderr;
  // bytes the operator piped in that never reached the line make the run a failure (exit 5), not a success
  let undelivered = false;
  session.on('event', (ev) => {
    if (ev.type === 'error' && (ev.code === 'not-sent' || ev.code === 'queue-overflow')) undelivered = true;
    if (cmd.events) {
      stderr.write(JSON.stringify(ev) + '\n');
    } else {
      const line = describe(ev);
      if (line) stderr.write(`dialtone connect: ${line}\n`);
    }
  });
  // Every consumer attaches before open(): bytes can arrive in the same read as the negotiation that
  // completes the open, before open()'s promise resolves. (A log writer attaches here too.)
  const stdout = process.stdout;
  const out = (chunk: Uint8Array | string) => {
    if (!stdout.write(chunk)) session.setPaused('stdout', true);
  };
  const view = new LineOutput(out, lineViewFromArgs(cmd.parsed));
  session.on('data', (bytes) => view.received(bytes));
  session.on('sent', (bytes) => view.sent(bytes));
  session.on('event', (ev) => view.event(ev));
  stdout.on('drain', () => session.setPaused('stdout', false));
  const log = attachCliLog(session, logOptions, cliLogReporter(cmd.events));
  // on a terminal: raw mode from the start (keys typed while connecting wait, uncooked) and the escape
  // key's commands; the terminal is restored on every way out, process exit included
  let terminal: InteractiveConsole | null = null;
  let restoreTty = () => undefined as void;
  if (process.stdin.isTTY) {
    terminal = new InteractiveConsole(session, view, escapeKey, (text) => stderr.write(text));
    restoreTty = rawMode(process.stdin);
    terminal.start();
  }
  try {
    await session.open();
  } catch {
    restoreTty();
    await session.close();
    await log?.stop();
    return 3; // the reason went out as a status event above
  }
  const status = await pipe(session, cmd.lingerMs, terminal).finally(restoreTty);
  view.flush();
  await log?.stop();
  return status === 0 && undelivered ? 5 : status;
}

/** Feed stdin to an open session until stdin ends (0), the link is lost (4) or a signal (0). */
function pipe(session: Session, lingerMs: number, terminal: InteractiveConsole | null): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  return new Promise<number>((resolve) => {
    let finished = false;
    let lingerTimer: NodeJS.Timeout | null = null;
    let stdinEnded = false;
    let writerWaiting = false;

    const finish = async (status: number) => {
      if (finished) return;
      finished = true;
      if (lingerTimer) clearTimeout(lingerTimer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stdin.off('data', onStdin);
      stdin.pause();
      stdin.destroy();
      await session.close();
      // let stdout drain what the line sent before we report
      if (stdout.writableNeedDrain) await new Promise<void>((r) => stdout.once('drain', () => r()));
      resolve(status);
    };
    const startLinger = () => {
      if (finished || lingerTimer) return;
      lingerTimer = setTimeout(() => void finish(0), lingerMs);
    };

    stdout.on('error', () => void finish(0)); // the reader went away (EPIPE): nothing more to deliver
    session.on('drain', () => {
      writerWaiting = false;
      if (stdinEnded) startLinger();
      else stdin.resume();
    });
    session.on('event', (ev) => {
      if (ev.type === 'status' && ev.state === 'disconnected') void finish(4);
    });

    const onStdin = (chunk: Buffer) => {
      const { send, quit } = terminal ? terminal.handle(chunk) : { send: [chunk], quit: false };
      for (const bytes of send) {
        if (!session.write(bytes)) {
          writerWaiting = true;
          stdin.pause();
        }
      }
      if (quit) void finish(0);
    };
    stdin.on('data', onStdin);
    stdin.on('end', () => {
      stdinEnded = true;
      if (!writerWaiting) startLinger(); // else after 'drain': the last bytes are on their way
    });
    stdin.on('error', () => {
      stdinEnded = true;
      startLinger();
    });
    const onSignal = () => void finish(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
