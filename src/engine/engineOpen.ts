// How a session opens the engine its settings ask for (WebGPU, wasm, the CPU reference, or `auto`: enginePick.ts's
// rule) on the GPU device it already holds, and says why that engine runs, for the Train view. Runs in the worker
// and in Node; the caller supplies the device, the wasm host and where `auto`'s choices are remembered.

import type { Backend, BackendOptions } from './backend.ts';
import { createCpuBackend } from './cpu/backend.ts';
import { pickFastest, pickKey, pickReason, type ChoiceStore, type EngineChoice, type Opened, type PickRecord } from './enginePick.ts';
import { GpuBackend } from './gpu/backend.ts';
import { defaultThreads, WasmBackend } from './wasm/backend.ts';
import type { WasmHost } from './wasm/runtime.ts';

/** The GPU as the session sees it: its device and adapter, or why there is none. */
export type GpuAccess = { device: GPUDevice; adapter: string; software: boolean } | { device: null; why: string };

export interface EngineRequest {
  engine: EngineChoice;
  /** Threads of the wasm engine (undefined: the host's default). */
  threads?: number;
}

export interface OpenedEngine {
  backend: Backend;
  /** Why this engine runs, e.g. "auto: 3.1x faster than the software WebGPU adapter here". */
  reason: string;
}

/** A remembered-choice store that lives as long as the session (Node tests; the worker gives IndexedDB instead). */
export function memoryChoiceStore(): ChoiceStore {
  const map = new Map<string, PickRecord>();
  return { get: async (key) => map.get(key), set: async (key, value) => void map.set(key, value) };
}

export interface EngineEnv {
  gpu: GpuAccess;
  wasmHost: WasmHost | null;
  store: ChoiceStore;
  /** Told when `auto` times the engines (a build then takes a few seconds longer, once per network and device). */
  onTiming?: (detail: string) => void;
}

async function openWasm(options: BackendOptions, request: EngineRequest, host: WasmHost | null): Promise<Backend> {
  if (!host) throw new Error('this platform gives the wasm engine no host');
  return WasmBackend.create(options, { host, ...(request.threads !== undefined && { threads: request.threads }) });
}

/** The wasm engine, or the CPU reference when it cannot start (with why, after `reason`). */
async function wasmOrCpu(options: BackendOptions, request: EngineRequest, host: WasmHost | null, reason: string): Promise<OpenedEngine> {
  try {
    return { backend: await openWasm(options, request, host), reason };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { backend: await createCpuBackend(options), reason: `${reason}; WASM could not start (${why}), so the CPU reference trains, much slower` };
  }
}

function gpuOpened(device: GPUDevice, options: BackendOptions): () => Promise<Opened> {
  return async () => {
    const backend = await GpuBackend.create(device, options);
    return { backend, close: () => backend.destroy() };
  };
}

/** Opens the engine `request` asks for; an engine that cannot run here gives way to the next best, and the reason says so. */
export async function openEngine(options: BackendOptions, request: EngineRequest, env: EngineEnv): Promise<OpenedEngine> {
  const { gpu, wasmHost } = env;
  switch (request.engine) {
    case 'cpu':
      return { backend: await createCpuBackend(options), reason: 'chosen in the settings; training is much slower than on the other engines' };
    case 'wasm':
      return wasmOrCpu(options, request, wasmHost, 'chosen in the settings');
    case 'webgpu':
      if (gpu.device) return { backend: await GpuBackend.create(gpu.device, options), reason: 'chosen in the settings' };
      return wasmOrCpu(options, request, wasmHost, `WebGPU was chosen, but ${gpu.why}`);
    case 'auto':
      return openAuto(options, request, env);
    default:
      return request.engine satisfies never;
  }
}

async function openAuto(options: BackendOptions, request: EngineRequest, env: EngineEnv): Promise<OpenedEngine> {
  const { gpu, wasmHost, store } = env;
  if (!gpu.device) return wasmOrCpu(options, request, wasmHost, `auto: ${gpu.why}`);
  if (!gpu.software) return { backend: await GpuBackend.create(gpu.device, options), reason: 'auto: a hardware WebGPU adapter' };
  if (!wasmHost) return { backend: await GpuBackend.create(gpu.device, options), reason: 'auto: a software WebGPU adapter, and no WASM engine on this platform' };
  const threads = request.threads ?? defaultThreads(wasmHost);
  const key = pickKey(options.plan, options.batchSize, `${gpu.adapter}|wasm ${wasmHost.sharedMemory ? threads : 1} threads`);
  const because = (r: PickRecord) => `auto: ${pickReason(r)}`;
  const known = await store.get(key);
  if (known?.engine === 'webgpu') return { backend: await GpuBackend.create(gpu.device, options), reason: because(known) };
  if (known?.engine === 'wasm') return wasmOrCpu(options, request, wasmHost, because(known));
  // Timed once per network shape and device: the faster is kept, the other closed, the winner's weights reset.
  env.onTiming?.('timing one training step on WASM and on the software WebGPU adapter');
  const picked = await pickFastest(options.plan, [
    {
      name: 'wasm',
      create: async () => {
        const backend = await openWasm(options, request, wasmHost);
        return { backend, close: () => backend.destroy() };
      },
    },
    { name: 'webgpu', create: gpuOpened(gpu.device, options) },
  ]);
  await store.set(key, picked.record);
  await picked.opened.backend.writeParams(options.initial);
  return { backend: picked.opened.backend, reason: because(picked.record) };
}

