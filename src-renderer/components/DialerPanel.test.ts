// The dialer panel's pure parts: the headline an operator reads for each dial status, and the phonebook
// editor's checks (a draft becomes an entry the contract accepts, or the first problem is named).
import { describe, expect, it } from 'vitest';
import { phonebookEntrySchema } from '../../src-shared/ipc/profile.js';
import { dialHeadline, entryFromDraft } from './DialerPanel.js';

const draft = {
  name: 'Branch',
  number: '555-0100',
  profileId: 'demo-modem',
  dialCommand: 'ATDP' as const,
  initString: ' ATZ ',
  chatScript: '',
  loginScript: 'Username: demo Password: dialtone',
  redialAttempts: '2',
  redialDelayS: '1.5',
  connectTimeoutS: '',
};

describe('dialHeadline', () => {
  it('names each state as an operator reads it, with the result code meaning', () => {
    const s = { sessionId: 's1' };
    expect(dialHeadline(null)).toBe('On hook');
    expect(dialHeadline({ ...s, state: 'dialing', number: '555-0100' })).toBe('Dialing 555-0100');
    expect(dialHeadline({ ...s, state: 'waiting-redial', inMs: 1500 })).toBe('Redial in 2 s');
    expect(dialHeadline({ ...s, state: 'failed', resultCode: 'BUSY' })).toBe('Busy');
    expect(dialHeadline({ ...s, state: 'failed', resultCode: 'NO DIALTONE' })).toBe('No dial tone');
    expect(dialHeadline({ ...s, state: 'failed', resultCode: 'SOMETHING ELSE' })).toBe('Failed');
    expect(dialHeadline({ ...s, state: 'hanging-up', method: 'escape' })).toBe('Hanging up (+++ ATH)');
    expect(dialHeadline({ ...s, state: 'answer-wait', flow: 'callback' })).toBe('Waiting for the call back');
    expect(dialHeadline({ ...s, state: 'ringing', rings: 2 })).toBe('Ringing (2)');
  });
});

describe('entryFromDraft', () => {
  it('turns the typed fields into an entry the contract accepts (seconds to ms, trimmed init)', () => {
    const r = entryFromDraft(draft);
    expect('entry' in r).toBe(true);
    if (!('entry' in r)) return;
    expect(r.entry).toMatchObject({ name: 'Branch', number: '555-0100', profileId: 'demo-modem', dialCommand: 'ATDP', initString: 'ATZ', redialAttempts: 2, redialDelayMs: 1500 });
    expect(r.entry).not.toHaveProperty('chatScript');
    expect(r.entry).not.toHaveProperty('connectTimeoutS');
    expect(phonebookEntrySchema.safeParse(r.entry).success).toBe(true);
  });

  it('names the first problem: number, scripts, redials, delay, timeout, name', () => {
    const err = (patch: Partial<typeof draft>) => {
      const r = entryFromDraft({ ...draft, ...patch });
      return 'error' in r ? r.error : 'accepted';
    };
    expect(err({ number: '555-01x0' })).toMatch(/^number:/);
    expect(err({ chatScript: "'' 'ATZ" })).toMatch(/^chat script:/);
    expect(err({ loginScript: 'TIMEOUT' })).toMatch(/^login script:/);
    expect(err({ redialAttempts: '-1' })).toMatch(/^redials:/);
    expect(err({ redialAttempts: '' })).toMatch(/^redials:/);
    expect(err({ redialDelayS: 'soon' })).toMatch(/^redial delay:/);
    expect(err({ connectTimeoutS: '0' })).toMatch(/^connect timeout:/);
    expect(err({ name: ' ' })).toMatch(/^name:/);
  });
});
