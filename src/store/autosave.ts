// When the workspace saves itself: a second after the network, the settings or the test results change, every few
// seconds while training runs (checkpoints are taken between steps, so training never waits), and whenever a run
// stops. Also routes engine faults (crashed worker, lost GPU) to the recovery that restores the last autosave.
import { setEngineFaultHandler } from './engineClient.ts';
import type { AppState } from './index.ts';
import { WorkspaceLocks } from './tabLock.ts';

export const AUTOSAVE_DEBOUNCE_MS = 1000;
export const AUTOSAVE_WHILE_TRAINING_MS = 5000;

interface StoreApi {
  getState(): AppState;
  setState(partial: Partial<AppState>): void;
  subscribe(listener: (state: AppState, prev: AppState) => void): () => void;
}

const copyId = () => `ws-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * This tab goes on with a copy of the open workspace (another tab has it open): a new id and name, saved at once,
 * and a notice that says so. The other tab's workspace and its autosave stay as they are.
 */
async function continueOnCopy(store: StoreApi, locks: WorkspaceLocks): Promise<void> {
  const name = store.getState().workspaceName;
  const id = copyId();
  await locks.acquire(id);
  store.setState({
    workspaceId: id,
    workspaceName: `${name} (copy)`,
    savedAt: null,
    workspaceNotice: `“${name}” is open in another tab, so this tab works on a copy, “${name} (copy)”: neither tab overwrites the other's autosave. Close the other tab to work on the original.`,
  });
  locks.releaseAllBut(id);
  await store.getState().saveWorkspaceNow();
}

/** Starts autosaving; returns a function that stops it. */
export function startAutosave(store: StoreApi, openedFromLink: boolean): () => void {
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;
  let ready = false;
  const locks = new WorkspaceLocks();
  // Only the tab that holds a workspace's lock autosaves it.
  const save = () => {
    if (locks.holds(store.getState().workspaceId)) void store.getState().saveWorkspaceNow();
  };

  setEngineFaultHandler((reason) => void store.getState().recoverEngine(reason));
  const unsubscribe = store.subscribe((state, prev) => {
    if (!ready) return;
    if (state.workspaceId !== prev.workspaceId) {
      const id = state.workspaceId;
      void locks.acquire(id).then((owned) => {
        if (store.getState().workspaceId !== id) return;
        if (owned) locks.releaseAllBut(id);
        else void continueOnCopy(store, locks);
      });
    }
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
  // The lock first: a tab that cannot have the last workspace (open in another tab) restores it, then copies it.
  const startId = store.getState().workspaceId;
  void locks
    .acquire(startId)
    .then(async (owned) => {
      await store.getState().resumeLastWorkspace(openedFromLink);
      const id = store.getState().workspaceId;
      if (id !== startId) owned = await locks.acquire(id); // a shared link opened a workspace of its own
      if (!owned) await continueOnCopy(store, locks);
      else locks.releaseAllBut(id);
    })
    .finally(() => {
      ready = true;
    });
  return () => {
    unsubscribe();
    if (debounce) clearTimeout(debounce);
    if (ticker) clearInterval(ticker);
  };
}
