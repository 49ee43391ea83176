// One GPU builder per layer kind: which kernels a layer's forward (training and evaluation) and backward run.
// Typed `satisfies` over every LayerKind, so a kind without a GPU implementation fails the type check.

import type { LayerAnalysis } from '../../model/analyze.ts';
import { outputSize } from '../../model/plan.ts';
import type { LayerKind, SpecOf } from '../../model/spec.ts';
import { prepareActivationBackward, prepareActivationForward, type ActivationKind } from '../kernels/activation.ts';
import { prepareBatchNormBackward, prepareBatchNormEvalForward, prepareBatchNormTrainForward } from '../kernels/batchnorm.ts';
import { prepareBiasGrad } from '../kernels/biasGrad.ts';
import {
  conv2dBackwardInputEntryPoints,
  conv2dBackwardWeightsEntryPoints,
  conv2dForwardVariants,
  prepareConv2dBackwardInput,
  prepareConv2dBackwardWeights,
  prepareConv2dForward,
} from '../kernels/conv2d.ts';
import { prepareDropoutBackward, prepareDropoutForward } from '../kernels/dropout.ts';
import type { BufferRef, KernelDispatch } from '../kernels/kernel.ts';
import { prepareMatmul } from '../kernels/matmul.ts';
import { prepareGlobalAvgPoolBackward, prepareGlobalAvgPoolForward, preparePoolBackward, preparePoolForward } from '../kernels/pool2d.ts';
import { prepareSoftmaxBackward, prepareSoftmaxForward } from '../kernels/softmax.ts';
import type { PipelineCache } from '../pipelines.ts';
import { fastestVariant } from './tune.ts';

/** What a layer's kernels read and write in one graph (a batch size's set of activation buffers). */
export interface LayerIO {
  batch: number;
  /** Input and output activations [batch, ...inputShape] / [batch, ...outputShape]. */
  x: GPUBuffer;
  y: GPUBuffer;
  /** Gradient w.r.t. the output; null in inference-only graphs. */
  dy: GPUBuffer | null;
  /** Gradient w.r.t. the input; null when nothing upstream needs it (first layer, inference). */
  dx: GPUBuffer | null;
  /** This layer's parameter, gradient and state tensors by name (gradients null in inference graphs). */
  param(name: string): BufferRef;
  grad(name: string): BufferRef | null;
  state(name: string): BufferRef;
  /** A buffer owned by the graph, for a layer's saved values (argmax, batch statistics). */
  scratch(bytes: number, label: string): GPUBuffer;
  /** Seed of this layer's dropout masks. */
  seed: number;
  /**
   * Training graphs fuse a conv2d followed by a ReLU (see fusesRelu in graph.ts): the conv gets `reluEpilogue` and writes
   * max(0, conv + bias), and the ReLU gets `forwardFused` and runs only its backward (x = y = the conv's output then).
   */
  reluEpilogue?: boolean;
  forwardFused?: boolean;
  /** Such a ReLU before a max pool: the pool's backward gets `reluMask` and does the ReLU's (its dx is its dy then). */
  backwardFused?: boolean;
  reluMask?: boolean;
}

export interface GpuLayerOps {
  forwardTrain: KernelDispatch[];
  forwardEval: KernelDispatch[];
  backward: KernelDispatch[];
  /** Per-step uniforms (dropout's mask counter); called before each submit. */
  setStep?(step: number, training: boolean): void;
  destroy(): void;
}

interface GpuLayerDef<K extends LayerKind> {
  /** The output is the input buffer itself (a reshape); the layer runs no kernels. */
  alias?: boolean;
  build(cache: PipelineCache, layer: LayerAnalysis & { layer: SpecOf<K> }, io: LayerIO): Promise<GpuLayerOps>;
}

function ops(forwardTrain: KernelDispatch[], backward: KernelDispatch[], forwardEval = forwardTrain): GpuLayerOps {
  return {
    forwardTrain,
    forwardEval,
    backward,
    destroy() {
      for (const d of new Set([...forwardTrain, ...forwardEval, ...backward])) d.destroy();
    },
  };
}

const present = <T>(items: (T | null | false | undefined)[]): T[] => items.filter((d): d is T => !!d);

function activationLayer<K extends LayerKind>(kind: ActivationKind, alphaOf: (layer: SpecOf<K>) => number = () => 0): GpuLayerDef<K> {
  return {
    async build(cache, layer, io) {
      const alpha = alphaOf(layer.layer);
      const count = io.batch * outputSize(layer);
      const fwd = io.forwardFused ? null : await prepareActivationForward(cache, { kind, alpha, count, x: io.x, y: io.y });
      const bwd = io.dx && io.dy && !io.backwardFused ? await prepareActivationBackward(cache, { kind, alpha, count, x: io.x, y: io.y, dy: io.dy, dx: io.dx }) : null;
      return ops(present([fwd]), present([bwd]));
    },
  };
}

function poolLayer<K extends 'maxpool2d' | 'avgpool2d' | 'l2pool2d'>(kind: K): GpuLayerDef<K> {
  return {
    async build(cache, layer, io) {
      const geometry = layer.window!;
      const argmax = kind === 'maxpool2d' ? io.scratch(io.batch * outputSize(layer) * 4, 'argmax') : null;
      const fwd = await preparePoolForward(cache, { kind, geometry, batch: io.batch, x: io.x, y: io.y, argmax });
      const bwd =
        io.dx && io.dy ? await preparePoolBackward(cache, { kind, geometry, batch: io.batch, dy: io.dy, dx: io.dx, argmax, x: io.x, y: io.y, reluMask: io.reluMask ?? false }) : null;
      return ops([fwd], present([bwd]));
    },
  };
}

export const GPU_LAYERS = {
  conv2d: {
    async build(cache, layer, io) {
      const geometry = layer.window!;
      const bias = layer.layer.useBias ? io.param('bias') : null;
      // Tile variants that fit the shape are timed once per device and shape (tune.ts).
      const shape = `${geometry.input.join('x')}>${geometry.output.join('x')} k${geometry.kernel} s${geometry.stride} p${geometry.padding} d${geometry.dilation} g${geometry.groups} b${io.batch}`;
      const variants = conv2dForwardVariants(geometry);
      const fwd = await fastestVariant(cache, `conv2d forward ${shape}`, variants.map((_, i) => i), (i) =>
        prepareConv2dForward(cache, { geometry, batch: io.batch, x: io.x, w: io.param('weights'), bias, y: io.y, variant: variants[i], relu: io.reluEpilogue ?? false }),
      );
      const dw = io.grad('weights');
      const db = layer.layer.useBias ? io.grad('bias') : null;
      const dy = io.dy;
      const backward = dy
        ? [
            dw &&
              (await fastestVariant(cache, `conv2d backward weights ${shape}`, conv2dBackwardWeightsEntryPoints(geometry), (entryPoint) =>
                prepareConv2dBackwardWeights(cache, { geometry, batch: io.batch, x: io.x, dy, dw, entryPoint }),
              )),
            db && (await prepareBiasGrad(cache, { rows: io.batch * geometry.output[0] * geometry.output[1], cols: geometry.output[2], dy, db })),
            io.dx &&
              (await fastestVariant(cache, `conv2d backward input ${shape}`, conv2dBackwardInputEntryPoints(geometry), (entryPoint) =>
                prepareConv2dBackwardInput(cache, { geometry, batch: io.batch, dy, w: io.param('weights'), dx: io.dx!, entryPoint }),
              )),
          ]
        : [];
      return ops([fwd], present(backward));
    },
  },
  maxpool2d: poolLayer('maxpool2d'),
  avgpool2d: poolLayer('avgpool2d'),
  l2pool2d: poolLayer('l2pool2d'),
  globalavgpool: {
    async build(cache, layer, io) {
      const shape = layer.inputShape;
      const fwd = await prepareGlobalAvgPoolForward(cache, { shape, batch: io.batch, x: io.x, y: io.y });
      const bwd = io.dx && io.dy ? await prepareGlobalAvgPoolBackward(cache, { shape, batch: io.batch, dy: io.dy, dx: io.dx }) : null;
      return ops([fwd], present([bwd]));
    },
  },
  batchnorm: {
    async build(cache, layer, io) {
      const channels = layer.outputShape[2];
      const rows = (io.batch * outputSize(layer)) / channels;
      const { epsilon, momentum } = layer.layer as Required<SpecOf<'batchnorm'>>;
      const mean = io.scratch(channels * 4, 'bn mean');
      const invStd = io.scratch(channels * 4, 'bn invStd');
      const common = { rows, channels, x: io.x, y: io.y, gamma: io.param('gamma'), beta: io.param('beta') };
      const running = { runningMean: io.state('runningMean'), runningVar: io.state('runningVar') };
      const train = await prepareBatchNormTrainForward(cache, { ...common, ...running, epsilon, momentum, mean, invStd });
      const evaluate = await prepareBatchNormEvalForward(cache, { ...common, ...running, epsilon });
      let backward: KernelDispatch[] = [];
      if (io.dy) {
        // A frozen layer still needs dx; its parameter gradients go to scratch.
        const dgamma = io.grad('gamma') ?? io.scratch(channels * 4, 'bn dgamma');
        const dbeta = io.grad('beta') ?? io.scratch(channels * 4, 'bn dbeta');
        const dx = io.dx ?? io.scratch(io.batch * outputSize(layer) * 4, 'bn dx');
        backward = [await prepareBatchNormBackward(cache, { rows, channels, x: io.x, dy: io.dy, gamma: io.param('gamma'), mean, invStd, dx, dgamma, dbeta })];
      }
      return ops([train], backward, [evaluate]);
    },
  },
  dropout: {
    async build(cache, layer, io) {
      const count = io.batch * outputSize(layer);
      const rate = (layer.layer as Required<SpecOf<'dropout'>>).rate;
      const fwd = await prepareDropoutForward(cache, { count, rate, seed: io.seed, x: io.x, y: io.y });
      const bwd = io.dx && io.dy ? await prepareDropoutBackward(cache, { count, rate, seed: io.seed, dy: io.dy, dx: io.dx }) : null;
      const layerOps = ops([fwd], present([bwd]));
      layerOps.setStep = (step, training) => {
        fwd.setStep(step, training);
        bwd?.setStep(step, training);
      };
      return layerOps;
    },
  },
  flatten: {
    alias: true,
    build: async () => ops([], []),
  },
  dense: {
    async build(cache, layer, io) {
      const inFeatures = layer.inputShape[0] * layer.inputShape[1] * layer.inputShape[2];
      const units = layer.layer.units;
      const B = io.batch;
      const w = io.param('weights');
      const bias = layer.layer.useBias ? io.param('bias') : null;
      const fwd = await prepareMatmul(cache, { a: io.x, b: w, c: io.y, bias, M: B, K: inFeatures, N: units });
      const dw = io.grad('weights');
      const db = layer.layer.useBias ? io.grad('bias') : null;
      const backward = io.dy
        ? [
            dw && (await prepareMatmul(cache, { a: io.x, b: io.dy, c: dw, M: inFeatures, K: B, N: units, transposeA: true })),
            db && (await prepareBiasGrad(cache, { rows: B, cols: units, dy: io.dy, db })),
            io.dx && (await prepareMatmul(cache, { a: io.dy, b: w, c: io.dx, M: B, K: units, N: inFeatures, transposeB: true })),
          ]
        : [];
      return ops([fwd], present(backward));
    },
  },
  relu: activationLayer('relu'),
  leakyrelu: activationLayer<'leakyrelu'>('leakyrelu', (l) => (l as Required<typeof l>).alpha),
  elu: activationLayer<'elu'>('elu', (l) => (l as Required<typeof l>).alpha),
  tanh: activationLayer('tanh'),
  sigmoid: activationLayer('sigmoid'),
  softmax: {
    async build(cache, layer, io) {
      const cols = layer.outputShape[2];
      const rows = (io.batch * outputSize(layer)) / cols;
      const fwd = await prepareSoftmaxForward(cache, { rows, cols, x: io.x, y: io.y });
      const bwd = io.dx && io.dy ? await prepareSoftmaxBackward(cache, { rows, cols, y: io.y, dy: io.dy, dx: io.dx }) : null;
      return ops([fwd], present([bwd]));
    },
  },
} satisfies { [K in LayerKind]: GpuLayerDef<K> };

export function gpuLayerDef(kind: LayerKind): GpuLayerDef<LayerKind> {
  return GPU_LAYERS[kind] as GpuLayerDef<LayerKind>;
}
