// Element-wise activations (and softmax over channels); none has parameters.
//   relu(x) = max(0, x)          leakyrelu(x) = x > 0 ? x : alpha·x
//   elu(x) = x > 0 ? x : alpha·(e^x - 1)
//   tanh(x)                      sigmoid(x) = 1 / (1 + e^-x)
//   softmax(x)_i = e^{x_i} / Σ_j e^{x_j}, over the channels at each position

import type { SimpleActivationKind } from '../spec.ts';
import type { LayerDef, LayerInference, LayerContext } from './types.ts';

function same(_layer: unknown, ctx: LayerContext): LayerInference {
  return { output: ctx.input, flat: ctx.flat, tensors: [], macs: 0 };
}

function simple<K extends SimpleActivationKind>(kind: K, label: string, summary: string): LayerDef<K> {
  return { kind, label, category: 'activation', summary, fields: [], defaults: {} as LayerDef<K>['defaults'], spatial: false, infer: same };
}

export const relu = simple('relu', 'ReLU', 'max(0, x): the default non-linearity.');
export const tanh = simple('tanh', 'Tanh', 'Squashes to (-1, 1), as in the original LeNet-5.');
export const sigmoid = simple('sigmoid', 'Sigmoid', '1 / (1 + e^-x): squashes to (0, 1).');
export const softmax = simple('softmax', 'Softmax', 'Turns scores into class probabilities that sum to 1.');

export const leakyrelu: LayerDef<'leakyrelu'> = {
  kind: 'leakyrelu',
  label: 'Leaky ReLU',
  category: 'activation',
  summary: 'Like ReLU but lets a small slope alpha through for negative inputs.',
  fields: [{ key: 'alpha', label: 'Alpha', kind: 'number', min: 0, max: 1, step: 0.01, help: 'Slope for negative inputs.' }],
  defaults: { alpha: 0.01 },
  spatial: false,
  infer: same,
};

export const elu: LayerDef<'elu'> = {
  kind: 'elu',
  label: 'ELU',
  category: 'activation',
  summary: 'x for positive inputs, alpha·(e^x - 1) for negative ones: smooth, with mean activations nearer zero.',
  fields: [{ key: 'alpha', label: 'Alpha', kind: 'number', min: 0, max: 10, step: 0.1, help: 'Value the output approaches for very negative inputs is -alpha.' }],
  defaults: { alpha: 1 },
  spatial: false,
  infer: same,
};
