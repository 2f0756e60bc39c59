/**
 * Time, injected: sessions (reconnect back-off, ack timeouts, BREAK pulses), the dialer and the simulated
 * modem take a Clock, so their timing is unit-tested with a manual clock (test/harness/manual-clock.ts)
 * instead of sleeps. The real clock is the default everywhere.
 */

/** A source of time and one-shot timers. Times in ms. */
export interface Clock {
  /** Milliseconds since any fixed origin (monotonic). */
  now(): number;
  /** Run `fn` once after `ms`; returns a function that cancels it (idempotent). */
  setTimer(ms: number, fn: () => void): () => void;
}

/** The process clock: performance.now() and setTimeout (unref'd so a timer never holds the process open). */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    (t as { unref?: () => void }).unref?.();
    return () => clearTimeout(t);
  },
};
