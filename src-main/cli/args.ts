import { parseTarget, TargetError, type Target } from '../../src-shared/session/target.js';
import { portToOpen } from '../ports/serial-path.js';
/**
 * A small, strict option parser for the command line: `--name value`, `--name=value` and boolean
 * `--flag`. Unknown options and missing values are usage errors (exit status 2), never guesses.
 */

/** Bad usage: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * What a file-system error says about a path the operator gave, in plain words ("no such file",
 * "permission denied", ...) instead of Node's "ENOENT: no such file or directory, stat '...'"; the
 * system's message for an error not listed.
 */
export function fileProblem(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENAMETOOLONG':
      return 'name too long';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export interface OptionSpec {
  /** Options that take a value. */
  values?: readonly string[];
  /** Options that are flags. */
  flags?: readonly string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

/**
 * Parse `args` against `spec`.
 * @throws UsageError on an unknown option, a missing value, or a repeated option.
 */
export function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  const valueNames = new Set(spec.values ?? []);
  const flagNames = new Set(spec.flags ?? []);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flagNames.has(name) && eq < 0) {
      flags.add(name);
      continue;
    }
    if (!valueNames.has(name)) throw new UsageError(`unknown option --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    values.set(name, value);
  }
  return { positionals, values, flags };
}

/** Read an integer option in [min, max]. @throws UsageError naming the option and the range. */
export function intOption(parsed: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = parsed.values.get(name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return n;
}

/** Read an option that must be one of `choices`. @throws UsageError listing the choices. */
export function choiceOption<T extends string>(parsed: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const text = parsed.values.get(name);
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${choices.join('|')}, not "${text}"`);
  }
  return text as T;
}

/**
 * The TARGET of a command line (rfc2217://, telnet://, tcp://, TLS kinds, serial:/dev/PORT or COM3),
 * a local port named as this system opens it: on macOS /dev/tty.NAME becomes the call-out /dev/cu.NAME
 * (portToOpen), said on stderr. @throws UsageError for a target that does not parse.
 */
export function targetArg(text: string, platform: NodeJS.Platform = process.platform): Target {
  let target: Target;
  try {
    target = parseTarget(text);
  } catch (err) {
    if (err instanceof TargetError) throw new UsageError(err.message);
    throw err;
  }
  if (target.kind !== 'serial') return target;
  const local = portToOpen(target.path, platform);
  if (local.note) process.stderr.write(`dialtone: ${local.note}\n`);
  return { ...target, path: local.path };
}

