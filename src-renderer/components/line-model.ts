/**
 * What the line panel shows for each setting, from the line model (src-shared/line/line-model.ts): the
 * value in effect, or what was asked while it is not confirmed, or "unknown"; and a mark for the state.
 * Pure, for tests.
 */
import { shownValue, type ItemState, type LineModel, type LineItemName } from '../../src-shared/line/line-model.js';

export const ITEM_STATE_TEXT: Readonly<Record<ItemState, { mark: string; text: string }>> = {
  unknown: { mark: '', text: 'not reported by the far end' },
  requested: { mark: '…', text: 'asked for; waiting for the server' },
  confirmed: { mark: '✓', text: 'confirmed by the far end' },
  unconfirmed: { mark: '?', text: 'asked for; the server did not confirm it' },
  differs: { mark: '≠', text: 'the server answered with a different value' },
  unsupported: { mark: '–', text: 'not supported here' },
};

/** The state of one item; 'unknown' before any line model arrived. */
export function itemState(line: LineModel | null | undefined, name: LineItemName): ItemState {
  return line ? line[name].state : 'unknown';
}

/** The value shown for an item (in effect, else asked), or null for "unknown". */
export function shownItem<K extends LineItemName>(line: LineModel | null | undefined, name: K): LineModel[K]['inEffect'] {
  return line ? shownValue<LineModel[K]['inEffect']>(line[name]) : null;
}

/**
 * Parse a custom baud rate typed by the operator.
 * @returns bits/s, or an error message (positive whole number up to max).
 */
export function parseBaud(text: string, max: number): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return 'baud: a whole number of bits/s';
  const n = Number(t);
  if (n < 1 || n > max) return `baud: 1..${max}`;
  return n;
}
