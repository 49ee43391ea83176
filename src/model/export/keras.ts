// Keras 3 export: Python source with the network as a keras.Sequential (channels_last, which is ConvLab's NHWC, so
// conv kernels [kh, kw, in/groups, filters], dense kernels [in, units] and the flatten order carry over unchanged),
// a loader that reads the weights from the ConvLab model file (safetensors.numpy), and a shape self-check.
// Where Keras has no layer with ConvLab's exact semantics (explicit pooling padding, stride with dilation), small
// layers defined in the generated file do it.

import type { LayerAnalysis } from '../analyze.ts';
import type { ModelFile } from '../modelFile.ts';
import { header, layerVar, pyFloat, pyList, pyPair, pyString, shapeComment } from './python.ts';
import { exportSource, flattensImage, hasTensor, resolvedSpec, windowOf, type ExportSource } from './source.ts';

const kerasShape = (l: LayerAnalysis) => {
  const [h, w, c] = l.outputShape;
  return l.flat ? `Keras (None, ${c})` : `Keras (None, ${h}, ${w}, ${c})`;
};

/** Helper layers, emitted only when a layer needs them. */
const HELPERS = {
  PaddedPool2D: `@keras.saving.register_keras_serializable(package="convlab")
class PaddedPool2D(layers.Layer):
    """ConvLab's pooling with explicit padding: padded positions never win a max and are left out of averages
    and L2 sums (Keras's own pools only offer "valid" and "same")."""

    def __init__(self, kind, pool_size, strides, padding, **kwargs):
        super().__init__(**kwargs)
        self.kind, self.pool_size, self.strides, self.padding = kind, tuple(pool_size), tuple(strides), tuple(padding)

    def call(self, x):
        (ph, pw), args = self.padding, dict(pool_size=self.pool_size, strides=self.strides, padding="valid")
        pads = [[0, 0], [ph, ph], [pw, pw], [0, 0]]
        if self.kind == "max":
            return ops.max_pool(ops.pad(x, pads, constant_values=float("-inf")), **args)
        area = float(self.pool_size[0] * self.pool_size[1])
        if self.kind == "l2":
            return ops.sqrt(ops.average_pool(ops.pad(ops.square(x), pads), **args) * area)
        counts = ops.average_pool(ops.pad(ops.ones_like(x[..., :1]), pads), **args)
        return ops.average_pool(ops.pad(x, pads), **args) / counts

    def get_config(self):
        return {**super().get_config(), "kind": self.kind, "pool_size": self.pool_size, "strides": self.strides, "padding": self.padding}`,
  Subsample2D: `@keras.saving.register_keras_serializable(package="convlab")
class Subsample2D(layers.Layer):
    """Keeps every stride-th row and column: a stride-1 convolution followed by this equals the strided one
    (Keras's Conv2D refuses strides > 1 together with dilation_rate > 1)."""

    def __init__(self, strides, **kwargs):
        super().__init__(**kwargs)
        self.strides = tuple(strides)

    def call(self, x):
        return x[:, :: self.strides[0], :: self.strides[1], :]

    def get_config(self):
        return {**super().get_config(), "strides": self.strides}`,
} as const;
type Helper = keyof typeof HELPERS;

interface Emitted {
  /** Keras layers for this ConvLab layer; the one holding the weights is named layerVar(l). */
  layers: string[];
  /** The weight list for set_weights, in Keras's order, or null when the layer has none. */
  weights: string[] | null;
  helpers: Helper[];
  /** Name of the last Keras layer: its output is the ConvLab layer's output. */
  output?: string;
}

function emit(src: ExportSource, i: number): Emitted {
  const l = src.layers[i]!;
  const name = pyString(layerVar(l));
  const key = (n: string) => `t[${pyString(`layers.${i}.${n}`)}]`;
  const has = (n: string) => hasTensor(src, i, n);
  const plain = (layer: string): Emitted => ({ layers: [layer], weights: null, helpers: [] });
  switch (l.type) {
    case 'conv2d': {
      const g = windowOf(l);
      const s = resolvedSpec<'conv2d'>(l);
      const [ph, pw] = g.padding;
      const strided = (g.stride[0] > 1 || g.stride[1] > 1) && (g.dilation[0] > 1 || g.dilation[1] > 1);
      const out: string[] = [];
      if (ph || pw) out.push(`layers.ZeroPadding2D(padding=((${ph}, ${ph}), (${pw}, ${pw})), name=${pyString(`${layerVar(l)}_pad`)})`);
      out.push(
        `layers.Conv2D(${s.filters}, ${pyPair(g.kernel)}, strides=${strided ? '(1, 1)' : pyPair(g.stride)}, padding="valid", dilation_rate=${pyPair(g.dilation)}, groups=${g.groups}, use_bias=${has('bias') ? 'True' : 'False'}, name=${name})`,
      );
      if (strided) out.push(`Subsample2D(${pyPair(g.stride)}, name=${pyString(`${layerVar(l)}_stride`)})`);
      return {
        layers: out,
        weights: [key('weights'), ...(has('bias') ? [key('bias')] : [])],
        helpers: strided ? ['Subsample2D'] : [],
        ...(strided && { output: `${layerVar(l)}_stride` }),
      };
    }
    case 'maxpool2d':
    case 'avgpool2d':
    case 'l2pool2d': {
      const g = windowOf(l);
      const kind = l.type === 'maxpool2d' ? 'max' : l.type === 'avgpool2d' ? 'avg' : 'l2';
      if (kind !== 'l2' && g.padding[0] === 0 && g.padding[1] === 0) {
        const cls = kind === 'max' ? 'MaxPooling2D' : 'AveragePooling2D';
        return plain(`layers.${cls}(pool_size=${pyPair(g.kernel)}, strides=${pyPair(g.stride)}, padding="valid", name=${name})`);
      }
      return { layers: [`PaddedPool2D(${pyString(kind)}, ${pyPair(g.kernel)}, ${pyPair(g.stride)}, ${pyPair(g.padding)}, name=${name})`], weights: null, helpers: ['PaddedPool2D'] };
    }
    case 'globalavgpool':
      return plain(`layers.GlobalAveragePooling2D(name=${name})`);
    case 'batchnorm': {
      const s = resolvedSpec<'batchnorm'>(l);
      // Keras's momentum has ConvLab's meaning: moving = momentum·moving + (1 - momentum)·batch.
      return {
        layers: [`layers.BatchNormalization(axis=-1, momentum=${pyFloat(s.momentum)}, epsilon=${pyFloat(s.epsilon)}, name=${name})`],
        weights: [key('gamma'), key('beta'), key('runningMean'), key('runningVar')],
        helpers: [],
      };
    }
    case 'dropout':
      return plain(`layers.Dropout(${pyFloat(resolvedSpec<'dropout'>(l).rate)}, name=${name})`);
    case 'flatten':
      return plain(`layers.Flatten(name=${name})`);
    case 'dense': {
      const s = resolvedSpec<'dense'>(l);
      const out = flattensImage(src, i) ? [`layers.Flatten(name=${pyString(`${layerVar(l)}_flatten`)})`] : [];
      out.push(`layers.Dense(${s.units}, use_bias=${has('bias') ? 'True' : 'False'}, name=${name})`);
      return { layers: out, weights: [key('weights'), ...(has('bias') ? [key('bias')] : [])], helpers: [] };
    }
    case 'relu':
      return plain(`layers.ReLU(name=${name})`);
    case 'tanh':
      return plain(`layers.Activation("tanh", name=${name})`);
    case 'sigmoid':
      return plain(`layers.Activation("sigmoid", name=${name})`);
    case 'leakyrelu':
      return plain(`layers.LeakyReLU(negative_slope=${pyFloat(resolvedSpec<'leakyrelu'>(l).alpha)}, name=${name})`);
    case 'elu':
      return plain(`layers.ELU(alpha=${pyFloat(resolvedSpec<'elu'>(l).alpha)}, name=${name})`);
    case 'softmax':
      return plain(`layers.Softmax(axis=-1, name=${name})`);
    default:
      return l.type satisfies never;
  }
}

/** The network of a decoded model file as Keras 3 source; `weightsFile` is the default path the script loads. */
export function exportKeras(file: ModelFile, weightsFile = 'model.safetensors'): string {
  const src = exportSource(file);
  const [h, w, c] = src.input;
  const emitted = src.layers.map((_, i) => emit(src, i));
  const entries: string[] = [`keras.Input(shape=(${h}, ${w}, ${c}), name="image"),  # input: ${h}x${w}x${c}, channels_last`];
  if (src.norm) {
    entries.push(`layers.Normalization(mean=${pyList(src.norm.mean)}, variance=${pyList(src.norm.std.map((s) => s * s))}, name="normalize"),  # input normalisation`);
  }
  src.layers.forEach((l, i) => {
    const e = emitted[i]!;
    e.layers.forEach((layer, k) => {
      const last = k === e.layers.length - 1;
      entries.push(last ? `${layer},  ${shapeComment(l, kerasShape(l) + (l.trainable ? '' : ', frozen in ConvLab'))}` : `${layer},`);
    });
  });
  const helpers = [...new Set(emitted.flatMap((e) => e.helpers))];
  const load: string[] = [];
  src.layers.forEach((l, i) => {
    const e = emitted[i]!;
    if (!e.weights) return;
    load.push(`    model.get_layer(${pyString(layerVar(l))}).set_weights([${e.weights.join(', ')}])`);
    if (!l.trainable) load.push(`    model.get_layer(${pyString(layerVar(l))}).trainable = False  # trainable: false in ConvLab`);
  });
  const expected = src.layers.map((l, i) => {
    const [lh, lw, lc] = l.outputShape;
    return `    ${pyString(emitted[i]!.output ?? layerVar(l))}: ${l.flat ? `(None, ${lc})` : `(None, ${lh}, ${lw}, ${lc})`},`;
  });

  return [
    ...header(src, 'Keras', 'pip install keras safetensors numpy (Keras 3, any backend)', `float32 images (N, ${h}, ${w}, ${c}) (channels_last)`),
    ...(src.layers.some((l) => (l.window?.groups ?? 1) > 1)
      ? ['# Grouped convolutions (groups > 1) need a backend that runs them on your device: JAX and PyTorch do; TensorFlow\'s CPU kernels do not.']
      : []),
    '',
    'import sys',
    '',
    'import keras',
    'from keras import layers, ops',
    'from safetensors.numpy import load_file',
    '',
    ...helpers.flatMap((hp) => ['', HELPERS[hp], '']),
    '',
    'def build_model():',
    '    return keras.Sequential([',
    ...entries.map((e) => `        ${e}`),
    `    ], name=${pyString(src.analysis.name.replace(/[^A-Za-z0-9_]+/g, '_'))})`,
    '',
    '',
    'def load_convlab_weights(model, path):',
    '    """Sets the weights from a ConvLab model file: its layout is channels_last, the same as Keras\'s."""',
    '    t = load_file(path)',
    ...(load.length ? load : ['    pass  # the network has no parameters']),
    '    return model',
    '',
    '',
    '# Each layer\'s output shape, as ConvLab computes it (checked by check_shapes).',
    'EXPECTED_SHAPES = {',
    ...expected,
    '}',
    '',
    '',
    'def check_shapes(model):',
    '    """Compares every layer\'s output shape with ConvLab\'s."""',
    '    for name, shape in EXPECTED_SHAPES.items():',
    '        got = tuple(model.get_layer(name).output.shape)',
    '        if got != shape:',
    '            raise AssertionError(f"{name}: Keras gives {got}, ConvLab {shape}")',
    '',
    '',
    'if __name__ == "__main__":',
    `    path = sys.argv[1] if len(sys.argv) > 1 else ${pyString(weightsFile)}`,
    '    model = load_convlab_weights(build_model(), path)',
    '    check_shapes(model)',
    '    model.summary()',
    '',
  ].join('\n');
}
