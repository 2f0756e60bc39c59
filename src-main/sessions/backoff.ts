/**
 * Reconnect back-off: exponential, from `initialMs` doubling up to `maxMs` (0.5 s, 1 s, 2 s ... 30 s).
 * Deterministic (no jitter): a terminal reconnects to one server, not a herd to a shared one.
 */

/** Delays in ms. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

/** The delay before reconnect attempt number `attempt` (0 for the first retry), in ms. */
export function backoffDelayMs(attempt: number, { initialMs = 500, maxMs = 30_000 }: BackoffOptions = {}): number {
  if (attempt <= 0) return initialMs;
  // 2 ** attempt overflows nothing before maxMs caps it; cap the exponent to stay an integer
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
