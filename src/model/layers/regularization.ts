// Batch normalisation, dropout and flatten: layers that keep the shape (or only reshape it).

import { trainableField } from '../fields.ts';
import { shapeSize } from '../geometry.ts';
import type { LayerDef } from './types.ts';

export const batchnorm: LayerDef<'batchnorm'> = {
  kind: 'batchnorm',
  label: 'Batch norm',
  category: 'normalization',
  summary: 'Normalises each channel with batch statistics in training (running statistics at evaluation), then scales and shifts.',
  fields: [
    { key: 'momentum', label: 'Momentum', kind: 'number', min: 0, max: 1, maxExclusive: true, step: 0.01, help: 'running = momentum·running + (1 - momentum)·batch.' },
    { key: 'epsilon', label: 'Epsilon', kind: 'number', min: 1e-12, max: 1, step: 1e-5, help: 'Added to the variance before the square root.' },
    trainableField,
  ],
  defaults: { momentum: 0.9, epsilon: 1e-5, trainable: true },
  spatial: false,
  infer(_layer, ctx) {
    const c = ctx.input[2];
    return {
      output: ctx.input,
      flat: ctx.flat,
      tensors: [
        { name: 'gamma', shape: [c], role: 'weight' },
        { name: 'beta', shape: [c], role: 'bias' },
        { name: 'runningMean', shape: [c], role: 'state' },
        { name: 'runningVar', shape: [c], role: 'state' },
      ],
      macs: 0,
    };
  },
};

export const dropout: LayerDef<'dropout'> = {
  kind: 'dropout',
  label: 'Dropout',
  category: 'regularization',
  summary: 'Zeroes a random fraction of units while training (scaling the rest up); does nothing at evaluation.',
  fields: [{ key: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true, step: 0.05, help: 'Fraction of units dropped, 0 ≤ rate < 1.' }],
  defaults: { rate: 0.5 },
  spatial: false,
  infer(_layer, ctx) {
    return { output: ctx.input, flat: ctx.flat, tensors: [], macs: 0 };
  },
};

export const flatten: LayerDef<'flatten'> = {
  kind: 'flatten',
  label: 'Flatten',
  category: 'reshape',
  summary: 'Turns an HxWxC image into a vector of H·W·C features (NHWC order).',
  fields: [],
  defaults: {},
  spatial: false,
  infer(_layer, ctx) {
    return { output: [1, 1, shapeSize(ctx.input)], flat: true, tensors: [], macs: 0 };
  },
};
