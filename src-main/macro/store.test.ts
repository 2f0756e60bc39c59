import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { MAX_MACROS, macrosFileSchema } from '../../src-shared/macro/macro.js';
import { MACROS_FILE, MacroStore } from './store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dialtone-macros-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const at = { name: 'AT check', steps: [{ kind: 'send' as const, data: 'AT', lineEnd: 'cr' as const }, { kind: 'wait' as const, text: 'OK', timeoutMs: 2000 }] };

describe('MacroStore', () => {
  it('saves with an id and defaults, lists saved then the examples, and reads back after reopening', async () => {
    const store = await MacroStore.open(dir, { exampleScopes: { 'example-dial-echo': 'demo-modem' } });
    const saved = await store.save({ ...at, key: 'F2' });
    expect(saved.macro.id).toMatch(/^m-[0-9a-f]{12}$/);
    expect(saved.macro.steps[0]).toEqual({ kind: 'send', syntax: 'text', data: 'AT', lineEnd: 'cr' });
    const list = store.list();
    expect(list[0]).toEqual(saved);
    expect(list.slice(1).map((e) => e.macro.id)).toEqual(exampleMacros.map((m) => m.id));
    expect(list.find((e) => e.macro.id === 'example-dial-echo')).toMatchObject({ example: true, profileId: 'demo-modem' });
    const again = await MacroStore.open(dir);
    expect(again.list()[0]).toEqual(saved);
    expect(again.get('example-esp32-boot')?.name).toMatch(/ESP32/);
    expect(JSON.parse(readFileSync(join(dir, MACROS_FILE), 'utf8'))).toMatchObject({ dialtone: 'macro-store', version: 1, entries: [{ macro: { name: 'AT check' } }] });
    expect(readdirSync(dir)).toEqual([MACROS_FILE]);
  });

  it('keeps a profile scope; a key is refused where another macro on the same tabs has it', async () => {
    const store = await MacroStore.open(dir);
    const global = await store.save({ ...at, key: 'F2' });
    await expect(store.save({ ...at, name: 'other', key: 'F2' }, 'p-one')).rejects.toThrow(/F2 already runs "AT check"/);
    const one = await store.save({ ...at, name: 'one', key: 'F3' }, 'p-one');
    expect(one.profileId).toBe('p-one');
    // different profiles may share a key; a global one may not take it
    await store.save({ ...at, name: 'two', key: 'F3' }, 'p-two');
    await expect(store.save({ ...at, name: 'g', key: 'F3' })).rejects.toMatchObject({ code: 'bad-request' });
    // re-saving a macro with its own key is fine
    await store.save({ ...global.macro, name: 'AT check 2' });
    expect(store.list().filter((e) => !e.example).map((e) => e.macro.name)).toEqual(['AT check 2', 'one', 'two']);
  });

  it('refuses invalid macros and changes to examples; deletes', async () => {
    const store = await MacroStore.open(dir);
    await expect(store.save({ name: 'x', steps: [] })).rejects.toThrow(/at least one step/);
    await expect(store.save({ ...exampleMacros[0]! })).rejects.toThrow(/shipped example/);
    await expect(store.delete('example-dial-echo')).rejects.toMatchObject({ code: 'bad-request' });
    const a = await store.save(at);
    await store.delete(a.macro.id!);
    await expect(store.delete(a.macro.id!)).rejects.toMatchObject({ code: 'not-found' });
    expect(store.list().every((e) => e.example)).toBe(true);
  });

  it('imports all or nothing, exports a macros file, and an export imports again with keys left unbound', async () => {
    const store = await MacroStore.open(dir);
    const a = await store.save({ ...at, key: 'F2' }, 'p-x');
    const bad = JSON.stringify({ dialtone: 'macros', version: 1, macros: [at, { name: 'bad', steps: [{ kind: 'wait', text: 'x', regex: 'y' }] }] });
    await expect(store.importJson(bad)).rejects.toThrow(/not a valid macros file: macros\.1\.steps\.0: step 1: a wait needs either text or a regular expression; nothing imported/);
    await expect(store.importJson('{oops')).rejects.toThrow(/not a macros file/);
    await expect(store.importJson(JSON.stringify({ dialtone: 'macros', version: 2, macros: [] }))).rejects.toThrow(/version/);
    expect(store.list().filter((e) => !e.example)).toHaveLength(1);

    const { json, fileName } = store.exportJson();
    expect(fileName).toBe('dialtone-macros.json');
    const file = macrosFileSchema.parse(JSON.parse(json));
    expect(file.macros).toEqual([a.macro]);
    const { imported, notes } = await store.importJson(json);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.macro.id).not.toBe(a.macro.id);
    expect(imported[0]!.profileId).toBeUndefined();
    expect(imported[0]!.macro.key).toBeUndefined();
    expect(notes).toEqual(['"AT check": F2 already runs "AT check", left unbound']);
    // a bare array, with an unused id kept
    const bare = await store.importJson(JSON.stringify([{ ...at, id: 'mine', name: 'Bare' }]));
    expect(bare.imported[0]!.macro.id).toBe('mine');
    expect(() => store.exportJson(['nope'])).toThrow(/no saved macro "nope"/);
  });

  it('is bounded: an import past MAX_MACROS imports nothing', async () => {
    const store = await MacroStore.open(dir);
    await store.save(at);
    const many = JSON.stringify({ dialtone: 'macros', version: 1, macros: Array.from({ length: MAX_MACROS }, (_, i) => ({ ...at, name: `m${i}` })) });
    await expect(store.importJson(many)).rejects.toThrow(`at most ${MAX_MACROS} macros`);
    expect(store.list().filter((e) => !e.example)).toHaveLength(1);
  });

  it('keeps every one of many concurrent saves', async () => {
    const store = await MacroStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save({ ...at, name: `M${i}` })));
    expect((await MacroStore.open(dir)).list().filter((e) => !e.example)).toHaveLength(20);
  });

  it('moves a file it cannot read aside and starts empty, with a warning', async () => {
    writeFileSync(join(dir, MACROS_FILE), JSON.stringify({ dialtone: 'macros', version: 1, macros: [] }));
    const store = await MacroStore.open(dir);
    expect(store.list().every((e) => e.example)).toBe(true);
    expect(store.warnings[0]).toMatch(/could not be read .*kept as .*corrupt/);
    expect(readdirSync(dir).some((f) => f.startsWith(`${MACROS_FILE}.corrupt-`))).toBe(true);
  });
});
