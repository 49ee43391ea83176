// The engine worker, created once and shared; the store and the UI call it through comlink.
import { wrap, type Remote } from 'comlink';
import type { EngineApi, ProbeResult } from '../engine/api.ts';

let engine: Remote<EngineApi> | null = null;

export function getEngine(): Remote<EngineApi> {
  if (!engine) {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'convlab-engine' });
    engine = wrap<EngineApi>(worker);
  }
  return engine;
}

let probeOnce: Promise<ProbeResult> | null = null;

/** The worker's WebGPU probe, asked once. */
export function probeEngine(): Promise<ProbeResult> {
  probeOnce ??= getEngine()
    .probe()
    .catch((e: unknown) => ({ webgpu: false, features: [], error: e instanceof Error ? e.message : String(e) }));
  return probeOnce;
}

/** Where the prepared datasets are served (the dev and preview servers serve data/ at /data/). */
export function dataUrl(): string {
  return new URL('data/', document.baseURI).href;
}
