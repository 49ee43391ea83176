// Gradient check: a backend's backward pass (the GPU's, in float32) against central finite differences of the
// loss computed by the CPU reference in float64, for sampled entries of every parameter tensor and of the input.
// The seeds' recipe: (L(θ + h) − L(θ − h)) / 2h, relative error per entry, worst per layer.

import type { ParameterValues } from '../model/parameters.ts';
import type { TrainingPlan } from '../model/plan.ts';
import { seededRandom } from '../model/random.ts';
import type { Backend } from './backend.ts';
import { lossAndGradients as cpuLossAndGradients, type ForwardMode } from './cpu/network.ts';

export interface GradCheckEntry {
  /** "layers.3.weights" or "input". */
  tensor: string;
  layerIndex: number | null;
  layerType: string;
  /** Entries compared. */
  checked: number;
  /** Worst relative error |a − n| / max(|a|, |n|, floor). */
  maxRelativeError: number;
  /** The analytic and numeric values at the worst entry. */
  worst: { index: number; analytic: number; numeric: number };
  ok: boolean;
}

export interface GradCheckResult {
  backend: string;
  batch: number;
  tolerance: number;
  entries: GradCheckEntry[];
  ok: boolean;
}

export interface GradCheckOptions {
  /** Entries sampled per tensor. */
  samples: number;
  /** Relative-error tolerance: float32 GPU gradients against exact float64 differences. */
  tolerance: number;
  /** Finite-difference step (float64). */
  epsilon: number;
  seed: number;
}

export const GRADCHECK_DEFAULTS: GradCheckOptions = { samples: 6, tolerance: 1e-3, epsilon: 1e-5, seed: 7 };

/**
 * Entries whose gradient is tiny are compared against a floor instead of their own size: a float32 sum of many
 * terms cannot be relatively exact far below the size of its terms. The floor is this fraction of the tensor's
 * largest gradient, or of the largest gradient in the network (e.g. a conv bias feeding batchnorm has a true
 * gradient of exactly 0, which float32 computes as noise around 1e-8 of the network's largest gradient, so the
 * network floor sits well above that; a real bug (a missed or doubled term) is far larger than either floor).
 */
const TENSOR_FLOOR = 1e-3;
const NETWORK_FLOOR = 1e-4;

/** Random normalised inputs and labels for a check that needs no dataset. */
export function randomBatch(plan: TrainingPlan, batch: number, seed: number): { x: Float32Array; labels: Uint32Array } {
  const random = seededRandom(seed);
  const [h, w, c] = plan.input;
  const x = Float32Array.from({ length: batch * h * w * c }, () => random() * 2 - 1);
  const labels = Uint32Array.from({ length: batch }, () => Math.floor(random() * plan.classes));
  return { x, labels };
}

export async function gradientCheck(
  backend: Backend,
  plan: TrainingPlan,
  values: ParameterValues,
  batchData: { x: Float32Array; labels: Uint32Array },
  /** The backend's run seed (BackendOptions.seed): dropout masks must match. */
  runSeed: number,
  options: Partial<GradCheckOptions> = {},
): Promise<GradCheckResult> {
  const o = { ...GRADCHECK_DEFAULTS, ...options };
  const batch = backend.batchSize;
  const step = 0;
  await backend.writeParams(values);
  const analytic = await backend.lossAndGradients(batchData.x, batchData.labels, step);

  const params64 = Float64Array.from(values.params);
  const x64 = Float64Array.from(batchData.x);
  const mode: ForwardMode = { training: true, step, seed: runSeed, updateRunning: false };
  const loss = (p: Float64Array, x: Float64Array) => cpuLossAndGradients(plan, p, Float64Array.from(values.state), x, batchData.labels, batch, mode).loss;
  const numeric = (target: Float64Array, index: number, p: Float64Array, x: Float64Array) => {
    const keep = target[index]!;
    target[index] = keep + o.epsilon;
    const up = loss(p, x);
    target[index] = keep - o.epsilon;
    const down = loss(p, x);
    target[index] = keep;
    return (up - down) / (2 * o.epsilon);
  };
  const random = seededRandom(o.seed);
  let networkScale = 0;
  for (const g of [analytic.grads, analytic.inputGrad]) for (let i = 0; i < g.length; i++) networkScale = Math.max(networkScale, Math.abs(g[i]!));
  const entries: GradCheckEntry[] = [];
  const check = (name: string, layerIndex: number | null, layerType: string, offset: number, size: number, grads: Float32Array, target: Float64Array) => {
    const picks = new Set<number>();
    const want = Math.min(o.samples, size);
    while (picks.size < want) picks.add(Math.floor(random() * size));
    let scale = 0;
    for (let i = 0; i < size; i++) scale = Math.max(scale, Math.abs(grads[offset + i]!));
    const floor = Math.max(TENSOR_FLOOR * scale, NETWORK_FLOOR * networkScale, 1e-12);
    let worst = { index: -1, analytic: 0, numeric: 0 };
    let maxErr = 0;
    for (const i of picks) {
      const a = grads[offset + i]!;
      const n = numeric(target, offset + i, params64, x64);
      const err = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
      if (!(err <= maxErr)) {
        maxErr = err;
        worst = { index: i, analytic: a, numeric: n };
      }
    }
    entries.push({ tensor: name, layerIndex, layerType, checked: picks.size, maxRelativeError: maxErr, worst, ok: maxErr <= o.tolerance });
  };
  for (const t of plan.layout.tensors) {
    if (!t.trainable) continue;
    check(`layers.${t.layerIndex}.${t.name}`, t.layerIndex, t.layerType, t.offset, t.size, analytic.grads, params64);
  }
  check('input', null, 'input', 0, x64.length, analytic.inputGrad, x64);
  return { backend: backend.name, batch, tolerance: o.tolerance, entries, ok: entries.every((e) => e.ok) };
}
