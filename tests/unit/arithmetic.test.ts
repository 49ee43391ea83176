// The lecture arithmetic: output sizes, parameters, MACs, receptive fields and activation memory.

import { describe, expect, it } from 'vitest';
import { analyze, type LayerSpec, type NetworkAnalysis, type Shape } from '../../src/model/index.ts';

function net(input: Shape, layers: unknown[]): NetworkAnalysis {
  return analyze({ input: { height: input[0], width: input[1], channels: input[2] }, layers });
}

function single(input: Shape, layer: LayerSpec) {
  const a = net(input, [layer]);
  expect(a.ok, JSON.stringify(a.issues)).toBe(true);
  expect(a.layers).toHaveLength(1);
  return { a, l: a.layers[0]! };
}

describe('lecture: 7x7 input, 3x3 filter', () => {
  it.each([
    { stride: 1, out: 5 },
    { stride: 2, out: 3 },
  ])('stride $stride gives $out x $out with no warning', ({ stride, out }) => {
    const { a, l } = single([7, 7, 1], { type: 'conv2d', filters: 1, kernelSize: 3, stride });
    expect(l.outputShape).toEqual([out, out, 1]);
    expect(a.issues).toEqual([]);
    expect(l.formula).toEqual({ height: `(7 - 3 + 2·0) / ${stride} + 1 = ${out}`, width: `(7 - 3 + 2·0) / ${stride} + 1 = ${out}` });
  });

  it('stride 3 does not fit: warns, names row/column 7 and the strides that fit (1, 2 and 4)', () => {
    const a = net([7, 7, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 3 }]);
    expect(a.ok).toBe(true);
    expect(a.layers[0]!.outputShape).toEqual([2, 2, 1]);
    const warnings = a.issues.filter((i) => i.code === 'stride-does-not-fit');
    expect(warnings).toHaveLength(1);
    const w = warnings[0]!;
    expect(w.severity).toBe('warning');
    expect(w.layerIndex).toBe(0);
    expect(w.layerType).toBe('conv2d');
    expect(w.field).toBe('stride');
    expect(w.message).toContain('Layer 1 (conv2d)');
    expect(w.message).toMatch(/row and column 7\b/);
    expect(w.message).toContain('Strides that fit: 1, 2 and 4');
    expect(w.message).toContain('2.33');
  });

  it('stride 3 on a non-square input names the row or column separately', () => {
    const a = net([7, 9, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 3 }]);
    // 9 - 3 = 6 is divisible by 3: only the height warns.
    const warnings = a.issues.filter((i) => i.code === 'stride-does-not-fit');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('along the height');
    expect(warnings[0]!.message).toMatch(/input row 7\b/);
    expect(a.layers[0]!.outputShape).toEqual([2, 3, 1]);
  });
});

describe('padding (F-1)/2 preserves size at stride 1', () => {
  it.each([3, 5, 7])('F=%i with padding (F-1)/2 and with "same"', (f) => {
    for (const padding of [(f - 1) / 2, 'same'] as const) {
      const { a, l } = single([32, 32, 3], { type: 'conv2d', filters: 4, kernelSize: f, stride: 1, padding });
      expect(l.outputShape).toEqual([32, 32, 4]);
      expect(l.window!.padding).toEqual([(f - 1) / 2, (f - 1) / 2]);
      expect(a.issues).toEqual([]);
    }
  });
});

describe('ten 5x5 filters, stride 1, pad 2 on 32x32x3', () => {
  it('gives 32x32x10 with 760 parameters (750 weights, 10 biases)', () => {
    const { a, l } = single([32, 32, 3], { type: 'conv2d', filters: 10, kernelSize: 5, stride: 1, padding: 2 });
    expect(l.outputShape).toEqual([32, 32, 10]);
    expect(l.weights).toBe(750);
    expect(l.biases).toBe(10);
    expect(l.params).toBe(760);
    expect(a.totals.params).toBe(760);
    expect(l.tensors.find((t) => t.role === 'weight')!.shape).toEqual([5, 5, 3, 10]);
  });

  it('without bias has 750 parameters', () => {
    const { l } = single([32, 32, 3], { type: 'conv2d', filters: 10, kernelSize: 5, padding: 2, useBias: false });
    expect(l.params).toBe(750);
    expect(l.biases).toBe(0);
  });
});

describe('general formula out = floor((in + 2P - D(K-1) - 1) / S) + 1', () => {
  it.each<{ name: string; input: Shape; layer: LayerSpec; out: Shape }>([
    { name: 'dilation 2, K3 on 7 (effective 5)', input: [7, 7, 1], layer: { type: 'conv2d', filters: 2, kernelSize: 3, dilation: 2 }, out: [3, 3, 2] },
    { name: 'dilation 2, K3, pad 2 keeps 16', input: [16, 16, 3], layer: { type: 'conv2d', filters: 8, kernelSize: 3, dilation: 2, padding: 2 }, out: [16, 16, 8] },
    { name: 'dilation 2 with "same"', input: [15, 15, 3], layer: { type: 'conv2d', filters: 4, kernelSize: 3, dilation: 2, padding: 'same' }, out: [15, 15, 4] },
    { name: 'dilation 3, K3, stride 2 on 20', input: [20, 20, 1], layer: { type: 'conv2d', filters: 1, kernelSize: 3, dilation: 3, stride: 2 }, out: [7, 7, 1] },
    { name: 'rectangular kernel [3,5]', input: [10, 12, 2], layer: { type: 'conv2d', filters: 3, kernelSize: [3, 5] }, out: [8, 8, 3] },
    { name: 'rectangular stride [1,2]', input: [9, 9, 1], layer: { type: 'conv2d', filters: 1, kernelSize: 3, stride: [1, 2] }, out: [7, 4, 1] },
    { name: 'rectangular padding [1,0]', input: [8, 8, 1], layer: { type: 'conv2d', filters: 1, kernelSize: 3, padding: [1, 0] }, out: [8, 6, 1] },
    { name: 'rectangular kernel, stride, padding', input: [28, 30, 1], layer: { type: 'conv2d', filters: 5, kernelSize: [5, 3], stride: [2, 3], padding: [2, 0] }, out: [14, 10, 5] },
    { name: 'rectangular dilation [1,2]', input: [9, 9, 1], layer: { type: 'conv2d', filters: 1, kernelSize: 3, dilation: [1, 2] }, out: [7, 5, 1] },
    { name: '1x1 conv keeps size', input: [13, 13, 256], layer: { type: 'conv2d', filters: 64, kernelSize: 1 }, out: [13, 13, 64] },
    { name: 'AlexNet conv1: 227, K11, S4', input: [227, 227, 3], layer: { type: 'conv2d', filters: 96, kernelSize: 11, stride: 4 }, out: [55, 55, 96] },
    { name: '"valid" is padding 0', input: [7, 7, 1], layer: { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'valid' }, out: [5, 5, 1] },
  ])('$name → $out', ({ input, layer, out }) => {
    const { l } = single(input, layer);
    expect(l.outputShape).toEqual(out);
  });

  it('the formula text shows the effective kernel for a dilated conv', () => {
    const { l } = single([7, 7, 1], { type: 'conv2d', filters: 2, kernelSize: 3, dilation: 2 });
    expect(l.formula!.height).toContain('effective kernel 2·(3 - 1) + 1 = 5');
    expect(l.formula!.height).toContain('(7 - 5 + 2·0) / 1 + 1 = 3');
  });

  it('dilation does not change the parameter count', () => {
    const { l } = single([16, 16, 3], { type: 'conv2d', filters: 8, kernelSize: 3, dilation: 2 });
    expect(l.params).toBe(3 * 3 * 3 * 8 + 8);
  });

  it.each<{ kernel: [number, number]; cin: number; cout: number }>([
    { kernel: [3, 5], cin: 2, cout: 3 },
    { kernel: [1, 7], cin: 16, cout: 4 },
  ])('rectangular kernel $kernel params = kh*kw*cin*cout + cout', ({ kernel, cin, cout }) => {
    const { l } = single([16, 16, cin], { type: 'conv2d', filters: cout, kernelSize: kernel });
    expect(l.weights).toBe(kernel[0] * kernel[1] * cin * cout);
    expect(l.params).toBe(kernel[0] * kernel[1] * cin * cout + cout);
  });
});

describe('groups: params = k*k*(cin/g)*cout + cout', () => {
  it.each([
    { k: 3, cin: 8, cout: 16, g: 1 },
    { k: 3, cin: 8, cout: 16, g: 2 },
    { k: 3, cin: 8, cout: 16, g: 4 },
    { k: 3, cin: 8, cout: 8, g: 8 }, // depthwise
    { k: 5, cin: 96, cout: 256, g: 2 }, // AlexNet conv2
    { k: 1, cin: 12, cout: 6, g: 3 },
  ])('k=$k cin=$cin cout=$cout groups=$g', ({ k, cin, cout, g }) => {
    const { l } = single([12, 12, cin], { type: 'conv2d', filters: cout, kernelSize: k, groups: g, padding: 'same' });
    expect(l.params).toBe(k * k * (cin / g) * cout + cout);
    expect(l.weights).toBe(k * k * (cin / g) * cout);
    expect(l.tensors.find((t) => t.role === 'weight')!.shape).toEqual([k, k, cin / g, cout]);
    expect(l.macs).toBe(12 * 12 * cout * k * k * (cin / g));
  });
});

describe('MACs', () => {
  it('conv: out_h * out_w * filters * kh * kw * cin', () => {
    const { l } = single([32, 32, 3], { type: 'conv2d', filters: 10, kernelSize: 5, padding: 2 });
    expect(l.macs).toBe(32 * 32 * 10 * 5 * 5 * 3);
    const { l: l2 } = single([7, 7, 2], { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2 });
    expect(l2.macs).toBe(3 * 3 * 4 * 3 * 3 * 2);
  });

  it('dense: in * units', () => {
    const a = net([1, 1, 1], [{ type: 'flatten' }]);
    expect(a.ok).toBe(true);
    const d = net([28, 28, 1], [{ type: 'flatten' }, { type: 'dense', units: 300 }]);
    expect(d.ok).toBe(true);
    expect(d.layers[1]!.macs).toBe(784 * 300);
    expect(d.totals.macs).toBe(784 * 300);
  });

  it.each<LayerSpec>([{ type: 'relu' }, { type: 'maxpool2d' }, { type: 'batchnorm' }, { type: 'dropout' }, { type: 'flatten' }, { type: 'globalavgpool' }])(
    '$type counts 0 MACs',
    (layer) => {
      const { l } = single([8, 8, 4], layer);
      expect(l.macs).toBe(0);
    },
  );
});

describe('receptive field', () => {
  it.each<{ name: string; layers: LayerSpec[]; size: number; jump: number }>([
    { name: 'one 3x3 conv', layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }], size: 3, jump: 1 },
    { name: 'two stacked 3x3 convs', layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'conv2d', filters: 1, kernelSize: 3 }], size: 5, jump: 1 },
    {
      name: 'three stacked 3x3 convs',
      layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'conv2d', filters: 1, kernelSize: 3 }],
      size: 7,
      jump: 1,
    },
    {
      name: 'conv3, maxpool2, conv3',
      layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'maxpool2d', poolSize: 2 }, { type: 'conv2d', filters: 1, kernelSize: 3 }],
      size: 8,
      jump: 2,
    },
    { name: 'dilated 3x3 (dilation 2)', layers: [{ type: 'conv2d', filters: 1, kernelSize: 3, dilation: 2 }], size: 5, jump: 1 },
    {
      name: 'conv3 stride 2, conv3',
      layers: [{ type: 'conv2d', filters: 1, kernelSize: 3, stride: 2 }, { type: 'conv2d', filters: 1, kernelSize: 3 }],
      size: 7,
      jump: 2,
    },
    {
      name: 'conv3 then relu (element-wise keeps it)',
      layers: [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'relu' }],
      size: 3,
      jump: 1,
    },
  ])('$name → size $size, jump $jump', ({ layers, size, jump }) => {
    const a = net([32, 32, 1], layers);
    expect(a.ok, JSON.stringify(a.issues)).toBe(true);
    const rf = a.layers[a.layers.length - 1]!.receptiveField;
    expect(rf.size).toEqual([size, size]);
    expect(rf.jump).toEqual([jump, jump]);
    expect(rf.global).toBe(false);
  });

  it('intermediate layers carry their own receptive field', () => {
    const a = net([32, 32, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'maxpool2d', poolSize: 2 }, { type: 'conv2d', filters: 1, kernelSize: 3 }]);
    expect(a.layers.map((l) => l.receptiveField.size[0])).toEqual([3, 4, 8]);
    expect(a.layers.map((l) => l.receptiveField.jump[0])).toEqual([1, 2, 2]);
  });

  it('start is the centre of the first unit; padding moves it into the border', () => {
    const valid = net([32, 32, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3 }]);
    expect(valid.layers[0]!.receptiveField.start).toEqual([1, 1]);
    const same = net([32, 32, 1], [{ type: 'conv2d', filters: 1, kernelSize: 3, padding: 1 }]);
    expect(same.layers[0]!.receptiveField.start).toEqual([0, 0]);
  });

  it('rectangular kernel gives a rectangular receptive field', () => {
    const a = net([32, 32, 1], [{ type: 'conv2d', filters: 1, kernelSize: [3, 5] }, { type: 'conv2d', filters: 1, kernelSize: [3, 5] }]);
    expect(a.layers[1]!.receptiveField.size).toEqual([5, 9]);
  });

  it.each<LayerSpec[]>([
    [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'dense', units: 4 }],
    [{ type: 'conv2d', filters: 1, kernelSize: 3 }, { type: 'globalavgpool' }],
  ])('dense and global pooling see the whole input', (...layers) => {
    const a = net([20, 24, 1], layers);
    expect(a.ok).toBe(true);
    const rf = a.layers[1]!.receptiveField;
    expect(rf.global).toBe(true);
    expect(rf.size).toEqual([20, 24]);
  });
});

describe('activation bytes = 4 * h * w * c', () => {
  it.each<{ input: Shape; layer: LayerSpec; shape: Shape }>([
    { input: [32, 32, 3], layer: { type: 'conv2d', filters: 10, kernelSize: 5, padding: 2 }, shape: [32, 32, 10] },
    { input: [28, 28, 6], layer: { type: 'maxpool2d', poolSize: 2 }, shape: [14, 14, 6] },
    { input: [5, 5, 16], layer: { type: 'flatten' }, shape: [1, 1, 400] },
    { input: [7, 7, 8], layer: { type: 'relu' }, shape: [7, 7, 8] },
    { input: [1, 1, 100], layer: { type: 'dense', units: 10 }, shape: [1, 1, 10] },
  ])('$layer.type on $input', ({ input, layer, shape }) => {
    const { a, l } = single(input, layer);
    expect(l.outputShape).toEqual(shape);
    expect(l.activationBytes).toBe(4 * shape[0] * shape[1] * shape[2]);
    expect(a.totals.activationBytes).toBe(l.activationBytes);
  });

  it('totals sum every layer', () => {
    const a = net([8, 8, 1], [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 3 }]);
    expect(a.totals.activationBytes).toBe(4 * (6 * 6 * 2 * 3 + 3));
  });
});

describe('pooling', () => {
  it.each<{ layer: LayerSpec; input: Shape; out: Shape }>([
    { layer: { type: 'maxpool2d', poolSize: 2, stride: 2 }, input: [28, 28, 6], out: [14, 14, 6] },
    { layer: { type: 'avgpool2d', poolSize: 2, stride: 2 }, input: [28, 28, 6], out: [14, 14, 6] },
    { layer: { type: 'l2pool2d', poolSize: 2, stride: 2 }, input: [28, 28, 6], out: [14, 14, 6] },
    { layer: { type: 'maxpool2d', poolSize: 2 }, input: [28, 28, 6], out: [14, 14, 6] },
    { layer: { type: 'maxpool2d' }, input: [28, 28, 6], out: [14, 14, 6] },
    { layer: { type: 'maxpool2d', poolSize: 3, stride: 2 }, input: [55, 55, 96], out: [27, 27, 96] },
    { layer: { type: 'avgpool2d', poolSize: 3, stride: 2 }, input: [55, 55, 96], out: [27, 27, 96] },
    { layer: { type: 'l2pool2d', poolSize: 3, stride: 2 }, input: [55, 55, 96], out: [27, 27, 96] },
    { layer: { type: 'maxpool2d', poolSize: 3, stride: 1, padding: 1 }, input: [10, 10, 2], out: [10, 10, 2] },
    { layer: { type: 'maxpool2d', poolSize: [2, 3] }, input: [12, 12, 1], out: [6, 4, 1] },
  ])('$layer → $out', ({ layer, input, out }) => {
    const { l } = single(input, layer);
    expect(l.outputShape).toEqual(out);
    expect(l.params).toBe(0);
  });

  it('pool stride defaults to the pool size', () => {
    const { l } = single([12, 12, 1], { type: 'maxpool2d', poolSize: 3 });
    expect(l.window!.stride).toEqual([3, 3]);
    expect(l.outputShape).toEqual([4, 4, 1]);
  });

  it('globalavgpool → [1, 1, c]', () => {
    const { l } = single([7, 7, 512], { type: 'globalavgpool' });
    expect(l.outputShape).toEqual([1, 1, 512]);
    expect(l.flat).toBe(true);
    expect(l.params).toBe(0);
  });
});

describe('flatten and dense', () => {
  it.each<Shape>([[5, 5, 16], [28, 28, 1], [7, 7, 512], [1, 1, 10]])('flatten %j → [1, 1, h*w*c]', (...input) => {
    const { l } = single(input, { type: 'flatten' });
    expect(l.outputShape).toEqual([1, 1, input[0] * input[1] * input[2]]);
    expect(l.flat).toBe(true);
    expect(l.params).toBe(0);
  });

  it('dense after a spatial input warns implicit-flatten and counts in*units+units', () => {
    const a = net([5, 5, 16], [{ type: 'dense', units: 120 }]);
    expect(a.ok).toBe(true);
    const w = a.issues.filter((i) => i.code === 'implicit-flatten');
    expect(w).toHaveLength(1);
    expect(w[0]!.severity).toBe('warning');
    expect(w[0]!.layerIndex).toBe(0);
    expect(w[0]!.message).toContain('Layer 1 (dense)');
    expect(w[0]!.message).toContain('400');
    expect(a.layers[0]!.outputShape).toEqual([1, 1, 120]);
    expect(a.layers[0]!.weights).toBe(400 * 120);
    expect(a.layers[0]!.biases).toBe(120);
    expect(a.layers[0]!.params).toBe(400 * 120 + 120);
  });

  it('dense after flatten does not warn', () => {
    const a = net([5, 5, 16], [{ type: 'flatten' }, { type: 'dense', units: 120 }]);
    expect(a.issues).toEqual([]);
    expect(a.layers[1]!.params).toBe(400 * 120 + 120);
  });

  it.each([
    { inF: 784, units: 300, bias: true },
    { inF: 84, units: 10, bias: true },
    { inF: 4096, units: 1000, bias: false },
  ])('dense $inF → $units (bias $bias)', ({ inF, units, bias }) => {
    const a = net([1, 1, inF], [{ type: 'flatten' }, { type: 'dense', units, useBias: bias }]);
    expect(a.layers[1]!.params).toBe(inF * units + (bias ? units : 0));
  });
});

describe('batchnorm', () => {
  it.each([1, 6, 64])('has 2C parameters (C=%i) and 2C running statistics', (c) => {
    const { a, l } = single([8, 8, c], { type: 'batchnorm' });
    expect(l.params).toBe(2 * c);
    expect(l.weights).toBe(c);
    expect(l.biases).toBe(c);
    expect(l.outputShape).toEqual([8, 8, c]);
    expect(a.totals.state).toBe(2 * c);
    expect(a.totals.paramBytes).toBe(4 * 4 * c);
  });

  it('after a dense layer counts its features', () => {
    const a = net([1, 1, 20], [{ type: 'flatten' }, { type: 'dense', units: 50 }, { type: 'batchnorm' }]);
    expect(a.layers[2]!.params).toBe(100);
  });
});

describe('totals', () => {
  it('frozen layers count as frozen parameters', () => {
    const a = net([8, 8, 1], [
      { type: 'conv2d', filters: 2, kernelSize: 3, trainable: false },
      { type: 'flatten' },
      { type: 'dense', units: 3 },
    ]);
    const convParams = 3 * 3 * 1 * 2 + 2;
    const denseParams = 6 * 6 * 2 * 3 + 3;
    expect(a.totals.params).toBe(convParams + denseParams);
    expect(a.totals.frozenParams).toBe(convParams);
    expect(a.totals.trainableParams).toBe(denseParams);
    expect(a.outputShape).toEqual([1, 1, 3]);
  });
});
