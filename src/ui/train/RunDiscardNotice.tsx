// A notice at the bottom of the page when an edit (in any view) discards a trained run, with Undo to get it back. It
// takes no focus and blocks nothing, so typing goes on; it leaves once the run is current again or is dismissed. The
// Train view shows the same warning in its run panel instead.
import { useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import type { RunChange } from '../../store/runIdentity.ts';
import { staleRunText } from './runState.ts';
import './RunDiscardNotice.css';

export function RunDiscardNotice({ hidden = false }: { hidden?: boolean }) {
  const changes = useAppStore((s) => s.runChanges().join(','));
  const step = useAppStore((s) => s.session?.step ?? 0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  // A dismissal holds for this set of changes; once the run is current again, the next edit warns again.
  if (changes === '' && dismissed !== null) setDismissed(null);
  if (hidden || changes === '' || step === 0 || dismissed === changes) return null;
  const { text, undoable } = staleRunText(changes.split(',') as RunChange[], step);
  return (
    <div className="run-discard-notice" role="status" data-testid="run-discard-notice">
      <span>{text}</span>
      {undoable && (
        <button type="button" className="button" onClick={() => useAppStore.getState().keepTrainedRun()} data-testid="run-discard-undo">
          Undo
        </button>
      )}
      <button type="button" className="link-button" aria-label="Dismiss the warning about the discarded run" onClick={() => setDismissed(changes)}>
        ×
      </button>
    </div>
  );
}
