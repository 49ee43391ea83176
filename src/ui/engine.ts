// The engine worker, created once and shared; the UI calls it through comlink.
import { wrap, type Remote } from 'comlink';
import { useEffect, useState } from 'react';
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

function probe(): Promise<ProbeResult> {
  probeOnce ??= getEngine()
    .probe()
    .catch((e: unknown) => ({ webgpu: false, features: [], error: e instanceof Error ? e.message : String(e) }));
  return probeOnce;
}

/** The WebGPU probe result, or null while the worker is still answering. */
export function useEngineProbe(): ProbeResult | null {
  const [result, setResult] = useState<ProbeResult | null>(null);
  useEffect(() => {
    let live = true;
    void probe().then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, []);
  return result;
}
