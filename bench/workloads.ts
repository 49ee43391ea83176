// The benchmark's two workloads, exactly as issue 6 defines them, shared by the browser bench page, the Node bench
// and the TensorFlow.js models (bench/tfjsModels.ts builds the same layers), so every contender does identical work.

import { analyze, type NetworkSpec } from '../src/model/index.ts';

export type WorkloadId = 'A' | 'B';

export interface Workload {
  id: WorkloadId;
  /** Which prepared dataset feeds it (data/<dataset>). */
  dataset: 'mnist' | 'cifar10';
  spec: NetworkSpec;
  batchSize: number;
  /** SGD with momentum 0.9 at learning rate 0.01 for every contender. */
  learningRate: number;
  momentum: number;
}

const optimizer = { learningRate: 0.01, momentum: 0.9, batchSize: 64 };

/** A: LeNet-5 on MNIST 28x28x1. */
const lenet: NetworkSpec = {
  name: 'bench A: LeNet-5 (MNIST)',
  input: { height: 28, width: 28, channels: 1 },
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 5, stride: 1, padding: 2 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'conv2d', filters: 16, kernelSize: 5, stride: 1, padding: 0 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 120 },
    { type: 'relu' },
    { type: 'dense', units: 84 },
    { type: 'relu' },
    { type: 'dense', units: 10 },
    { type: 'softmax' },
  ],
};

/** B: a CIFAR-10-shaped net, 32x32x3. */
const cifar: NetworkSpec = {
  name: 'bench B: 3 conv blocks (CIFAR-10)',
  input: { height: 32, width: 32, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 16, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'conv2d', filters: 32, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'conv2d', filters: 64, kernelSize: 3, stride: 1, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
    { type: 'softmax' },
  ],
};

export const WORKLOADS: Record<WorkloadId, Workload> = {
  A: { id: 'A', dataset: 'mnist', spec: lenet, ...optimizer },
  B: { id: 'B', dataset: 'cifar10', spec: cifar, ...optimizer },
};

/**
 * Training FLOPs of one example: forward FLOPs are 2 per multiply-accumulate (analyze()'s MACs), and a training step
 * costs 3x the forward pass (forward, gradient w.r.t. the input, gradient w.r.t. the weights).
 */
export function trainingFlopsPerExample(spec: NetworkSpec): number {
  const a = analyze(spec);
  if (!a.ok) throw new Error(`bench workload ${spec.name ?? ''} is invalid: ${a.issues.map((i) => i.message).join('; ')}`);
  return 3 * 2 * a.totals.macs;
}
