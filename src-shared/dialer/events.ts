/**
 * Dialer events: what the dialer reports as a call goes (the same JSON for `dialtone dial --events`,
 * logs and the UI). Pure zod schemas, like src-shared/session/events.ts.
 */
import { z } from 'zod';

/**
 * Dialer states, in the order a call meets them:
 *   initialising  the init string (e.g. ATZ) is being sent
 *   dialing       the dial command (ATDT/ATDP + number) went out
 *   connected     CONNECT seen (rate when the modem reported one)
 *   call-timer    once a second while connected (elapsedMs)
 *   failed        BUSY / NO CARRIER / NO DIALTONE / NO ANSWER / ERROR / timeout / session lost
 *   waiting-redial  a redial is due in inMs (once a second, counting down)
 *   hanging-up    DTR dropped (method 'dtr') or `+++` + ATH (method 'escape')
 *   hung-up       the call ended; confirmed when DCD went off (or NO CARRIER / OK was seen)
 *   answer-wait   answer mode: waiting for RING
 *   ringing       RING seen (RI lamp or the RING result code); rings counts them
 *   answering     ATA sent (or the modem auto-answers, S0 > 0)
 *   say, report   a chat script's SAY text / REPORT line (text)
 */
export const DIALER_STATES = [
  'initialising',
  'dialing',
  'connected',
  'call-timer',
  'failed',
  'waiting-redial',
  'hanging-up',
  'hung-up',
  'answer-wait',
  'ringing',
  'answering',
  'say',
  'report',
] as const;
export type DialerState = (typeof DIALER_STATES)[number];

/** Why a call failed: the Hayes result code, or what else ended it. */
export const DIAL_RESULTS = ['busy', 'no-carrier', 'no-dialtone', 'no-answer', 'error', 'timeout', 'session-lost', 'cancelled'] as const;
export type DialResult = (typeof DIAL_RESULTS)[number];

export const dialerEventSchema = z.object({
  type: z.literal('dial'),
  state: z.enum(DIALER_STATES),
  /** 1-based attempt number (redials count up). */
  attempt: z.number().int().min(1).optional(),
  number: z.string().optional(),
  result: z.enum(DIAL_RESULTS).optional(),
  /** The result code or ABORT string seen (e.g. "BUSY"), the REPORT line, the SAY text, or a message. */
  text: z.string().optional(),
  /** CONNECT rate in bits/s. */
  rate: z.number().int().positive().optional(),
  /** Milliseconds until the redial. */
  inMs: z.number().min(0).optional(),
  /** Milliseconds since CONNECT (call-timer, hung-up). */
  elapsedMs: z.number().min(0).optional(),
  method: z.enum(['dtr', 'escape']).optional(),
  /** hung-up: whether the modem confirmed it (DCD off, NO CARRIER or OK). */
  confirmed: z.boolean().optional(),
  rings: z.number().int().min(0).optional(),
  /**
   * failed: this is the operation's last word, no redial follows (a result the dialer does not redial on,
   * such as NO DIALTONE, ERROR, a timeout or a failed login; the last attempt; or a cancel). Absent on a
   * failure a redial follows (BUSY, NO CARRIER, NO ANSWER with attempts left) and in older payloads.
   */
  final: z.literal(true).optional(),
});
export type DialerEvent = z.infer<typeof dialerEventSchema>;

/** Map a Hayes result code (or ABORT string) to a DialResult; null for one that is not a failure. */
export function resultFromCode(text: string): DialResult | null {
  const t = text.trim().toUpperCase();
  if (t === 'BUSY') return 'busy';
  if (t === 'NO CARRIER') return 'no-carrier';
  if (t === 'NO DIALTONE' || t === 'NO DIAL TONE') return 'no-dialtone';
  if (t === 'NO ANSWER') return 'no-answer';
  if (t === 'ERROR') return 'error';
  return null;
}

/** The CONNECT rate in a REPORT line such as "CONNECT 33600" or "CONNECT 2400/ARQ"; undefined if none. */
export function rateFromReport(line: string): number | undefined {
  const m = /CONNECT\s+(\d+)/i.exec(line);
  return m ? Number(m[1]) : undefined;
}
