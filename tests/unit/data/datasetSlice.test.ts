// The dataset slice against a fake worker: loads report progress, a failed load or upload keeps the previous
// dataset and says so, and progress calls that arrive after a load settled do not bring the progress bar back.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DatasetInfo } from '../../../src/engine/api.ts';
import { createDatasetSlice, type DatasetSlice } from '../../../src/store/datasetSlice.ts';

type Progress = (loaded: number, total: number) => void;
const engine = {
  loadDataset: vi.fn<(id: string, url: string, p: Progress) => Promise<DatasetInfo>>(),
  loadUpload: vi.fn<(files: unknown[], options: unknown, p: Progress) => Promise<DatasetInfo>>(),
};
vi.mock('../../../src/store/engineClient.ts', () => ({ getEngine: () => engine, dataUrl: () => 'http://x/data/' }));

const MNIST: DatasetInfo = { id: 'mnist', name: 'MNIST', classes: [...'0123456789'], shape: [28, 28, 1], train: 60000, test: 10000 };

let store: StoreApi<DatasetSlice>;
beforeEach(() => {
  store = createStore<DatasetSlice>()(createDatasetSlice);
  engine.loadDataset.mockReset();
  engine.loadUpload.mockReset();
});

describe('dataset slice', () => {
  it('shows progress while a bundled dataset loads and ignores progress that arrives after it', async () => {
    let late: Progress = () => {};
    engine.loadDataset.mockImplementation(async (_id, _url, progress) => {
      progress(10, 100);
      expect(store.getState().datasetLoad).toMatchObject({ id: 'mnist', label: 'MNIST digits (28x28)', unit: 'bytes', loaded: 10, total: 100 });
      late = progress;
      return MNIST;
    });
    await store.getState().selectDataset('mnist');
    late(100, 100);
    expect(store.getState()).toMatchObject({ dataset: MNIST, datasetLoad: null, datasetError: null });
    await store.getState().selectDataset('mnist'); // already active: not fetched again
    expect(engine.loadDataset).toHaveBeenCalledTimes(1);
  });

  it('keeps the previous dataset when an upload fails, naming the file and what stays active', async () => {
    engine.loadDataset.mockResolvedValue(MNIST);
    await store.getState().selectDataset('mnist');
    engine.loadUpload.mockRejectedValue(new Error('pets.zip: cannot be read as a zip archive (invalid zip data); is it complete? Create the .zip again.'));
    await store.getState().uploadDataset([{ name: 'pets.zip', blob: new Blob(['x']) }], { height: 28, width: 28, channels: 1 });
    expect(store.getState().dataset).toBe(MNIST);
    expect(store.getState().datasetLoad).toBeNull();
    expect(store.getState().datasetError).toBe('Upload failed: pets.zip: cannot be read as a zip archive (invalid zip data); is it complete? Create the .zip again. MNIST is still the active dataset.');
    store.getState().dismissDatasetError();
    expect(store.getState().datasetError).toBeNull();
  });

  it('makes a good upload active, with image progress; refuses an empty pick without calling the worker', async () => {
    const info: DatasetInfo = { id: 'upload:zip:pets', name: 'pets', classes: ['cat', 'dog'], shape: [32, 32, 3], train: 8, test: 2 };
    engine.loadUpload.mockImplementation(async (_f, _o, progress) => {
      progress(3, 10);
      expect(store.getState().datasetLoad).toMatchObject({ id: 'upload', label: 'pets.zip', unit: 'images', loaded: 3, total: 10 });
      return info;
    });
    await store.getState().uploadDataset([{ name: 'pets.zip', blob: new Blob(['x']) }], { height: 32, width: 32, channels: 3 });
    expect(store.getState()).toMatchObject({ dataset: info, datasetLoad: null });
    await store.getState().uploadDataset([], { height: 32, width: 32, channels: 3 });
    expect(store.getState().datasetError).toMatch(/^No files were chosen/);
    expect(engine.loadUpload).toHaveBeenCalledTimes(1);
    expect(store.getState().dataset).toBe(info);
  });

  it('reports a failed bundled load and keeps nothing half-loaded', async () => {
    engine.loadDataset.mockRejectedValue(new Error('could not fetch http://x/data/manifest.json: HTTP 404; run `npm run data` to prepare the datasets.'));
    await store.getState().selectDataset('cifar10');
    expect(store.getState()).toMatchObject({ dataset: null, datasetLoad: null });
    expect(store.getState().datasetError).toBe('Could not load CIFAR-10 (32x32 RGB): could not fetch http://x/data/manifest.json: HTTP 404; run `npm run data` to prepare the datasets.');
  });
});
