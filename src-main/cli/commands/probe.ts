/**
 * `dialtone probe TARGET [--json] [--timeout MS]`: an RFC 2217 conformance report for an access server.
 * Connects, negotiates, asks for the signature, queries every setting and control state, sets and
 * restores the masks, purges, and prints per command the reply and its delay (or "no reply"), then the
 * deviations from RFC 2217 it noticed. See src-main/sessions/probe.ts for exactly what is sent.
 *
 * Exit status: 0 report printed, 2 bad usage, 3 could not connect.
 */
import { TLS_CLI_OPTIONS, TLS_CLI_USAGE, tlsOptionsFromArgs } from '../tls-args.js';
import { targetArg, parseArgs, intOption, UsageError } from '../args.js';
import { probeAccessServer, type ProbeReport } from '../../sessions/probe.js';

export const summary = 'RFC 2217 conformance report for an access server: replies, delays, deviations';

export const usage = `usage: dialtone probe TARGET [--json] [--timeout MS]

TARGET  rfc2217://HOST:PORT (telnet://HOST:PORT is probed the same way; rfc2217s:// inside TLS)

Sends each RFC 2217 command once and waits for its reply: SIGNATURE; queries of baud, data size,
parity, stop size, flow, BREAK, DTR, RTS, inbound flow; DTR ON, RTS ON, BREAK OFF; the modem-state
and line-state masks (set, then restored); PURGE-DATA both; and DO COM-PORT. Line settings are only
queried, never changed. Prints each reply and its delay, or "no reply", and the deviations found.

  --json          the report as JSON on stdout
  --timeout MS    how long to wait for each reply (default 1000)

${TLS_CLI_USAGE}

exit status: 0 report printed, 2 bad usage, 3 could not connect`;

/** Run `dialtone probe`; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: ['timeout', ...TLS_CLI_OPTIONS.values], flags: ['json', ...TLS_CLI_OPTIONS.flags] });
  if (parsed.positionals.length !== 1) throw new UsageError(parsed.positionals.length === 0 ? 'TARGET is missing' : `one TARGET expected, got ${parsed.positionals.join(' ')}`);
  const target = targetArg(parsed.positionals[0]!);
  if (target.kind !== 'rfc2217' && target.kind !== 'telnet') {
    throw new UsageError(`probe needs an rfc2217:// (or telnet://) target; ${parsed.positionals[0]} has no RFC 2217 to probe`);
  }
  const timeoutMs = intOption(parsed, 'timeout', 1, 600_000) ?? 1000;
  let report: ProbeReport;
  try {
    const tls = await tlsOptionsFromArgs(parsed, target.tls === true);
    report = await probeAccessServer({ host: target.host, port: target.port, timeoutMs, ...(tls ? { tls } : {}) });
  } catch (err) {
    process.stderr.write(`dialtone probe: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  }
  process.stdout.write(parsed.flags.has('json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return 0;
}

/** The report as a human table. */
export function formatReport(r: ProbeReport): string {
  const lines: string[] = [];
  lines.push(`probe of ${r.target}: connected in ${r.connectMs} ms`);
  if (r.tls) lines.push(`TLS: ${r.tls.protocol} ${r.tls.cipher}; certificate SHA-256 ${r.tls.fingerprint256} (${r.tls.subject}), valid ${r.tls.validFrom} to ${r.tls.validTo}; trusted by ${r.tls.trust}`);
  lines.push(`server negotiation: ${r.negotiation.length ? r.negotiation.join(', ') : '(none)'}`);
  lines.push(`COM-PORT: our WILL ${r.comPort.ourWill}, our DO ${r.comPort.ourDo}`);
  lines.push(`signature: ${r.signature === null ? '(none)' : JSON.stringify(r.signature)}`);
  lines.push('');
  const rows = r.steps.map((s) => [s.command, s.reply ?? 'no reply', shorten(s.replyHex ?? ''), s.replyMs === null ? '-' : s.replyMs.toFixed(1), tally(s.other)]);
  const head = ['command', 'reply', 'value (hex)', 'ms', 'also received'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  lines.push(fmt(head), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt));
  lines.push('');
  lines.push(r.deviations.length ? 'deviations from RFC 2217:' : 'deviations from RFC 2217: none seen');
  for (const d of r.deviations) lines.push(`  - ${d}`);
  if (r.warnings.length) {
    lines.push('engine warnings:');
    for (const w of r.warnings) lines.push(`  - ${w}`);
  }
  return lines.join('\n') + '\n';
}

/** Long values (a signature) cut to 8 octets in the table; --json has them whole. */
function shorten(hex: string): string {
  return hex.length > 23 ? `${hex.slice(0, 23)} ...` : hex;
}

/** "NOTIFY-MODEMSTATE 0x00, NOTIFY-MODEMSTATE 0x0b" -> distinct commands with counts. */
function tally(other: string[]): string {
  const counts = new Map<string, number>();
  for (const o of other) {
    const name = o.split(' ')[0]!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n > 1 ? `${name} x${n}` : other.find((o) => o.startsWith(name))!)).join(', ');
}
