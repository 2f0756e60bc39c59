import { describe, expect, it } from 'vitest';
import { createRxCounters } from './rx-counters.js';

describe('createRxCounters', () => {
  it('counts bytes per session and forgets a dropped one', () => {
    const c = createRxCounters();
    c.add('s1', 4);
    c.add('s1', 5);
    c.add('s2', 1);
    expect([c.bytes('s1'), c.bytes('s2'), c.bytes('s3')]).toEqual([9, 1, 0]);
    c.drop('s1');
    expect([c.bytes('s1'), c.bytes('s2')]).toEqual([0, 1]);
  });
});
