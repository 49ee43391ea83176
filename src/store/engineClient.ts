// The engine worker, created once and shared; the store and the UI call it through comlink.
// A crashed worker or a lost GPU device is reported to the fault handler (the workspace slice), which restarts the
// engine with restartEngine() and restores the last autosave.
import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi, ProbeResult } from '../engine/api.ts';

let worker: Worker | null = null;
let engine: Remote<EngineApi> | null = null;
let onFault: (message: string) => void = () => {};

/** Who is told when the engine stops working: `message` says what happened, in words for the user. */
export function setEngineFaultHandler(handler: (message: string) => void): void {
  onFault = handler;
}

export function getEngine(): Remote<EngineApi> {
  if (!engine) {
    const w = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'convlab-engine' });
    worker = w;
    w.addEventListener('error', (e) => {
      if (worker === w) onFault(`The engine worker crashed${e.message ? ` (${e.message})` : ''}.`);
    });
    const remote = wrap<EngineApi>(w);
    engine = remote;
    void remote.onDeviceLost(proxy((message: string) => {
      if (worker === w) onFault(`The engine lost its GPU: ${message}.`);
    }));
  }
  return engine;
}

/** Ends the current worker (calls in flight never answer) so the next getEngine() starts a fresh one. */
export function restartEngine(): void {
  const w = worker;
  worker = null;
  engine = null;
  probeOnce = null;
  w?.terminate();
}

let probeOnce: Promise<ProbeResult> | null = null;

/** The worker's WebGPU probe, asked once. */
export function probeEngine(): Promise<ProbeResult> {
  probeOnce ??= getEngine()
    .probe()
    .catch((e: unknown) => ({ webgpu: false, features: [], error: e instanceof Error ? e.message : String(e) }));
  return probeOnce;
}

/**
 * Where the prepared datasets are served: the build's CONVLAB_DATA_URL, else data/ beside the page (a built site
 * carries them in dist/data/; the dev and preview servers serve data/ there too).
 */
export function dataUrl(): string {
  const configured = (import.meta.env.CONVLAB_DATA_URL as string | undefined) ?? '';
  return new URL(configured ? (configured.endsWith('/') ? configured : `${configured}/`) : 'data/', document.baseURI).href;
}
