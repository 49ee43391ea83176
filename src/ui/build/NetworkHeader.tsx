// The network's name and description above the stack, editable in place (undoable, like every edit): the name is
// what the Train heading, the share link and exported file names use.
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useAnalysis, useAppStore } from '../../store/index.ts';

export function NetworkHeader() {
  const analysis = useAnalysis();
  const spec = useAppStore((s) => s.spec);
  const setNetworkInfo = useAppStore((s) => s.setNetworkInfo);
  const [draft, setDraft] = useState<{ name: string; description: string } | null>(null);

  function save(e: FormEvent) {
    e.preventDefault();
    if (draft) setNetworkInfo(draft.name, draft.description);
    setDraft(null);
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      setDraft(null);
    }
  }

  if (draft) {
    return (
      <form className="network-info-form" onSubmit={save} onKeyDown={onKeyDown} aria-label="Network name and description" data-testid="network-info-form">
        <label className="field-row">
          <span>Name</span>
          <input type="text" value={draft.name} placeholder="Untitled network" autoFocus maxLength={120} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="network-name-input" />
        </label>
        <label className="field-row">
          <span>Description</span>
          <textarea rows={2} value={draft.description} placeholder="What it is for (optional)" maxLength={1000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} data-testid="network-description-input" />
        </label>
        <div className="network-info-actions">
          <button type="submit" className="button small">
            Save
          </button>
          <button type="button" className="button small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }
  return (
    <>
      <div className="network-title">
        <h2 data-testid="network-name">{analysis.name}</h2>
        <button
          type="button"
          className="button small"
          onClick={() => setDraft({ name: spec.name ?? '', description: spec.description ?? '' })}
          aria-label="Rename the network or edit its description"
          title="Rename the network or edit its description"
          data-testid="edit-network-info"
        >
          Rename…
        </button>
      </div>
      {spec.description && <p className="description" data-testid="network-description">{spec.description}</p>}
    </>
  );
}
