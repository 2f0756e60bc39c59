/**
 * Macros (issue 14): list, save, delete, import and export the stored set; run and stop a macro on a
 * tab's session. Failures show a notice with main's message (a second run on a busy session says which
 * macro is running); progress arrives as 'macro.status' (start.ts).
 */
import type { MacroEntry } from '../../../src-shared/ipc/contract.js';
import type { MacroInput } from '../../../src-shared/macro/macro.js';
import { useMacros } from '../macros.js';
import { useUi } from '../ui.js';
import { attempt, withSession } from './request.js';

/** Load the macros (saved and examples) from main into the store. */
export async function refreshMacros(): Promise<void> {
  const list = await attempt('list macros', (a) => a.macros.list({}));
  if (list) useMacros.getState().setEntries(list);
}

/** Save (create, or replace by id) a macro shown on every tab or on `profileId`'s; resolves to it as stored, or undefined (a notice said why). */
export async function saveMacro(macro: MacroInput, profileId?: string): Promise<MacroEntry | undefined> {
  const saved = await attempt(`save macro "${macro.name}"`, (a) => a.macros.save({ macro, ...(profileId ? { profileId } : {}) }));
  await refreshMacros();
  return saved;
}

export async function deleteMacro(id: string): Promise<void> {
  await attempt('delete macro', (a) => a.macros.delete({ id }));
  await refreshMacros();
}

/** Import a macros file's text (all or nothing); resolves to how many were imported. */
export async function importMacros(json: string): Promise<number | undefined> {
  const r = await attempt('import macros', (a) => a.macros.import({ json }));
  await refreshMacros();
  if (r) useUi.getState().notify('info', [`imported ${r.imported.length} macro(s)`, ...r.notes].join('; '));
  return r?.imported.length;
}

/** Every saved macro as a macros file's text and suggested name. */
export function exportMacros(): Promise<{ json: string; fileName: string } | undefined> {
  return attempt('export macros', (a) => a.macros.export({}));
}

/** Run a macro on the tab's session. */
export function runMacroOn(tabId: string, macroId: string): Promise<unknown> {
  return withSession(tabId, 'run macro', (a, sessionId) => a.macro.run({ sessionId, macroId }));
}

/** Stop the tab's running macro. */
export function stopMacroOn(tabId: string): Promise<unknown> {
  return withSession(tabId, 'stop macro', (a, sessionId) => a.macro.stop({ sessionId }));
}
