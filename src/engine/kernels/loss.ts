// Fused softmax + cross-entropy loss (shaders/softmax_cross_entropy.wgsl): probabilities, per-row loss and
// prediction, the gradient of the mean loss, then a one-invocation reduce into the batch metrics, all recorded
// by one encode(). A label ≥ classes reads no memory out of bounds: its loss and gradient use the clamped class
// classes - 1 (finite, not NaN) and the row always counts as wrong.

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch } from './kernel.ts';

export interface LossDispatch extends KernelDispatch {
  /** Rows that count (≤ rows given at prepare time): for a last partial evaluation batch. Default = rows. */
  setActiveRows(n: number): void;
}

export const LOSS_WORKGROUP = 64;
/** Index of `activeRows` in the shader's Params { rows, classes, activeRows }. */
const ACTIVE_ROWS_FIELD = 2;

export async function prepareSoftmaxCrossEntropy(
  cache: PipelineCache,
  a: {
    rows: number;
    classes: number;
    logits: BufferRef;
    labels: BufferRef;
    /** softmax probabilities [rows, classes] (always written) */
    probs: BufferRef;
    /** ∂(mean loss)/∂logits = (p - onehot)/activeRows for active rows, 0 for the others; null to skip (evaluation) */
    dlogits?: BufferRef | null;
    /** per-row scratch: loss f32 and predicted class; [rows] u32 predicted class (argmax of p, first max on ties) */
    predictions: BufferRef;
    rowLoss: BufferRef;
    /** metrics f32[4] written by a second, single-invocation reduce dispatch in the same encode(): [sum of loss over active rows, number correct, active rows, 0]. */
    metrics: BufferRef;
  },
): Promise<LossDispatch> {
  const { rows, classes } = a;
  for (const [k, v] of Object.entries({ rows, classes }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`softmaxCrossEntropy: ${k} must be a positive integer, got ${v}`);
  const uniforms = [rows, classes, rows];
  // The shader statically uses the dlogits binding, so it is always bound: a 16-byte placeholder when skipped.
  const placeholder = a.dlogits ? null : cache.device.createBuffer({ label: 'loss no-dlogits', size: 16, usage: GPUBufferUsage.STORAGE });
  const perRow = await prepareKernel(cache, {
    shader: 'softmax_cross_entropy',
    entryPoint: 'per_row',
    constants: { WG: LOSS_WORKGROUP, HAS_DLOGITS: a.dlogits != null },
    uniforms,
    buffers: [a.labels, a.predictions, a.rowLoss, a.logits, a.probs, a.dlogits ?? placeholder!],
    workgroups: workgroups1d(rows, LOSS_WORKGROUP),
    label: 'softmax cross-entropy',
  });
  const reduce = await prepareKernel(cache, {
    shader: 'softmax_cross_entropy',
    entryPoint: 'reduce',
    uniforms,
    buffers: [a.labels, a.predictions, a.rowLoss, a.metrics],
    workgroups: [1],
    label: 'softmax cross-entropy metrics',
  });
  return {
    encode(pass) {
      perRow.encode(pass);
      reduce.encode(pass);
    },
    setActiveRows(n) {
      if (!Number.isInteger(n) || n < 0 || n > rows) throw new Error(`softmaxCrossEntropy: active rows ${n} must be an integer in [0, ${rows}]`);
      perRow.setUniforms(ACTIVE_ROWS_FIELD, [n]);
      reduce.setUniforms(ACTIVE_ROWS_FIELD, [n]);
    },
    destroy() {
      perRow.destroy();
      reduce.destroy();
      placeholder?.destroy();
    },
  };
}
