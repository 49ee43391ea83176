// The workspace menu in the header: the open workspace's name (editable) and when it was saved, and the list of
// kept workspaces to open, rename or delete.
import { useEffect, useState } from 'react';
import { DEFAULT_PRESET_ID, PRESETS, presetSpec, type NetworkSpec } from '../../model/index.ts';
import { useAppStore } from '../../store/index.ts';
import { usePopover } from '../components/usePopover.ts';
import './workspace.css';

const time = (t: number) => new Date(t).toLocaleTimeString('en-GB');
const when = (t: number) => new Date(t).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });

/** What a new workspace can start with: a preset (the default first), no layers at all, or the open network. */
const STARTS: { value: string; label: string }[] = [
  ...[...PRESETS].sort((a, b) => Number(b.id === DEFAULT_PRESET_ID) - Number(a.id === DEFAULT_PRESET_ID)).map((p) => ({
    value: `preset:${p.id}`,
    label: `${p.spec.name ?? p.id}${p.id === DEFAULT_PRESET_ID ? ' (default)' : ''}`,
  })),
  { value: 'empty', label: 'Empty network (input only)' },
  { value: 'copy', label: 'A copy of this network' },
];

/** The network a new workspace starts with. */
function startSpec(choice: string, current: NetworkSpec): NetworkSpec {
  if (choice.startsWith('preset:')) return presetSpec(choice.slice('preset:'.length));
  if (choice === 'empty') return { name: 'Empty network', input: { ...current.input }, layers: [] };
  return current;
}

export function WorkspaceMenu() {
  const name = useAppStore((s) => s.workspaceName);
  const id = useAppStore((s) => s.workspaceId);
  const savedAt = useAppStore((s) => s.savedAt);
  const workspaces = useAppStore((s) => s.workspaces);
  const { renameWorkspace, newWorkspace, openWorkspace, deleteWorkspace, refreshWorkspaces, saveWorkspaceNow } = useAppStore.getState();
  const { open, setOpen, triggerProps, panelProps } = usePopover();
  const [draft, setDraft] = useState(name);
  const [start, setStart] = useState(STARTS[0]!.value);
  useEffect(() => setDraft(name), [name]);
  useEffect(() => {
    if (open) void refreshWorkspaces();
  }, [open, refreshWorkspaces]);

  return (
    <div className="workspace-menu">
      <button className="button" {...triggerProps} title={`Workspace: ${name}`} data-testid="workspace-button">
        {name}
      </button>
      <span className="workspace-saved" data-testid="workspace-saved" aria-live="polite">
        {savedAt ? `saved ${time(savedAt)}` : 'not saved yet'}
      </span>
      {open && (
        <div className="workspace-panel" {...panelProps} role="group" aria-label="Workspaces" data-testid="workspace-panel">
          <form
            className="workspace-rename"
            onSubmit={(e) => {
              e.preventDefault();
              void renameWorkspace(id, draft);
            }}
          >
            <label>
              <span>Workspace name</span>
              <input value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="workspace-name" />
            </label>
            <button className="button" type="submit">
              Rename
            </button>
            <button className="button" type="button" onClick={() => void saveWorkspaceNow()}>
              Save now
            </button>
          </form>
          <div className="workspace-new">
            <label>
              <span>New workspace starts with</span>
              <select value={start} onChange={(e) => setStart(e.target.value)} data-testid="workspace-new-start">
                {STARTS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <button className="button" onClick={() => void newWorkspace(undefined, startSpec(start, useAppStore.getState().spec))} data-testid="workspace-new">
              New workspace
            </button>
          </div>
          <ul className="workspace-list" aria-label="Saved workspaces" data-testid="workspace-list">
            {workspaces.map((w) => (
              <li key={w.id} className={w.id === id ? 'current' : ''}>
                <span className="workspace-title">{w.name}</span>
                <span className="workspace-detail">
                  {when(w.savedAt)}
                  {w.step > 0 ? ` · step ${w.step.toLocaleString('en-US')}` : ''}
                </span>
                {w.id === id ? (
                  <span className="workspace-detail">open</span>
                ) : (
                  <>
                    <button className="button" onClick={() => void openWorkspace(w.id).then(() => setOpen(false))} aria-label={`Open workspace ${w.name}`}>
                      Open
                    </button>
                    <button className="button" onClick={() => void deleteWorkspace(w.id)} aria-label={`Delete workspace ${w.name}`}>
                      Delete
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** What happened to the workspace (restored, recovered, a failed save), until dismissed. */
export function WorkspaceNotice() {
  const notice = useAppStore((s) => s.workspaceNotice);
  const dismiss = useAppStore((s) => s.dismissWorkspaceNotice);
  if (!notice) return null;
  return (
    <div className="workspace-notice" role="status" data-testid="workspace-notice">
      <span>{notice}</span>
      <button className="button" onClick={dismiss} aria-label="Dismiss workspace message">
        Dismiss
      </button>
    </div>
  );
}
