// When the workspace saves itself: a second after the network, the settings or the test results change, every few
// seconds while training runs (checkpoints are taken between steps, so training never waits), and whenever a run
// stops. Also routes engine faults (crashed worker, lost GPU) to the recovery that restores the last autosave.
import { setEngineFaultHandler } from './engineClient.ts';
import type { AppState } from './index.ts';

export const AUTOSAVE_DEBOUNCE_MS = 1000;
export const AUTOSAVE_WHILE_TRAINING_MS = 5000;

interface StoreApi {
  getState(): AppState;
  subscribe(listener: (state: AppState, prev: AppState) => void): () => void;
}

/** Starts autosaving; returns a function that stops it. */
export function startAutosave(store: StoreApi, openedFromLink: boolean): () => void {
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;
  let ready = false;
  const save = () => void store.getState().saveWorkspaceNow();

  setEngineFaultHandler((reason) => void store.getState().recoverEngine(reason));
  const unsubscribe = store.subscribe((state, prev) => {
    if (!ready) return;
    // A new test evaluation is saved too, so the confusion matrix and the mistakes come back after a reload.
    const changed = state.spec !== prev.spec || state.trainSettings !== prev.trainSettings || state.workspaceName !== prev.workspaceName || state.testResult !== prev.testResult;
    if (changed) {
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(save, AUTOSAVE_DEBOUNCE_MS);
    }
    if (state.trainStatus === 'running' && !ticker) ticker = setInterval(save, AUTOSAVE_WHILE_TRAINING_MS);
    if (state.trainStatus !== 'running' && ticker) {
      clearInterval(ticker);
      ticker = null;
    }
    if (prev.trainStatus === 'running' && state.trainStatus !== 'running') save();
  });
  // Changes made while the last workspace is being reopened are the restore itself, not edits to save.
  void store
    .getState()
    .resumeLastWorkspace(openedFromLink)
    .finally(() => {
      ready = true;
    });
  return () => {
    unsubscribe();
    if (debounce) clearTimeout(debounce);
    if (ticker) clearInterval(ticker);
  };
}
