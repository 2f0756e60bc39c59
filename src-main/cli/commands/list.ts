/**
 * `dialtone list [--json]`: the local serial ports serialport can see (USB adapters, built-in UARTs),
 * with manufacturer, serial number, USB vendor:product id and the stable /dev/serial/by-id alias.
 * Linux lists through udevadm (package udev); ptys are never listed, open them by path.
 * Exit status: 0 listed (also when there are none), 1 listing failed.
 */
import { parseArgs, UsageError } from '../args.js';
import { listPorts, PortListError, type PortListing } from '../../ports/discovery.js';

export const summary = 'list local serial ports (path, by-id alias, manufacturer, serial number, USB ids)';

export const usage = [
  'usage: dialtone list [--json]',
  '',
  'Lists the local serial ports. Open one with: dialtone connect serial:/dev/ttyUSB0',
  '(the /dev/serial/by-id/... alias names the same adapter whichever ttyUSBn it gets).',
  'ptys (socat, /dev/pts/N) are not listed; connect to them by path.',
  '',
  '  --json   one JSON array: [{path, byId, manufacturer, serialNumber, vendorId, productId}],',
  '           null where unknown',
].join('\n');

function table(ports: PortListing[]): string {
  if (ports.length === 0) return 'no serial ports found (ptys are not listed; connect to them by path)';
  const rows = ports.map((p) => [
    p.path,
    p.vendorId || p.productId ? `${p.vendorId ?? '?'}:${p.productId ?? '?'}` : '-',
    p.manufacturer ?? '-',
    p.serialNumber ?? '-',
    p.byId ?? '-',
  ]);
  const head = ['PATH', 'USB ID', 'MANUFACTURER', 'SERIAL', 'BY-ID'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { flags: ['json'] });
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  let ports: PortListing[];
  try {
    ports = await listPorts();
  } catch (err) {
    if (err instanceof PortListError) {
      process.stderr.write(`dialtone list: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write((parsed.flags.has('json') ? JSON.stringify(ports, null, 2) : table(ports)) + '\n');
  return 0;
}
