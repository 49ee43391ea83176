// The dataset the engine worker holds: which one, its description, load progress, and why a load failed. A failed
// load (bundled or uploaded) leaves the previous dataset active.
import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import type { DatasetInfo, UploadOptions, UploadSource } from '../engine/api.ts';
import { dataUrl, getEngine } from './engineClient.ts';

export interface DatasetLoad {
  /** The bundled dataset's id, or 'upload'. */
  id: string;
  /** What is loading, for the progress label ("MNIST digits (28x28)", "pets.zip"). */
  label?: string;
  /** Bytes fetched for bundled datasets, images decoded for image-folder uploads. */
  unit?: 'bytes' | 'images';
  loaded: number;
  total: number;
}

/** What the upload form holds (kept here so that switching views loses no picked files or options). */
export interface UploadDraft {
  files: UploadSource[];
  height: number;
  width: number;
  channels: 1 | 3;
  testFraction: number;
  /** IDX orientation: undefined transposes files named like EMNIST's. */
  transposeIdx?: boolean;
}

export interface DatasetSlice {
  dataset: DatasetInfo | null;
  datasetLoad: DatasetLoad | null;
  datasetError: string | null;
  /** Fetches a bundled dataset into the worker (mnist, fashion-mnist, cifar10) with progress. */
  selectDataset(id: string): Promise<void>;
  /** Parses the user's files in the worker (IDX, CIFAR-10 binary, an ImageFolder .zip or folder) and makes them active. */
  uploadDataset(files: UploadSource[], options: UploadOptions): Promise<void>;
  dismissDatasetError(): void;
  /** The fields the user changed in the upload form; the rest default from the network input. */
  uploadDraft: Partial<UploadDraft>;
  setUploadDraft(patch: Partial<UploadDraft>): void;
}

export const BUNDLED_DATASETS = [
  { id: 'mnist', label: 'MNIST digits (28x28)' },
  { id: 'fashion-mnist', label: 'Fashion-MNIST (28x28)' },
  { id: 'cifar10', label: 'CIFAR-10 (32x32 RGB)' },
] as const;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A progress callback for the worker that goes quiet once the load has settled: comlink delivers the callback on
 * its own message port, so its last calls can arrive after the result and would otherwise show a load that ended.
 */
function progressReporter(report: (loaded: number, total: number) => void) {
  let open = true;
  return { callback: proxy((loaded: number, total: number) => open && report(loaded, total)), close: () => (open = false) };
}

export const createDatasetSlice: StateCreator<DatasetSlice, [], [], DatasetSlice> = (set, get) => {
  /** What stays active after a failure, for the error message. */
  const kept = () => {
    const d = get().dataset;
    return d ? ` ${d.name} is still the active dataset.` : '';
  };
  return {
    dataset: null,
    datasetLoad: null,
    datasetError: null,
    async selectDataset(id) {
      if (get().datasetLoad || get().dataset?.id === id) return;
      const label = BUNDLED_DATASETS.find((d) => d.id === id)?.label ?? id;
      set({ datasetLoad: { id, label, unit: 'bytes', loaded: 0, total: 0 }, datasetError: null });
      const progress = progressReporter((loaded, total) => set({ datasetLoad: { id, label, unit: 'bytes', loaded, total } }));
      try {
        const info = await getEngine().loadDataset(id, dataUrl(), progress.callback);
        progress.close();
        set({ dataset: info, datasetLoad: null });
      } catch (e) {
        progress.close();
        set({ datasetLoad: null, datasetError: `Could not load ${label}: ${message(e)}${kept()}` });
      }
    },
    async uploadDataset(files, options) {
      if (get().datasetLoad) return;
      if (files.length === 0) {
        set({ datasetError: 'No files were chosen; pick IDX files, CIFAR-10 batches, a .zip, or a folder with one subfolder per class.' });
        return;
      }
      const label = files.length === 1 ? files[0]!.name : `${files.length} files`;
      set({ datasetLoad: { id: 'upload', label, unit: 'images', loaded: 0, total: 0 }, datasetError: null });
      const progress = progressReporter((loaded, total) => set({ datasetLoad: { id: 'upload', label, unit: 'images', loaded, total } }));
      try {
        const info = await getEngine().loadUpload(files, options, progress.callback);
        progress.close();
        set({ dataset: info, datasetLoad: null });
      } catch (e) {
        progress.close();
        set({ datasetLoad: null, datasetError: `Upload failed: ${message(e)}${kept()}` });
      }
    },
    dismissDatasetError: () => set({ datasetError: null }),
    uploadDraft: {},
    setUploadDraft: (patch) => set({ uploadDraft: { ...get().uploadDraft, ...patch } }),
  };
};
