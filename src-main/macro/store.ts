/**
 * The window's macros (issue 14), kept in macros.json in the config folder beside profiles.json:
 *
 *   { "dialtone": "macro-store", "version": 1, "entries": [{ "macro": Macro, "profileId"?: "p-..." }, ...] }
 *
 * An entry without profileId shows on every tab's macro bar; one with a profileId only on tabs opened
 * from that profile. This is the store's own shape (the scope is not part of a macro); import and export
 * use the macros file of src-shared/macro/macro.ts (macrosFileSchema), which carries no scope: imported
 * macros show on every tab.
 *
 * Same rules as the profile store (src-main/profiles/store.ts): writes are atomic and serialised, the
 * in-memory list changes only once the file is written; at most MAX_MACROS are kept; a file that cannot
 * be read is moved aside to macros.json.corrupt-<time> with a warning and the store starts empty; imports
 * are all or nothing. The shipped examples (src-shared/macro/examples.ts) are listed after the saved
 * macros, read-only; the demo modem's example shows on the demo profile's tabs.
 *
 * Function keys: two macros that can show on the same tab never share a key (a global macro's key is
 * taken on every tab; a profile's macro's key on that profile's tabs).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { MacroEntry } from '../../src-shared/ipc/contract.js';
import { profileIdSchema } from '../../src-shared/ipc/profile.js';
import { exampleMacros } from '../../src-shared/macro/examples.js';
import { MAX_MACROS, macroSchema, macrosFileSchema, type Macro, type MacroInput } from '../../src-shared/macro/macro.js';
import { readJsonFile } from '../profiles/json-file.js';
import { writeFileAtomic } from '../profiles/store.js';

/** The file's name in the config folder. */
export const MACROS_FILE = 'macros.json';

/** A store operation that cannot be done; `code` follows the IPC contract. */
export class MacroStoreError extends Error {
  override name = 'MacroStoreError';
  constructor(
    message: string,
    readonly code: 'not-found' | 'bad-request' | 'failed' = 'failed',
  ) {
    super(message);
  }
}

const storedEntrySchema = z.strictObject({ macro: macroSchema, profileId: profileIdSchema.optional() });
const storeFileSchema = z.strictObject({
  dialtone: z.literal('macro-store'),
  version: z.literal(1),
  entries: z.array(storedEntrySchema).max(MAX_MACROS),
});

/** A saved macro (its id always set) and where it shows. */
type Stored = { macro: Macro & { id: string }; profileId?: string };

export interface MacroStoreOptions {
  /** Which example shows on which profile's tabs (example id -> profile id), e.g. the demo modem's. */
  exampleScopes?: Readonly<Record<string, string>>;
}

const newId = () => `m-${randomBytes(6).toString('hex')}`;

/** Two scopes can show on the same tab: either is global, or both are the same profile. */
const overlap = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a === b;

export class MacroStore {
  private entries: Stored[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** Problems met while loading (a corrupt file moved aside), for the log. */
  readonly warnings: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly options: MacroStoreOptions,
  ) {}

  /** Open and load the store in `dir` (the folder must exist: the profile store makes it). */
  static async open(dir: string, options: MacroStoreOptions = {}): Promise<MacroStore> {
    const store = new MacroStore(dir, options);
    await store.load();
    return store;
  }

  /** Saved macros by name, then the shipped examples (read-only). */
  list(): MacroEntry[] {
    const saved = [...this.entries].sort((a, b) => a.macro.name.localeCompare(b.macro.name)).map((e) => ({ ...e, example: false }));
    const examples = exampleMacros.map((m) => {
      const profileId = this.options.exampleScopes?.[m.id!];
      return { macro: m, ...(profileId ? { profileId } : {}), example: true };
    });
    return [...saved, ...examples];
  }

  /** A saved or example macro by id. */
  get(id: string): Macro | undefined {
    return this.entries.find((e) => e.macro.id === id)?.macro ?? exampleMacros.find((m) => m.id === id);
  }

  /**
   * Create (no id, or one not used yet) or replace (a saved macro's id); returns the entry as stored.
   * @throws MacroStoreError 'bad-request': an invalid macro, an example's id, a key another macro on the
   * same tabs has, or more than MAX_MACROS.
   */
  async save(input: MacroInput, profileId?: string): Promise<MacroEntry> {
    const parsed = macroSchema.safeParse(input);
    if (!parsed.success) throw new MacroStoreError(`invalid macro: ${parsed.error.issues[0]?.message}`, 'bad-request');
    if (parsed.data.id && exampleMacros.some((m) => m.id === parsed.data.id)) throw new MacroStoreError(`"${parsed.data.name}" is a shipped example and cannot be changed; save a copy`, 'bad-request');
    const entry: Stored = { macro: { ...parsed.data, id: parsed.data.id ?? newId() }, ...(profileId ? { profileId } : {}) };
    await this.write((current) => {
      const others = current.filter((e) => e.macro.id !== entry.macro.id);
      const clash = keyClash(entry, others);
      if (clash) throw new MacroStoreError(`${entry.macro.key} already runs "${clash.macro.name}" on the same tabs; choose another key`, 'bad-request');
      const i = current.findIndex((e) => e.macro.id === entry.macro.id);
      const next = [...current];
      if (i >= 0) next[i] = entry;
      else next.push(entry);
      return bounded(next);
    });
    return { ...entry, example: false };
  }

  /** @throws MacroStoreError 'not-found' (an example: 'bad-request'). */
  async delete(id: string): Promise<void> {
    if (exampleMacros.some((m) => m.id === id)) throw new MacroStoreError('a shipped example cannot be deleted', 'bad-request');
    await this.write((current) => {
      if (!current.some((e) => e.macro.id === id)) throw new MacroStoreError(`no macro "${id}"`, 'not-found');
      return current.filter((e) => e.macro.id !== id);
    });
  }

  /**
   * Import a macros file (or a bare array of macros). All or nothing: a file that is not valid imports
   * none and the error names the first problem and where. Imported macros show on every tab; an id in
   * use gets a new one; a function key already taken (by a saved macro, or earlier in the file) is left
   * unbound and said in `notes`. @throws MacroStoreError 'bad-request'
   */
  async importJson(text: string): Promise<{ imported: MacroEntry[]; notes: string[] }> {
    const file = readJsonFile(text, 'macros', macrosFileSchema, (macros) => ({ dialtone: 'macros', version: 1, macros }));
    if (!file.ok) throw new MacroStoreError(file.error, 'bad-request');
    const notes: string[] = [];
    let imported: Stored[] = [];
    await this.write((current) => {
      const used = new Set([...current.map((e) => e.macro.id), ...exampleMacros.map((m) => m.id)]);
      const taken = [...current];
      imported = file.data.macros.map(({ id, key, ...rest }) => {
        const macroId = id && !used.has(id) ? id : newId();
        used.add(macroId);
        let entry: Stored = { macro: { ...rest, id: macroId, ...(key ? { key } : {}) } };
        const clash = keyClash(entry, taken);
        if (clash) {
          notes.push(`"${rest.name}": ${key} already runs "${clash.macro.name}", left unbound`);
          entry = { macro: { ...rest, id: macroId } };
        }
        taken.push(entry);
        return entry;
      });
      return bounded([...current, ...imported]);
    });
    return { imported: imported.map((e) => ({ ...e, example: false })), notes };
  }

  /** The text of a macros file (macrosFileSchema) with the given saved macros, all when `ids` is omitted. @throws 'not-found' */
  exportJson(ids?: string[]): { json: string; fileName: string } {
    const wanted = ids ? new Set(ids) : null;
    const chosen = wanted ? this.entries.filter((e) => wanted.has(e.macro.id)) : this.entries;
    if (wanted && chosen.length !== wanted.size) {
      const found = new Set(chosen.map((e) => e.macro.id));
      const missing = [...wanted].filter((id) => !found.has(id)).slice(0, 10);
      throw new MacroStoreError(`no saved macro ${missing.map((m) => `"${m}"`).join(', ')}`, 'not-found');
    }
    const file = macrosFileSchema.parse({ dialtone: 'macros', version: 1, macros: chosen.map((e) => e.macro) });
    return { json: JSON.stringify(file, null, 2) + '\n', fileName: 'dialtone-macros.json' };
  }

  /** Resolves when every write started so far has finished. */
  async settled(): Promise<void> {
    await this.writing;
  }

  // ---- internals

  /** Compute the new list from the current one inside the write queue; the list changes once written. */
  private write(change: (current: Stored[]) => Stored[]): Promise<void> {
    const run = this.writing.then(async () => {
      const next = change(this.entries);
      await writeFileAtomic(join(this.dir, MACROS_FILE), JSON.stringify({ dialtone: 'macro-store', version: 1, entries: next }, null, 2) + '\n');
      this.entries = next;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<void> {
    const file = join(this.dir, MACROS_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    let problem: string;
    try {
      const parsed = storeFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        this.entries = parsed.data.entries.map((e) => ({ ...e, macro: { ...e.macro, id: e.macro.id ?? newId() } }));
        return;
      }
      const issue = parsed.error.issues[0];
      problem = `${issue?.path.join('.') || 'file'}: ${issue?.message}`;
    } catch (err) {
      problem = (err as Error).message;
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    this.warnings.push(`${file} could not be read (${problem}); kept as ${aside}, starting with no macros`);
  }
}

/** The macro among `others` that has `entry`'s key on a tab where `entry` shows too, if any. */
function keyClash(entry: Stored, others: readonly Stored[]): Stored | undefined {
  if (!entry.macro.key) return undefined;
  return others.find((o) => o.macro.key === entry.macro.key && overlap(o.profileId, entry.profileId));
}

/** @throws MacroStoreError 'bad-request' when `list` is longer than MAX_MACROS. */
function bounded(list: Stored[]): Stored[] {
  if (list.length > MAX_MACROS) throw new MacroStoreError(`at most ${MAX_MACROS} macros can be kept; delete some first`, 'bad-request');
  return list;
}
