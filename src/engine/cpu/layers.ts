// The CPU backend's per-layer table: forward and backward of every layer kind over whole batches, built on the
// readable reference ops (src/model/reference/). Typed `satisfies Record<LayerKind, CpuLayer>`, so a new layer kind
// without a CPU implementation fails the type check.

import type { LayerAnalysis } from '../../model/analyze.ts';
import { findTensor, type ParameterLayout } from '../../model/parameters.ts';
import {
  activationBackward,
  activationForward,
  allocLike,
  avgPoolBackward,
  avgPoolForward,
  batchNormBackward,
  batchNormEvalForward,
  batchNormTrainForward,
  batchNormUpdateRunning,
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeights,
  conv2dForward,
  denseBackwardBias,
  denseBackwardInput,
  denseBackwardWeights,
  denseForward,
  dropoutBackward,
  dropoutForward,
  dropoutMask,
  elu,
  fromAccumulator,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  l2PoolBackward,
  l2PoolForward,
  leakyRelu,
  maxPoolBackward,
  maxPoolForward,
  relu,
  sigmoid,
  softmaxBackward,
  softmaxForward,
  tanh,
  type Activation,
  type FloatArray,
} from '../../model/reference/index.ts';
import type { Resolved } from '../../model/layers/types.ts';
import type { WindowGeometry } from '../../model/geometry.ts';
import type { LayerKind } from '../../model/spec.ts';

/** How a forward pass runs: training (batch statistics, dropout on) or evaluation. */
export interface ForwardMode {
  training: boolean;
  /** 0-based training step: picks the dropout masks. */
  step: number;
  /** Run seed: dropout masks use dropoutSeed(seed, layerIndex). */
  seed: number;
  /** Training mode only: fold the batch statistics into batchnorm's running statistics (in `state`, in place). */
  updateRunning: boolean;
}

/** Everything one layer needs to run over a batch. */
export interface LayerRun<T extends FloatArray> {
  layer: LayerAnalysis;
  batch: number;
  layout: ParameterLayout;
  /** The whole flat parameter buffer (the layer finds its tensors through the layout). */
  params: T;
  /** The whole flat state buffer (batchnorm running statistics); written in place when mode.updateRunning. */
  state: FloatArray;
  mode: ForwardMode;
}

/** What a layer's forward keeps for its backward. */
export interface LayerCache<T extends FloatArray> {
  /** maxpool: flat input index of each output's winner. */
  argmax?: Int32Array;
  /** batchnorm (training): normalised input and 1/sqrt(σ² + ε) per channel. */
  xhat?: T;
  invStd?: Float64Array;
  /** dropout (training): keep mask over the batch's flat output. */
  mask?: Uint8Array;
}

export interface LayerForward<T extends FloatArray> {
  y: T;
  cache: LayerCache<T>;
}

export interface CpuLayer {
  forward<T extends FloatArray>(run: LayerRun<T>, x: T): LayerForward<T>;
  /**
   * ∂L/∂x from ∂L/∂y (x and y the forward input and output). Gradients of the layer's trainable tensors are
   * written into `grads` (the parameter layout); frozen tensors get none.
   */
  backward<T extends FloatArray>(run: LayerRun<T>, x: T, y: T, dy: T, cache: LayerCache<T>, grads: T): T;
}

/**
 * The seed of a dropout layer's masks: the run seed mixed with the layer index (golden-ratio multiplier), so
 * layers draw independent masks. The GPU backend uses the same function, so both drop the same units.
 */
export function dropoutSeed(seed: number, layerIndex: number): number {
  return (seed ^ Math.imul(layerIndex + 1, 0x9e3779b1)) >>> 0;
}

/** The layer's spec with defaults filled, checked to be of the expected kind. */
function specOf<K extends LayerKind>(layer: LayerAnalysis, kind: K): Resolved<K> {
  if (layer.type !== kind) throw new Error(`cpu backend: layer ${layer.index + 1} is ${layer.type}, not ${kind}`);
  return layer.layer as unknown as Resolved<K>;
}

function windowOf(layer: LayerAnalysis): WindowGeometry {
  if (!layer.window) throw new Error(`cpu backend: layer ${layer.index + 1} (${layer.type}) has no window geometry`);
  return layer.window;
}

/** A view of tensor `name` of the run's layer in the parameter buffer, or null when the layer has none (no bias). */
function paramView<T extends FloatArray>(run: LayerRun<T>, name: string): T | null {
  const t = findTensor(run.layout, run.layer.index, name);
  return t ? (run.params.subarray(t.offset, t.offset + t.size) as T) : null;
}

function requireParam<T extends FloatArray>(run: LayerRun<T>, name: string): T {
  const v = paramView(run, name);
  if (!v) throw new Error(`cpu backend: layer ${run.layer.index + 1} (${run.layer.type}) has no tensor '${name}'`);
  return v;
}

function stateView(run: LayerRun<FloatArray>, name: string): FloatArray {
  const t = findTensor(run.layout, run.layer.index, name);
  if (!t) throw new Error(`cpu backend: layer ${run.layer.index + 1} (${run.layer.type}) has no state '${name}'`);
  return run.state.subarray(t.offset, t.offset + t.size);
}

/** Stores a tensor's gradient at its place in the layout when the tensor is trained (frozen ones stay zero). */
function writeGrad<T extends FloatArray>(run: LayerRun<T>, grads: T, name: string, grad: () => T): void {
  const t = findTensor(run.layout, run.layer.index, name);
  if (t?.trainable) grads.set(grad(), t.offset);
}

const inputElements = (run: LayerRun<FloatArray>) => run.batch * run.layer.inputShape[0] * run.layer.inputShape[1] * run.layer.inputShape[2];

/** An element-wise activation whose function may depend on the layer's fields (alpha). */
function activationLayer(fn: (layer: LayerAnalysis) => Activation): CpuLayer {
  return {
    forward: (run, x) => ({ y: activationForward(fn(run.layer), x), cache: {} }),
    backward: (run, x, _y, dy) => activationBackward(fn(run.layer), x, dy),
  };
}

const conv2d: CpuLayer = {
  forward(run, x) {
    return { y: conv2dForward(x, requireParam(run, 'weights'), paramView(run, 'bias'), windowOf(run.layer), run.batch), cache: {} };
  },
  backward(run, x, _y, dy, _cache, grads) {
    const g = windowOf(run.layer);
    writeGrad(run, grads, 'weights', () => conv2dBackwardWeights(x, dy, g, run.batch));
    writeGrad(run, grads, 'bias', () => conv2dBackwardBias(dy, g, run.batch));
    return conv2dBackwardInput(dy, requireParam(run, 'weights'), g, run.batch);
  },
};

const dense: CpuLayer = {
  forward(run, x) {
    // A spatial input is read as its flat NHWC memory order: nothing to move.
    const [h, w, c] = run.layer.inputShape;
    const units = run.layer.outputShape[2];
    return { y: denseForward(x, requireParam(run, 'weights'), paramView(run, 'bias'), run.batch, h * w * c, units), cache: {} };
  },
  backward(run, x, _y, dy, _cache, grads) {
    const [h, w, c] = run.layer.inputShape;
    const inFeatures = h * w * c;
    const units = run.layer.outputShape[2];
    writeGrad(run, grads, 'weights', () => denseBackwardWeights(x, dy, run.batch, inFeatures, units));
    writeGrad(run, grads, 'bias', () => denseBackwardBias(dy, run.batch, units));
    return denseBackwardInput(dy, requireParam(run, 'weights'), run.batch, inFeatures, units);
  },
};

const maxpool2d: CpuLayer = {
  forward(run, x) {
    const { y, argmax } = maxPoolForward(x, windowOf(run.layer), run.batch);
    return { y, cache: { argmax } };
  },
  backward(run, _x, _y, dy, cache) {
    if (!cache.argmax) throw new Error('cpu backend: maxpool backward without its forward argmax');
    return maxPoolBackward(dy, cache.argmax, inputElements(run));
  },
};

const avgpool2d: CpuLayer = {
  forward: (run, x) => ({ y: avgPoolForward(x, windowOf(run.layer), run.batch), cache: {} }),
  backward: (run, _x, _y, dy) => avgPoolBackward(dy, windowOf(run.layer), run.batch),
};

const l2pool2d: CpuLayer = {
  forward: (run, x) => ({ y: l2PoolForward(x, windowOf(run.layer), run.batch), cache: {} }),
  backward: (run, x, y, dy) => l2PoolBackward(dy, x, y, windowOf(run.layer), run.batch),
};

const globalavgpool: CpuLayer = {
  forward: (run, x) => ({ y: globalAvgPoolForward(x, run.layer.inputShape, run.batch), cache: {} }),
  backward: (run, _x, _y, dy) => globalAvgPoolBackward(dy, run.layer.inputShape, run.batch),
};

const batchnorm: CpuLayer = {
  forward(run, x) {
    const spec = specOf(run.layer, 'batchnorm');
    const channels = run.layer.inputShape[2];
    const gamma = requireParam(run, 'gamma');
    const beta = requireParam(run, 'beta');
    const runningMean = stateView(run, 'runningMean');
    const runningVar = stateView(run, 'runningVar');
    if (!run.mode.training) return { y: batchNormEvalForward(x, gamma, beta, runningMean, runningVar, channels, spec.epsilon), cache: {} };
    const r = batchNormTrainForward(x, gamma, beta, channels, spec.epsilon);
    if (run.mode.updateRunning) batchNormUpdateRunning(runningMean, runningVar, r.mean, r.variance, x.length / channels, spec.momentum);
    return { y: r.y, cache: { xhat: r.xhat, invStd: r.invStd } };
  },
  backward(run, x, _y, dy, cache, grads) {
    const spec = specOf(run.layer, 'batchnorm');
    const channels = run.layer.inputShape[2];
    const gamma = requireParam(run, 'gamma');
    if (cache.xhat && cache.invStd) {
      const r = batchNormBackward(dy, cache.xhat, cache.invStd, gamma, channels);
      writeGrad(run, grads, 'gamma', () => r.dgamma);
      writeGrad(run, grads, 'beta', () => r.dbeta);
      return r.dx;
    }
    // Evaluation mode: an affine map per channel with the running statistics held constant,
    // y = γ (x - μ) s + β with s = 1/sqrt(runningVar + ε): ∂L/∂x = γ s dy, ∂L/∂γ = Σ dy (x - μ) s, ∂L/∂β = Σ dy.
    const runningMean = stateView(run, 'runningMean');
    const runningVar = stateView(run, 'runningVar');
    const scale = Float64Array.from({ length: channels }, (_, c) => 1 / Math.sqrt(runningVar[c]! + spec.epsilon));
    const sumDy = new Float64Array(channels);
    const sumDyXhat = new Float64Array(channels);
    const dx = allocLike(dy, dy.length);
    for (let i = 0; i < dy.length; i++) {
      const c = i % channels;
      sumDy[c]! += dy[i]!;
      sumDyXhat[c]! += dy[i]! * (x[i]! - runningMean[c]!) * scale[c]!;
      dx[i] = gamma[c]! * scale[c]! * dy[i]!;
    }
    writeGrad(run, grads, 'gamma', () => fromAccumulator(dy, sumDyXhat));
    writeGrad(run, grads, 'beta', () => fromAccumulator(dy, sumDy));
    return dx;
  },
};

const dropout: CpuLayer = {
  forward(run, x) {
    if (!run.mode.training) return { y: x, cache: {} };
    const { rate } = specOf(run.layer, 'dropout');
    const mask = dropoutMask(x.length, rate, dropoutSeed(run.mode.seed, run.layer.index), run.mode.step);
    return { y: dropoutForward(x, mask, rate), cache: { mask } };
  },
  backward(run, _x, _y, dy, cache) {
    if (!cache.mask) return dy;
    return dropoutBackward(dy, cache.mask, specOf(run.layer, 'dropout').rate);
  },
};

/** Flatten is a reshape of NHWC memory: the same values in the same order. */
const flatten: CpuLayer = {
  forward: (_run, x) => ({ y: x, cache: {} }),
  backward: (_run, _x, _y, dy) => dy,
};

/** A softmax inside the network (a final one is fused into the loss and never runs as a layer). */
const softmax: CpuLayer = {
  forward: (run, x) => ({ y: softmaxForward(x, run.layer.outputShape[2]), cache: {} }),
  backward: (run, _x, y, dy) => softmaxBackward(y, dy, run.layer.outputShape[2]),
};

export const CPU_LAYERS = {
  conv2d,
  maxpool2d,
  avgpool2d,
  l2pool2d,
  globalavgpool,
  batchnorm,
  dropout,
  flatten,
  dense,
  relu: activationLayer(() => relu),
  leakyrelu: activationLayer((l) => leakyRelu(specOf(l, 'leakyrelu').alpha)),
  elu: activationLayer((l) => elu(specOf(l, 'elu').alpha)),
  tanh: activationLayer(() => tanh),
  sigmoid: activationLayer(() => sigmoid),
  softmax,
} satisfies Record<LayerKind, CpuLayer>;
