/**
 * `dialtone serve`: the browser host. Serves the built renderer over HTTP with one WebSocket carrying the
 * IPC contract, prints the URL with its token, and runs until interrupted (SIGINT/SIGTERM).
 */
import { parseArgs, intOption, UsageError } from '../args.js';
import { defaultConfigDir } from '../../profiles/store.js';
import { defaultLogDir, defaultTransferDir, isLoopback, startServe } from '../../app/serve.js';

export const summary = 'serve the app to a browser (HTTP + WebSocket, token in the URL)';
export const usage = `usage: dialtone serve [--host 127.0.0.1] [--port P] [--config DIR] [--log-dir DIR] [--transfer-dir DIR] [--no-demo] [--renderer DIR]

  --host ADDR     address to listen on (default 127.0.0.1; anything else is reachable by others: the
                  token is then the only guard, and the traffic is not encrypted)
  --port P        TCP port (default 0: a free port)
  --config DIR    folder of profiles.json and phonebook.json (default $XDG_CONFIG_HOME/dialtone or
                  ~/.config/dialtone)
  --log-dir DIR   folder for session logs (default $XDG_DATA_HOME/dialtone/logs)
  --transfer-dir DIR
                  folder for file transfers: Send names a file in it, received files are written to it
                  (never over an existing one) (default $XDG_DATA_HOME/dialtone/transfers)
  --no-demo       do not start the built-in demo modem
  --renderer DIR  serve this built renderer instead of the package's dist/renderer (the e2e tests
                  serve the test build, dist/renderer-test)

Open the printed URL (it carries a one-time random token) in Chromium, Chrome, Firefox or Edge.`;

/** Run the browser host until SIGINT/SIGTERM; exit status 0, or 1 when it cannot start. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: ['host', 'port', 'config', 'log-dir', 'transfer-dir', 'renderer'], flags: ['no-demo'] });
  if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  const host = parsed.values.get('host') ?? '127.0.0.1';
  const port = intOption(parsed, 'port', 0, 65535) ?? 0;
  const handle = await startServe({
    host,
    port,
    configDir: parsed.values.get('config') ?? defaultConfigDir(),
    logDir: parsed.values.get('log-dir') ?? defaultLogDir(),
    transferDir: parsed.values.get('transfer-dir') ?? defaultTransferDir(),
    demo: !parsed.flags.has('no-demo'),
    rendererDir: parsed.values.get('renderer'),
  });
  if (!isLoopback(host)) {
    process.stderr.write(
      `dialtone serve: WARNING: listening on ${host}, not loopback: anyone who can reach this address and has the URL's token controls your serial lines, and the traffic is not encrypted.\n`,
    );
  }
  process.stdout.write(`dialtone serve: open ${handle.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('dialtone serve: closing sessions\n');
  await handle.close();
  return 0;
}
