// Pooling: max, average and L2 (sqrt of the sum of squares) over windows, and global average pooling.
// Padded positions never win a max and are left out of averages and sums (as in Keras and TensorFlow).

import { pairOf } from '../fields.ts';
import { issue } from '../issues.ts';
import type { Pool2dSpec, PoolKind } from '../spec.ts';
import type { LayerDef } from './types.ts';
import { resolveWindow } from './window.ts';

function poolDef<K extends PoolKind>(kind: K, label: string, summary: string): LayerDef<K> {
  const def: LayerDef<PoolKind> = {
    kind,
    label,
    category: 'pooling',
    summary,
    fields: [
      { key: 'poolSize', label: 'Pool size', kind: 'pair', min: 1, max: 1024, help: 'Window size (or [height, width]).' },
      { key: 'stride', label: 'Stride', kind: 'pair', min: 1, max: 1024, help: 'Step between windows; equal to the pool size for non-overlapping pooling.' },
      { key: 'padding', label: 'Padding', kind: 'padding', help: 'Padding per side; at most half the pool size.' },
    ],
    defaults: { poolSize: 2, stride: 2, padding: 0 },
    spatial: true,
    infer(layer: Required<Pool2dSpec>, ctx) {
      const size = pairOf(layer.poolSize);
      if (typeof layer.padding !== 'string') {
        const pad = pairOf(layer.padding);
        const bad = [0, 1].find((i) => pad[i]! > Math.floor(size[i]! / 2));
        if (bad !== undefined) {
          ctx.issues.push(issue('error', 'pool-padding-too-large', { layerIndex: ctx.index, layerType: kind, field: 'padding' },
            `padding ${pad[bad]} is more than half the pool size ${size[bad]}, so some windows would hold only padding; use padding of at most ${Math.floor(size[bad]! / 2)}.`));
          return null;
        }
      }
      const window = resolveWindow(
        { type: kind, sizeKey: 'poolSize', size: layer.poolSize, stride: layer.stride, padding: layer.padding, dilation: 1, outChannels: ctx.input[2], groups: 1 },
        ctx,
      );
      return window ? { output: window.output, flat: false, tensors: [], macs: 0, window } : null;
    },
  };
  return def as unknown as LayerDef<K>;
}

export const maxpool2d = poolDef('maxpool2d', 'Max pool', 'Keeps the largest value in each window: robustness to small shifts.');
export const avgpool2d = poolDef('avgpool2d', 'Average pool', 'Averages each window (LeNet-5 subsampling).');
export const l2pool2d = poolDef('l2pool2d', 'L2 pool', 'Square root of the sum of squares in each window.');

export const globalavgpool: LayerDef<'globalavgpool'> = {
  kind: 'globalavgpool',
  label: 'Global avg pool',
  category: 'pooling',
  summary: 'Averages each channel over the whole image, giving one feature per channel.',
  fields: [],
  defaults: {},
  spatial: true,
  infer(_layer, ctx) {
    return { output: [1, 1, ctx.input[2]], flat: true, tensors: [], macs: 0, global: true };
  },
};
