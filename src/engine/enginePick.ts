// `auto` engine choice: WebGPU on a hardware adapter; on a software one (isFallbackAdapter, or SwiftShader / llvmpipe
// / lavapipe in the adapter info) or none, the faster of WebGPU and wasm for this network, timed on one training
// step each with synthetic data, remembered per network shape and device (the host supplies the store).

import { NO_AUGMENT, channelStats } from '../data/augment.ts';
import type { TrainingPlan } from '../model/plan.ts';
import type { Backend, BackendName } from './backend.ts';

export type EngineChoice = 'auto' | BackendName;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

/** Where choices are remembered (IndexedDB in the browser, a file in Node). */
export interface ChoiceStore {
  get(key: string): Promise<PickRecord | undefined>;
  set(key: string, value: PickRecord): Promise<void>;
}

/** A remembered choice: the engine and each contender's milliseconds per step. */
export interface PickRecord {
  engine: BackendName;
  msPerStep: Partial<Record<BackendName, number>>;
}

/** A software rasteriser posing as a GPU: the CPU runs WGSL through it. */
export function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const a = adapter as GPUAdapter & { isFallbackAdapter?: boolean; info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } };
  if (a.isFallbackAdapter || a.info?.isFallbackAdapter) return true;
  const info = a.info;
  const text = info ? `${info.vendor} ${info.architecture} ${info.device} ${info.description}` : '';
  return /swiftshader|llvmpipe|lavapipe|software/i.test(text);
}

/** The key a choice is remembered under: every layer's kind and shapes, the batch size and the device. */
export function pickKey(plan: TrainingPlan, batch: number, device: string): string {
  const layers = plan.analysis.layers.map((l) => `${l.type}:${l.inputShape.join('x')}>${l.outputShape.join('x')}${l.window ? `/k${l.window.kernel.join('x')}s${l.window.stride.join('x')}g${l.window.groups}` : ''}`);
  return `v1|${device}|b${batch}|${plan.input.join('x')}|${layers.join(',')}`;
}

/** Milliseconds of one training step on `backend` (after one untimed warm-up step), on random bytes. */
export async function timeStep(backend: Backend, plan: TrainingPlan, rounds = 2): Promise<number> {
  const [h, w, c] = plan.input;
  const count = backend.batchSize * 2;
  let seed = 12345;
  const images = Uint8Array.from({ length: count * h * w * c }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24));
  const labels = Uint8Array.from({ length: count }, (_, i) => i % plan.classes);
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const set = { images, labels, count };
  await backend.setData({ train: set, test: set, validation: new Uint32Array(0), norm: channelStats(images, plan.input, all), augment: NO_AUGMENT });
  backend.setOrder(all);
  const lr = 1e-9;
  await backend.trainStep(0, 0, lr);
  await backend.flush();
  const t0 = performance.now();
  for (let s = 1; s <= rounds; s++) await backend.trainStep(s * backend.batchSize, s, lr);
  await backend.flush();
  return (performance.now() - t0) / rounds;
}

export interface Opened {
  backend: Backend;
  /** Releases the backend and whatever it runs on (a GPU device, threads). */
  close(): void;
}

export interface Contender {
  name: BackendName;
  create(): Promise<Opened>;
}

/**
 * Times each contender's step and keeps the fastest (the others are destroyed). The kept backend has seen
 * synthetic data and two steps at a negligible learning rate: the caller writes the real parameters and data.
 */
export async function pickFastest(plan: TrainingPlan, contenders: Contender[]): Promise<{ opened: Opened; record: PickRecord }> {
  let best: { opened: Opened; ms: number } | null = null;
  const msPerStep: PickRecord['msPerStep'] = {};
  for (const c of contenders) {
    let opened: Opened | null = null;
    try {
      opened = await c.create();
      const ms = await timeStep(opened.backend, plan);
      msPerStep[c.name] = ms;
      if (!best || ms < best.ms) {
        best?.opened.close();
        best = { opened, ms };
      } else opened.close();
    } catch {
      opened?.close();
    }
  }
  if (!best) throw new Error('no engine could run this network');
  return { opened: best.opened, record: { engine: best.opened.backend.name, msPerStep } };
}

/** Why `auto` chose what it did, e.g. "3.1× faster than the software WebGPU adapter here". */
export function pickReason(record: PickRecord): string {
  const { engine, msPerStep } = record;
  const others = (Object.entries(msPerStep) as [BackendName, number][]).filter(([name]) => name !== engine);
  const mine = msPerStep[engine];
  if (!mine || others.length === 0) return 'the only engine that ran this network here';
  const [other, ms] = others.sort((a, b) => a[1] - b[1])[0]!;
  const label = other === 'webgpu' ? 'the software WebGPU adapter' : other === 'wasm' ? 'WASM' : 'the CPU reference';
  return `${(ms / mine).toFixed(1)}× faster than ${label} here`;
}
