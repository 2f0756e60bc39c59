/**
 * Repeated warnings, coalesced: a hostile or broken peer can cause a warning per byte (2 MiB of IAC SE is
 * a million 'malformed-frame' warnings; WILL/WONT flapping tens of thousands). Per warning code, the first
 * WARNING_BURST warnings of a window go out at once (DTR and RTS unanswered together are two warnings);
 * the ones that follow within WARNING_WINDOW_MS are counted, and when the window ends one warning says how
 * many there were (`count`, with the last one's message). So at most WARNING_BURST + 1 warnings per code
 * per second reach the operator, the log and the renderer, and none is dropped without a count.
 */
import type { WarningCode, WarningEvent } from '../../src-shared/session/events.js';
import type { Clock } from '../clock.js';

/** The coalescing window per warning code, ms. */
export const WARNING_WINDOW_MS = 1000;
/** Warnings of one code passed at once in a window before the rest are counted. */
export const WARNING_BURST = 5;

interface Window {
  /** Warnings of this code passed at once in this window. */
  passed: number;
  /** Warnings of this code counted, not yet reported. */
  held: number;
  last: WarningEvent;
  cancel: () => void;
}

export class WarningCoalescer {
  private readonly windows = new Map<WarningCode, Window>();

  /** @param emit where warnings go; @param clock the session's clock. */
  constructor(
    private readonly clock: Clock,
    private readonly emit: (ev: WarningEvent) => void,
  ) {}

  /** Report `ev` now, or count it into the current window of its code. */
  warn(ev: WarningEvent): void {
    const w = this.windows.get(ev.code);
    if (w && w.passed >= WARNING_BURST) {
      w.held++;
      w.last = ev;
      return;
    }
    this.emit(ev);
    if (w) w.passed++;
    else this.windows.set(ev.code, { passed: 1, held: 0, last: ev, cancel: this.clock.setTimer(WARNING_WINDOW_MS, () => this.close(ev.code)) });
  }

  /** Report every window's count now and stop the timers (the session closes). */
  flush(): void {
    for (const code of [...this.windows.keys()]) {
      this.windows.get(code)!.cancel();
      this.close(code);
    }
  }

  private close(code: WarningCode): void {
    const w = this.windows.get(code);
    if (!w) return;
    this.windows.delete(code);
    if (w.held > 0) this.emit({ ...w.last, message: `${w.last.message} (and ${w.held - 1} more like it within ${WARNING_WINDOW_MS} ms)`, count: w.held });
  }
}
