/** A tiny channel from the global shortcut (Ctrl+Shift+F) to the active pane's find bar. */
const listeners = new Set<() => void>();

/** Ask the active pane to open its find bar. */
export function requestFind(): void {
  for (const l of listeners) l();
}

/** Listen for find requests; returns the unsubscribe function. */
export function onFindRequest(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
