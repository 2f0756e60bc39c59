/**
 * TLS options of the command line (issue 15), for rfc2217s://, telnets:// and tls:// targets:
 *   --ca FILE               trust the server if its chain verifies against FILE (PEM)
 *   --no-hostname-check     with --ca: do not match the host name (ser2net CNs like `<host>-ser2net`)
 *   --pin SHA256            accept exactly this certificate fingerprint
 *   --insecure              check nothing (named as what it is)
 *   --trust-new             trust on first use: record an unknown server's certificate in
 *                           known-servers.json (the config folder); a changed one is still refused
 *   --cert FILE --key FILE  a client certificate (PEM); or --pfx FILE (PKCS#12, passphrase from
 *                           $DIALTONE_TLS_PASSPHRASE: never on the command line, where ps shows it)
 *   --tls-min 1.2|1.3       the lowest TLS version (default 1.2)
 * Without --ca, --pin or --insecure the known-servers file decides (trust on first use).
 */
import { readFileSync } from 'node:fs';
import { defaultConfigDir } from '../profiles/store.js';
import { KnownServers } from '../transports/known-servers.js';
import { normaliseFingerprint, type TlsOptions } from '../transports/tls.js';
import { choiceOption, UsageError, type OptionSpec, type ParsedArgs } from './args.js';

export const TLS_CLI_OPTIONS = {
  values: ['ca', 'pin', 'cert', 'key', 'pfx', 'tls-min'],
  flags: ['insecure', 'trust-new', 'no-hostname-check'],
} as const satisfies OptionSpec;

export const TLS_CLI_USAGE = `TLS (rfc2217s://, telnets://, tls://):
  --ca FILE                   trust the server if its chain verifies against FILE (PEM)
  --no-hostname-check         with --ca: do not match the host name (self-signed ser2net certificates)
  --pin SHA256                accept exactly this certificate (its SHA-256 fingerprint)
  --trust-new                 trust on first use: record an unknown server in known-servers.json
  --insecure                  check nothing
  --cert FILE --key FILE      a client certificate (PEM), or --pfx FILE (PKCS#12; passphrase from
                              $DIALTONE_TLS_PASSPHRASE)
  --tls-min 1.2|1.3           the lowest TLS version (default 1.2)`;

function read(parsed: ParsedArgs, name: string): Buffer | undefined {
  const file = parsed.values.get(name);
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`--${name} ${file}: ${(err as Error).message}`);
  }
}

/**
 * The TLS options the arguments give (undefined when none is given), with the known servers of the
 * config folder for trust on first use.
 * @throws UsageError for an unreadable file, a bad fingerprint, --key without --cert, or TLS options
 * given for a target that is not inside TLS.
 */
export async function tlsOptionsFromArgs(parsed: ParsedArgs, tlsTarget: boolean, configDir = defaultConfigDir()): Promise<TlsOptions | undefined> {
  const given: string[] = [...TLS_CLI_OPTIONS.values.filter((v) => parsed.values.has(v)), ...TLS_CLI_OPTIONS.flags.filter((f) => parsed.flags.has(f))];
  if (!tlsTarget) {
    if (given.length > 0) throw new UsageError(`--${given[0]} is for TLS targets (rfc2217s://, telnets://, tls://)`);
    return undefined;
  }
  const o: TlsOptions = {};
  const ca = read(parsed, 'ca');
  if (ca) o.ca = ca;
  if (parsed.flags.has('no-hostname-check')) o.checkHostname = false;
  const pin = parsed.values.get('pin');
  if (pin !== undefined) {
    try {
      o.pin = normaliseFingerprint(pin);
    } catch (err) {
      throw new UsageError(`--pin: ${(err as Error).message}`);
    }
  }
  if (parsed.flags.has('insecure')) o.insecure = true;
  const cert = read(parsed, 'cert');
  const key = read(parsed, 'key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together');
  if (cert && key) Object.assign(o, { cert, key });
  const pfx = read(parsed, 'pfx');
  if (pfx) Object.assign(o, { pfx, passphrase: process.env.DIALTONE_TLS_PASSPHRASE ?? '' });
  const min = choiceOption(parsed, 'tls-min', ['1.2', '1.3']);
  if (min) o.minVersion = min === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
  if (!o.ca && !o.pin && !o.insecure) {
    try {
      o.knownServers = await KnownServers.open(configDir);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (parsed.flags.has('trust-new')) o.trustNew = true;
  }
  return o;
}

/**
 * A session's failure `reason` as the command line says it: a TLS refusal the operator can act on gets
 * the options that do it (the window asks instead). `code`: the status event's failure code.
 */
export function withTlsHint(reason: string, code: string | undefined): string {
  if (code === 'tls-unknown-certificate') return `${reason}; to trust it: check the fingerprint, then run again with --trust-new, or give --ca FILE or --pin SHA256`;
  if (code === 'tls-certificate-changed') return `${reason}; to trust the new one: run again with --trust-new after checking it, or --pin its SHA-256`;
  return reason;
}
