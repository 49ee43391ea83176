// conv2d: learned filters slid over the input; weights [kh, kw, inChannels / groups, filters].

import { trainableField } from '../fields.ts';
import { issue } from '../issues.ts';
import type { LayerDef, TensorDef } from './types.ts';
import { resolveWindow } from './window.ts';

export const conv2d: LayerDef<'conv2d'> = {
  kind: 'conv2d',
  label: 'Conv 2D',
  category: 'convolution',
  summary: 'Slides learned filters over the input; each filter produces one output channel (parameter sharing).',
  fields: [
    { key: 'filters', label: 'Filters', kind: 'int', min: 1, max: 65536, required: true, help: 'Number of filters = output channels.' },
    { key: 'kernelSize', label: 'Kernel size', kind: 'pair', min: 1, max: 1024, required: true, help: 'Filter size F (or [height, width]).' },
    { key: 'stride', label: 'Stride', kind: 'pair', min: 1, max: 1024, help: 'Step S between window positions.' },
    { key: 'padding', label: 'Padding', kind: 'padding', help: 'Zeros added per side P; "same" keeps size at stride 1, "valid" is 0.' },
    { key: 'dilation', label: 'Dilation', kind: 'pair', min: 1, max: 1024, help: 'Spacing D between kernel taps (effective size D(F-1)+1).' },
    { key: 'groups', label: 'Groups', kind: 'int', min: 1, max: 65536, help: 'Split channels into groups convolved separately; must divide input channels and filters.' },
    { key: 'useBias', label: 'Bias', kind: 'bool', help: 'Add a learned bias per filter.' },
    trainableField,
  ],
  defaults: { filters: 8, kernelSize: 3, stride: 1, padding: 0, dilation: 1, groups: 1, useBias: true, trainable: true },
  spatial: true,
  infer(layer, ctx) {
    const where = { layerIndex: ctx.index, layerType: 'conv2d' };
    const inC = ctx.input[2];
    let ok = true;
    if (inC % layer.groups !== 0) {
      ok = false;
      ctx.issues.push(issue('error', 'groups-do-not-divide', { ...where, field: 'groups' },
        `groups ${layer.groups} does not divide the ${inC} input channels; use a divisor of ${inC} such as ${divisors(inC).join(', ')}.`));
    }
    if (layer.filters % layer.groups !== 0) {
      ok = false;
      ctx.issues.push(issue('error', 'groups-do-not-divide', { ...where, field: 'groups' },
        `groups ${layer.groups} does not divide the ${layer.filters} filters; make filters a multiple of ${layer.groups}.`));
    }
    const window = resolveWindow(
      { type: 'conv2d', sizeKey: 'kernelSize', size: layer.kernelSize, stride: layer.stride, padding: layer.padding, dilation: layer.dilation, outChannels: layer.filters, groups: layer.groups },
      ctx,
    );
    if (!window || !ok) return null;
    const [kh, kw] = window.kernel;
    const perGroup = inC / layer.groups;
    const tensors: TensorDef[] = [{ name: 'weights', shape: [kh, kw, perGroup, layer.filters], role: 'weight' }];
    if (layer.useBias) tensors.push({ name: 'bias', shape: [layer.filters], role: 'bias' });
    const [oh, ow] = window.output;
    return { output: window.output, flat: false, tensors, macs: oh * ow * layer.filters * kh * kw * perGroup, window };
  },
};

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n && out.length < 6; d++) if (n % d === 0) out.push(d);
  return out;
}
