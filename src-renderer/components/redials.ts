/**
 * Redials as the operator types them (a count, and a delay in seconds), read into a phonebook entry's
 * redialAttempts / redialDelayMs: one reading for the phonebook editor and the quick dial box, so a
 * number dialed by hand is redialed by the same rules (and defaults) as an entry.
 */
import { phonebookEntrySchema } from '../../src-shared/ipc/profile.js';

const redialsSchema = phonebookEntrySchema.pick({ redialAttempts: true, redialDelayMs: true });

/** An entry's redials: how many after BUSY / NO CARRIER / NO ANSWER, and the wait before each, ms. */
export type Redials = { redialAttempts: number; redialDelayMs: number };

/** A phonebook entry's redial defaults (the schema's: none, 5 s); the quick dial box starts with them. */
export const REDIAL_DEFAULTS: Readonly<Redials> = Object.freeze(redialsSchema.parse({}));

/** What each redial field is called in a message. */
export const REDIAL_FIELD_TEXT: Readonly<Record<keyof Redials, string>> = { redialAttempts: 'redials', redialDelayMs: 'redial delay' };

/** The typed fields as numbers, unchecked (NaN where the text is not a number; the schema says why). */
export function redialNumbers(attempts: string, delayS: string): Redials {
  const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
  const delay = num(delayS);
  return { redialAttempts: num(attempts), redialDelayMs: Number.isFinite(delay) ? Math.round(delay * 1000) : Number.NaN };
}

/** The typed fields checked by the phonebook entry's schema, or the first problem ("redials: ..."). */
export function redialsFromText(attempts: string, delayS: string): { redials: Redials } | { error: string } {
  const parsed = redialsSchema.safeParse(redialNumbers(attempts, delayS));
  if (parsed.success) return { redials: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `${REDIAL_FIELD_TEXT[issue.path[0] as keyof Redials]}: ${issue.message}` };
}
