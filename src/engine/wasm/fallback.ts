// The engine without a usable GPU: the wasm backend when its host is known and it starts, else the CPU reference.

import type { Backend, BackendOptions } from '../backend.ts';
import { createCpuBackend } from '../cpu/backend.ts';
import { WasmBackend } from './backend.ts';
import type { WasmHost } from './runtime.ts';

/** The wasm backend on `host` (threads: its default), or the CPU reference when there is no host or wasm fails. */
export async function createFallbackBackend(options: BackendOptions, host: WasmHost | null, threads?: number): Promise<Backend> {
  if (host) {
    try {
      return await WasmBackend.create(options, { host, ...(threads !== undefined && { threads }) });
    } catch (e) {
      console.warn(`wasm engine unavailable, using the CPU reference: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return createCpuBackend(options);
}

/** What the session says about an engine that is not WebGPU, with why WebGPU is not used. */
export function fallbackDescription(backend: Backend, whyNoGpu: string): string {
  if (backend instanceof WasmBackend) return `${backend.describe()} (${whyNoGpu})`;
  return `CPU reference (${whyNoGpu}; training is much slower)`;
}
