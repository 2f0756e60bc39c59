import { describe, expect, it } from 'vitest';
import { dialEntrySchema } from '../../src-shared/dialer/phonebook.js';
import { REDIAL_DEFAULTS, redialsFromText } from './redials.js';

describe('redials as typed', () => {
  it("start from a phonebook entry's defaults", () => {
    const entry = dialEntrySchema.parse({ name: 'x', number: '1' });
    expect(REDIAL_DEFAULTS).toEqual({ redialAttempts: entry.redialAttempts, redialDelayMs: entry.redialDelayMs });
  });

  it('read seconds as ms, as the entry editor does', () => {
    expect(redialsFromText('2', '1.5')).toEqual({ redials: { redialAttempts: 2, redialDelayMs: 1500 } });
    expect(redialsFromText(' 0 ', '0')).toEqual({ redials: { redialAttempts: 0, redialDelayMs: 0 } });
  });

  it('name the field of the first problem with the schema message', () => {
    expect(redialsFromText('', '5')).toMatchObject({ error: expect.stringMatching(/^redials: /) });
    expect(redialsFromText('1.5', '5')).toMatchObject({ error: expect.stringMatching(/^redials: /) });
    expect(redialsFromText('101', '5')).toMatchObject({ error: expect.stringMatching(/^redials: .*100/) });
    expect(redialsFromText('1', 'x')).toMatchObject({ error: expect.stringMatching(/^redial delay: /) });
    expect(redialsFromText('1', '601')).toMatchObject({ error: expect.stringMatching(/^redial delay: .*600000/) });
  });
});
