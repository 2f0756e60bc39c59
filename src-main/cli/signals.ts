/**
 * Ctrl+C and kill for a command that must end cleanly (a transfer sends its cancel, a macro puts DTR/RTS
 * back, the session closes) instead of dying mid-way.
 */

/**
 * An AbortSignal that the first SIGINT or SIGTERM aborts, until `dispose()` takes the handlers away. A
 * second one finds no handler and ends the process at once (an operator's way out of a long drain).
 */
export function abortOnSignals(): { signal: AbortSignal; dispose(): void } {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: abort.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
