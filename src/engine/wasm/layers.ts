// The wasm backend's per-layer table: buffers, forward and backward of every layer kind over a batch of rows,
// on the kernels of ops.ts. Typed `satisfies Record<LayerKind, WasmLayer>`, so a new layer kind without a wasm
// implementation fails the type check.

import type { LayerAnalysis } from '../../model/analyze.ts';
import type { Resolved } from '../../model/layers/types.ts';
import type { LayerKind } from '../../model/spec.ts';
import { dropoutSeed, type ForwardMode } from '../cpu/layers.ts';
import * as ops from './ops.ts';
import type { WasmRuntime } from './runtime.ts';

/** Addresses a layer runs on; `extra` holds the buffers its `buffers()` asked for, by name. */
export interface LayerRunWasm {
  rt: WasmRuntime;
  layer: LayerAnalysis;
  /** Input [rows, ...inputShape] and output [rows, ...outputShape]. */
  x: number;
  y: number;
  /** ∂L/∂y, and where ∂L/∂x goes (0: not needed, the backward pass stops at this layer). */
  dy: number;
  dx: number;
  extra: Record<string, number>;
  /** Address of the layer's parameter tensor `name` (0 when it has none), of its gradient (0 when frozen) and state. */
  param(name: string): number;
  grad(name: string): number;
  state(name: string): number;
}

export interface WasmLayer {
  /** The output is the input's memory (flatten): no buffer, nothing to run. */
  alias?: boolean;
  /** Extra buffers in bytes for a batch of `batch` rows, by name. */
  buffers?(layer: LayerAnalysis, batch: number): Record<string, number>;
  forward(run: LayerRunWasm, rows: number, mode: ForwardMode): void;
  /** Writes ∂L/∂x at run.dx (when not 0) and the layer's trainable gradients. */
  backward(run: LayerRunWasm, rows: number, mode: ForwardMode): void;
}

const size = (shape: [number, number, number]) => shape[0] * shape[1] * shape[2];

function specOf<K extends LayerKind>(layer: LayerAnalysis, kind: K): Resolved<K> {
  if (layer.type !== kind) throw new Error(`wasm backend: layer ${layer.index + 1} is ${layer.type}, not ${kind}`);
  return layer.layer as unknown as Resolved<K>;
}

function windowShape(layer: LayerAnalysis): ops.ConvShape {
  if (!layer.window) throw new Error(`wasm backend: layer ${layer.index + 1} (${layer.type}) has no window geometry`);
  return ops.convShape(layer.window);
}

/** Conv and dense: the shape in the kernels' terms. */
function convLike(layer: LayerAnalysis): ops.ConvShape {
  return layer.type === 'conv2d' ? windowShape(layer) : ops.denseShape(size(layer.inputShape), layer.outputShape[2]);
}

const convBuffers = (run: LayerRunWasm): ops.ConvBuffers => ({
  padded: run.extra.padded ?? 0,
  packForward: run.extra.packForward ?? 0,
  packBackward: run.extra.packBackward ?? 0,
  placed: run.extra.placed ?? 0,
});

/** conv2d and dense (a 1x1 convolution of a 1x1 image): forward, weight and bias gradients, backward-input. */
const convOrDense: WasmLayer = {
  buffers(layer, batch) {
    const s = ops.convScratch(convLike(layer), batch);
    return { padded: s.padded, packForward: s.packForward, packBackward: s.packBackward, placed: s.placed };
  },
  forward(run, rows) {
    ops.convForward(run.rt, convLike(run.layer), run.x, run.param('weights'), run.param('bias'), run.y, convBuffers(run), rows);
  },
  backward(run, rows) {
    const s = convLike(run.layer);
    const b = convBuffers(run);
    const dw = run.grad('weights');
    if (dw) ops.convBackwardWeights(run.rt, s, run.x, run.dy, dw, b, rows);
    const db = run.grad('bias');
    if (db) ops.biasBackward(run.rt, run.dy, rows * s.OH * s.OW, s.F, db);
    if (run.dx) ops.convBackwardInput(run.rt, s, run.dy, run.param('weights'), run.dx, b, rows);
  },
};

function pool(kind: ops.PoolName): WasmLayer {
  return {
    buffers: (layer, batch): Record<string, number> => (kind === 'maxpool2d' ? { argmax: batch * size(layer.outputShape) * 4 } : {}),
    forward(run, rows) {
      ops.poolForward(run.rt, run.layer.window!, kind, run.x, run.y, run.extra.argmax ?? 0, rows);
    },
    backward(run, rows) {
      if (run.dx) ops.poolBackward(run.rt, run.layer.window!, kind, run.x, run.y, run.extra.argmax ?? 0, run.dy, run.dx, rows);
    },
  };
}

function activation(kind: ops.ActivationName, alpha: (layer: LayerAnalysis) => number = () => 0): WasmLayer {
  return {
    forward(run, rows) {
      ops.activationForward(run.rt, kind, alpha(run.layer), run.x, run.y, rows * size(run.layer.outputShape));
    },
    backward(run, rows) {
      if (run.dx) ops.activationBackward(run.rt, kind, alpha(run.layer), run.x, run.dy, run.dx, rows * size(run.layer.outputShape));
    },
  };
}

/** Copies n floats from x to y (a layer that is the identity in this mode still has its own output buffer). */
function copy(run: LayerRunWasm, n: number): void {
  const f = run.rt.heap.f32;
  f.copyWithin(run.y >>> 2, run.x >>> 2, (run.x >>> 2) + n);
}

const batchnorm: WasmLayer = {
  buffers: (layer, batch) => ({ xhat: batch * size(layer.outputShape) * 4, invStd: layer.outputShape[2] * 4 }),
  forward(run, rows, mode) {
    const spec = specOf(run.layer, 'batchnorm');
    const C = run.layer.outputShape[2];
    const M = (rows * size(run.layer.outputShape)) / C;
    const common = { x: run.x, y: run.y, gamma: run.param('gamma'), beta: run.param('beta') };
    if (!mode.training) {
      ops.batchNormEval(run.rt, { ...common, runningMean: run.state('runningMean'), runningVar: run.state('runningVar') }, M, C, spec.epsilon);
      return;
    }
    const running = mode.updateRunning ? { runningMean: run.state('runningMean'), runningVar: run.state('runningVar') } : { runningMean: 0, runningVar: 0 };
    ops.batchNormTrain(run.rt, { ...common, ...running, xhat: run.extra.xhat!, invStd: run.extra.invStd! }, M, C, spec.epsilon, spec.momentum);
  },
  backward(run, rows, mode) {
    if (!mode.training) throw new Error('wasm backend: batchnorm backward runs after a training-mode forward only');
    const C = run.layer.outputShape[2];
    const M = (rows * size(run.layer.outputShape)) / C;
    // A frozen layer (no dγ address) still passes its gradient on; without a dx address, dx overwrites x̂ in place.
    ops.batchNormBackward(
      run.rt,
      { dy: run.dy, xhat: run.extra.xhat!, invStd: run.extra.invStd!, gamma: run.param('gamma'), dx: run.dx || run.extra.xhat!, dgamma: run.grad('gamma'), dbeta: run.grad('beta') },
      M, C,
    );
  },
};

const dropout: WasmLayer = {
  buffers: (layer, batch) => ({ mask: batch * size(layer.outputShape) * 4 }),
  forward(run, rows, mode) {
    const n = rows * size(run.layer.outputShape);
    if (!mode.training) return copy(run, n);
    const { rate } = specOf(run.layer, 'dropout');
    ops.dropoutForward(run.rt, run.x, run.y, run.extra.mask!, n, rate, dropoutSeed(mode.seed, run.layer.index), mode.step);
  },
  backward(run, rows, mode) {
    const n = rows * size(run.layer.outputShape);
    if (!run.dx) return;
    if (mode.training) ops.multiply(run.rt, run.dy, run.extra.mask!, run.dx, n);
    else run.rt.heap.f32.copyWithin(run.dx >>> 2, run.dy >>> 2, (run.dy >>> 2) + n);
  },
};

const globalavgpool: WasmLayer = {
  forward: (run, rows) => ops.globalPoolForward(run.rt, run.layer.inputShape, run.x, run.y, rows),
  backward(run, rows) {
    if (run.dx) ops.globalPoolBackward(run.rt, run.layer.inputShape, run.dy, run.dx, rows);
  },
};

/** A softmax inside the network (a final one is fused into the loss and never runs as a layer). */
const softmax: WasmLayer = {
  forward(run, rows) {
    const classes = run.layer.outputShape[2];
    ops.softmaxForward(run.rt, run.x, run.y, (rows * size(run.layer.outputShape)) / classes, classes);
  },
  backward(run, rows) {
    const classes = run.layer.outputShape[2];
    if (run.dx) ops.softmaxBackward(run.rt, run.y, run.dy, run.dx, (rows * size(run.layer.outputShape)) / classes, classes);
  },
};

/** Flatten is a reshape of NHWC memory: the same values in the same place. */
const flatten: WasmLayer = { alias: true, forward() {}, backward() {} };

export const WASM_LAYERS = {
  conv2d: convOrDense,
  dense: convOrDense,
  maxpool2d: pool('maxpool2d'),
  avgpool2d: pool('avgpool2d'),
  l2pool2d: pool('l2pool2d'),
  globalavgpool,
  batchnorm,
  dropout,
  flatten,
  relu: activation('relu'),
  leakyrelu: activation('leakyrelu', (l) => specOf(l, 'leakyrelu').alpha),
  elu: activation('elu', (l) => specOf(l, 'elu').alpha),
  tanh: activation('tanh'),
  sigmoid: activation('sigmoid'),
  softmax,
} satisfies Record<LayerKind, WasmLayer>;
