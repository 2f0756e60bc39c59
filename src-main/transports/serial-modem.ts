/**
 * CTS/DSR/DCD for a local port. serialport has no change notification (no TIOCMIWAIT), so get() is
 * polled at a modest rate while the port is open, and only changes are reported. RI is not read by
 * serialport's get() at all, so it is always null (unknown) for local ports.
 */
import type { ModemLines } from '../../src-shared/line/modem.js';
import type { ModemInputs } from './serial.js';
import { isNoModemLines } from './serial-errors.js';

/** What one poll found: new line values with the names that changed, or that the port has no lines. */
export type ModemReport =
  | { kind: 'lines'; lines: ModemLines; changed: ('cts' | 'dsr' | 'ri' | 'dcd')[] }
  | { kind: 'unavailable'; error: Error };

/**
 * Polls `read` every `intervalMs` (one read in flight at most) and calls `report` with changes only.
 * `previous` carries the last known values across a reopen, so a reopen alone reports nothing.
 * A read failing with ENOTTY (a pty) reports 'unavailable' once and stops; other failures are skipped
 * (a vanished port is reported by the read loop, not here).
 */
export class ModemPoller {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly read: () => Promise<ModemInputs>,
    private readonly intervalMs: number,
    private readonly report: (r: ModemReport) => void,
    private previous: ModemLines,
  ) {}

  /** Start polling; the first read happens at once. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
    void this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.busy || !this.timer) return;
    this.busy = true;
    try {
      const got = await this.read();
      if (!this.timer) return;
      const lines: ModemLines = { cts: got.cts, dsr: got.dsr, ri: null, dcd: got.dcd };
      const changed = (['cts', 'dsr', 'ri', 'dcd'] as const).filter((k) => lines[k] !== this.previous[k]);
      this.previous = lines;
      if (changed.length) this.report({ kind: 'lines', lines, changed });
    } catch (err) {
      if (this.timer && isNoModemLines(err)) {
        this.stop();
        this.report({ kind: 'unavailable', error: err instanceof Error ? err : new Error(String(err)) });
      }
    } finally {
      this.busy = false;
    }
  }
}
