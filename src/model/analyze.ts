// Shape inference and the arithmetic users come to learn: per layer output shape, parameters (weights and
// biases apart), multiply-accumulates, activation memory and the receptive field back to the input.

import { axisFit, formulaText, shapeSize, type AxisWindow, type Shape, type WindowGeometry } from './geometry.ts';
import { hasErrors, issue, SpecError, type SpecIssue } from './issues.ts';
import type { LayerContext, LayerInference, TensorDef } from './layers/types.ts';
import { checkField } from './fields.ts';
import { checkLayer, INPUT_SIZE_FIELD, parseSpec } from './parse.ts';
import { layerDef, resolveLayer } from './registry.ts';
import type { LayerKind, LayerSpec, NetworkSpec } from './spec.ts';

/** Bytes per stored value: everything is float32. */
export const BYTES_PER_VALUE = 4;

export interface ReceptiveField {
  /** Input pixels (height, width) that one output unit depends on. */
  size: [number, number];
  /** Distance in input pixels between neighbouring output units. */
  jump: [number, number];
  /** Input coordinate of the centre of the first output unit (negative inside the padding). */
  start: [number, number];
  /** The unit sees the whole input (after dense or global pooling). */
  global: boolean;
}

export interface LayerAnalysis {
  index: number;
  type: LayerKind;
  /** The layer with every default filled in. */
  layer: LayerSpec;
  inputShape: Shape;
  outputShape: Shape;
  /** The output is a vector of outputShape[2] features. */
  flat: boolean;
  tensors: TensorDef[];
  weights: number;
  biases: number;
  /** weights + biases (running statistics are state, not parameters). */
  params: number;
  trainable: boolean;
  macs: number;
  /** Output activations of one example, in bytes. */
  activationBytes: number;
  receptiveField: ReceptiveField;
  window?: WindowGeometry;
  /** For conv and pooling: the output-size formula with this layer's numbers, per axis. */
  formula?: { height: string; width: string };
  issues: SpecIssue[];
}

export interface NetworkTotals {
  params: number;
  trainableParams: number;
  frozenParams: number;
  weights: number;
  biases: number;
  /** Non-trained values kept with the model (batchnorm running statistics). */
  state: number;
  macs: number;
  /** Sum of every layer's output activations for one example, in bytes. */
  activationBytes: number;
  paramBytes: number;
}

export interface NetworkAnalysis {
  name: string;
  /** The validated spec, or null when its structure or fields are wrong. */
  spec: NetworkSpec | null;
  input: Shape | null;
  /** Layers analysed in order; stops at the first layer whose shape cannot be computed. */
  layers: LayerAnalysis[];
  issues: SpecIssue[];
  ok: boolean;
  outputShape: Shape | null;
  totals: NetworkTotals;
}

function count(tensors: TensorDef[], role: TensorDef['role']): number {
  return tensors.filter((t) => t.role === role).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
}

function nextReceptiveField(rf: ReceptiveField, window: WindowGeometry | undefined, global: boolean, input: Shape): ReceptiveField {
  if (rf.global || global) return { size: [input[0], input[1]], jump: rf.jump, start: rf.start, global: true };
  if (!window) return rf;
  const next = (axis: 0 | 1) => {
    const eff = window.dilation[axis] * (window.kernel[axis] - 1) + 1;
    return {
      size: rf.size[axis] + (eff - 1) * rf.jump[axis],
      jump: rf.jump[axis] * window.stride[axis],
      start: rf.start[axis] + ((eff - 1) / 2 - window.padding[axis]) * rf.jump[axis],
    };
  };
  const h = next(0);
  const w = next(1);
  return { size: [h.size, w.size], jump: [h.jump, w.jump], start: [h.start, w.start], global: false };
}

function axesOf(window: WindowGeometry): [AxisWindow, AxisWindow] {
  const axis = (i: 0 | 1): AxisWindow => ({
    input: window.input[i],
    kernel: window.kernel[i],
    stride: window.stride[i],
    padding: window.padding[i],
    dilation: window.dilation[i],
  });
  return [axis(0), axis(1)];
}

/** Whether a window layer covers its input exactly along both axes. */
export function windowFits(window: WindowGeometry): boolean {
  return axesOf(window).every((a) => axisFit(a).fits);
}

/** Analyses any JSON value: structure, fields and shapes, collecting every problem. */
export function analyze(value: unknown): NetworkAnalysis {
  const parsed = parseSpec(value);
  const issues = [...parsed.issues];
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Partial<NetworkSpec>;
  const input = parsed.spec?.input ?? validInput(raw.input);
  const layers: LayerAnalysis[] = [];
  const totals: NetworkTotals = { params: 0, trainableParams: 0, frozenParams: 0, weights: 0, biases: 0, state: 0, macs: 0, activationBytes: 0, paramBytes: 0 };
  let shape: Shape | null = input ? [input.height, input.width, input.channels] : null;
  let flat = false;
  let rf: ReceptiveField = { size: [1, 1], jump: [1, 1], start: [0, 0], global: false };
  const specLayers = Array.isArray(raw.layers) ? (raw.layers as unknown[]) : [];
  if (Array.isArray(raw.layers) && specLayers.length === 0) {
    issues.push(issue('error', 'no-layers', { layerIndex: null, field: 'layers' }, 'the network has no layers; add at least one: a classifier needs a flatten layer, then a dense layer with one unit per class.'));
  }
  for (let index = 0; shape && index < specLayers.length; index++) {
    const rawLayer = specLayers[index];
    if (hasErrors(checkLayer(rawLayer, index))) break;
    const layer = resolveLayer(rawLayer as LayerSpec);
    const def = layerDef(layer.type);
    const layerIssues: SpecIssue[] = [];
    if (def.spatial && flat) {
      layerIssues.push(issue('error', 'needs-spatial-input', { layerIndex: index, layerType: layer.type },
        `${layer.type} needs an image-shaped input (height x width x channels) but gets a flat vector of ${shape[2]} features; move it before the flatten, dense or global pooling layer.`));
    }
    const infer = def.infer as (l: LayerSpec, c: LayerContext) => LayerInference | null;
    const inference: LayerInference | null = hasErrors(layerIssues) ? null : infer(layer, { index, input: shape, flat, issues: layerIssues });
    issues.push(...layerIssues);
    if (!inference) break;
    const weights = count(inference.tensors, 'weight');
    const biases = count(inference.tensors, 'bias');
    const trainable = 'trainable' in layer ? layer.trainable !== false : true;
    rf = nextReceptiveField(rf, inference.window, inference.global ?? false, [input!.height, input!.width, input!.channels]);
    const analysis: LayerAnalysis = {
      index,
      type: layer.type,
      layer,
      inputShape: shape,
      outputShape: inference.output,
      flat: inference.flat,
      tensors: inference.tensors,
      weights,
      biases,
      params: weights + biases,
      trainable,
      macs: inference.macs,
      activationBytes: shapeSize(inference.output) * BYTES_PER_VALUE,
      receptiveField: rf,
      issues: layerIssues,
    };
    if (inference.window) {
      const [h, w] = axesOf(inference.window);
      analysis.window = inference.window;
      analysis.formula = { height: formulaText(h), width: formulaText(w) };
    }
    layers.push(analysis);
    totals.weights += weights;
    totals.biases += biases;
    totals.params += weights + biases;
    if (trainable) totals.trainableParams += weights + biases;
    else totals.frozenParams += weights + biases;
    totals.state += count(inference.tensors, 'state');
    totals.macs += inference.macs;
    totals.activationBytes += analysis.activationBytes;
    shape = inference.output;
    flat = inference.flat;
  }
  totals.paramBytes = (totals.params + totals.state) * BYTES_PER_VALUE;
  const ok = !hasErrors(issues);
  return {
    name: typeof raw.name === 'string' && raw.name ? raw.name : 'Untitled network',
    spec: ok ? parsed.spec : null,
    input: input ? [input.height, input.width, input.channels] : null,
    layers,
    issues,
    ok,
    outputShape: ok ? shape : null,
    totals,
  };
}

function validInput(value: unknown): NetworkSpec['input'] | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const good = (x: unknown) => checkField(INPUT_SIZE_FIELD, x, { layerIndex: null }) === null;
  return good(v.height) && good(v.width) && good(v.channels) ? (v as unknown as NetworkSpec['input']) : null;
}

/** analyze() for code that needs a valid network: throws a SpecError listing every error. */
export function analyzeOrThrow(value: unknown): NetworkAnalysis & { spec: NetworkSpec; outputShape: Shape } {
  const result = analyze(value);
  if (!result.ok || !result.spec || !result.outputShape) throw new SpecError(result.issues);
  return result as NetworkAnalysis & { spec: NetworkSpec; outputShape: Shape };
}
