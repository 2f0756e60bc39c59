/**
 * A hook into the panes' xterm write callbacks for the e2e flood measurement (test-hook.ts sets it, only
 * under automation; otherwise it stays null and costs one property read per write).
 *   kind 'rx'    received bytes (counted as received, before newline translation) are parsed into the buffer
 *   kind 'echo'  a local echo (that many UTF-16 units) is parsed into the buffer
 */
export type ParseListener = (kind: 'rx' | 'echo', count: number) => void;

export const parseProbe: { listener: ParseListener | null } = { listener: null };
