/**
 * The macro editor (issue 14): a dialog with the macro's name, function key, repeat interval and where
 * its button shows (every tab, or one profile's tabs), then three views of its steps: Steps (rows: add,
 * remove, move up/down, drag to reorder), Text (the text form, which round-trips; Apply reads it back)
 * and Dry run (the bytes as hex and the actions, nothing sent). Save checks the draft with macroSchema
 * and stays disabled while there is a problem, named in the footer (a key another macro on the same tabs
 * has is one); Delete asks first. It fits from 800x600 (the steps scroll inside it).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { MACRO_KEYS, type Macro } from '../../src-shared/macro/macro.js';
import { formatMacroText } from '../../src-shared/macro/text-form.js';
import { deleteMacro, saveMacro } from '../store/actions/macros.js';
import { useMacros, type MacroEditorTarget } from '../store/macros.js';
import { useProfiles } from '../store/profiles.js';
import { useUi } from '../store/ui.js';
import { draftOf, macroFromDraft, type DraftResult, type MacroDraft } from './macro-editor-model.js';
import { MacroDryRun } from './MacroDryRun.js';
import { MacroStepRows } from './MacroStepRows.js';
import { MacroTextForm } from './MacroTextForm.js';
import { Modal } from './Modal.js';

type View = 'steps' | 'text' | 'dry';
const VIEW_TEXT: Record<View, string> = { steps: 'Steps', text: 'Text', dry: 'Dry run' };

/** Mounts the editor while the macros slice has something to edit. */
export function MacroEditorHost() {
  const target = useMacros((s) => s.editing);
  const close = () => useMacros.getState().edit(null);
  return target ? <MacroEditor key={target.macro.id ?? 'new'} target={target} onClose={close} /> : null;
}

/** The macro another saved macro on the same tabs binds `key` to, if any. */
function useKeyClash(result: DraftResult): string | null {
  const entries = useMacros((s) => s.entries);
  if (!result.ok || !result.macro.key) return null;
  const { key, id } = result.macro;
  const other = entries.find((e) => !e.example && e.macro.key === key && e.macro.id !== id && (e.profileId === undefined || result.profileId === undefined || e.profileId === result.profileId));
  return other ? `${key} already runs "${other.macro.name}" on the same tabs` : null;
}

/** Name, key, repeat and where it shows. */
function HeadFields({ d, set }: { d: MacroDraft; set: (patch: Partial<MacroDraft>) => void }) {
  const profiles = useProfiles((s) => s.profiles);
  return (
    <div className="me-head">
      <label className="me-field me-name">
        <span className="row-label">Name</span>
        <input id="me-name" className="input" data-testid="me-name" value={d.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
      <label className="me-field">
        <span className="row-label">Key</span>
        <select className="select" data-testid="me-key" value={d.key} onChange={(e) => set({ key: e.target.value as MacroDraft['key'] })}>
          <option value="">none</option>
          {MACRO_KEYS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="me-field" title="Run again every this many ms until stopped (a poll); empty: once">
        <span className="row-label">Repeat every</span>
        <input className="input mono num" data-testid="me-repeat" placeholder="once" value={d.repeat} onChange={(e) => set({ repeat: e.target.value })} />
        <span className="unit">ms</span>
      </label>
      <label className="me-field me-scope">
        <span className="row-label">Show on</span>
        <select className="select" data-testid="me-scope" value={d.profileId} onChange={(e) => set({ profileId: e.target.value })}>
          <option value="">every tab</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}&apos;s tabs
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function MacroEditor({ target, onClose }: { target: MacroEditorTarget; onClose: () => void }) {
  const [d, setD] = useState<MacroDraft>(() => draftOf(target.macro, target.profileId));
  const [view, setView] = useState<View>('steps');
  const [saving, setSaving] = useState(false);
  const result = useMemo(() => macroFromDraft(d), [d]);
  const clash = useKeyClash(result);
  const problem = !result.ok ? result.message : clash;
  /** The last macro the draft read as, for the Text view while the rows have a problem. */
  const lastGood = useRef<Macro>(target.macro);
  if (result.ok) lastGood.current = result.macro;
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => boxRef.current?.querySelector<HTMLInputElement>('#me-name')?.focus(), []);
  const set = (patch: Partial<MacroDraft>) => setD((x) => ({ ...x, ...patch }));

  const save = async () => {
    if (!result.ok || clash) return;
    setSaving(true);
    const saved = await saveMacro(result.macro, result.profileId);
    setSaving(false);
    if (saved) onClose();
  };
  const remove = async () => {
    if (!d.id) return;
    const ok = await useUi.getState().askConfirm({ title: `Delete macro "${target.macro.name}"?`, body: 'Its button and key go from every tab. This cannot be undone (export it first to keep a copy).', accept: 'Delete' });
    if (!ok) return;
    await deleteMacro(d.id);
    onClose();
  };
  const textInitial = (result.ok ? '' : `# the rows have a problem (${result.message}); this is the macro as it last read\n`) + formatMacroText(lastGood.current);

  return (
    // while its Delete question is open, the question answers Escape and clicks, not the editor
    <Modal boxRef={boxRef} className="me-modal" labelledBy="me-title" testId="macro-editor" data={{ 'data-macro-id': d.id ?? '' }} onClose={() => !useUi.getState().confirm && onClose()}>
      <h2 id="me-title" className="modal-title">
        {d.id ? (
          <>
            Edit macro <span className="dim">“{target.macro.name}”</span>
          </>
        ) : (
          'New macro'
        )}
      </h2>
      <HeadFields d={d} set={set} />
      <div className="segmented small me-views" role="tablist" aria-label="Macro view">
        {(Object.keys(VIEW_TEXT) as View[]).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} className={view === v ? 'seg active' : 'seg'} data-testid={`me-view-${v}`} onClick={() => setView(v)}>
            {VIEW_TEXT[v]}
          </button>
        ))}
      </div>
      <div className="me-body">
        {view === 'steps' && <MacroStepRows steps={d.steps} onChange={(steps) => set({ steps })} problemStep={result.ok ? null : result.step} />}
        {view === 'text' && (
          <MacroTextForm
            initial={textInitial}
            onApply={(m) => {
              setD((x) => ({ ...draftOf({ ...m, ...(x.id ? { id: x.id } : {}) }, x.profileId) }));
              setView('steps');
            }}
          />
        )}
        {view === 'dry' && <MacroDryRun result={result} />}
      </div>
      <div className="modal-footer">
        {problem ? (
          <span className="target-preview field-error me-problem" data-testid="me-error" role="alert" title={problem}>
            {problem}
          </span>
        ) : (
          <span className="target-preview" data-testid="me-summary">
            {d.steps.length} step{d.steps.length === 1 ? '' : 's'}
            {d.key ? ` · ${d.key}` : ''}
          </span>
        )}
        {d.id && (
          <button type="button" className="btn danger" data-testid="me-delete" onClick={() => void remove()}>
            Delete
          </button>
        )}
        <button type="button" className="btn" data-testid="me-cancel" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" data-testid="me-save" disabled={saving || problem !== null} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </Modal>
  );
}
