// ONNX export checked op by op: networks with every layer kind and awkward geometry (padding, strides, dilation,
// groups, non-square windows, NHWC flatten orders) on random weights, run in onnxruntime-node on raw images, must give
// ConvLab's class probabilities (CPU backend predict) within 1e-4; plus the graph's opset, input, output and metadata.

import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { analyze, presetSpec, type NetworkSpec } from '../../src/model/index.ts';
import { exportOnnx, ONNX_OPSET } from '../../src/model/export/onnx.ts';
import { ExportError } from '../../src/model/export/source.ts';
import { backendProbabilities, cpuBackendFor, maxAbsDifference, onnxProbabilities, randomImages, randomValues, readOnnx } from './exportHelpers.ts';

/** Every pooling kind with padding, a grouped strided conv with a [3, 5] kernel, dilation, no bias, flat batchnorm. */
const EVERY_OP: NetworkSpec = {
  name: 'Every op',
  input: { height: 13, width: 11, channels: 4 },
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: [3, 5], stride: [2, 1], padding: [1, 2], groups: 2 },
    { type: 'batchnorm', epsilon: 1e-3 },
    { type: 'leakyrelu', alpha: 0.2 },
    { type: 'avgpool2d', poolSize: 3, stride: 1, padding: 1 },
    { type: 'conv2d', filters: 5, kernelSize: 3, dilation: 2, padding: 2, useBias: false },
    { type: 'elu', alpha: 0.7 },
    { type: 'l2pool2d', poolSize: 2, stride: 1, padding: 1 },
    { type: 'maxpool2d', poolSize: 3, stride: 2, padding: 1 },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 9 },
    { type: 'batchnorm' },
    { type: 'tanh' },
    { type: 'dense', units: 6, useBias: false },
    { type: 'sigmoid' },
    { type: 'dense', units: 4 },
  ],
};

/** A softmax over an image's channels, global pooling, an explicit flatten of a flat vector, a final softmax. */
const SOFTMAX_INSIDE: NetworkSpec = {
  input: { height: 6, width: 7, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 5, kernelSize: 3, stride: 2, padding: 'same' },
    { type: 'softmax' },
    { type: 'relu' },
    { type: 'globalavgpool' },
    { type: 'flatten' },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
};

/** Dilation along the width only with matching padding, a non-overlapping L2 pool, no final softmax (the export adds it). */
const DILATED_L2: NetworkSpec = {
  input: { height: 9, width: 9, channels: 2 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, dilation: [1, 2], padding: [1, 2] },
    { type: 'relu' },
    { type: 'l2pool2d', poolSize: [3, 3], stride: [3, 3] },
    { type: 'flatten' },
    { type: 'dense', units: 8 },
    { type: 'relu' },
    { type: 'dense', units: 5 },
  ],
};

/** Ends with a 1x1xC image (no flatten): the export flattens it and adds the softmax ConvLab applies. */
const CONV_HEAD: NetworkSpec = {
  input: { height: 5, width: 5, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 3, groups: 3 },
    { type: 'avgpool2d', poolSize: 2, stride: 2, padding: 1 },
    { type: 'conv2d', filters: 3, kernelSize: 2 },
  ],
};

const NETS: [string, NetworkSpec][] = [
  ['every op', EVERY_OP],
  ['softmax inside, global pooling', SOFTMAX_INSIDE],
  ['dilated conv, l2 pool, no softmax', DILATED_L2],
  ['conv head ending 1x1xC', CONV_HEAD],
  ['tiny-vgg', presetSpec('tiny-vgg')],
  ['lenet5 (tanh, avgpool)', presetSpec('lenet5')],
];

const IMAGES = 24;

describe('ONNX export matches ConvLab on random weights', () => {
  it.each(NETS)('%s', async (_name, spec) => {
    const a = analyze(spec);
    expect(a.ok, a.issues.map((i) => i.message).join('\n')).toBe(true);
    const input = a.input!;
    const values = randomValues(spec, 11);
    const norm = { mean: Array.from({ length: input[2] }, (_, c) => 100 + 20 * c), std: Array.from({ length: input[2] }, (_, c) => 50 + 10 * c) };
    const model = exportOnnx({ spec: a.spec!, values, meta: { normalization: norm } });
    const images = randomImages(IMAGES, input, 5);
    const onnx = await onnxProbabilities(model, images, IMAGES, input);
    const classes = a.outputShape![2];
    expect(onnx.dims).toEqual([IMAGES, classes]);
    const backend = await cpuBackendFor(spec, values, norm);
    const convlab = await backendProbabilities(backend, images, IMAGES);
    backend.destroy();
    const diff = maxAbsDifference(onnx.probs, convlab);
    expect(diff).toBeLessThanOrEqual(1e-4);
    // Not a vacuous comparison: the probabilities vary between images.
    expect(Math.max(...convlab.map((p) => Math.abs(p[0]! - convlab[0]![0]!)))).toBeGreaterThan(1e-4);
  }, 60_000);
});

describe('the exported graph', () => {
  const spec = presetSpec('lenet5-mnist');
  const a = analyze(spec);
  const meta = { dataset: 'mnist', classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], normalization: { mean: [33.3], std: [78.6] } };
  const model = exportOnnx({ spec: a.spec!, values: randomValues(spec, 3), meta });

  it('declares opset 13, a dynamic batch, NCHW input and the probabilities output, with ConvLab metadata', async () => {
    const session = await ort.InferenceSession.create(model);
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['probabilities']);
    const info = session.inputMetadata[0]! as unknown as { isTensor: boolean; shape: (number | string)[] };
    expect(info.shape).toEqual(['batch', 1, 28, 28]);
    await session.release();
    const read = readOnnx(model);
    expect(read.opset).toBe(ONNX_OPSET);
    expect(read.irVersion).toBe(7);
    expect(JSON.parse(read.metadata['convlab.spec']!)).toEqual(JSON.parse(JSON.stringify(a.spec)));
    expect(JSON.parse(read.metadata['convlab.classes']!)).toEqual(meta.classes);
    expect(JSON.parse(read.metadata['convlab.normalization']!)).toEqual(meta.normalization);
    expect(read.metadata['convlab.dataset']).toBe('mnist');
    // The normalisation comes first; NHWC-order flatten; dense as Gemm; the spec's softmax last, no extra one.
    expect(read.ops).toEqual(['Sub', 'Div', 'Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Transpose', 'Flatten', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
  });

  it('runs any batch size, and one image gives the same row as in a batch', async () => {
    const images = randomImages(3, [28, 28, 1], 9);
    const all = await onnxProbabilities(model, images, 3, [28, 28, 1]);
    const one = await onnxProbabilities(model, images.subarray(784, 1568), 1, [28, 28, 1]);
    expect(Array.from(one.probs)).toEqual(Array.from(all.probs.subarray(10, 20)));
  });

  it('without normalisation in the file, the model takes the inputs as the network sees them (no Sub/Div)', () => {
    const bare = exportOnnx({ spec: a.spec!, values: randomValues(spec, 3), meta: {} });
    const read = readOnnx(bare);
    expect(read.ops.slice(0, 2)).toEqual(['Conv', 'Relu']);
    expect(read.metadata['convlab.input']).toContain('no normalisation');
  });

  it('refuses a normalisation that does not fit the input channels, and values of another network', () => {
    expect(() => exportOnnx({ spec: a.spec!, values: randomValues(spec, 3), meta: { normalization: { mean: [1, 2, 3], std: [1, 1, 1] } } })).toThrow(ExportError);
    expect(() => exportOnnx({ spec: a.spec!, values: randomValues(spec, 3), meta: { normalization: { mean: [1], std: [0] } } })).toThrow(/positive/);
    expect(() => exportOnnx({ spec: a.spec!, values: { params: new Float32Array(3), state: new Float32Array(64) }, meta: {} })).toThrow(/needs \d+ and \d+; load the model file again/);
  });
});
