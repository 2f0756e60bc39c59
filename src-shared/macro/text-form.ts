/**
 * A macro as text, one line per step, for reading, editing by hand and pasting into tickets; it
 * round-trips: parseMacroText(formatMacroText(m)) equals m. Strings are JSON strings ("AT\\r" is the
 * four characters A, T, backslash, r: the send syntax's own escape, expanded when the macro runs).
 *
 *   name "Dial echo and say hello"
 *   key F2                                  (optional)
 *   repeat 1000                             (optional: run again every 1000 ms)
 *   send text "ATDT5550100" cr              (text|hex, then none|cr|lf|crlf)
 *   checksum crc16-modbus
 *   control dtr pulse-on 100                (on|off|pulse-on|pulse-off, ms)
 *   break 250
 *   wait text "CONNECT" 60000 abort "BUSY" "NO CARRIER"
 *   wait regex "OK|READY" 5000
 *   delay 500
 *   settings {"baud":115200,"parity":"none"}
 *   transfer send ymodem "firmware.bin"    (the file: a name in the transfer folder, or --file for run)
 *   log start
 * Blank lines and lines starting with # are ignored.
 */
import { macroSchema, type Macro, type MacroStep } from './macro.js';

/** Text that is not a macro; `line` is 1-based. */
export class MacroTextError extends Error {
  override name = 'MacroTextError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const q = (s: string) => JSON.stringify(s);

function formatStep(s: MacroStep): string {
  switch (s.kind) {
    case 'send':
      return `send ${s.syntax} ${q(s.data)} ${s.lineEnd}`;
    case 'checksum':
      return `checksum ${s.algorithm}`;
    case 'control':
      return `control ${s.line} ${s.action} ${s.ms}`;
    case 'break':
      return `break ${s.ms}`;
    case 'wait': {
      const what = s.text !== undefined ? `text ${q(s.text)}` : `regex ${q(s.regex!)}`;
      return `wait ${what} ${s.timeoutMs}${s.abort.length ? ` abort ${s.abort.map(q).join(' ')}` : ''}`;
    }
    case 'delay':
      return `delay ${s.ms}`;
    case 'settings':
      return `settings ${JSON.stringify(s.settings)}`;
    case 'transfer':
      return `transfer ${s.direction} ${s.protocol}${s.file !== undefined ? ` ${q(s.file)}` : ''}`;
    case 'log':
      return `log ${s.action}`;
  }
}

/** The text form of `macro` (its id is not part of it). */
export function formatMacroText(macro: Macro): string {
  const head = [`name ${q(macro.name)}`];
  if (macro.key) head.push(`key ${macro.key}`);
  if (macro.repeatEveryMs !== undefined) head.push(`repeat ${macro.repeatEveryMs}`);
  return [...head, ...macro.steps.map(formatStep)].join('\n') + '\n';
}

/** Words and JSON strings of one line. */
function tokens(line: string, n: number): string[] {
  const out: string[] = [];
  const re = /"(?:[^"\\]|\\.)*"|\{.*\}|\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const t = m[0];
    if (t.startsWith('"')) {
      try {
        out.push(JSON.parse(t) as string);
      } catch {
        throw new MacroTextError(`bad string ${t}`, n);
      }
    } else out.push(t);
  }
  return out;
}

const int = (t: string | undefined, what: string, n: number): number => {
  if (t === undefined || !/^\d+$/.test(t)) throw new MacroTextError(`${what} must be a whole number of ms, not ${t ?? 'nothing'}`, n);
  return Number(t);
};

/**
 * Read a macro's text form.
 * @throws MacroTextError naming the line for text that is not a step, and for what macroSchema refuses
 * (the first problem).
 */
export function parseMacroText(text: string): Macro {
  let name = '';
  let key: string | undefined;
  let repeat: number | undefined;
  const steps: unknown[] = [];
  const stepLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [word, ...rest] = tokens(line, n);
    const step = (s: unknown) => {
      steps.push(s);
      stepLines.push(n);
    };
    switch (word) {
      case 'name':
        name = rest[0] ?? '';
        return;
      case 'key':
        key = rest[0];
        return;
      case 'repeat':
        repeat = int(rest[0], 'repeat', n);
        return;
      case 'send':
        return step({ kind: 'send', syntax: rest[0], data: rest[1], lineEnd: rest[2] ?? 'none' });
      case 'checksum':
        return step({ kind: 'checksum', algorithm: rest[0] });
      case 'control':
        return step({ kind: 'control', line: rest[0], action: rest[1], ms: rest[2] === undefined ? 100 : int(rest[2], 'control', n) });
      case 'break':
        return step({ kind: 'break', ms: int(rest[0], 'break', n) });
      case 'delay':
        return step({ kind: 'delay', ms: int(rest[0], 'delay', n) });
      case 'wait': {
        const [how, what, ms, abortWord, ...aborts] = rest;
        if (how !== 'text' && how !== 'regex') throw new MacroTextError(`wait text "..." or wait regex "...", not wait ${how ?? ''}`, n);
        if (abortWord !== undefined && abortWord !== 'abort') throw new MacroTextError(`expected abort, not ${abortWord}`, n);
        return step({ kind: 'wait', [how]: what, timeoutMs: int(ms, 'wait', n), abort: aborts });
      }
      case 'settings': {
        let settings: unknown;
        try {
          settings = JSON.parse(rest.join(' '));
        } catch {
          throw new MacroTextError('settings takes a JSON object, e.g. {"baud":115200}', n);
        }
        return step({ kind: 'settings', settings });
      }
      case 'transfer':
        return step({ kind: 'transfer', direction: rest[0], protocol: rest[1], ...(rest[2] !== undefined ? { file: rest[2] } : {}) });
      case 'log':
        return step({ kind: 'log', action: rest[0] });
      default:
        throw new MacroTextError(`unknown step "${word}"`, n);
    }
  });
  const parsed = macroSchema.safeParse({ name, ...(key ? { key } : {}), ...(repeat !== undefined ? { repeatEveryMs: repeat } : {}), steps });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const stepIndex = issue.path[0] === 'steps' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    throw new MacroTextError(`${issue.path.join('.') || 'macro'}: ${issue.message}`, stepIndex !== null ? (stepLines[stepIndex] ?? 1) : 1);
  }
  return parsed.data;
}
