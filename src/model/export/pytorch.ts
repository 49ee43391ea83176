// PyTorch export: Python source with the network as an nn.Sequential of named modules (NCHW, as PyTorch computes),
// a loader that reads the weights from the ConvLab model file into PyTorch's layout and a writer that saves them back
// as a ConvLab model file (safetensors read and written in plain Python: json, struct, torch.frombuffer), and a
// self-check that runs the model and compares every layer's output shape with ConvLab's.

import type { LayerAnalysis } from '../analyze.ts';
import type { ModelFile } from '../modelFile.ts';
import { tensorKey } from '../modelFile.ts';
import { canonicalSpec } from '../serialize.ts';
import { header, layerVar, pyFloat, pyList, pyPair, pyString, shapeComment } from './python.ts';
import { exportSource, flattenOrderDiffers, flattensImage, inputIsFlat, hasTensor, resolvedSpec, windowOf, type ExportSource } from './source.ts';

/** PyTorch's shape of a layer's output, [N, C, H, W] or [N, features]. */
function torchShape(l: LayerAnalysis): string {
  const [h, w, c] = l.outputShape;
  return l.flat ? `torch [N, ${c}]` : `torch [N, ${c}, ${h}, ${w}]`;
}

/** The flatten module for an image input: nn.Flatten when (c, h, w) and (h, w, c) orders agree, else FlattenNHWC. */
function flattenModule(l: LayerAnalysis): { code: string; nhwc: boolean } {
  const nhwc = flattenOrderDiffers(l.inputShape);
  return { code: nhwc ? 'FlattenNHWC()' : 'nn.Flatten()', nhwc };
}

interface Emitted {
  module: string;
  /** Loader lines (inside `with torch.no_grad()`), `m` being this layer's module. */
  load: string[];
  /** The inverse for saving: [ConvLab tensor name, expression giving it in ConvLab's layout from `m`]. */
  save?: [string, string][];
  nhwc?: boolean;
}

/** The module of layer i and how its tensors load; `t` is the dict load_file returns. */
function emit(src: ExportSource, i: number): Emitted {
  const l = src.layers[i]!;
  const key = (name: string) => `t[${pyString(`layers.${i}.${name}`)}]`;
  const has = (name: string) => hasTensor(src, i, name);
  switch (l.type) {
    case 'conv2d': {
      const g = windowOf(l);
      const s = resolvedSpec<'conv2d'>(l);
      const inC = l.inputShape[2];
      return {
        module: `nn.Conv2d(${inC}, ${s.filters}, kernel_size=${pyPair(g.kernel)}, stride=${pyPair(g.stride)}, padding=${pyPair(g.padding)}, dilation=${pyPair(g.dilation)}, groups=${g.groups}, bias=${has('bias') ? 'True' : 'False'})`,
        // ConvLab [kh, kw, in/groups, filters] → PyTorch [filters, in/groups, kh, kw].
        load: [`m.weight.copy_(${key('weights')}.permute(3, 2, 0, 1))`, ...(has('bias') ? [`m.bias.copy_(${key('bias')})`] : [])],
        save: [['weights', 'm.weight.permute(2, 3, 1, 0)'], ...(has('bias') ? [['bias', 'm.bias'] as [string, string]] : [])],
      };
    }
    case 'maxpool2d': {
      const g = windowOf(l);
      return { module: `nn.MaxPool2d(kernel_size=${pyPair(g.kernel)}, stride=${pyPair(g.stride)}, padding=${pyPair(g.padding)})`, load: [] };
    }
    case 'avgpool2d': {
      const g = windowOf(l);
      // ConvLab averages over in-bounds positions only.
      return { module: `nn.AvgPool2d(kernel_size=${pyPair(g.kernel)}, stride=${pyPair(g.stride)}, padding=${pyPair(g.padding)}, count_include_pad=False)`, load: [] };
    }
    case 'l2pool2d': {
      const g = windowOf(l);
      const pool = `nn.LPPool2d(2, kernel_size=${pyPair(g.kernel)}, stride=${pyPair(g.stride)})`;
      // nn.LPPool2d has no padding; zero padding adds nothing to the sum of squares, so pad first.
      const [ph, pw] = g.padding;
      return { module: ph || pw ? `nn.Sequential(nn.ZeroPad2d((${pw}, ${pw}, ${ph}, ${ph})), ${pool})` : pool, load: [] };
    }
    case 'globalavgpool':
      return { module: 'nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())', load: [] };
    case 'batchnorm': {
      const s = resolvedSpec<'batchnorm'>(l);
      const kind = inputIsFlat(src, i) ? 'BatchNorm1d' : 'BatchNorm2d';
      // PyTorch's momentum weighs the new batch: running = (1 - m)·running + m·batch, so m = 1 - ConvLab's momentum.
      return {
        module: `nn.${kind}(${l.outputShape[2]}, eps=${pyFloat(s.epsilon)}, momentum=${pyFloat(Math.round((1 - s.momentum) * 1e12) / 1e12)})`,
        load: [`m.weight.copy_(${key('gamma')})`, `m.bias.copy_(${key('beta')})`, `m.running_mean.copy_(${key('runningMean')})`, `m.running_var.copy_(${key('runningVar')})`],
        save: [['gamma', 'm.weight'], ['beta', 'm.bias'], ['runningMean', 'm.running_mean'], ['runningVar', 'm.running_var']],
      };
    }
    case 'dropout':
      return { module: `nn.Dropout(p=${pyFloat(resolvedSpec<'dropout'>(l).rate)})`, load: [] };
    case 'flatten': {
      if (!flattensImage(src, i)) return { module: 'nn.Identity()  # the input is already flat', load: [] };
      const f = flattenModule(l);
      return { module: f.code, load: [], nhwc: f.nhwc };
    }
    case 'dense': {
      const s = resolvedSpec<'dense'>(l);
      const [h, w, c] = l.inputShape;
      const linear = `nn.Linear(${h * w * c}, ${s.units}, bias=${has('bias') ? 'True' : 'False'})`;
      // ConvLab [in, units] → PyTorch [units, in].
      const load = (m: string) => [`${m}.weight.copy_(${key('weights')}.t())`, ...(has('bias') ? [`${m}.bias.copy_(${key('bias')})`] : [])];
      const save = (m: string): [string, string][] => [['weights', `${m}.weight.t()`], ...(has('bias') ? [['bias', `${m}.bias`] as [string, string]] : [])];
      if (!flattensImage(src, i)) return { module: linear, load: load('m'), save: save('m') };
      const f = flattenModule(l);
      // ConvLab's dense flattens an image input itself; here a Sequential(flatten, linear) stands for the one layer.
      return { module: `nn.Sequential(${f.code}, ${linear})`, load: load('m[1]'), save: save('m[1]'), nhwc: f.nhwc };
    }
    case 'relu':
      return { module: 'nn.ReLU()', load: [] };
    case 'tanh':
      return { module: 'nn.Tanh()', load: [] };
    case 'sigmoid':
      return { module: 'nn.Sigmoid()', load: [] };
    case 'leakyrelu':
      return { module: `nn.LeakyReLU(negative_slope=${pyFloat(resolvedSpec<'leakyrelu'>(l).alpha)})`, load: [] };
    case 'elu':
      return { module: `nn.ELU(alpha=${pyFloat(resolvedSpec<'elu'>(l).alpha)})`, load: [] };
    case 'softmax':
      return { module: 'nn.Softmax(dim=1)  # over channels, ConvLab\'s last axis', load: [] };
    default:
      return l.type satisfies never;
  }
}

const NORMALIZE_CLASS = `class Normalize(nn.Module):
    """(x - mean) / std per channel, with mean and std on the [0, 1] pixel scale."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1))

    def forward(self, x):
        return (x - self.mean) / self.std`;

/** Reading and writing safetensors with the standard library and torch alone (no safetensors package needed). */
const SAFETENSORS_IO = `def load_safetensors(path):
    """The tensors (float32) and the "__metadata__" strings of a safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for key, v in header.items():
        if v["dtype"] != "F32":
            raise ValueError(f"{path}: {key} is {v['dtype']}; ConvLab model files store F32")
        begin, end = v["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        flat = torch.frombuffer(raw, dtype=torch.float32) if raw else torch.zeros(0)
        if sys.byteorder != "little":
            flat = flat.byteswap()
        tensors[key] = flat.reshape(v["shape"]).clone()
    return tensors, metadata


def load_file(path):
    return load_safetensors(path)[0]


def save_safetensors(path, tensors, metadata):
    """Writes float32 tensors (name -> tensor, in order) and string metadata as safetensors, with ConvLab's CRC-32."""
    header, blobs, offset = {}, [], 0
    for key, value in tensors.items():
        flat = value.detach().to("cpu", torch.float32).contiguous().reshape(-1)
        blob = struct.pack(f"<{flat.numel()}f", *flat.tolist())
        header[key] = {"dtype": "F32", "shape": list(value.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    data = b"".join(blobs)
    header = {"__metadata__": {**metadata, "checksum": f"crc32:{zlib.crc32(data):08x}"}, **header}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the tensor data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)`;

const FLATTEN_NHWC_CLASS = `class FlattenNHWC(nn.Module):
    """Flattens in ConvLab's (height, width, channel) order, the row order of its dense weights; nn.Flatten would
    give (channel, height, width)."""

    def forward(self, x):
        return torch.flatten(x.permute(0, 2, 3, 1), 1)`;

/** The network of a decoded model file as PyTorch source; `weightsFile` is the default path the script loads. */
export function exportPytorch(file: ModelFile, weightsFile = 'model.safetensors'): string {
  const src = exportSource(file);
  const [h, w, c] = src.input;
  const emitted = src.layers.map((_, i) => emit(src, i));
  const modules: string[] = [];
  if (src.norm) modules.push(`("normalize", Normalize(${pyList(src.norm.mean)}, ${pyList(src.norm.std)})),  # input normalisation: output ${h}x${w}x${c} (torch [N, ${c}, ${h}, ${w}])`);
  src.layers.forEach((l, i) => {
    const [code, note] = emitted[i]!.module.split('  # ');
    const frozen = l.trainable ? '' : ', frozen in ConvLab';
    modules.push(`(${pyString(layerVar(l))}, ${code}),  ${shapeComment(l, torchShape(l) + (note ? `; ${note}` : '') + frozen)}`);
  });
  const load: string[] = [];
  src.layers.forEach((l, i) => {
    const e = emitted[i]!;
    if (e.load.length === 0) return;
    load.push(`        m = model.${layerVar(l)}`, ...e.load.map((s) => `        ${s}`));
    if (!l.trainable) load.push('        m.requires_grad_(False)  # trainable: false in ConvLab');
  });
  const expected = src.layers.map((l) => {
    const [lh, lw, lc] = l.outputShape;
    return `    ${pyString(layerVar(l))}: ${l.flat ? `(${lc},)` : `(${lc}, ${lh}, ${lw})`},`;
  });
  const needsNhwc = emitted.some((e) => e.nhwc);
  // The inverse of the loader, tensor by tensor in ConvLab's layout order (checked against the layout).
  const saveLines: string[] = [];
  src.layers.forEach((l, i) => {
    const pairs = emitted[i]!.save ?? [];
    if (pairs.length === 0) return;
    saveLines.push(`        m = model.${layerVar(l)}`, ...pairs.map(([name, expr]) => `        t[${pyString(`layers.${i}.${name}`)}] = ${expr}`));
  });
  const keys = src.layout.tensors.map(tensorKey);
  const saved = src.layers.flatMap((_, i) => (emitted[i]!.save ?? []).map(([name]) => `layers.${i}.${name}`));
  if (keys.join() !== saved.join()) throw new Error(`exportPytorch: the writer's tensors (${saved.join(', ')}) are not the layout's (${keys.join(', ')})`);
  const meta = file.meta;
  const metadata: Record<string, string> = { format: 'convlab', version: '1', spec: JSON.stringify(canonicalSpec(file.spec)) };
  if (meta.normalization) metadata.normalization = JSON.stringify({ mean: meta.normalization.mean, std: meta.normalization.std });
  if (meta.dataset !== undefined) metadata.dataset = meta.dataset;
  if (meta.classes) metadata.classes = JSON.stringify(meta.classes);

  return [
    ...header(src, 'PyTorch', 'torch (pip install torch); safetensors is read and written in plain Python', `float32 images [N, ${c}, ${h}, ${w}] (NCHW)`),
    '',
    'import json',
    'import struct',
    'import sys',
    'import zlib',
    'from collections import OrderedDict',
    '',
    'import torch',
    'from torch import nn',
    '',
    '# The ConvLab model file\'s metadata (network spec, normalisation, dataset, classes), written back by save_convlab_model.',
    `METADATA = json.loads(${pyString(JSON.stringify(metadata))})`,
    '',
    '',
    SAFETENSORS_IO,
    '',
    ...(src.norm ? ['', NORMALIZE_CLASS, ''] : []),
    ...(needsNhwc ? ['', FLATTEN_NHWC_CLASS, ''] : []),
    '',
    'def build_model():',
    '    return nn.Sequential(OrderedDict([',
    ...modules.map((m) => `        ${m}`),
    '    ]))',
    '',
    '',
    'def load_convlab_weights(model, path):',
    '    """Copies the tensors of a ConvLab model file into the model, converting ConvLab\'s layout to PyTorch\'s."""',
    '    t = load_file(path)',
    '    with torch.no_grad():',
    ...(load.length ? load : ['        pass  # the network has no parameters']),
    '    return model',
    '',
    '',
    'def convlab_tensors(model):',
    '    """The model\'s tensors under ConvLab\'s names, in ConvLab\'s layout (the inverse of load_convlab_weights)."""',
    '    t = OrderedDict()',
    '    with torch.no_grad():',
    ...(saveLines.length ? saveLines : ['        pass  # the network has no parameters']),
    '    return t',
    '',
    '',
    'def save_convlab_model(model, path, training=None):',
    '    """Writes the model as a ConvLab model file (it opens in ConvLab and `convlab eval`); `training`: a dict of notes."""',
    '    metadata = dict(METADATA)',
    '    if training is not None:',
    '        metadata["training"] = json.dumps(training)',
    '    save_safetensors(path, convlab_tensors(model), metadata)',
    '',
    '',
    '# Each layer\'s output shape per example, as ConvLab computes it (checked by check_shapes).',
    'EXPECTED_SHAPES = {',
    ...expected,
    '}',
    '',
    '',
    'def check_shapes(model):',
    '    """Runs one random image and compares every layer\'s output shape with ConvLab\'s."""',
    '    x = torch.rand(1, ' + `${c}, ${h}, ${w})`,
    '    for name, layer in model.named_children():',
    '        x = layer(x)',
    '        if name in EXPECTED_SHAPES and tuple(x.shape[1:]) != EXPECTED_SHAPES[name]:',
    '            raise AssertionError(f"{name}: PyTorch gives {tuple(x.shape[1:])}, ConvLab {EXPECTED_SHAPES[name]}")',
    '    return x',
    '',
    '',
    'if __name__ == "__main__":',
    `    path = sys.argv[1] if len(sys.argv) > 1 else ${pyString(weightsFile)}`,
    '    model = load_convlab_weights(build_model(), path).eval()',
    '    with torch.no_grad():',
    '        print("output", tuple(check_shapes(model).shape), "- every layer\'s shape matches ConvLab")',
    '',
  ].join('\n');
}
