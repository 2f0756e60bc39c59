/**
 * Time for the simulated modem, injected so the modem's logic is testable without sleeps: the real clock
 * for `dialtone sim`, a manual clock (test/sim/manual-clock.ts) in unit tests.
 */

/** A source of time and one-shot timers. Times in ms. */
export interface SimClock {
  /** Milliseconds since any fixed origin (monotonic). */
  now(): number;
  /** Run `fn` once after `ms`; returns a function that cancels it (idempotent). */
  setTimer(ms: number, fn: () => void): () => void;
}

/** The process clock: performance.now() and setTimeout (unref'd so a timer never holds the process open). */
export const realClock: SimClock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
  },
};
