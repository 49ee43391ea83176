// How a network trains: which layers run as ops, where the logits come from, and whether the final softmax is
// fused into the loss (softmax + cross-entropy in one pass is both faster and numerically safer).

import type { LayerAnalysis, NetworkAnalysis } from './analyze.ts';
import { parameterLayout, type ParameterLayout } from './parameters.ts';

export interface TrainingPlan {
  analysis: NetworkAnalysis;
  layout: ParameterLayout;
  /** Input shape of one example [H, W, C]. */
  input: [number, number, number];
  /** Layers that run as ops, in order. A final softmax is not among them (it is fused into the loss). */
  ops: LayerAnalysis[];
  /** The spec's last layer is a softmax: its output (the probabilities) is the loss kernel's `probs`. */
  fusedSoftmax: boolean;
  classes: number;
}

/** Elements of one example's output of a layer. */
export function outputSize(layer: LayerAnalysis): number {
  const [h, w, c] = layer.outputShape;
  return h * w * c;
}

/** Checks that the network can train on `classes` classes and fixes its structure; throws an Error that says what to change. */
export function trainingPlan(analysis: NetworkAnalysis, classes?: number): TrainingPlan {
  if (!analysis.ok) {
    const first = analysis.issues.find((i) => i.severity === 'error');
    throw new Error(`The network has errors and cannot train: ${first?.message ?? 'fix the spec first'}`);
  }
  const layers = analysis.layers;
  const last = layers[layers.length - 1];
  if (!last || !analysis.input) throw new Error('The network has no layers; add at least a dense layer with one unit per class.');
  const fusedSoftmax = last.type === 'softmax';
  const ops = fusedSoftmax ? layers.slice(0, -1) : layers;
  const logits = ops[ops.length - 1];
  const outputs = logits ? outputSize(logits) : 0;
  if (logits && !logits.flat && (logits.outputShape[0] !== 1 || logits.outputShape[1] !== 1)) {
    throw new Error(
      `The network ends with a ${logits.outputShape.join('x')} image (layer ${logits.index + 1}, ${logits.type}); a classifier must end with one score per class: add flatten and dense(${classes ?? 'classes'}) (then softmax).`,
    );
  }
  if (classes !== undefined && outputs !== classes) {
    throw new Error(`The network outputs ${outputs} scores but the dataset has ${classes} classes; set the last dense layer to ${classes} units.`);
  }
  const [h, w, c] = analysis.input!;
  return { analysis, layout: parameterLayout(analysis), input: [h, w, c], ops, fusedSoftmax, classes: outputs };
}
