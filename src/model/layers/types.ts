// What every layer kind defines, once: the UI, the parser, shape inference and both backends read this.

import type { FieldDef } from '../fields.ts';
import type { Shape, WindowGeometry } from '../geometry.ts';
import type { SpecIssue } from '../issues.ts';
import type { LayerKind, SpecOf } from '../spec.ts';

export type LayerCategory = 'convolution' | 'pooling' | 'normalization' | 'regularization' | 'reshape' | 'dense' | 'activation';

/** A spec with every optional field filled from the kind's defaults. */
export type Resolved<K extends LayerKind> = Required<SpecOf<K>>;

/** A named tensor owned by a layer, with its shape in the project layout (see spec.ts). */
export interface TensorDef {
  name: string;
  shape: number[];
  /** 'weight' and 'bias' are counted separately in summaries; 'state' is not trained (batchnorm running stats). */
  role: 'weight' | 'bias' | 'state';
}

/** Where a layer sits: its position and the shape flowing into it. */
export interface LayerContext {
  index: number;
  input: Shape;
  /** The input is a feature vector (after flatten, dense or global pooling), not an image. */
  flat: boolean;
  /** Problems found are pushed here; an error means the layer has no output shape. */
  issues: SpecIssue[];
}

export interface LayerInference {
  output: Shape;
  flat: boolean;
  tensors: TensorDef[];
  /** Multiply-accumulates per example (conv and dense; element-wise layers count 0). */
  macs: number;
  /** Present for conv and pooling: the window, also used for the receptive field. */
  window?: WindowGeometry;
  /** Every output unit sees the whole input (dense, global pooling). */
  global?: boolean;
}

export interface LayerDef<K extends LayerKind> {
  kind: K;
  /** Name on the palette and the layer card. */
  label: string;
  category: LayerCategory;
  /** One sentence: what the layer does. */
  summary: string;
  /** Editable fields in inspector order. */
  fields: FieldDef[];
  /** Values a new layer of this kind starts with; also fill optional fields left out of a spec. */
  defaults: Omit<Resolved<K>, 'type'>;
  /** Needs an image-shaped (HxWxC) input rather than a flat vector. */
  spatial: boolean;
  /** Output shape, tensors and cost; null (with an error pushed to ctx.issues) when the layer cannot apply. */
  infer(layer: Resolved<K>, ctx: LayerContext): LayerInference | null;
}
