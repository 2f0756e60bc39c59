/**
 * Reading an imported Dialtone JSON file (profiles, phonebook): the same checks for each, so the same
 * messages. All or nothing: the caller saves nothing unless the whole file reads.
 */
import type { z } from 'zod';

/**
 * Parse `text` as a `kind` file: JSON, then `schema`; a bare array is first wrapped by `wrap` (files
 * may be just the list). On failure, the message names the first problem: `not a <kind> file: <JSON
 * error>`, or `not a valid <kind> file: <path>: <issue>; nothing imported`.
 */
export function readJsonFile<T>(text: string, kind: string, schema: z.ZodType<T>, wrap: (items: unknown[]) => unknown): { ok: true; data: T } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not a ${kind} file: ${(err as Error).message}` };
  }
  if (Array.isArray(data)) data = wrap(data);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: `not a valid ${kind} file: ${issue.path.join('.') || 'file'}: ${issue.message}; nothing imported` };
  }
  return { ok: true, data: parsed.data };
}
