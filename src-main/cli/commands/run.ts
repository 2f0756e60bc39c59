/**
 * `dialtone run MACRO-FILE --via TARGET`: run a macro headless (issue 14), so a CI rig can flash a board
 * the way an operator does. The file is a macros file (JSON, `{ dialtone: "macros", version: 1, macros }`),
 * one macro as JSON, or a macro's text form (src-shared/macro/text-form.ts). With several macros in the
 * file, --macro NAME picks one. The line's bytes go to stdout as they come; progress goes to stderr.
 *
 * Exit status: 0 the macro ran to its end, 1 it failed (a wait timed out or saw an ABORT string; the
 * step and the last bytes received are said), 2 bad usage or an unreadable macro, 3 could not connect,
 * 4 the connection was lost during the run.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { MacroAction } from '../../../src-shared/macro/engine.js';
import type { Session } from '../../sessions/session.js';
import { ProgressLine } from '../../transfer/cli-support.js';
import { runTransfer } from '../../transfer/run-transfer.js';
import { divertSession, senderFor, sendPlain } from '../../transfer/service.js';
import { macroSchema, macrosFileSchema, type Macro } from '../../../src-shared/macro/macro.js';
import { MacroTextError, parseMacroText } from '../../../src-shared/macro/text-form.js';
import { targetArg, parseArgs, UsageError } from '../args.js';
import { runMacro } from '../../macro/runner.js';
import { createSession } from '../../sessions/factory.js';
import { tlsOptionsFromArgs, withTlsHint } from '../tls-args.js';
import { CONNECT_OPTIONS, sessionOptionsFromArgs } from './connect.js';
import { sendProtocolOf } from '../../../src-shared/transfer/protocols.js';
import { abortOnSignals } from '../signals.js';

export const summary = 'run a macro on a line: dialtone run MACRO-FILE --via TARGET';

export const usage = `usage: dialtone run MACRO-FILE --via TARGET [--macro NAME] [line options]

MACRO-FILE   a macros file (JSON, as the window exports it), one macro as JSON, or a macro's text form:
               name "Dial echo"
               send text "ATDT5550100" cr
               wait text "CONNECT" 60000 abort "BUSY" "NO CARRIER"
--via TARGET rfc2217://HOST:PORT, telnet://HOST:PORT, tcp://HOST:PORT or serial:/dev/PORT
--macro NAME which macro of the file (needed when it has more than one)
--file PATH  the file a "transfer send" step sends (else the step's own file name, in this folder)
line options as for dialtone connect (--baud, --parity, --dtr on, ...; see dialtone connect --help)

The line's bytes go to stdout; each step and the result go to stderr.
exit status: 0 done, 1 the macro failed, 2 bad usage or macro, 3 could not connect, 4 connection lost`;

/** The macro the file holds (or the one named). @throws UsageError saying what is wrong with the file. */
export function readMacro(path: string, name?: string): Macro {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    try {
      return parseMacroText(text);
    } catch (err) {
      throw new UsageError(`${path}: ${err instanceof MacroTextError ? err.message : String(err)}`);
    }
  }
  const file = macrosFileSchema.safeParse(json);
  const macros = file.success ? file.data.macros : null;
  if (!macros) {
    const one = macroSchema.safeParse(json);
    if (!one.success) throw new UsageError(`${path}: not a macro or macros file: ${one.error.issues[0]?.path.join('.')} ${one.error.issues[0]?.message}`);
    return one.data;
  }
  if (name !== undefined) {
    const m = macros.find((x) => x.name === name);
    if (!m) throw new UsageError(`${path} has no macro named "${name}" (it has: ${macros.map((x) => x.name).join(', ')})`);
    return m;
  }
  if (macros.length !== 1) throw new UsageError(`${path} has ${macros.length} macros: pick one with --macro NAME (${macros.map((x) => x.name).join(', ')})`);
  return macros[0]!;
}

/**
 * A macro's "transfer send" step on the command line: the file (--file, else the step's name in the
 * working folder) by the step's protocol, the session's bytes diverted to the engine meanwhile (not
 * printed), the bytes after the end handed back. Resolves null when done, else why not.
 */
async function sendStepFile(session: Session, a: Extract<MacroAction, { type: 'transfer' }>, file: string | undefined, signal: AbortSignal): Promise<string | null> {
  if (a.direction !== 'send') return 'a receive step needs the window (or dialtone receive)';
  const path = file ?? a.file;
  if (path === undefined) return 'no file to send: give --file PATH';
  let data: Uint8Array;
  let mtime: number;
  try {
    data = new Uint8Array(readFileSync(path));
    mtime = Math.floor(statSync(path).mtimeMs / 1000);
  } catch (err) {
    return `cannot read ${path}: ${(err as Error).message}`;
  }
  const progress = new ProgressLine((t) => process.stderr.write(t));
  const engine = senderFor(sendProtocolOf(a.protocol), basename(path), data, mtime);
  const diverted = divertSession(session);
  try {
    if (engine === null) {
      const end = await sendPlain(diverted.session, data, { signal });
      return end.result === 'done' ? null : `transfer ${end.result}${end.reason ? `: ${end.reason}` : ''}`;
    }
    const end = await runTransfer(diverted.session, engine, { signal, onEvent: (ev) => progress.event(ev) });
    progress.end();
    diverted.restore();
    if (end.rest.length > 0) diverted.receive(end.rest); // the prompt after the transfer: the macro's again
    return end.result === 'done' ? null : `transfer ${end.result}${end.reason ? `: ${end.reason}` : ''}`;
  } finally {
    diverted.restore(); // idempotent: also on a throw
  }
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECT_OPTIONS.values, 'via', 'macro', 'file'], flags: [...CONNECT_OPTIONS.flags] });
  if (parsed.positionals.length !== 1) throw new UsageError('one MACRO-FILE expected');
  const via = parsed.values.get('via');
  if (!via) throw new UsageError('--via TARGET is missing');
  const target = targetArg(via);
  const macro = readMacro(parsed.positionals[0]!, parsed.values.get('macro'));
  const tls = await tlsOptionsFromArgs(parsed, target.kind !== 'serial' && target.tls === true);
  const session = await createSession(target, { ...sessionOptionsFromArgs(parsed), ...(tls ? { tls } : {}) });
  const stderr = process.stderr;
  let lost = false;
  session.on('data', (b) => process.stdout.write(b));
  session.on('event', (ev) => {
    if (ev.type === 'status' && (ev.state === 'disconnected' || ev.state === 'reconnecting')) lost = true;
    if (ev.type === 'status' && ev.reason) stderr.write(`dialtone run: ${ev.state}: ${withTlsHint(ev.reason, ev.code)}\n`);
  });
  try {
    await session.open();
  } catch {
    await session.close();
    return 3;
  }
  const signals = abortOnSignals();
  stderr.write(`dialtone run: "${macro.name}" (${macro.steps.length} steps) on ${via}\n`);
  const result = await runMacro(session, macro, {
    signal: signals.signal,
    onAction: (a) => {
      if (a.type === 'step') stderr.write(`dialtone run: step ${a.index + 1}/${macro.steps.length}: ${a.step.kind}\n`);
    },
    external: (a) => (a.type === 'transfer' ? sendStepFile(session, a, parsed.values.get('file'), signals.signal) : Promise.resolve('a log step needs the window (dialtone connect --log logs a whole session)')),
  });
  signals.dispose();
  await session.close();
  if (result.ok) {
    stderr.write('dialtone run: done\n');
    return 0;
  }
  stderr.write(`dialtone run: ${result.message}${result.lastReceived ? `; last received: ${JSON.stringify(result.lastReceived)}` : ''}\n`);
  return lost ? 4 : 1;
}
