/**
 * Text from outside (a profile or tab name, a target, a server's message) made safe to show in one line
 * of the window: bidirectional controls shown as code points, and a length bound.
 */

/**
 * The Unicode bidirectional controls (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM, ALM): one of
 * them in a name would reverse or reorder the text shown after it (a notice, a question).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `text` with each bidirectional control shown as ⟨U+XXXX⟩ (see BIDI_CONTROLS). */
export function visibleControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/**
 * `text` at most `max` characters (UTF-16 units, max > tail + 1): its start, "…", and its last `tail`
 * characters (a path's or a target's end is often what tells two apart). Shorter text comes back as it is.
 */
export function shorten(text: string, max: number, tail = 10): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - tail - 1)}…${text.slice(-tail)}`;
}

/** A name or message from outside as one line of the window shows it: bidi controls visible, at most `max` characters. */
export function displayText(text: string, max: number): string {
  return shorten(visibleControls(text), max);
}
