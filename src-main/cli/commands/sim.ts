/**
 * `dialtone sim`: run the demo access server standalone: an RFC 2217 server with a simulated Hayes
 * modem per connection, on a simulated phone network. Prints the address and the directory of numbers,
 * then serves until interrupted (SIGINT / SIGTERM).
 */
import { parseArgs, intOption, UsageError } from '../args.js';
import { startSimServer } from '../../sim/server.js';
import { describeDirectory } from '../../sim/directory.js';

export const summary = 'run the demo modem: an RFC 2217 server with a simulated Hayes modem';
export const usage = `usage: dialtone sim [--host 127.0.0.1] [--port P]

Serves an RFC 2217 access server with a simulated Hayes modem per connection (default 127.0.0.1 and a
free port; the address is printed). Connect with:
  dialtone connect rfc2217://HOST:PORT     then type AT, ATDT5550100 ...
  dialtone dial 555-0100 --via rfc2217://HOST:PORT
Stops on Ctrl-C.`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: ['host', 'port'] });
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  const host = parsed.values.get('host') ?? '127.0.0.1';
  const port = intOption(parsed, 'port', 0, 65535) ?? 0;
  let server;
  try {
    server = await startSimServer({ host, port });
  } catch (err) {
    process.stderr.write(`dialtone sim: cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  }
  const shown = server.host.includes(':') ? `[${server.host}]` : server.host;
  process.stdout.write(
    [
      `demo modem listening on rfc2217://${shown}:${server.port}`,
      '',
      'numbers (ATDT<number>):',
      ...describeDirectory(),
      '',
      'modem: Hayes AT commands (ATZ E V Q X H A O D I S &C &D), +++ escape, result codes OK/CONNECT/RING/',
      'NO CARRIER/ERROR/NO DIALTONE/BUSY/NO ANSWER; DTR drop hangs up (&D2); data paced at the baud rate.',
      'Ctrl-C stops.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
