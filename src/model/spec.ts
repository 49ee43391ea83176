// The network spec: the JSON a user writes, shares and loads (Keras-like camelCase).
// Tensor layout, stated once for the whole project: activations are NHWC (batch, height, width,
// channels); conv weights are [kernelHeight, kernelWidth, inChannels / groups, filters]; dense
// weights are [inFeatures, units]. A flattened tensor is the NHWC tensor read in memory order.

/** A size given once for both axes, or as [height, width]. */
export type Pair = number | [number, number];

/** Zero padding per side: a number, [height, width], "valid" (0) or "same" (keeps size at stride 1). */
export type Padding = Pair | 'valid' | 'same';

export interface InputSpec {
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** 1 for grayscale, 3 for RGB. */
  channels: number;
}

interface TrainableSpec {
  /** false freezes the layer's parameters (transfer learning: freeze early layers, retrain the top). */
  trainable?: boolean;
}

export interface Conv2dSpec extends TrainableSpec {
  type: 'conv2d';
  filters: number;
  kernelSize: Pair;
  stride?: Pair;
  padding?: Padding;
  dilation?: Pair;
  groups?: number;
  useBias?: boolean;
}

export type PoolKind = 'maxpool2d' | 'avgpool2d' | 'l2pool2d';

export interface Pool2dSpec {
  type: PoolKind;
  poolSize?: Pair;
  /** Defaults to poolSize (non-overlapping windows). */
  stride?: Pair;
  padding?: Padding;
}

export interface GlobalAvgPoolSpec { type: 'globalavgpool' }

export interface BatchNormSpec extends TrainableSpec {
  type: 'batchnorm';
  /** running = momentum * running + (1 - momentum) * batch statistic. */
  momentum?: number;
  epsilon?: number;
}

export interface DropoutSpec {
  type: 'dropout';
  /** Fraction of units zeroed during training (inverted dropout: survivors scaled by 1 / (1 - rate)). */
  rate?: number;
}

export interface FlattenSpec { type: 'flatten' }

export interface DenseSpec extends TrainableSpec {
  type: 'dense';
  units: number;
  useBias?: boolean;
}

export type SimpleActivationKind = 'relu' | 'tanh' | 'sigmoid' | 'softmax';
export interface SimpleActivationSpec { type: SimpleActivationKind }
export interface LeakyReluSpec { type: 'leakyrelu'; alpha?: number }
export interface EluSpec { type: 'elu'; alpha?: number }

export type LayerSpec =
  | Conv2dSpec
  | Pool2dSpec
  | GlobalAvgPoolSpec
  | BatchNormSpec
  | DropoutSpec
  | FlattenSpec
  | DenseSpec
  | SimpleActivationSpec
  | LeakyReluSpec
  | EluSpec;

export type LayerKind = LayerSpec['type'];

/** The spec of one layer kind, picked out of the union. */
export type SpecOf<K extends LayerKind> = Extract<LayerSpec, { type: K }>;

export interface NetworkSpec {
  name?: string;
  description?: string;
  input: InputSpec;
  layers: LayerSpec[];
}

/** Every layer kind, in palette order. */
export const LAYER_KINDS = [
  'conv2d',
  'maxpool2d',
  'avgpool2d',
  'l2pool2d',
  'globalavgpool',
  'batchnorm',
  'dropout',
  'flatten',
  'dense',
  'relu',
  'leakyrelu',
  'elu',
  'tanh',
  'sigmoid',
  'softmax',
] as const satisfies readonly LayerKind[];

// A kind missing from LAYER_KINDS fails here.
type MissingKinds = Exclude<LayerKind, (typeof LAYER_KINDS)[number]>;
export const allKindsListed: MissingKinds extends never ? true : never = true;

export function isLayerKind(value: unknown): value is LayerKind {
  return typeof value === 'string' && (LAYER_KINDS as readonly string[]).includes(value);
}
