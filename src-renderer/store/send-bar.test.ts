import { describe, expect, it } from 'vitest';
import { historyStep, loadSaved, SEND_HISTORY_MAX, useSendBar, type SendEntry } from './send-bar.js';

const entry = (input: string, syntax: SendEntry['syntax'] = 'text', lineEnd: SendEntry['lineEnd'] = 'none'): SendEntry => ({ input, syntax, lineEnd });

describe('send bar history', () => {
  it('remembers each entry with its mode and line end; the same text in another mode is another entry', () => {
    const bar = useSendBar.getState();
    bar.remember(entry('12 34', 'text', 'cr'));
    bar.remember(entry('0D', 'hex', 'none'));
    bar.remember(entry('12 34', 'hex', 'none'));
    bar.remember(entry('12 34', 'text', 'cr')); // sent again: moved to the end
    expect(useSendBar.getState().history).toEqual([entry('0D', 'hex'), entry('12 34', 'hex'), entry('12 34', 'text', 'cr')]);
  });

  it('Up Up after sending "12 34" as Text then "0D" as Hex recalls "12 34" as Text (the same bytes go again); Down back to the draft gives its mode back', () => {
    const history = [entry('12 34', 'text', 'crlf'), entry('0D', 'hex')];
    const draft = entry('', 'hex', 'none');
    const up1 = historyStep(history, 0, 'up', draft);
    expect(up1).toEqual({ back: 1, entry: entry('0D', 'hex') });
    const up2 = historyStep(history, up1.back, 'up', draft);
    expect(up2).toEqual({ back: 2, entry: entry('12 34', 'text', 'crlf') });
    expect(historyStep(history, up2.back, 'up', draft)).toEqual(up2); // the oldest stays
    const down = historyStep(history, historyStep(history, up2.back, 'down', draft).back, 'down', draft);
    expect(down).toEqual({ back: 0, entry: draft });
  });

  it('reads a saved history of the old form (bare strings) with the mode the bar was in, and drops junk', () => {
    const saved = loadSaved(JSON.stringify({ open: true, syntax: 'hex', lineEnd: 'cr', history: ['0D 0A', 5, entry('AT', 'text', 'crlf'), { input: 'x', syntax: 'bin', lineEnd: 'cr' }, 'y'.repeat(4097)] }));
    expect(saved).toEqual({ open: true, syntax: 'hex', lineEnd: 'cr', history: [entry('0D 0A', 'hex', 'cr'), entry('AT', 'text', 'crlf')] });
    const many = loadSaved(JSON.stringify({ history: Array.from({ length: SEND_HISTORY_MAX + 5 }, (_, i) => entry(String(i))) }));
    expect(many.history).toHaveLength(SEND_HISTORY_MAX);
    expect(loadSaved('{oops').history).toEqual([]);
  });
});
