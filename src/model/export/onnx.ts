// ONNX export (opset 13, https://onnx.ai/onnx/operators/): the network as a standard graph that takes float32 NCHW
// images with pixels in [0, 1] and returns class probabilities [batch, classes]. The dataset normalisation comes first
// (Sub, Div), so the model runs on raw images. Field numbers are those of onnx/onnx.proto.

import type { LayerAnalysis } from '../analyze.ts';
import type { WindowGeometry } from '../geometry.ts';
import type { ModelFile } from '../modelFile.ts';
import { canonicalSpec } from '../serialize.ts';
import { ProtoWriter } from './protobuf.ts';
import { ExportError, exportSource, flattenOrderDiffers, flattensImage, requireTensor, resolvedSpec, tensorOf, windowOf, type ExportSource } from './source.ts';

export const ONNX_OPSET = 13;
/** IR version 7 is the one that goes with opset 13. */
const IR_VERSION = 7;
const FLOAT = 1;
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;
export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'probabilities';

type Attr = { name: string; float: number } | { name: string; int: number } | { name: string; ints: number[] };

interface Node {
  op: string;
  inputs: string[];
  output: string;
  name: string;
  attrs: Attr[];
  doc?: string;
}

interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** Nodes and initializers in the order they are added (which is topological: each node reads earlier outputs). */
class Graph {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];

  constant(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push({ name, dims, data });
    return name;
  }

  node(op: string, inputs: string[], name: string, attrs: Attr[] = [], doc?: string): string {
    this.nodes.push({ op, inputs, output: name, name, attrs, ...(doc !== undefined && { doc }) });
    return name;
  }
}

/** [kh, kw, in/groups, filters] (ConvLab) → [filters, in/groups, kh, kw] (ONNX's OIHW). */
function convWeightsOIHW(w: Float32Array, [kh, kw, ci, f]: [number, number, number, number]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < ci; c++)
        for (let o = 0; o < f; o++) out[((o * ci + c) * kh + y) * kw + x] = w[((y * kw + x) * ci + c) * f + o]!;
  return out;
}

function windowAttrs(g: WindowGeometry): Attr[] {
  return [
    { name: 'kernel_shape', ints: g.kernel },
    { name: 'strides', ints: g.stride },
    // ONNX pads are [top, left, bottom, right]; ConvLab pads both sides of an axis equally.
    { name: 'pads', ints: [g.padding[0], g.padding[1], g.padding[0], g.padding[1]] },
  ];
}

/** A pooling layer's window; ConvLab pools have no dilation field, so anything else is a damaged file. */
function poolWindow(l: LayerAnalysis): WindowGeometry {
  const w = windowOf(l);
  if (w.dilation[0] !== 1 || w.dilation[1] !== 1) {
    throw new ExportError(`layer ${l.index + 1} (${l.type}) pools with dilation ${w.dilation.join('x')}, which ONNX opset ${ONNX_OPSET} pooling cannot express.`);
  }
  return w;
}

/** Transpose to NHWC when the orders differ, then Flatten (output `name`): the vector ConvLab's dense weights expect. */
function flattenNHWC(g: Graph, x: string, shape: LayerAnalysis['inputShape'], name: string): string {
  const source = flattenOrderDiffers(shape) ? g.node('Transpose', [x], `${name}_to_nhwc`, [{ name: 'perm', ints: [0, 2, 3, 1] }], 'NCHW → NHWC so the flattened order is ConvLab\'s (h, w, c)') : x;
  return g.node('Flatten', [source], name, [{ name: 'axis', int: 1 }]);
}

/** Emits the nodes of layer i reading x; returns the output name (x itself for dropout, an identity at inference). */
function emitLayer(g: Graph, src: ExportSource, i: number, x: string): string {
  const l = src.layers[i]!;
  const p = `layer${i + 1}_${l.type}`;
  const doc = `ConvLab layer ${i + 1} (${l.type}): output ${l.outputShape.join('x')} (HxWxC)`;
  switch (l.type) {
    case 'conv2d': {
      const shape = l.tensors[0]!.shape as [number, number, number, number];
      const [kh, kw, ci, f] = shape;
      const w = g.constant(`${p}.weights`, [f, ci, kh, kw], convWeightsOIHW(requireTensor(src, i, 'weights'), shape));
      const bias = tensorOf(src, i, 'bias');
      const inputs = bias ? [x, w, g.constant(`${p}.bias`, [bias.length], bias)] : [x, w];
      const win = windowOf(l);
      return g.node('Conv', inputs, p, [...windowAttrs(win), { name: 'dilations', ints: win.dilation }, { name: 'group', int: win.groups }], doc);
    }
    case 'maxpool2d':
      return g.node('MaxPool', [x], p, windowAttrs(poolWindow(l)), doc);
    case 'avgpool2d':
      // ConvLab averages over the in-bounds positions only: count_include_pad = 0.
      return g.node('AveragePool', [x], p, [...windowAttrs(poolWindow(l)), { name: 'count_include_pad', int: 0 }], doc);
    case 'l2pool2d':
      // LpPool p = 2 is sqrt(Σ x²) over the window with zero padding, which adds nothing: ConvLab's L2 pool exactly.
      return g.node('LpPool', [x], p, [...windowAttrs(poolWindow(l)), { name: 'p', int: 2 }], doc);
    case 'globalavgpool':
      return g.node('Flatten', [g.node('GlobalAveragePool', [x], p, [], doc)], `${p}_flatten`, [{ name: 'axis', int: 1 }]);
    case 'batchnorm': {
      const c = l.outputShape[2];
      const t = (name: string) => g.constant(`${p}.${name}`, [c], requireTensor(src, i, name));
      return g.node('BatchNormalization', [x, t('gamma'), t('beta'), t('runningMean'), t('runningVar')], p, [{ name: 'epsilon', float: resolvedSpec<'batchnorm'>(l).epsilon }], doc);
    }
    case 'dropout':
      return x;
    case 'flatten':
      return flattensImage(src, i) ? flattenNHWC(g, x, l.inputShape, p) : x;
    case 'dense': {
      const input = flattensImage(src, i) ? flattenNHWC(g, x, l.inputShape, `${p}_flatten`) : x;
      const w = requireTensor(src, i, 'weights');
      const units = l.outputShape[2];
      const weights = g.constant(`${p}.weights`, [w.length / units, units], w);
      const bias = tensorOf(src, i, 'bias');
      return g.node('Gemm', bias ? [input, weights, g.constant(`${p}.bias`, [units], bias)] : [input, weights], p, [], doc);
    }
    case 'relu':
      return g.node('Relu', [x], p, [], doc);
    case 'tanh':
      return g.node('Tanh', [x], p, [], doc);
    case 'sigmoid':
      return g.node('Sigmoid', [x], p, [], doc);
    case 'leakyrelu':
      return g.node('LeakyRelu', [x], p, [{ name: 'alpha', float: resolvedSpec<'leakyrelu'>(l).alpha }], doc);
    case 'elu':
      return g.node('Elu', [x], p, [{ name: 'alpha', float: resolvedSpec<'elu'>(l).alpha }], doc);
    case 'softmax':
      // Over channels: axis 1 of NCHW or of [batch, features], ConvLab's last (channel) axis.
      return g.node('Softmax', [x], p, [{ name: 'axis', int: 1 }], doc);
    default:
      return l.type satisfies never;
  }
}

function buildGraph(src: ExportSource): Graph {
  const g = new Graph();
  const c = src.input[2];
  let x = ONNX_INPUT;
  if (src.norm) {
    const dims = [1, c, 1, 1];
    x = g.node('Sub', [x, g.constant('normalization.mean', dims, Float32Array.from(src.norm.mean))], 'normalize_sub_mean', [], 'pixel - dataset mean (on the [0, 1] scale)');
    x = g.node('Div', [x, g.constant('normalization.std', dims, Float32Array.from(src.norm.std))], 'normalize_div_std', [], '/ dataset std: the normalised input ConvLab trains on');
  }
  src.layers.forEach((_, i) => {
    x = emitLayer(g, src, i, x);
  });
  const last = src.layers[src.layers.length - 1]!;
  if (!last.flat) {
    // The network ends with an image (1x1xC for a classifier): flatten to [batch, features] in ConvLab's order.
    x = flattenNHWC(g, x, last.outputShape, 'output_flatten');
  }
  // ConvLab's class probabilities are the softmax of the output when the spec does not end with one.
  if (!src.endsWithSoftmax) x = g.node('Softmax', [x], 'output_softmax', [{ name: 'axis', int: 1 }], 'ConvLab reads class probabilities as softmax of the logits');
  if (x === ONNX_INPUT) throw new ExportError('The network computes nothing at inference (only dropout layers); add a dense layer with one unit per class.');
  const final = g.nodes[g.nodes.length - 1]!;
  final.output = ONNX_OUTPUT;
  return g;
}

function writeValueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(1, name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, FLOAT).message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

function writeAttr(w: ProtoWriter, a: Attr): void {
  w.string(1, a.name);
  if ('float' in a) w.int(20, ATTR.FLOAT).float(2, a.float);
  else if ('int' in a) w.int(20, ATTR.INT).int(3, a.int);
  else w.int(20, ATTR.INTS).packedInts(8, a.ints);
}

function rawBytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** The network of a decoded model file as an ONNX model (bytes of a ModelProto). */
export function exportOnnx(file: ModelFile): Uint8Array {
  const src = exportSource(file);
  const g = buildGraph(src);
  const [h, w, c] = src.input;
  const classes = src.layers[src.layers.length - 1]!.outputShape[2];
  const metadata: [string, string][] = [
    ['convlab.spec', JSON.stringify(canonicalSpec(file.spec))],
    ['convlab.input', `float32 NCHW [batch, ${c}, ${h}, ${w}], pixel values in [0, 1]${src.norm ? '; normalised inside the model' : '; no normalisation (the model file carries none): feed what the network was trained on'}`],
  ];
  if (file.meta.dataset !== undefined) metadata.push(['convlab.dataset', file.meta.dataset]);
  if (file.meta.classes) metadata.push(['convlab.classes', JSON.stringify(file.meta.classes)]);
  if (file.meta.normalization) metadata.push(['convlab.normalization', JSON.stringify(file.meta.normalization)]);

  const model = new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'ConvLab')
    .string(3, '0.1.0')
    .string(6, `${src.analysis.name}, exported from ConvLab. Input "${ONNX_INPUT}": ${metadata[1]![1]}. Output "${ONNX_OUTPUT}": class probabilities [batch, ${classes}].`)
    .message(7, (graph) => {
      for (const n of g.nodes) {
        graph.message(1, (node) => {
          for (const i of n.inputs) node.string(1, i);
          node.string(2, n.output).string(3, n.name).string(4, n.op);
          for (const a of n.attrs) node.message(5, (attr) => writeAttr(attr, a));
          if (n.doc) node.string(6, n.doc);
        });
      }
      graph.string(2, src.analysis.name);
      for (const t of g.initializers) graph.message(5, (tensor) => tensor.packedInts(1, t.dims).int(2, FLOAT).string(8, t.name).bytes(9, rawBytes(t.data)));
      graph.message(11, (v) => writeValueInfo(v, ONNX_INPUT, ['batch', c, h, w]));
      graph.message(12, (v) => writeValueInfo(v, ONNX_OUTPUT, ['batch', classes]));
    })
    .message(8, (opset) => opset.string(1, '').int(2, ONNX_OPSET));
  for (const [key, value] of metadata) model.message(14, (entry) => entry.string(1, key).string(2, value));
  return model.finish();
}
