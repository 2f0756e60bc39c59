import { describe, expect, it } from 'vitest';
import { createAcker } from './acker.js';

describe('createAcker', () => {
  it('acks all it owes once a chunk is owed, at the end of the task, holds back less than a chunk', async () => {
    const sent: number[] = [];
    const acker = createAcker((n) => sent.push(n), 1000);
    acker.consumed(600);
    acker.consumed(1700); // 2300 owed: one ack of all of it when this task ends
    expect(sent).toEqual([]);
    await Promise.resolve();
    expect(sent).toEqual([2300]);
    acker.consumed(300);
    await Promise.resolve();
    expect(sent).toEqual([2300]);
    acker.flush();
    acker.flush(); // nothing left: no empty ack
    expect(sent).toEqual([2300, 300]);
  });

  it('never acks more than it consumed, across many writes in one task', async () => {
    const sent: number[] = [];
    const acker = createAcker((n) => sent.push(n), 16);
    for (let i = 0; i < 100; i++) acker.consumed(7);
    await Promise.resolve();
    acker.consumed(5);
    acker.flush();
    expect(sent.reduce((a, b) => a + b, 0)).toBe(705);
    expect(sent).toHaveLength(2);
  });
});
