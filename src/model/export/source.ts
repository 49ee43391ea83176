// What every exporter reads from a model file: the analysed layers, each layer's tensors by name, the input
// normalisation on the [0, 1] pixel scale, and the flatten-order question that NHWC → NCHW raises.

import { analyze, type LayerAnalysis, type NetworkAnalysis } from '../analyze.ts';
import type { Shape, WindowGeometry } from '../geometry.ts';
import type { Resolved } from '../layers/types.ts';
import { grouped } from '../format.ts';
import { countNonFinite, type ModelFile } from '../modelFile.ts';
import { findTensor, parameterLayout, type ParameterLayout } from '../parameters.ts';
import type { LayerKind } from '../spec.ts';

export const EXPORT_FORMATS = ['onnx', 'pytorch', 'keras'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A model file that cannot be exported as asked; the message says why and what to do. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportSource {
  file: ModelFile;
  analysis: NetworkAnalysis;
  layout: ParameterLayout;
  layers: LayerAnalysis[];
  /** [H, W, C] of one input image. */
  input: Shape;
  /** Per-channel mean and std for pixels scaled to [0, 1] (the file stores them on the 0..255 scale), or null. */
  norm: { mean: number[]; std: number[] } | null;
  /** The spec's last layer is a softmax (otherwise ConvLab reads its class probabilities as softmax of the output). */
  endsWithSoftmax: boolean;
}

/** Analyses a decoded model file for export; throws ExportError when its normalisation does not fit its input. */
export function exportSource(file: ModelFile): ExportSource {
  const analysis = analyze(file.spec);
  if (!analysis.ok || !analysis.input) throw new ExportError('The network in the model file has errors; load it in ConvLab, fix it and save it again.');
  const layout = parameterLayout(analysis);
  if (file.values.params.length < layout.paramFloats || file.values.state.length < layout.stateFloats) {
    throw new ExportError(`The model's values hold ${file.values.params.length} parameter and ${file.values.state.length} state floats but its network needs ${layout.paramFloats} and ${layout.stateFloats}; load the model file again.`);
  }
  const nonFinite = countNonFinite(file.values);
  if (nonFinite > 0) {
    throw new ExportError(`${grouped(nonFinite)} of the model's values are NaN or infinite (training diverged); it would export a broken network. Train again with a lower learning rate, or load an earlier model file.`);
  }
  const input = analysis.input;
  let norm: ExportSource['norm'] = null;
  const n = file.meta.normalization;
  if (n) {
    if (n.mean.length !== input[2] || n.std.length !== input[2] || n.std.some((s) => !(s > 0))) {
      throw new ExportError(
        `The model file's normalisation has ${n.mean.length} means and ${n.std.length} standard deviations (all must be positive) for ${input[2]} input channels; save the model again with convlab train --save.`,
      );
    }
    norm = { mean: n.mean.map((m) => m / 255), std: n.std.map((s) => s / 255) };
  }
  const layers = analysis.layers;
  return { file, analysis, layout, layers, input, norm, endsWithSoftmax: layers[layers.length - 1]?.type === 'softmax' };
}

/** The values of tensor `name` of layer `layerIndex` (a copy), or null when the layer has none (no bias). */
export function tensorOf(src: ExportSource, layerIndex: number, name: string): Float32Array | null {
  const t = findTensor(src.layout, layerIndex, name);
  if (!t) return null;
  const buffer = t.role === 'state' ? src.file.values.state : src.file.values.params;
  return buffer.slice(t.offset, t.offset + t.size);
}

/** Whether layer `layerIndex` has tensor `name` (a conv or dense without bias has none). */
export function hasTensor(src: ExportSource, layerIndex: number, name: string): boolean {
  return findTensor(src.layout, layerIndex, name) !== undefined;
}

/** Like tensorOf, for tensors every layer of the kind has. */
export function requireTensor(src: ExportSource, layerIndex: number, name: string): Float32Array {
  const v = tensorOf(src, layerIndex, name);
  if (!v) throw new ExportError(`layer ${layerIndex + 1} has no tensor "${name}"; the model file is damaged, save the model again.`);
  return v;
}

/**
 * Whether flattening an HxWxC image gives a different feature order in NCHW (c, h, w) than ConvLab's NHWC (h, w, c):
 * only when there are several positions and several channels. Exporters to channels-first frameworks must then
 * transpose to NHWC before flattening, so dense weights (rows in NHWC order) apply unchanged.
 */
export function flattenOrderDiffers(shape: Shape): boolean {
  return shape[0] * shape[1] > 1 && shape[2] > 1;
}

/** Does layer `i` take an image and turn it into a vector (flatten, or dense with its implicit flatten)? */
export function flattensImage(src: ExportSource, i: number): boolean {
  const t = src.layers[i]!.type;
  return (t === 'flatten' || t === 'dense') && !inputIsFlat(src, i);
}

/** Layer `i`'s input is a feature vector: it follows a flatten, dense or global pooling layer (whose outputs are flat). */
export function inputIsFlat(src: ExportSource, i: number): boolean {
  return i > 0 && src.layers[i - 1]!.flat;
}

/** The layer's spec with every default filled in (analyze resolved it), typed as its kind. */
export const resolvedSpec = <K extends LayerKind>(l: LayerAnalysis) => l.layer as unknown as Resolved<K>;

/** The window of a conv or pooling layer (analyze computed it once; exporters read it, never recompute it). */
export function windowOf(l: LayerAnalysis): WindowGeometry {
  if (!l.window) throw new ExportError(`layer ${l.index + 1} (${l.type}) has no window geometry; the model file is damaged, save the model again.`);
  return l.window;
}
