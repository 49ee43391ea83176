// Whole-network forward, loss and backward on the CPU reference, generic over the float precision: the CPU
// backend runs it in float32 (like the GPU), the gradient check in float64 against finite differences.

import type { TrainingPlan } from '../../model/plan.ts';
import { allocLike, expectLength, softmaxCrossEntropy, softmaxForward, type FloatArray } from '../../model/reference/index.ts';
import { CPU_LAYERS, type CpuLayer, type ForwardMode, type LayerCache, type LayerRun } from './layers.ts';

export { dropoutSeed, type ForwardMode } from './layers.ts';

export interface NetworkForward<T extends FloatArray> {
  /** Output of each op layer (plan.ops), [batch, ...outputShape] NHWC. */
  outputs: T[];
  /** Softmax of the logits (the last op's output, or the input when there are no ops), [batch, classes]. */
  probs: T;
  /** Per op layer: what its backward needs (maxpool argmax, batchnorm x̂ and 1/σ, dropout masks). */
  caches: LayerCache<T>[];
}

export interface NetworkGradients<T extends FloatArray> {
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Examples whose highest probability is at their label (the first maximum on ties). */
  correct: number;
  /** ∂loss/∂params in the parameter layout; zeros for frozen tensors and alignment padding. */
  grads: T;
  /** ∂loss/∂x, [batch, H, W, C]. */
  inputGrad: T;
  probs: T;
}

function inputSize(plan: TrainingPlan): number {
  const [h, w, c] = plan.input;
  return h * w * c;
}

function layerRun<T extends FloatArray>(plan: TrainingPlan, index: number, params: T, state: FloatArray, batch: number, mode: ForwardMode): { run: LayerRun<T>; impl: CpuLayer } {
  const layer = plan.ops[index]!;
  return { run: { layer, batch, layout: plan.layout, params, state, mode }, impl: CPU_LAYERS[layer.type] };
}

/**
 * Runs plan.ops over a batch of normalised inputs x [batch, H, W, C]. In training mode with mode.updateRunning,
 * batchnorm's running statistics in `state` are updated in place.
 */
export function forwardNetwork<T extends FloatArray>(plan: TrainingPlan, params: T, state: FloatArray, x: T, batch: number, mode: ForwardMode): NetworkForward<T> {
  expectLength('network input', x, batch * inputSize(plan));
  expectLength('network params', params, plan.layout.paramFloats);
  expectLength('network state', state, plan.layout.stateFloats);
  const outputs: T[] = [];
  const caches: LayerCache<T>[] = [];
  let current = x;
  for (let i = 0; i < plan.ops.length; i++) {
    const { run, impl } = layerRun(plan, i, params, state, batch, mode);
    const { y, cache } = impl.forward(run, current);
    outputs.push(y);
    caches.push(cache);
    current = y;
  }
  const classes = current.length / batch;
  return { outputs, probs: softmaxForward(current, classes), caches };
}

/** How many rows of probs [batch, classes] have their first maximum at the label. */
export function countCorrect(probs: FloatArray, labels: ArrayLike<number>, classes: number): number {
  let correct = 0;
  for (let n = 0; n < labels.length; n++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[n * classes + c]! > probs[n * classes + best]!) best = c;
    if (best === labels[n]) correct++;
  }
  return correct;
}

/**
 * Forward, mean softmax cross-entropy of the logits against `labels`, and backward to every trainable parameter
 * and to the input. The loss always applies softmax to the logits: a final softmax layer is fused into it, and a
 * network without one is trained as if it had one.
 */
export function lossAndGradients<T extends FloatArray>(
  plan: TrainingPlan,
  params: T,
  state: FloatArray,
  x: T,
  labels: Uint32Array,
  batch: number,
  mode: ForwardMode,
): NetworkGradients<T> {
  expectLength('network labels', labels, batch);
  const forward = forwardNetwork(plan, params, state, x, batch, mode);
  const logits = forward.outputs[forward.outputs.length - 1] ?? x;
  const classes = logits.length / batch;
  const { loss, probs, grad } = softmaxCrossEntropy(logits, labels, classes);
  const grads = allocLike(params, params.length);
  let dy = grad;
  for (let i = plan.ops.length - 1; i >= 0; i--) {
    const { run, impl } = layerRun(plan, i, params, state, batch, mode);
    const input = i > 0 ? forward.outputs[i - 1]! : x;
    dy = impl.backward(run, input, forward.outputs[i]!, dy, forward.caches[i]!, grads);
  }
  return { loss, correct: countCorrect(probs, labels, classes), grads, inputGrad: dy, probs };
}
