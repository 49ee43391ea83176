// The engine worker: owns the WebGPU device off the main thread; the UI talks to it through comlink.
import { expose, transfer } from 'comlink';
import type { EngineApi, LayerTensors } from '../engine/api.ts';
import { probeWebGPU } from '../engine/device.ts';
import { idbChoiceStore } from '../engine/idbChoiceStore.ts';
import { EngineSession } from '../engine/session.ts';
import { webWasmHost } from '../engine/wasm/webHost.ts';

const session = new EngineSession();

/**
 * Layer tensors handed to the page by transfer, not structured clone: the Inside view refreshes every parameter and
 * gradient while training runs, and each of these arrays is a fresh copy (session.tensorsOf slices them) that the
 * worker no longer needs.
 */
function transferred<T extends LayerTensors | LayerTensors[]>(value: T): T {
  const buffers = new Set<ArrayBuffer>();
  for (const layer of Array.isArray(value) ? value : [value]) {
    for (const t of layer.tensors) {
      for (const a of [t.values, t.grads]) if (a && a.buffer instanceof ArrayBuffer && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
    }
  }
  return transfer(value, [...buffers]);
}
// The wasm engine (threaded where the page is cross-origin isolated) trains without a GPU, when chosen, or when `auto`
// finds it faster than a software adapter; auto's choices are remembered in IndexedDB.
session.wasmHost = webWasmHost();
session.choiceStore = idbChoiceStore();

const api: EngineApi = {
  probe: () => probeWebGPU(),
  loadDataset: (id, dataUrl, onProgress) => session.loadDataset(id, dataUrl, onProgress),
  // Progress goes back through a comlink proxy; its answers are not awaited (the build never waits for the page).
  build: (spec, settings, onProgress) => session.build(spec, settings, undefined, onProgress && ((p) => void onProgress(p))),
  setEngine: (engine, threads, onProgress) => session.setEngine(engine, threads, onProgress && ((p) => void onProgress(p))),
  train: (onProgress) => session.train(onProgress),
  pause: () => session.pause(),
  step: (onProgress) => session.step(onProgress),
  reset: () => session.reset(),
  images: (split, indices) => Promise.resolve(session.images(split, indices)),
  labels: (split) => Promise.resolve(session.labels(split)),
  loadUpload: (files, options, onProgress) => session.loadUpload(files, options, onProgress),
  evaluate: (split, perExample) => session.evaluate(split, perExample),
  predict: (pixels) => session.predict(pixels),
  activations: (sample) => session.activations(sample),
  layerTensors: async (layerIndex) => transferred(await session.layerTensors(layerIndex)),
  allLayerTensors: async () => transferred(await session.allLayerTensors()),
  gradientCheck: () => session.gradientCheck(),
  saveModel: () => session.saveModel(),
  loadModel: (bytes) => session.loadModel(bytes),
  profile: () => session.profile(),
  checkpoint: () => session.checkpoint(),
  restore: (checkpoint) => session.restore(checkpoint),
  onDeviceLost: (callback) => {
    session.onDeviceLost = (message) => void callback(message);
    return Promise.resolve();
  },
  simulateFault: (kind) => {
    if (kind === 'device') session.simulateDeviceLoss();
    else
      setTimeout(() => {
        throw new Error('simulated engine worker crash');
      });
    return Promise.resolve();
  },
};

expose(api);
