/**
 * Taps into the renderer's byte path for the e2e tests, present only in the test build (vite --mode e2e,
 * dist/renderer-test): every call site is guarded by `import.meta.env.MODE === 'e2e'`, a constant the
 * production build folds to false, so neither this object nor the calls reach dist/renderer.
 *   parsed(kind, count)    from the panes' xterm write callbacks: 'rx' received bytes (counted as received,
 *                          before newline translation) parsed into the buffer; 'echo' a local echo of
 *                          `count` UTF-16 units parsed
 *   received(id, bytes)    every batch of session `id` as it arrives from main, before the pane
 */
export type ParseListener = (kind: 'rx' | 'echo', count: number) => void;

export const e2eTaps: {
  parsed: ParseListener | null;
  received: ((sessionId: string, bytes: Uint8Array) => void) | null;
} = { parsed: null, received: null };
