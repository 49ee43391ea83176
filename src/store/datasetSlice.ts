// The dataset the engine worker holds: which one, its description, load progress, and why a load failed. A failed
// load leaves the previous dataset active.
import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import type { DatasetInfo } from '../engine/api.ts';
import { dataUrl, getEngine } from './engineClient.ts';

export interface DatasetLoad {
  id: string;
  loaded: number;
  total: number;
}

export interface DatasetSlice {
  dataset: DatasetInfo | null;
  datasetLoad: DatasetLoad | null;
  datasetError: string | null;
  /** Fetches a bundled dataset into the worker (mnist, fashion-mnist, cifar10) with progress. */
  selectDataset(id: string): Promise<void>;
}

export const BUNDLED_DATASETS = [
  { id: 'mnist', label: 'MNIST digits (28x28)' },
  { id: 'fashion-mnist', label: 'Fashion-MNIST (28x28)' },
  { id: 'cifar10', label: 'CIFAR-10 (32x32 RGB)' },
] as const;

export const createDatasetSlice: StateCreator<DatasetSlice, [], [], DatasetSlice> = (set, get) => ({
  dataset: null,
  datasetLoad: null,
  datasetError: null,
  async selectDataset(id) {
    if (get().datasetLoad) return;
    set({ datasetLoad: { id, loaded: 0, total: 0 }, datasetError: null });
    try {
      const info = await getEngine().loadDataset(
        id,
        dataUrl(),
        proxy((loaded: number, total: number) => set({ datasetLoad: { id, loaded, total } })),
      );
      set({ dataset: info, datasetLoad: null });
    } catch (e) {
      set({ datasetLoad: null, datasetError: `Could not load ${id}: ${e instanceof Error ? e.message : String(e)}` });
    }
  },
});
