// The app store: typed slices combined into one zustand store, plus URL-hash synchronisation.
import { create } from 'zustand';
import { encodeSpecToken } from '../model/index.ts';
import { createDatasetSlice, type DatasetSlice } from './datasetSlice.ts';
import { createTrainSlice, type TrainSlice } from './trainSlice.ts';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspaceSlice.ts';
import { createNetworkSlice, hashFor, selectAnalysis, type NetworkSlice } from './networkSlice.ts';
import { openSharedHash, shareableDataset, trainHashSuffix } from './trainLink.ts';
import { BUNDLED_DATASETS } from './datasetSlice.ts';

export type AppState = NetworkSlice & DatasetSlice & TrainSlice & WorkspaceSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createNetworkSlice(...(a as Parameters<typeof createNetworkSlice>)),
  ...createDatasetSlice(...(a as Parameters<typeof createDatasetSlice>)),
  ...createTrainSlice(...a),
  ...createWorkspaceSlice()(...a),
}));

export { selectAnalysis };

/** The analysis of the current spec (derived, never stored). */
export function useAnalysis() {
  return useAppStore(selectAnalysis);
}

let syncing = false;

/** Writes the spec's token to the hash whenever the spec changes, and opens links pasted into the address bar. */
export function startHashSync(): void {
  if (syncing) return;
  syncing = true;
  useAppStore.subscribe((state, prev) => {
    if (state.spec === prev.spec && state.trainSettings === prev.trainSettings && state.dataset === prev.dataset) return;
    const hash = hashFor(encodeSpecToken(state.spec)) + trainHashSuffix({ settings: state.trainSettings, dataset: shareableDataset(state.dataset?.id, BUNDLED_DATASETS) });
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  });
  window.addEventListener('hashchange', () => {
    useAppStore.getState().openHash(location.hash);
    openSharedHash(useAppStore.getState(), location.hash);
  });
  openSharedHash(useAppStore.getState(), location.hash);
}
