// How much memory training a network takes at a batch size, computed before anything is allocated, so a network
// that cannot fit is refused with numbers and advice instead of failing inside WebGPU.

import { optimizerStateSlots, type OptimizerKind } from './optimizers.ts';
import { outputSize, type TrainingPlan } from './plan.ts';

export interface MemoryEstimate {
  /** Parameters, their gradients, optimizer state, two backup copies and the running statistics. */
  parameterBytes: number;
  /** Every layer's output for a batch (kept for the backward pass) plus the two gradient buffers. */
  activationBytes: number;
  totalBytes: number;
  /** The biggest single buffer (WebGPU limits each buffer and each binding). */
  largestBufferBytes: number;
  largestBufferName: string;
}

export function estimateTrainingMemory(plan: TrainingPlan, batch: number, optimizer: OptimizerKind): MemoryEstimate {
  const { paramFloats, stateFloats } = plan.layout;
  const paramBuffer = paramFloats * 4;
  // params, grads, optimizer slots, two backups; state twice (itself + backups)
  const parameterBytes = paramBuffer * (2 + optimizerStateSlots(optimizer) + 2) + stateFloats * 4 * 3;
  const inputFloats = plan.input[0] * plan.input[1] * plan.input[2];
  const outputs = plan.ops.map((l) => ({ name: `layer ${l.index + 1} (${l.type}) output`, bytes: batch * outputSize(l) * 4 }));
  const largestActivation = Math.max(inputFloats, ...plan.ops.map(outputSize)) * batch * 4;
  const activationBytes = batch * inputFloats * 4 + outputs.reduce((s, o) => s + o.bytes, 0) + 2 * largestActivation;
  const candidates = [...outputs, { name: 'the parameters', bytes: paramBuffer }, { name: 'the input batch', bytes: batch * inputFloats * 4 }];
  const largest = candidates.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { parameterBytes, activationBytes, totalBytes: parameterBytes + activationBytes, largestBufferBytes: largest.bytes, largestBufferName: largest.name };
}

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** Throws an Error naming the buffer, the numbers and what to reduce when a buffer would exceed the device limits. */
export function checkMemoryFits(estimate: MemoryEstimate, limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }, batch: number): void {
  const limit = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  if (estimate.largestBufferBytes > limit) {
    throw new Error(
      `This network needs ${mib(estimate.largestBufferBytes)} for ${estimate.largestBufferName} at batch size ${batch}, but this GPU allows at most ${mib(limit)} per buffer ` +
        `(about ${mib(estimate.totalBytes)} in all). Lower the batch size, use a smaller input, or shrink the widest layer.`,
    );
  }
}
