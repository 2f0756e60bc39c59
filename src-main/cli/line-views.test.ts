import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HexPrinter, LineStamper } from './line-views.js';

describe('LineStamper', () => {
  it('stamps every line start exactly once, whatever the split; the bytes are otherwise unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(200), { maxLength: 8 }), (bytes, cuts) => {
        const s = new LineStamper('delta');
        const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
        let out = '';
        let from = 0;
        for (const p of [...points, bytes.length]) {
          out += s.stamp(bytes.subarray(from, p), 5000).toString('latin1');
          from = p;
        }
        const stamp = '[+0.000] ';
        const text = Buffer.from(bytes).toString('latin1');
        const lines = text.split('\n');
        const expected = lines.map((l, i) => (i < lines.length - 1 || l !== '' ? stamp + l : l)).join('\n');
        expect(out).toBe(expected);
      }),
      { seed: 1203, numRuns: 300 },
    );
  });
});

describe('HexPrinter', () => {
  it('prints a row when its burst ends by the idle gap, and the open row at flush', async () => {
    const lines: string[] = [];
    let now = 0;
    let printed: (() => void) | null = null;
    const p = new HexPrinter({ width: 16, timestamps: 'none' }, 20, (t) => {
      lines.push(...t.trimEnd().split('\n'));
      printed?.();
    }, () => now);
    p.bytes('rx', Buffer.from('AT'));
    expect(lines).toEqual([]);
    now = 25;
    await new Promise<void>((resolve) => (printed = resolve)); // the idle timer prints the row
    expect(lines).toEqual(['00000000 <  41 54                                            |AT|']);
    p.bytes('tx', Buffer.from('x'));
    p.flush();
    expect(lines[1]).toMatch(/^00000000 >  78 /);
  });
});
