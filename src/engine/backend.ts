// The contract both compute backends keep: WebGPU (src/engine/gpu/) and the CPU reference (src/engine/cpu/).
// The trainer (trainer.ts) drives either one, so the CPU backend is both the test oracle for a whole training
// step and the fallback when navigator.gpu is missing.

import type { AugmentConfig, Normalization } from '../data/augment.ts';
import type { OptimizerConfig } from '../model/optimizers.ts';
import type { ParameterLayout, ParameterValues } from '../model/parameters.ts';
import type { TrainingPlan } from '../model/plan.ts';

export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** Parameters are copied aside every this many steps (two alternating copies) to recover from a diverged step. */
export const BACKUP_EVERY = 20;

/** One split of examples: NHWC uint8 pixels and class labels. */
export interface ExampleSet {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface BackendData {
  /** Source of training and validation examples (both are index lists into it). */
  train: ExampleSet;
  test: ExampleSet;
  /** Indices into `train` held out for validation. */
  validation: Uint32Array;
  norm: Normalization;
  augment: AugmentConfig;
}

export interface BackendOptions {
  plan: TrainingPlan;
  batchSize: number;
  optimizer: OptimizerConfig;
  /** Seeds augmentation and dropout masks (initial weights come from initialParameters with the same seed). */
  seed: number;
  initial: ParameterValues;
  /** Told what the build is doing (compiling a layer's kernels, timing tile variants), for the UI's progress. */
  onBuild?: (progress: BuildProgress) => void;
}

/** What a network build is doing, for the UI while it waits (a CIFAR build takes seconds on a slow adapter). */
export interface BuildProgress {
  /**
   * device: opening the GPU; engine: `auto` timing WebGPU and WASM on one step; kernels: compiling a layer's kernels;
   * tuning: timing a layer's tile variants; data: normalising and uploading the dataset.
   */
  phase: 'device' | 'engine' | 'kernels' | 'tuning' | 'data';
  /** In words, e.g. "layer 3 of 9 (conv2d)". */
  detail: string;
  /** How much of the build is done, 0 to 1 (layers count alike; tuning makes conv layers slower than the rest). */
  fraction: number;
}

export interface StepMetrics {
  /** 0-based step number. */
  step: number;
  /** Mean cross-entropy over the batch. */
  loss: number;
  /** Examples of the batch classified correctly. */
  correct: number;
  rows: number;
}

export interface EvalResult {
  loss: number;
  accuracy: number;
  count: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
  /** With evaluate(split, true): each example's predicted class and class probabilities, in split order. */
  perExample?: { predicted: Uint8Array; probs: Float32Array; /** True classes (the session adds them for the test split). */ labels?: Uint8Array };
}

export type EvalSplit = 'validation' | 'test';

export interface Backend {
  readonly name: BackendName;
  readonly layout: ParameterLayout;
  readonly batchSize: number;
  /** Uploads the examples (the GPU keeps them as bytes) and the validation indices. */
  setData(data: BackendData): Promise<void>;
  /** The training order of this epoch: indices into data.train (the trainer shuffles and leaves validation out). */
  setOrder(order: Uint32Array): void;
  /**
   * One optimisation step on order[offset .. offset + batchSize) (wrapping), at 0-based step `step` with learning
   * rate `lr`. Resolves with the step's metrics; the GPU may resolve a step or two after later steps were queued.
   */
  trainStep(offset: number, step: number, lr: number): Promise<StepMetrics>;
  /** Waits for every queued step. */
  flush(): Promise<void>;
  /**
   * After step `badStep` gave a non-finite loss: puts back the newest parameter copy taken before that step
   * (backends keep two, taken every BACKUP_EVERY steps), clears the optimizer state, and returns the step the copy
   * was taken at (its parameters are those after steps < it), or null when there is none.
   */
  restoreBefore(badStep: number): Promise<number | null>;
  /**
   * Loss, accuracy and confusion over a split; `perExample` also returns every example's prediction. With `limit`,
   * only the split's first `limit` examples (the validation order is shuffled, so they are a random sample).
   */
  evaluate(split: EvalSplit, perExample?: boolean, limit?: number): Promise<EvalResult>;
  /** Class probabilities for one image (NHWC uint8 pixels, normalised by the backend like training data). */
  predict(pixels: Uint8Array): Promise<Float32Array>;
  /** Every layer's output (one Float32Array per spec layer, NHWC of one example) for one image. */
  activations(pixels: Uint8Array): Promise<Float32Array[]>;
  readParams(): Promise<ParameterValues>;
  /** Replaces weights and state (optimizer state is reset). */
  writeParams(values: ParameterValues): Promise<void>;
  /** Gradients of the last training step, in the parameter layout. */
  readGrads(): Promise<Float32Array>;
  /** The optimizer's state slots (momentum, second moments...), one array per slot in the parameter layout. */
  readOptimizerState(): Promise<Float32Array[]>;
  /** Puts saved optimizer slots back (after writeParams, which clears them), so a resumed run continues exactly. */
  writeOptimizerState(slots: Float32Array[]): Promise<void>;
  /**
   * Loss and gradients (parameters and input) for explicit normalised inputs, with dropout at a fixed mask (step)
   * and batchnorm in training mode without touching running statistics: what a gradient check needs.
   */
  lossAndGradients(x: Float32Array, labels: Uint32Array, step: number): Promise<{ loss: number; grads: Float32Array; inputGrad: Float32Array }>;
  destroy(): void;
}

/** Throws when saved optimizer slots do not fit this backend's optimizer and layout. */
export function checkOptimizerSlots(slots: Float32Array[], expected: number, floats: number): void {
  if (slots.length !== expected || slots.some((s) => s.length !== floats)) {
    throw new Error(`the saved optimizer state has ${slots.length} slot(s) of ${slots[0]?.length ?? 0} values; this optimizer needs ${expected} of ${floats}`);
  }
}
