/**
 * `dialtone dial NUMBER --via TARGET`: dial a Hayes modem reached through a session (an RFC 2217
 * access server such as `dialtone sim`, or a local port), with a chat script, redials, and a login; then
 * stay connected: stdin goes to the line and the call's data to stdout, as `connect` does. When stdin
 * ends the dialer hangs up (DTR drop, `+++` ATH as the fallback) and exits 0; when the far end hangs up,
 * it exits 0 too. Progress goes to stderr as lines, or with --events as JSON lines (DialerEvents and
 * SessionEvents). `--answer` waits for a call instead of dialing.
 *
 * Exit status: 0 connected (call ended), 1 interrupted, 2 bad usage, 3 could not connect to the modem,
 * 4 session lost, 5 BUSY, 6 NO CARRIER, 7 NO DIALTONE, 8 NO ANSWER, 9 ERROR or timeout.
 */
import { readFileSync } from 'node:fs';
import { ChatScriptError, importCiscoChatScripts, parseChatScript, type ChatScript } from '../../../src-shared/dialer/chat-script.js';
import type { DialerEvent, DialResult } from '../../../src-shared/dialer/events.js';
import { isDialable } from '../../../src-shared/dialer/phonebook.js';
import { targetArg, parseArgs, choiceOption, intOption, UsageError } from '../args.js';
import { CONNECT_OPTIONS, sessionOptionsFromArgs } from './connect.js';
import { createSession } from '../../sessions/factory.js';
import { tlsOptionsFromArgs, withTlsHint } from '../tls-args.js';
import type { Session } from '../../sessions/session.js';
import { Dialer, type DialOutcome } from '../../dialer/dialer.js';

export const summary = 'dial a number through a Hayes modem (chat scripts, redial, callback), then stay connected';

export const usage = `usage: dialtone dial NUMBER --via TARGET [options]
       dialtone dial --answer ata|modem --via TARGET [options]

  --via TARGET          the modem's line: rfc2217://HOST:PORT (e.g. dialtone sim), serial:/dev/ttyS0, ...
  --init STRING         modem init string (default ATZ)
  --pulse               pulse dialing (ATDP) instead of tone (ATDT)
  --script FILE         a pppd chat(8) file instead of the default: TIMEOUT 10 '' ATZ OK ATDT\\T
                        TIMEOUT 60 CONNECT (\\T is NUMBER; ABORT BUSY/NO CARRIER/NO DIALTONE/NO ANSWER/ERROR
                        and REPORT CONNECT are always added)
  --cisco-script FILE   a Cisco configuration (or one line) with "chat-script NAME ..." lines; the script
                        named by --script-name, else the first
  --script-name NAME
  --login FILE          a pppd chat file run after CONNECT (e.g. ogin: user assword: secret)
  --callback            after --login, hang up and wait for the call back; answer it with ATA
  --answer ata|modem    wait for RING and answer (ata: send ATA; modem: ATS0=1, the modem answers)
  --retries N           redials after BUSY, NO CARRIER or NO ANSWER (default 0)
  --redial-delay S      seconds before each redial (default 5)
  --timeout S           seconds to wait for CONNECT (default 60)
  --events              DialerEvents and SessionEvents as JSON lines on stderr
  line settings as for connect: --baud N --data-bits --parity --stop-bits --flow --dtr --rts ...

Once connected, stdin goes to the line and the call's data to stdout; when stdin ends the line is read
for --linger MS more (default 500), then the call is hung up (DTR drop; +++ ATH as the fallback).

exit status: 0 connected (call ended), 1 interrupted, 2 bad usage, 3 could not connect to the modem,
4 session lost, 5 BUSY, 6 NO CARRIER, 7 NO DIALTONE, 8 NO ANSWER, 9 ERROR or timeout`;

/** Exit status by how the call attempt ended. */
export const EXIT_BY_RESULT: Record<DialResult, number> = {
  busy: 5,
  'no-carrier': 6,
  'no-dialtone': 7,
  'no-answer': 8,
  error: 9,
  timeout: 9,
  'session-lost': 4,
  cancelled: 1,
};

function readScript(file: string, what: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (err) {
    throw new UsageError(`${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function parseScriptFile(file: string, what: string): ChatScript {
  try {
    return parseChatScript(readScript(file, what));
  } catch (err) {
    if (err instanceof ChatScriptError) throw new UsageError(`${what} ${file}: ${err.message}`);
    throw err;
  }
}

/** A DialerEvent as a human line for stderr; null for one not worth a line. */
export function describeDialEvent(ev: DialerEvent): string | null {
  switch (ev.state) {
    case 'initialising':
      return `initialising the modem${ev.attempt && ev.attempt > 1 ? ` (attempt ${ev.attempt})` : ''}`;
    case 'dialing':
      return `dialing ${ev.number ?? ''}`;
    case 'connected':
      return `connected${ev.text ? `: ${ev.text}` : ''}`;
    case 'failed':
      return `${ev.text ?? ev.result}${ev.attempt ? ` (attempt ${ev.attempt})` : ''}`;
    case 'waiting-redial':
      return ev.inMs !== undefined && ev.inMs % 1000 === 0 ? `redialing in ${ev.inMs / 1000} s` : null;
    case 'hanging-up':
      return ev.method === 'escape' ? 'hanging up: DTR did not end the call; +++ ATH' : 'hanging up (DTR drop)';
    case 'hung-up':
      return `hung up${ev.elapsedMs !== undefined ? ` after ${Math.round(ev.elapsedMs / 1000)} s` : ''}${ev.text ? ` (${ev.text})` : ''}${ev.confirmed === false ? ' (not confirmed by the modem)' : ''}`;
    case 'answer-wait':
      return 'waiting for a call (RING)';
    case 'ringing':
      return `RING ${ev.rings ?? ''}`.trim();
    case 'answering':
      return `answering (${ev.text ?? ''})`;
    case 'say':
      return ev.text ?? '';
    case 'report':
      return null;
    case 'call-timer':
      return null;
  }
}

/** Run `dialtone dial`; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, {
    values: [...CONNECT_OPTIONS.values, 'via', 'init', 'script', 'cisco-script', 'script-name', 'login', 'answer', 'retries', 'redial-delay', 'timeout'],
    flags: [...CONNECT_OPTIONS.flags, 'pulse', 'callback'],
  });
  const answer = choiceOption(parsed, 'answer', ['ata', 'modem'] as const);
  const number = parsed.positionals[0];
  if (parsed.positionals.length > 1) throw new UsageError(`one NUMBER expected, got ${parsed.positionals.join(' ')}`);
  if (!answer && number === undefined) throw new UsageError('NUMBER is missing (or --answer to wait for a call)');
  if (answer && number !== undefined) throw new UsageError('--answer takes no NUMBER');
  if (number !== undefined && !isDialable(number)) throw new UsageError(`"${number}" is not a dialable number (digits, * # , W P T - and spaces)`);
  const via = parsed.values.get('via');
  if (!via) throw new UsageError('--via TARGET is missing (e.g. --via rfc2217://127.0.0.1:PORT from dialtone sim)');
  const target = targetArg(via);
  if (parsed.values.has('script') && parsed.values.has('cisco-script')) throw new UsageError('give --script or --cisco-script, not both');
  let script: ChatScript | undefined;
  const scriptFile = parsed.values.get('script');
  if (scriptFile) script = parseScriptFile(scriptFile, '--script');
  const ciscoFile = parsed.values.get('cisco-script');
  if (ciscoFile) {
    let scripts;
    try {
      scripts = importCiscoChatScripts(readScript(ciscoFile, '--cisco-script'));
    } catch (err) {
      if (err instanceof ChatScriptError) throw new UsageError(`--cisco-script ${ciscoFile}: ${err.message}`);
      throw err;
    }
    const name = parsed.values.get('script-name');
    const found = name ? scripts.find((s) => s.name === name) : scripts[0];
    if (!found) throw new UsageError(`--cisco-script ${ciscoFile}: no chat-script${name ? ` named "${name}"` : ''} in it`);
    script = found.script;
  }
  const loginFile = parsed.values.get('login');
  const login = loginFile ? parseScriptFile(loginFile, '--login') : undefined;
  const callback = parsed.flags.has('callback');
  if (callback && !login) throw new UsageError('--callback needs --login (the callback server wants a login before it calls back)');
  const retries = intOption(parsed, 'retries', 0, 100) ?? 0;
  const redialDelayMs = (intOption(parsed, 'redial-delay', 0, 3600) ?? 5) * 1000;
  const connectTimeoutMs = (intOption(parsed, 'timeout', 1, 3600) ?? 60) * 1000;
  const init = parsed.values.get('init');
  const events = parsed.flags.has('events');
  const options = sessionOptionsFromArgs(parsed);

  const stderr = process.stderr;
  // the modem is told to be ready: DTR and RTS on unless the command line says otherwise
  const tls = await tlsOptionsFromArgs(parsed, target.kind !== 'serial' && target.tls === true);
  const session = await createSession(target, { ...options, ...(tls ? { tls } : {}), dtr: options.dtr ?? true, rts: options.rts ?? true });
  session.on('event', (ev) => {
    if (events) stderr.write(JSON.stringify(ev) + '\n');
    else if (ev.type === 'status' && ev.state === 'disconnected' && ev.reason) stderr.write(`dialtone dial: ${withTlsHint(ev.reason, ev.code)}\n`);
  });
  try {
    await session.open();
  } catch {
    await session.close();
    return 3;
  }
  const dialer = new Dialer(session);
  dialer.on('event', (ev) => {
    if (events) stderr.write(JSON.stringify(ev) + '\n');
    else {
      const line = describeDialEvent(ev);
      if (line !== null) stderr.write(`dialtone dial: ${line}\n`);
    }
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    dialer.cancel();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const dialRequest = {
    number: number ?? '',
    ...(init !== undefined ? { init } : {}),
    dialCommand: parsed.flags.has('pulse') ? ('ATDP' as const) : ('ATDT' as const),
    ...(script ? { script } : {}),
    ...(login ? { login } : {}),
    retries,
    redialDelayMs,
    connectTimeoutMs,
  };
  let out: DialOutcome;
  if (answer) out = await dialer.answer({ by: answer, connectTimeoutMs });
  else if (callback && login) out = await dialer.callback({ ...dialRequest, login, answer: { by: 'ata', connectTimeoutMs } });
  else out = await dialer.dial(dialRequest);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  if (!out.ok) {
    if (dialer.inCall || out.result === 'cancelled') await dialer.hangup();
    dialer.dispose();
    await session.close();
    return interrupted ? 1 : EXIT_BY_RESULT[out.result];
  }
  const status = await pipeCall(session, dialer, intOption(parsed, 'linger', 0, 3_600_000) ?? 500);
  dialer.dispose();
  await session.close();
  return status;
}

/** Join stdin/stdout to the call until stdin ends (hang up, 0), the far end hangs up (0), or the session is lost (4). */
function pipeCall(session: Session, dialer: Dialer, lingerMs: number): Promise<number> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = async (status: number, hangUp: boolean) => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stdin.off('data', onStdin);
      stdin.pause();
      stdin.destroy();
      if (hangUp) await dialer.hangup();
      if (stdout.writableNeedDrain) await new Promise<void>((r) => stdout.once('drain', () => r()));
      resolve(status);
    };
    // the call's data starts after the CONNECT line: its LF (after the CR that ended REPORT) is the modem's
    let atStart = true;
    const deliver = (bytes: Uint8Array) => {
      if (finished || bytes.length === 0) return;
      if (atStart) {
        atStart = false;
        if (bytes[0] === 0x0a) bytes = bytes.subarray(1);
      }
      if (!stdout.write(bytes)) session.setPaused('stdout', true);
    };
    deliver(dialer.takeUnread());
    session.on('data', deliver);
    stdout.on('drain', () => session.setPaused('stdout', false));
    stdout.on('error', () => void finish(0, true));
    session.on('drain', () => stdin.resume());
    dialer.on('event', (ev) => {
      if (ev.state === 'hung-up') void finish(ev.text === 'session lost' ? 4 : 0, false);
    });
    const onStdin = (chunk: Buffer) => {
      if (!session.write(chunk)) stdin.pause();
    };
    stdin.on('data', onStdin);
    // after stdin ends, the line is read for lingerMs more (the far end's answer to the last bytes)
    const linger = () => setTimeout(() => void finish(0, true), lingerMs);
    stdin.on('end', linger);
    stdin.on('error', linger);
    const onSignal = () => void finish(0, true);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
