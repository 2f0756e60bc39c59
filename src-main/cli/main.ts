/**
 * The headless command line: `dialtone <command> ...`. Each command lives in ./commands/<name>.ts and
 * exports `run(args: string[]): Promise<number>` (the exit status) and a one-line `summary`.
 *
 * Exit status: 0 success, 2 bad usage; commands define the rest (connect: 3 could not connect, 4 lost).
 */
import { UsageError } from './args.js';

type Command = { run(args: string[]): Promise<number>; summary: string; usage: string };

const COMMANDS: Record<string, () => Promise<Command>> = {
  connect: () => import('./commands/connect.js'),
  probe: () => import('./commands/probe.js'),
  list: () => import('./commands/list.js'),
  serve: () => import('./commands/serve.js'),
  sim: () => import('./commands/sim.js'),
  dial: () => import('./commands/dial.js'),
  send: () => import('./commands/send.js'),
  receive: () => import('./commands/receive.js'),
  run: () => import('./commands/run.js'),
};

async function help(): Promise<string> {
  const lines = ['usage: dialtone <command> [options]', '', 'commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${name.padEnd(8)} ${(await load()).summary}`);
    } catch {
      // a command whose module is not there yet is simply not listed
    }
  }
  lines.push('', 'dialtone <command> --help shows that command\'s options.');
  return lines.join('\n');
}

/** Run the command line; resolves to the process exit status. Never throws. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await help()) + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`dialtone: unknown command "${name}"\n${await help()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`dialtone ${name}: ${err.message}\n${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`dialtone ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
