/**
 * The simulated modem's output queue: FIFO of chunks and actions, bytes copied in and handed out as
 * views, small pushes merged into one chunk, far-end data and all data droppable in order.
 */
import { describe, expect, it } from 'vitest';
import { OutputQueue } from '../../src-main/sim/output-queue.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');
const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('latin1') : null);

/** Everything up to the next action (or the end), taken in pieces of at most `max`. */
function drain(q: OutputQueue, max = Infinity): string {
  let out = '';
  for (let b = q.takeBytes(max); b; b = q.takeBytes(max)) out += text(b);
  return out;
}

describe('OutputQueue', () => {
  it('keeps order across chunks and actions; takeBytes stops at an action', () => {
    const q = new OutputQueue();
    const ran: string[] = [];
    q.pushBytes(bytes('ab'), false);
    q.pushAction(() => ran.push('x'));
    q.pushBytes(bytes('cd'), true);
    expect(q.byteLength).toBe(4);
    expect(drain(q)).toBe('ab');
    expect(q.front()).toEqual({ kind: 'action' });
    expect(q.takeBytes(10)).toBeNull();
    q.takeAction()!();
    expect(ran).toEqual(['x']);
    expect(q.front()).toEqual({ kind: 'data', length: 2, fromRemote: true });
    expect(q.takeAction()).toBeNull();
    expect(drain(q)).toBe('cd');
    expect(q.front()).toBeNull();
    expect(q.length).toBe(0);
    expect(q.byteLength).toBe(0);
  });

  it('copies what is pushed; views handed out stay valid while more is appended', () => {
    const q = new OutputQueue();
    const src = bytes('hello');
    q.pushBytes(src, false);
    src.fill(0x21);
    const first = q.takeBytes(2);
    q.pushBytes(bytes(', world'), false);
    expect(text(first)).toBe('he');
    expect(drain(q, 3)).toBe('llo, world');
    expect(text(first)).toBe('he');
  });

  it('merges small pushes of the same origin into one chunk; a large push is a chunk of its own', () => {
    const q = new OutputQueue();
    for (const c of 'typed') q.pushBytes(bytes(c), false);
    expect(q.length).toBe(1);
    q.pushBytes(bytes('R'), true); // other origin: a new chunk
    expect(q.length).toBe(2);
    const big = new Uint8Array(100_000).fill(0x42);
    q.pushBytes(big, true);
    expect(q.length).toBe(3);
    expect(q.byteLength).toBe(100_006);
    expect(drain(q, 1e9)).toBe('typedR' + 'B'.repeat(100_000));
  });

  it('takes at most floor(max) bytes', () => {
    const q = new OutputQueue();
    q.pushBytes(bytes('abcdef'), false);
    expect(text(q.takeBytes(2.9))).toBe('ab');
    expect(q.takeBytes(0.5)).toBeNull();
    expect(q.byteLength).toBe(4);
  });

  it('dropRemote drops the far end data only; dropAllBytes keeps just the actions, in order', () => {
    const q = new OutputQueue();
    const ran: number[] = [];
    q.pushBytes(bytes('own1'), false);
    q.pushBytes(bytes('far1'), true);
    q.pushAction(() => ran.push(1));
    q.pushBytes(bytes('far2'), true);
    q.pushBytes(bytes('own2'), false);
    q.pushAction(() => ran.push(2));
    q.dropRemote();
    expect(q.byteLength).toBe(8);
    expect(drain(q)).toBe('own1');
    q.takeAction()!();
    q.pushBytes(bytes('more'), false);
    q.dropAllBytes();
    expect(q.byteLength).toBe(0);
    q.takeAction()!();
    expect(ran).toEqual([1, 2]);
    expect(q.front()).toBeNull();
  });

  it('100 000 single-byte chunks pushed and taken, interleaved, stay in order (head index, compaction)', () => {
    const q = new OutputQueue();
    let want = 0;
    let got = 0;
    let bad = 0;
    for (let i = 0; i < 100_000; i++) {
      q.pushBytes(Uint8Array.of(i & 0xff), (i & 1) === 0); // alternating origin: a chunk per byte
      if (i % 3 === 0) {
        const b = q.takeBytes(1)!;
        if (b[0] !== (want++ & 0xff)) bad++;
        got++;
      }
    }
    expect(q.length).toBe(100_000 - got);
    for (let b = q.takeBytes(1); b; b = q.takeBytes(1)) if (b[0] !== (want++ & 0xff)) bad++;
    expect(bad).toBe(0);
    expect(want).toBe(100_000);
  });
});
