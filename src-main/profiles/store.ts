/**
 * Profiles and the dialer's phonebook, kept as JSON files in one folder (Electron: userData; the browser
 * host: $XDG_CONFIG_HOME/dialtone or ~/.config/dialtone, or `serve --config DIR`):
 *
 *   profiles.json   { "dialtone": "profiles",  "version": 1, "profiles": [Profile, ...] }
 *   phonebook.json  { "dialtone": "phonebook", "version": 1, "entries":  [PhonebookEntry, ...] }
 *
 * Writes are atomic (a temporary file in the same folder, fsync, rename) and serialised. A file that
 * cannot be read as a valid store is never overwritten: it is moved aside to NAME.corrupt-<time> and the
 * store starts empty, with a warning naming the file. Imports are all-or-nothing.
 * Built-in profiles (the demo modem) come from a callback, are listed first, and cannot be changed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  MAX_STORED,
  phonebookEntrySchema,
  profileSchema,
  profilesFileSchema,
  type PhonebookEntry,
  type ProfilesFile,
  type PhonebookEntryInput,
  type Profile,
  type ProfileInput,
} from '../../src-shared/ipc/profile.js';
import { readJsonFile } from './json-file.js';

/** The browser host's default config folder: $XDG_CONFIG_HOME/dialtone, else ~/.config/dialtone. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'dialtone');
}

/** A store operation that cannot be done; `code` follows the IPC contract ('not-found', 'bad-request'). */
export class ProfileStoreError extends Error {
  override name = 'ProfileStoreError';
  constructor(
    message: string,
    readonly code: 'not-found' | 'bad-request' | 'failed' = 'failed',
  ) {
    super(message);
  }
}

const phonebookFileSchema = z.object({
  dialtone: z.literal('phonebook'),
  version: z.literal(1),
  entries: z.array(phonebookEntrySchema),
});

const newId = (prefix: string) => `${prefix}-${randomBytes(6).toString('hex')}`;

/** Write `text` to `file` atomically: temp file in the same folder, fsync, rename over. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export interface ProfileStoreOptions {
  /** Built-in profiles offered before the saved ones (e.g. the demo modem while the simulator runs). */
  builtIns?: () => Profile[];
  /** The entries a new phonebook starts with (the demo network's numbers), written only when there is no
   * phonebook file yet: an operator's own phonebook, even an emptied one, is never refilled. */
  firstPhonebook?: PhonebookEntryInput[];
}

export class ProfileStore {
  private profiles: Profile[] = [];
  private entries: PhonebookEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  /** Problems met while loading (a corrupt file moved aside), for the log / UI. */
  readonly warnings: string[] = [];

  private constructor(
    readonly dir: string,
    private readonly options: ProfileStoreOptions,
  ) {}

  /** Open (creating the folder) and load the store in `dir`. */
  static async open(dir: string, options: ProfileStoreOptions = {}): Promise<ProfileStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const store = new ProfileStore(dir, options);
    const profiles = await store.load('profiles.json', profilesFileSchema, salvageProfiles);
    store.profiles = profiles?.profiles ?? [];
    const fresh = !existsSync(join(dir, 'phonebook.json'));
    const phonebook = await store.load('phonebook.json', phonebookFileSchema);
    store.entries = phonebook?.entries ?? [];
    if (fresh && options.firstPhonebook?.length) {
      const first = options.firstPhonebook.map((e) => phonebookEntrySchema.parse(e));
      try {
        await store.writeEntries(() => first);
      } catch (err) {
        store.warnings.push(`the demo numbers were not added to the phonebook: ${(err as Error).message}`);
      }
    }
    return store;
  }

  // ---- profiles

  /** Built-in profiles first, then the saved ones by name. */
  list(): Profile[] {
    const saved = [...this.profiles].sort((a, b) => a.name.localeCompare(b.name));
    return [...(this.options.builtIns?.() ?? []), ...saved];
  }

  /** A profile by id, built-in or saved. */
  get(id: string): Profile | undefined {
    return this.list().find((p) => p.id === id);
  }

  /**
   * Create (no id, or an id not yet used) or replace (existing id) a profile; returns it as stored.
   * @throws ProfileStoreError 'bad-request' for an invalid profile or a built-in's id.
   */
  async save(input: ProfileInput): Promise<Profile> {
    const parsed = profileSchema.safeParse(input);
    if (!parsed.success) throw new ProfileStoreError(`invalid profile: ${parsed.error.issues[0]?.message}`, 'bad-request');
    const { builtIn: _builtIn, ...rest } = parsed.data;
    if (rest.id && this.isBuiltIn(rest.id)) throw new ProfileStoreError(`"${rest.name}" is built in and cannot be changed; duplicate it first`, 'bad-request');
    const profile: Profile = { ...rest, id: rest.id ?? newId('p') };
    await this.writeProfiles((current) => {
      const i = current.findIndex((p) => p.id === profile.id);
      const next = [...current];
      if (i >= 0) next[i] = profile;
      else next.push(profile);
      return bounded(next, 'profiles');
    });
    return profile;
  }

  /** @throws ProfileStoreError 'not-found', or 'bad-request' for a built-in. */
  async delete(id: string): Promise<void> {
    if (this.isBuiltIn(id)) throw new ProfileStoreError('a built-in profile cannot be deleted', 'bad-request');
    await this.writeProfiles((current) => {
      if (!current.some((p) => p.id === id)) throw new ProfileStoreError(`no profile "${id}"`, 'not-found');
      return current.filter((p) => p.id !== id);
    });
  }

  /** Save a copy named "NAME (copy)" with a new id (built-ins can be duplicated). @throws 'not-found' */
  async duplicate(id: string): Promise<Profile> {
    const src = this.get(id);
    if (!src) throw new ProfileStoreError(`no profile "${id}"`, 'not-found');
    const { id: _id, builtIn: _b, ...rest } = src;
    return this.save({ ...rest, name: `${src.name} (copy)` });
  }

  /**
   * Import a profiles file (or a bare array of profiles). All or nothing: any invalid profile imports
   * none and the error names the first problem and where it is. An import always adds, never replaces:
   * ids already in use get a new id, and a name already in use (by a saved or built-in profile, or
   * earlier in the file) becomes "NAME (imported)", "NAME (imported 2)", ..., said in `notes`.
   * @throws ProfileStoreError 'bad-request'
   */
  async importJson(text: string): Promise<{ imported: Profile[]; notes: string[] }> {
    const file = readJsonFile(text, 'profiles', profilesFileSchema, (profiles) => ({ dialtone: 'profiles', version: 1, profiles }));
    if (!file.ok) throw new ProfileStoreError(file.error, 'bad-request');
    const notes: string[] = [];
    let imported: Profile[] = [];
    await this.writeProfiles((current) => {
      const all = [...(this.options.builtIns?.() ?? []), ...current];
      const used = new Set(all.map((p) => p.id));
      const names = new Set(all.map((p) => p.name));
      imported = file.data.profiles.map(({ builtIn: _b, ...p }) => {
        const id = p.id && !used.has(p.id) ? p.id : newId('p');
        used.add(id);
        const name = freeName(p.name, names);
        names.add(name);
        if (name !== p.name) notes.push(`"${p.name}" exists already: imported as "${name}"`);
        return { ...p, id, name };
      });
      return bounded([...current, ...imported], 'profiles');
    });
    return { imported, notes };
  }

  /** The text of a profiles file with the given saved profiles (all saved ones when `ids` is omitted). */
  exportJson(ids?: string[]): { json: string; fileName: string } {
    const wanted = ids ? new Set(ids) : null; // linear however many ids are asked for
    const chosen = wanted ? this.profiles.filter((p) => p.id && wanted.has(p.id)) : this.profiles;
    if (ids && chosen.length !== wanted!.size) {
      const found = new Set(chosen.map((p) => p.id));
      const missing = [...wanted!].filter((id) => !found.has(id)).slice(0, 10);
      throw new ProfileStoreError(`no saved profile ${missing.map((m) => `"${m}"`).join(', ')}`, 'not-found');
    }
    const file = { dialtone: 'profiles', version: 1, profiles: chosen };
    return { json: JSON.stringify(file, null, 2) + '\n', fileName: 'dialtone-profiles.json' };
  }

  // ---- phonebook

  listPhonebook(): PhonebookEntry[] {
    return [...this.entries].sort((a, b) => a.name.localeCompare(b.name));
  }

  getEntry(id: string): PhonebookEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Create or replace a phonebook entry. @throws ProfileStoreError 'bad-request' */
  async saveEntry(input: PhonebookEntryInput): Promise<PhonebookEntry> {
    const parsed = phonebookEntrySchema.safeParse(input);
    if (!parsed.success) throw new ProfileStoreError(`invalid phonebook entry: ${parsed.error.issues[0]?.message}`, 'bad-request');
    const entry = { ...parsed.data, id: parsed.data.id ?? newId('e') };
    await this.writeEntries((current) => bounded([...current.filter((e) => e.id !== entry.id), entry], 'phonebook entries'));
    return entry;
  }

  /** @throws ProfileStoreError 'not-found' */
  async deleteEntry(id: string): Promise<void> {
    await this.writeEntries((current) => {
      if (!current.some((e) => e.id === id)) throw new ProfileStoreError(`no phonebook entry "${id}"`, 'not-found');
      return current.filter((e) => e.id !== id);
    });
  }

  /** Resolves when every write started so far has finished. */
  async settled(): Promise<void> {
    await this.writing;
  }

  // ---- internals

  private isBuiltIn(id: string): boolean {
    return (this.options.builtIns?.() ?? []).some((p) => p.id === id);
  }

  /** Compute the new list from the current one inside the write queue, so concurrent saves all land. */
  private async writeProfiles(change: (current: Profile[]) => Profile[]): Promise<void> {
    await this.enqueue(async () => {
      const next = change(this.profiles);
      await writeFileAtomic(join(this.dir, 'profiles.json'), JSON.stringify({ dialtone: 'profiles', version: 1, profiles: next }, null, 2) + '\n');
      this.profiles = next;
    });
  }

  private async writeEntries(change: (current: PhonebookEntry[]) => PhonebookEntry[]): Promise<void> {
    await this.enqueue(async () => {
      const next = change(this.entries);
      await writeFileAtomic(join(this.dir, 'phonebook.json'), JSON.stringify({ dialtone: 'phonebook', version: 1, entries: next }, null, 2) + '\n');
      this.entries = next;
    });
  }

  /** Run writes one after another; the in-memory state changes only after the file is written. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.writing.then(job);
    this.writing = run.catch(() => undefined);
    return run;
  }

  /**
   * Read a stored file. One that fails its schema is kept aside and the store starts empty, unless
   * `salvage` can keep what is good in it (then the original is copied aside and each repair is a
   * warning): one bad profile must not cost the operator all the others.
   */
  private async load<T>(name: string, schema: z.ZodType<T>, salvage?: (raw: unknown) => { data: T; notes: string[] } | null): Promise<T | null> {
    const file = join(this.dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let problem: string;
    try {
      const raw: unknown = JSON.parse(text);
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      problem = parsed.error.issues[0]?.message ?? 'invalid';
      const saved = salvage?.(raw);
      if (saved) {
        const copy = `${file}.before-repair-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await copyFile(file, copy);
        for (const note of saved.notes) this.warnings.push(`${file}: ${note} (the file as it was is kept as ${copy})`);
        return saved.data;
      }
    } catch (err) {
      problem = (err as Error).message;
    }
    const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, aside);
    this.warnings.push(`${file} could not be read (${problem}); kept as ${aside}, starting empty`);
    return null;
  }
}

/** Longest profile name (profileSchema). */
const MAX_NAME = 120;

/** `name` when no profile has it, else the first free "NAME (imported)", "NAME (imported 2)", ... within MAX_NAME. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (imported)' : ` (imported ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length).trimEnd()}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** @throws ProfileStoreError 'bad-request' when `list` is longer than MAX_STORED. */
function bounded<T>(list: T[], what: string): T[] {
  if (list.length > MAX_STORED) throw new ProfileStoreError(`at most ${MAX_STORED} ${what} can be kept; delete some first`, 'bad-request');
  return list;
}

/**
 * Keep the good profiles of a profiles file that fails its schema: a profile whose automatic-log settings
 * are invalid (a template an older version accepted) keeps everything else, with automatic logging off;
 * any other invalid profile is left out. null when the file is not a profiles file at all.
 */
function salvageProfiles(raw: unknown): { data: ProfilesFile; notes: string[] } | null {
  const list = (raw as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(list)) return null;
  const notes: string[] = [];
  const profiles: Profile[] = [];
  for (const [i, item] of list.slice(0, MAX_STORED).entries()) {
    const named = typeof (item as { name?: unknown })?.name === 'string' ? `profile "${(item as { name: string }).name}"` : `profile ${i + 1}`;
    const direct = profileSchema.safeParse(item);
    if (direct.success) {
      profiles.push(direct.data);
      continue;
    }
    const repaired = profileSchema.safeParse({ ...(item as object), autoLog: undefined });
    if (repaired.success && direct.error.issues.every((x) => x.path[0] === 'autoLog')) {
      profiles.push(repaired.data);
      notes.push(`${named}: its automatic log settings were invalid (${direct.error.issues[0]?.message}); automatic logging is off for it`);
    } else {
      notes.push(`${named} was invalid (${direct.error.issues[0]?.message}) and is left out`);
    }
  }
  return { data: { dialtone: 'profiles', version: 1, profiles }, notes };
}
