// dense (fully connected): every input feature to every unit; weights [inFeatures, units].
// A spatial input is flattened first (NHWC memory order), and the analysis says so.

import { trainableField } from '../fields.ts';
import { shapeSize, shapeText } from '../geometry.ts';
import { issue } from '../issues.ts';
import type { LayerDef, TensorDef } from './types.ts';

export const dense: LayerDef<'dense'> = {
  kind: 'dense',
  label: 'Dense',
  category: 'dense',
  summary: 'Fully connected: every input feature is connected to every unit.',
  fields: [
    { key: 'units', label: 'Units', kind: 'int', min: 1, max: 1 << 20, required: true, help: 'Number of outputs (the last dense layer: one per class).' },
    { key: 'useBias', label: 'Bias', kind: 'bool', help: 'Add a learned bias per unit.' },
    trainableField,
  ],
  defaults: { units: 10, useBias: true, trainable: true },
  spatial: false,
  infer(layer, ctx) {
    const inFeatures = shapeSize(ctx.input);
    if (!ctx.flat) {
      ctx.issues.push(issue('warning', 'implicit-flatten', { layerIndex: ctx.index, layerType: 'dense' },
        `its input is ${shapeText(ctx.input)}, not a vector, so ConvLab flattens it to ${inFeatures} features first; add {"type": "flatten"} before it to make this explicit.`));
    }
    const tensors: TensorDef[] = [{ name: 'weights', shape: [inFeatures, layer.units], role: 'weight' }];
    if (layer.useBias) tensors.push({ name: 'bias', shape: [layer.units], role: 'bias' });
    return { output: [1, 1, layer.units], flat: true, tensors, macs: inFeatures * layer.units, global: true };
  },
};
