/** Saved profiles: list, save, duplicate, delete, import and export. Failures show a notice. */
import type { Profile, ProfileInput } from '../../../src-shared/ipc/profile.js';
import { askedSettings, settingsInEffect } from '../../../src-shared/line/line-model.js';
import { useProfiles } from '../profiles.js';
import { viewOf } from '../sessions.js';
import { useUi } from '../ui.js';
import { attempt } from './request.js';

/** Load the profiles list from main into the store. */
export async function refreshProfiles(): Promise<void> {
  const list = await attempt('list profiles', (a) => a.profiles.list({}));
  if (list) useProfiles.getState().setProfiles(list);
}

/** Save (create or replace) a profile; resolves to it as stored, or undefined (a notice said why). */
export async function saveProfile(profile: ProfileInput): Promise<Profile | undefined> {
  const saved = await attempt(`save profile "${profile.name}"`, (a) => a.profiles.save({ profile }));
  await refreshProfiles();
  return saved;
}

/** Save the tab as a profile: its target, the settings in effect (what was asked where it differs), and its terminal options. */
export function saveTabAsProfile(tabId: string, name: string): Promise<Profile | undefined> {
  const view = viewOf(tabId);
  if (!view) return Promise.resolve(undefined);
  const settings = { ...settingsInEffect(view.line), ...askedSettings(view.line) };
  // DTR/RTS as the operator asked them (asserted when the profile opens); never what a report said
  const { dtr, rts } = view.line;
  return saveProfile({ name, target: view.target, settings, terminal: view.terminal, ...(dtr.asked !== null ? { dtr: dtr.asked } : {}), ...(rts.asked !== null ? { rts: rts.asked } : {}) });
}

export async function duplicateProfile(id: string): Promise<void> {
  await attempt('duplicate profile', (a) => a.profiles.duplicate({ id }));
  await refreshProfiles();
}

export async function deleteProfile(id: string): Promise<void> {
  await attempt('delete profile', (a) => a.profiles.delete({ id }));
  await refreshProfiles();
}

/** Import a profiles file's text (all or nothing); resolves to how many were imported. */
export async function importProfiles(json: string): Promise<number | undefined> {
  const r = await attempt('import profiles', (a) => a.profiles.import({ json }));
  await refreshProfiles();
  if (r) useUi.getState().notify('info', [`imported ${r.imported.length} profile(s)`, ...r.notes].join('; '));
  return r?.imported.length;
}

/** Export profiles (all when `ids` is omitted) as a profiles file's text and suggested name. */
export function exportProfiles(ids?: string[]): Promise<{ json: string; fileName: string } | undefined> {
  return attempt('export profiles', (a) => a.profiles.export(ids ? { ids } : {}));
}
