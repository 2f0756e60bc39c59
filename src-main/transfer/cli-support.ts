/**
 * What `dialtone send` and `dialtone receive` share: the protocol names, the exit statuses, the progress
 * line on stderr, and opening the session with Ctrl+C wired to cancel.
 */
import { UsageError, type ParsedArgs } from '../cli/args.js';
import { sessionOptionsFromArgs } from '../cli/commands/connect.js';
import { tlsOptionsFromArgs, withTlsHint } from '../cli/tls-args.js';
import { createSession } from '../sessions/factory.js';
import type { Session } from '../sessions/session.js';
import type { Target } from '../../src-shared/session/target.js';
import type { TransferEvent, TransferProtocol } from '../../src-shared/transfer/index.js';


/**
 * Exit statuses: 0 done, 2 bad usage, 3 could not connect, 4 the line was lost during the transfer,
 * 6 the transfer failed (retries exhausted, out of step, no answer), 7 cancelled (Ctrl+C, or the peer).
 */
export const EXIT = { done: 0, usage: 2, connect: 3, lost: 4, failed: 6, cancelled: 7 } as const;

/** @throws UsageError for a missing --protocol or a name that is not one of `allowed` (SEND_PROTOCOLS, RECEIVE_PROTOCOLS). */
export function protocolOption<P extends TransferProtocol>(text: string | undefined, allowed: readonly P[]): P {
  if (text === undefined) throw new UsageError(`--protocol is missing (${allowed.join('|')})`);
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--protocol must be one of ${allowed.join('|')}, not "${text}"`);
  return text as P;
}

/**
 * A progress line on stderr, rewritten in place (\r) at most every 200 ms: file, bytes/total,
 * percent, rate, blocks and retries; retries' reasons each on a line of their own.
 */
export class ProgressLine {
  private file = '';
  private last = 0;
  private started = performance.now();
  private shown = false;

  constructor(private readonly write: (text: string) => void) {}

  event(ev: TransferEvent): void {
    if (ev.type === 'file') {
      this.end();
      this.file = ev.name;
      this.started = performance.now();
    } else if (ev.type === 'retry') {
      this.end();
      this.write(`retry ${ev.retries}: ${ev.reason}\n`);
    } else if (ev.type === 'progress') {
      const now = performance.now();
      if (now - this.last < 200 && ev.bytes !== ev.total) return;
      this.last = now;
      const pct = ev.total ? ` (${Math.floor((100 * ev.bytes) / ev.total)}%)` : '';
      const rate = ev.bytes / Math.max(0.001, (now - this.started) / 1000);
      this.write(`\r${this.file ? `${this.file}: ` : ''}${ev.bytes}${ev.total !== null ? `/${ev.total}` : ''} bytes${pct}, ${Math.round(rate)} B/s, ${ev.blocks} blocks, ${ev.retries} retries`);
      this.shown = true;
    } else if (ev.type === 'ending') {
      this.end();
      this.write(`ending: ${ev.reason}; waiting for the far end to stop sending\n`);
    } else if (ev.type === 'fileEnd' || ev.type === 'done' || ev.type === 'failed' || ev.type === 'cancelled') {
      this.end();
    }
  }

  /** End the line being rewritten. */
  end(): void {
    if (this.shown) this.write('\n');
    this.shown = false;
  }
}

/**
 * Open the session `dialtone send` / `receive` runs on (line and TLS options from the arguments), its
 * warnings, errors and a lost line said on stderr as `dialtone <command>: ...`. Resolves null when it
 * could not connect (the reason was said).
 */
export async function openTransferSession(command: 'send' | 'receive', target: Target, parsed: ParsedArgs, say: (text: string) => void): Promise<Session | null> {
  const tls = await tlsOptionsFromArgs(parsed, target.kind !== 'serial' && target.tls === true);
  const session = await createSession(target, { ...sessionOptionsFromArgs(parsed), ...(tls ? { tls } : {}) });
  session.on('event', (ev) => {
    if (ev.type === 'warning' || ev.type === 'error') say(`dialtone ${command}: ${ev.type}: ${ev.message}\n`);
    if (ev.type === 'status' && ev.state === 'disconnected' && ev.reason) say(`dialtone ${command}: ${withTlsHint(ev.reason, ev.code)}\n`);
  });
  try {
    await session.open();
    return session;
  } catch {
    await session.close();
    return null;
  }
}
