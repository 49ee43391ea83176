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

function withAlpha<K extends 'leakyrelu' | 'elu'>(kind: K, label: string, summary: string, alpha: number, max: number, help: string): LayerDef<K> {
  const def: LayerDef<'leakyrelu' | 'elu'> = {
    kind,
    label,
    category: 'activation',
    summary,
    fields: [{ key: 'alpha', label: 'Alpha', kind: 'number', min: 0, max, step: max / 100, help }],
    defaults: { alpha },
    spatial: false,
    infer: same,
  };
  return def as LayerDef<K>;
}

export const leakyrelu = withAlpha('leakyrelu', 'Leaky ReLU', 'Like ReLU but lets a small slope alpha through for negative inputs.', 0.01, 1, 'Slope for negative inputs.');
export const elu = withAlpha('elu', 'ELU', 'x for positive inputs, alpha·(e^x - 1) for negative ones: smooth, with mean activations nearer zero.', 1, 10,
  'Value the output approaches for very negative inputs is -alpha.');
