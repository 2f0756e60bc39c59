import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MacroEntry } from '../../src-shared/ipc/contract.js';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { macroSchema } from '../../src-shared/macro/macro.js';
import { macroForKey, macrosForTab } from '../store/macros.js';
import { describeDryRun, draftOf, formatAbortList, macroFromDraft, moveItem, newStep, parseAbortList } from './macro-editor-model.js';

describe('macro editor model', () => {
  it('every shipped example reads back unchanged through its draft', () => {
    for (const m of exampleMacros) {
      const r = macroFromDraft(draftOf(m));
      expect(r.ok && r.macro).toEqual(m);
    }
  });

  it('names the first problem with its step', () => {
    const d = draftOf(macroSchema.parse({ name: 'x', steps: [{ kind: 'send', data: 'AT' }] }));
    expect(macroFromDraft({ ...d, steps: [...d.steps, newStep('wait')] })).toMatchObject({ ok: false, step: 1, message: 'step 2: a wait needs either text or a regular expression' });
    expect(macroFromDraft({ ...d, steps: [...d.steps, { ...newStep('delay'), ms: '1.5' }] })).toMatchObject({ ok: false, step: 1, message: 'step 2: the delay must be a whole number of ms' });
    expect(macroFromDraft({ ...d, steps: [{ ...newStep('settings'), settings: '{baud' }] })).toMatchObject({ ok: false, step: 0, message: expect.stringContaining('settings must be JSON') });
    expect(macroFromDraft({ ...d, name: ' ' })).toMatchObject({ ok: false, step: null, message: 'macro name is empty' });
    expect(macroFromDraft({ ...d, repeat: 'often' })).toMatchObject({ ok: false, message: 'repeat every must be a whole number of ms' });
    expect(macroFromDraft({ ...d, steps: [{ ...newStep('checksum') }] })).toMatchObject({ ok: false, message: 'step 1: a checksum must follow a send' });
  });

  it('moves a step', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });

  it('the dry run shows the bytes in hex with their checksum and the actions by step', () => {
    const modbus = exampleMacros.find((m) => m.id === 'example-modbus-read')!;
    const steps = describeDryRun(modbus);
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3]);
    expect(steps[0]!.actions).toEqual(['send 8 bytes: 01 03 00 00 00 02 C4 0B  "\\x01\\x03\\x00\\x00\\x00\\x02\\xC4\\x0B"']);
    expect(steps[1]!.title).toBe('checksum crc16-modbus (sent with step 1)');
    const esp = describeDryRun(exampleMacros.find((m) => m.id === 'example-esp32-boot')!);
    expect(esp.flatMap((s) => s.actions)).toEqual(['DTR off', 'RTS on', 'DTR on', 'RTS off', 'DTR off']);
  });

  it('a tab shows the global macros, its profile\'s, and the examples of its profile; keys pick among them', () => {
    const m = (id: string, key?: 'F2') => macroSchema.parse({ id, name: id, ...(key ? { key } : {}), steps: [{ kind: 'delay', ms: 1 }] });
    const entries: MacroEntry[] = [
      { macro: m('g', 'F2'), example: false },
      { macro: m('p1'), profileId: 'p1', example: false },
      { macro: m('p2', 'F2'), profileId: 'p2', example: false },
      { macro: m('ex'), profileId: 'p1', example: true },
      { macro: m('ex-any'), example: true },
    ];
    expect(macrosForTab(entries, 'p1').map((e) => e.macro.id)).toEqual(['g', 'p1', 'ex']);
    expect(macrosForTab(entries, undefined).map((e) => e.macro.id)).toEqual(['g']);
    expect(macroForKey(macrosForTab(entries, 'p1'), 'F2')?.macro.id).toBe('g');
    expect(macroForKey(macrosForTab(entries, 'p1'), 'F3')).toBeUndefined();
  });
});

describe("a wait row's abort field", () => {
  it('takes strings separated by commas, each as typed or in double quotes (which may hold commas)', () => {
    expect(parseAbortList('ERROR, "NO CARRIER"')).toEqual(['ERROR', 'NO CARRIER']);
    expect(parseAbortList('"BUSY, try later", NO DIALTONE ,, ')).toEqual(['BUSY, try later', 'NO DIALTONE']);
    expect(parseAbortList('say \\"hi\\"')).toEqual(['say \\"hi\\"']);
    expect(parseAbortList('"say \\"hi\\""')).toEqual(['say "hi"']);
    expect(parseAbortList('')).toEqual([]);
  });

  it('reads back what it shows, for any strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 6 }), (list) => {
        expect(parseAbortList(formatAbortList(list))).toEqual(list);
      }),
    );
  });
});
