import { describe, expect, it } from 'vitest';
import { dataHub } from './data-hub.js';

describe('dataHub', () => {
  it('keeps bytes that arrive before a pane attaches and delivers them first, in order', () => {
    const got: number[] = [];
    dataHub.push('s1', Uint8Array.of(1));
    dataHub.push('s1', Uint8Array.of(2));
    const detach = dataHub.attach('s1', (b) => got.push(...b));
    dataHub.push('s1', Uint8Array.of(3));
    expect(got).toEqual([1, 2, 3]);
    detach();
    dataHub.push('s1', Uint8Array.of(4));
    const again: number[] = [];
    dataHub.attach('s1', (b) => again.push(...b));
    expect(again).toEqual([4]);
    dataHub.drop('s1');
  });

  it('does not let an old detach remove a newer sink', () => {
    const got: number[] = [];
    const detachOld = dataHub.attach('s2', () => expect.fail('old sink'));
    dataHub.attach('s2', (b) => got.push(...b));
    detachOld();
    dataHub.push('s2', Uint8Array.of(9));
    expect(got).toEqual([9]);
    dataHub.drop('s2');
  });
});
