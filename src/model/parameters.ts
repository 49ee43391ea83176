// Where every parameter lives and how it starts: one flat float32 buffer for all weights and biases (trainable
// tensors first, so an optimizer updates one prefix and frozen layers are simply past its end), one flat buffer
// for non-trained state (batchnorm running statistics), and seeded He/Glorot initialisation.

import type { LayerAnalysis, NetworkAnalysis } from './analyze.ts';
import type { TensorDef } from './layers/types.ts';
import { normalSampler, seededRandom } from './random.ts';
import type { LayerKind } from './spec.ts';

/** Tensor starts are aligned to 64 floats (256 bytes: WebGPU's minStorageBufferOffsetAlignment). */
export const TENSOR_ALIGN = 64;

export type InitKind = 'he' | 'glorot' | 'zeros' | 'ones';

export interface ParamTensor {
  layerIndex: number;
  layerType: LayerKind;
  name: string;
  role: TensorDef['role'];
  shape: number[];
  size: number;
  /** Updated by the optimizer (role is not 'state' and the layer is not frozen). */
  trainable: boolean;
  /** First float in its flat buffer: `params` for weights and biases, `state` for state tensors. */
  offset: number;
  init: InitKind;
  fanIn: number;
  fanOut: number;
}

export interface ParameterLayout {
  tensors: ParamTensor[];
  /** Floats in the parameter buffer (aligned tensors, so slightly more than the parameter count). */
  paramFloats: number;
  /** The trainable tensors occupy [0, trainableFloats) of the parameter buffer. */
  trainableFloats: number;
  stateFloats: number;
}

const alignUp = (n: number) => Math.ceil(n / TENSOR_ALIGN) * TENSOR_ALIGN;
const product = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Activations after which He initialisation suits (ReLU family); Glorot suits the rest (tanh, sigmoid, linear). */
const RELU_LIKE: ReadonlySet<LayerKind> = new Set(['relu', 'leakyrelu', 'elu']);

/** He when the next non-normalising layer is a ReLU-family activation, Glorot otherwise. */
function weightInit(layers: LayerAnalysis[], index: number): InitKind {
  for (let i = index + 1; i < layers.length; i++) {
    const t = layers[i]!.type;
    if (t === 'batchnorm' || t === 'dropout') continue;
    return RELU_LIKE.has(t) ? 'he' : 'glorot';
  }
  return 'glorot';
}

function fans(layer: LayerAnalysis, shape: number[]): [number, number] {
  if (layer.type === 'conv2d' && shape.length === 4) {
    const [kh, kw, inPerGroup, filters] = shape as [number, number, number, number];
    const groups = layer.window?.groups ?? 1;
    return [kh * kw * inPerGroup, (kh * kw * filters) / groups];
  }
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  return [shape[0] ?? 1, shape[0] ?? 1];
}

export function parameterLayout(analysis: NetworkAnalysis): ParameterLayout {
  if (!analysis.ok) throw new Error('parameterLayout: the network has errors; fix the spec first');
  const tensors: ParamTensor[] = [];
  for (const layer of analysis.layers) {
    for (const t of layer.tensors) {
      const [fanIn, fanOut] = fans(layer, t.shape);
      const init: InitKind =
        t.role === 'weight' ? (t.name === 'gamma' ? 'ones' : weightInit(analysis.layers, layer.index)) : t.name === 'runningVar' ? 'ones' : 'zeros';
      tensors.push({
        layerIndex: layer.index,
        layerType: layer.type,
        name: t.name,
        role: t.role,
        shape: t.shape,
        size: product(t.shape),
        trainable: t.role !== 'state' && layer.trainable,
        offset: 0,
        init,
        fanIn,
        fanOut,
      });
    }
  }
  let params = 0;
  let state = 0;
  // Trainable tensors first, then frozen ones; state separately.
  for (const t of tensors.filter((t) => t.trainable)) {
    t.offset = params;
    params += alignUp(t.size);
  }
  const trainableFloats = params;
  for (const t of tensors.filter((t) => !t.trainable && t.role !== 'state')) {
    t.offset = params;
    params += alignUp(t.size);
  }
  for (const t of tensors.filter((t) => t.role === 'state')) {
    t.offset = state;
    state += alignUp(t.size);
  }
  return { tensors, paramFloats: Math.max(params, TENSOR_ALIGN), trainableFloats, stateFloats: Math.max(state, TENSOR_ALIGN) };
}

/** The tensor `name` of layer `layerIndex`, or undefined. */
export function findTensor(layout: ParameterLayout, layerIndex: number, name: string): ParamTensor | undefined {
  return layout.tensors.find((t) => t.layerIndex === layerIndex && t.name === name);
}

export interface ParameterValues {
  params: Float32Array;
  state: Float32Array;
}

/**
 * Seeded initial values. He: N(0, 2/fanIn) (He et al. 2015); Glorot: U(±√(6/(fanIn + fanOut))) (Glorot & Bengio 2010).
 * Each tensor draws from its own stream (seed, layer, tensor) so editing one layer leaves the others' starts unchanged.
 */
export function initialParameters(layout: ParameterLayout, seed: number): ParameterValues {
  const params = new Float32Array(layout.paramFloats);
  const state = new Float32Array(layout.stateFloats);
  layout.tensors.forEach((t, i) => {
    const target = t.role === 'state' ? state : params;
    const view = target.subarray(t.offset, t.offset + t.size);
    const random = seededRandom((seed >>> 0) ^ Math.imul(t.layerIndex + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77));
    switch (t.init) {
      case 'zeros':
        break;
      case 'ones':
        view.fill(1);
        break;
      case 'he': {
        const normal = normalSampler(random);
        const std = Math.sqrt(2 / t.fanIn);
        for (let k = 0; k < view.length; k++) view[k] = normal() * std;
        break;
      }
      case 'glorot': {
        const limit = Math.sqrt(6 / (t.fanIn + t.fanOut));
        for (let k = 0; k < view.length; k++) view[k] = (random() * 2 - 1) * limit;
        break;
      }
      default:
        t.init satisfies never;
    }
  });
  return { params, state };
}
