/**
 * Phonebook entries for the dialer: what to dial, through which modem line, and how. A superset of the
 * IPC contract's phonebookEntrySchema (src-shared/ipc/profile.ts, stored by the app's profile store):
 * the fields below `redialDelayMs` are the dialer's additions and all optional, so an entry saved by
 * the contract's schema reads here unchanged.
 */
import { z } from 'zod';

export const DIAL_COMMANDS = ['ATDT', 'ATDP'] as const;
export type DialCommand = (typeof DIAL_COMMANDS)[number];

export const dialEntrySchema = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, 'entry name is empty').max(120),
  /** The number as dialed (digits, `-` `,` `W` `*` `#` and the other Hayes dial modifiers). */
  number: z.string().trim().min(1, 'number is empty').max(64),
  /** The profile (session) of the modem line to dial through. */
  profileId: z.string().optional(),
  /** chat(8)-style script run instead of the default (init, dial, CONNECT); `\T` is the number. */
  chatScript: z.string().max(4000).optional(),
  /** Redials after BUSY / NO CARRIER / NO ANSWER, and the wait before each, ms. */
  redialAttempts: z.number().int().min(0).max(100).default(0),
  redialDelayMs: z.number().int().min(0).max(600_000).default(5000),
  /** Modem init string sent before dialing (default ATZ). */
  initString: z.string().max(200).optional(),
  /** Tone (ATDT, default) or pulse (ATDP) dialing. */
  dialCommand: z.enum(DIAL_COMMANDS).optional(),
  /** chat(8)-style script run after CONNECT (e.g. a login); `\T` is the number. */
  loginScript: z.string().max(4000).optional(),
  /** Seconds to wait for CONNECT after dialing (default 60). */
  connectTimeoutS: z.number().int().min(1).max(600).optional(),
});
export type DialEntry = z.infer<typeof dialEntrySchema>;
export type DialEntryInput = z.input<typeof dialEntrySchema>;

/** Dial-valid characters (Hayes): digits, * # A-D, and the modifiers , W @ ! P T ; plus - ( ) space. */
export function isDialable(number: string): boolean {
  return /^[0-9*#A-Da-d,W@!PTpt;\-() ]+$/.test(number) && /[0-9]/.test(number);
}
