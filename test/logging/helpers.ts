/** Small helpers shared by the logging tests. */
import { createHash, randomBytes } from 'node:crypto';
import type { LogState, LogStatus, SessionLog } from '../../src-main/logging/session-log.js';

/** Resolve with the log's status once it reaches `state` (at once if it already has). */
export function statusReached(log: SessionLog, state: LogState): Promise<LogStatus> {
  if (log.status.state === state) return Promise.resolve(log.status);
  return new Promise((resolve) => {
    const on = (s: LogStatus) => {
      if (s.state !== state) return;
      log.off('status', on);
      resolve(s);
    };
    log.on('status', on);
  });
}

/** Resolve once the log has its first file open (a 'recording' status). */
export function opened(log: SessionLog): Promise<LogStatus> {
  return new Promise((resolve, reject) => {
    const on = (s: LogStatus) => {
      log.off('status', on);
      if (s.state === 'recording') resolve(s);
      else reject(new Error(`log ${s.state}: ${s.error ?? ''}`));
    };
    log.on('status', on);
  });
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** `total` random bytes cut into chunks of random sizes 1..maxChunk (every byte value appears). */
export function randomChunks(total: number, maxChunk: number, seedBytes = randomBytes(total)): Buffer[] {
  const chunks: Buffer[] = [];
  let off = 0;
  while (off < total) {
    const n = Math.min(total - off, 1 + Math.floor(Math.random() * maxChunk));
    chunks.push(seedBytes.subarray(off, off + n));
    off += n;
  }
  return chunks;
}
