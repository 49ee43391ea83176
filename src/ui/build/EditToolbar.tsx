// Undo and redo (buttons and Ctrl/Cmd+Z, Ctrl+Shift+Z, Ctrl+Y), naming the edit each would revert or repeat, and a
// live region announcing the last change.
import { useEffect } from 'react';
import { redoLabel, undoLabel } from '../../model/history.ts';
import { useAppStore } from '../../store/index.ts';
import { Icon } from './Icon.tsx';

/** Text fields keep their own undo; the shortcuts act on the network everywhere else. */
function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button'].includes((el as HTMLInputElement).type);
}

export function useUndoShortcuts(): void {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextField(e.target)) return;
      const key = e.key.toLowerCase();
      const { undo, redo } = useAppStore.getState();
      if (key === 'z' && !e.shiftKey) undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') redo();
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function EditToolbar() {
  const history = useAppStore((s) => s.editHistory);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  useUndoShortcuts();
  const u = undoLabel(history);
  const r = redoLabel(history);
  return (
    <div className="edit-toolbar" role="toolbar" aria-label="Edit history">
      <button type="button" className="button" onClick={undo} disabled={!u} aria-label={u ? `Undo ${u}` : 'Undo (nothing to undo)'} title={u ? `Undo ${u} (Ctrl+Z)` : 'Nothing to undo'} data-testid="undo">
        <Icon name="undo" /> Undo
      </button>
      <button type="button" className="button" onClick={redo} disabled={!r} aria-label={r ? `Redo ${r}` : 'Redo (nothing to redo)'} title={r ? `Redo ${r} (Ctrl+Shift+Z)` : 'Nothing to redo'} data-testid="redo">
        <Icon name="redo" /> Redo
      </button>
      <span className="last-edit" role="status" aria-live="polite" data-testid="last-edit">
        {u ? `Last edit: ${u}` : ''}
      </span>
    </div>
  );
}
