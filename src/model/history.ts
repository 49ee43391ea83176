// Undo/redo as data: a stack of earlier snapshots and one of undone ones, each with the label of the edit that
// separates it from its neighbour ("Undo delete layer 3"). Consecutive edits with the same merge key (typing
// "32" into one field) collapse into one step.

export interface HistoryEntry<T> {
  snapshot: T;
  /** The edit between this snapshot and the next state, e.g. "set stride of layer 1". */
  label: string;
}

export interface History<T> {
  past: HistoryEntry<T>[];
  future: HistoryEntry<T>[];
  /** Merge key of the last recorded edit; cleared by undo and redo so that an edit after them starts a new step. */
  lastKey: string | null;
}

/** The most undo steps kept; older ones are dropped. */
export const HISTORY_LIMIT = 200;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null };
}

/** Records that `current` is being replaced by an edit called `label`; clears the redo stack. */
export function record<T>(h: History<T>, current: T, label: string, mergeKey: string | null = null): History<T> {
  if (mergeKey !== null && h.lastKey === mergeKey && h.past.length > 0 && h.future.length === 0) {
    const past = [...h.past];
    past[past.length - 1] = { ...past[past.length - 1]!, label };
    return { past, future: [], lastKey: mergeKey };
  }
  const past = [...h.past, { snapshot: current, label }];
  return { past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past, future: [], lastKey: mergeKey };
}

/** The state to go back to and the new history, or null when there is nothing to undo. */
export function undo<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  const last = h.past[h.past.length - 1];
  if (!last) return null;
  return {
    state: last.snapshot,
    history: { past: h.past.slice(0, -1), future: [...h.future, { snapshot: current, label: last.label }], lastKey: null },
  };
}

export function redo<T>(h: History<T>, current: T): { state: T; history: History<T> } | null {
  const next = h.future[h.future.length - 1];
  if (!next) return null;
  return {
    state: next.snapshot,
    history: { past: [...h.past, { snapshot: current, label: next.label }], future: h.future.slice(0, -1), lastKey: null },
  };
}

/** Label of the edit undo would revert, or null. */
export function undoLabel<T>(h: History<T>): string | null {
  return h.past[h.past.length - 1]?.label ?? null;
}

export function redoLabel<T>(h: History<T>): string | null {
  return h.future[h.future.length - 1]?.label ?? null;
}
