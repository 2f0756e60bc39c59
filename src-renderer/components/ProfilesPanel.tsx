/**
 * Saved profiles: open (button or double click), edit (the profile editor), duplicate, delete; save the
 * active tab as a profile; import and export profiles files (JSON) through the bridge. Built-in profiles
 * (the demo modem) can be opened and duplicated but not edited or deleted: their Edit makes a copy and
 * edits that.
 */
import { useState } from 'react';
import { resolveProfileTarget, type Profile } from '../../src-shared/ipc/profile.js';
import { formatTarget } from '../../src-shared/session/target.js';
import { deleteProfile, duplicateProfile, exportProfiles, importProfiles, saveTabAsProfile } from '../store/actions/profiles.js';
import { openProfile } from '../store/actions/sessions.js';
import { useProfiles } from '../store/profiles.js';
import { useSessions } from '../store/sessions.js';
import { JsonFileButtons } from './JsonFileButtons.js';
import { ProfileEditor } from './ProfileEditor.js';

function describe(p: Profile): string {
  const t = p.target;
  if (t.kind === 'cisco-line') return `${t.host} line ${t.line} · ${formatTarget(resolveProfileTarget(t))}`;
  return formatTarget(t);
}

/** A built-in profile's Edit: a new profile like it (no id: saving creates it; Cancel leaves nothing). */
function copyToEdit(p: Profile): Profile {
  const { id: _id, builtIn: _builtIn, ...rest } = p;
  return { ...rest, name: `${p.name} (copy)` };
}

function ProfileItem({ p, onEdit }: { p: Profile; onEdit: (p: Profile) => void }) {
  const [confirm, setConfirm] = useState(false);
  return (
    <li
      className="list-item profile-item"
      data-testid="profile-item"
      data-profile-id={p.id ?? ''}
      data-profile-name={p.name}
      onDoubleClick={() => void openProfile(p)}
      title="Double click to open"
    >
      <div className="list-main">
        <span className="list-name">
          {p.name}
          {p.builtIn && <span className="badge">built-in</span>}
        </span>
        <span className="list-sub mono" title={describe(p)}>
          {describe(p)}
        </span>
      </div>
      <div className="list-actions">
        <button type="button" className="btn small primary" data-testid="profile-connect" onClick={() => void openProfile(p)}>
          Open
        </button>
        {p.builtIn ? (
          <button type="button" className="btn small" data-testid="profile-edit-copy" title="Built in, so read-only: edit a copy of it (saved as a new profile)" onClick={() => onEdit(copyToEdit(p))}>
            Edit copy
          </button>
        ) : (
          <button type="button" className="btn small" data-testid="profile-edit" title="Edit this profile" disabled={!p.id} onClick={() => onEdit(p)}>
            Edit
          </button>
        )}
        <button type="button" className="btn small" data-testid="profile-duplicate" title="Duplicate" disabled={!p.id} onClick={() => p.id && void duplicateProfile(p.id)}>
          Dup
        </button>
        {!p.builtIn &&
          (confirm ? (
            <button type="button" className="btn small danger" data-testid="profile-delete-confirm" onClick={() => p.id && void deleteProfile(p.id)} onBlur={() => setConfirm(false)}>
              Delete?
            </button>
          ) : (
            <button type="button" className="btn small" data-testid="profile-delete" title="Delete" onClick={() => setConfirm(true)}>
              Del
            </button>
          ))}
      </div>
    </li>
  );
}

export function ProfilesPanel() {
  const profiles = useProfiles((s) => s.profiles);
  const loaded = useProfiles((s) => s.loaded);
  const activeTabId = useSessions((s) => s.activeTabId);
  const activeName = useSessions((s) => s.views.find((v) => v.tabId === s.activeTabId)?.name ?? '');
  const [name, setName] = useState('');
  const [editing, setEditing] = useState<Profile | null>(null);

  return (
    <div className="panel profiles-panel">
      <section className="section">
        <h3 className="section-title">Profiles</h3>
        {loaded && profiles.length === 0 && <p className="hint">No saved profiles yet. Save the active tab below, or import a file.</p>}
        <ul className="list" data-testid="profile-list">
          {profiles.map((p) => (
            <ProfileItem key={p.id ?? p.name} p={p} onEdit={setEditing} />
          ))}
        </ul>
      </section>
      <section className="section">
        <h3 className="section-title">Save active tab</h3>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (activeTabId && (name.trim() || activeName)) void saveTabAsProfile(activeTabId, name.trim() || activeName).then(() => setName(''));
          }}
        >
          <input className="input" data-testid="profile-save-name" placeholder={activeName || 'profile name'} disabled={!activeTabId} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn" data-testid="profile-save" disabled={!activeTabId}>
            Save
          </button>
        </form>
      </section>
      <section className="section">
        <h3 className="section-title">Files</h3>
        <div className="btn-row">
          <JsonFileButtons testId="profiles" exportLabel="Export all" exportDisabled={profiles.length === 0} onImport={importProfiles} onExport={() => exportProfiles()} />
        </div>
      </section>
      {editing && <ProfileEditor key={editing.id ?? 'new'} profile={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
