import { describe, expect, it } from 'vitest';
import { closeConsequence, neighbourTab, tabLabels } from './tabs-model.js';

describe('tab labels', () => {
  it('numbers tabs that would read the same, in strip order; a title wins', () => {
    const views = ['a', 'b', 'c', 'd'].map((tabId) => ({ tabId, name: tabId === 'd' ? 'ts1:2003' : 'Demo modem' }));
    const texts = (titles: Record<string, string>) => [...tabLabels(views, titles).values()].map((l) => l.text);
    expect(texts({})).toEqual(['Demo modem', 'Demo modem 2', 'Demo modem 3', 'ts1:2003']);
    expect(texts({ b: 'router' })).toEqual(['Demo modem', 'router', 'Demo modem 2', 'ts1:2003']);
    expect(tabLabels(views, {}).get('c')).toEqual({ text: 'Demo modem 3', base: 'Demo modem', ordinal: 3 });
    expect(tabLabels(views, {}).get('a')!.ordinal).toBeNull();
  });
});

describe('tab cycling', () => {
  it('steps and wraps round both ways', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbourTab(ids, 'a', 1)).toBe('b');
    expect(neighbourTab(ids, 'c', 1)).toBe('a');
    expect(neighbourTab(ids, 'a', -1)).toBe('c');
    expect(neighbourTab(ids, null, 1)).toBe('a');
    expect(neighbourTab([], null, -1)).toBeNull();
  });
});

describe('closing a tab', () => {
  it('asks when a connection or a log would end, not otherwise', () => {
    expect(closeConsequence({ state: 'connected', log: null })).toBe('Closing it ends the connection.');
    expect(closeConsequence({ state: 'reconnecting', log: null })).toBe('Closing it stops reconnecting.');
    expect(closeConsequence({ state: 'connecting', log: null })).toMatch(/attempt/);
    expect(closeConsequence({ state: 'disconnected', log: { active: true, fileName: 'x.log' } })).toBe('Closing it stops the log to x.log.');
    expect(closeConsequence({ state: 'connected', log: { active: true } })).toBe('Closing it ends the connection and stops the log.');
    expect(closeConsequence({ state: 'disconnected', log: { active: false } })).toBeNull();
    expect(closeConsequence({ state: 'closed', log: null })).toBeNull();
    expect(closeConsequence({ state: 'idle', log: null })).toBeNull();
  });
});
