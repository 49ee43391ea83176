// How much memory training a network takes at a batch size, computed before anything is allocated, so a network
// that cannot fit is refused with numbers and advice (the biggest part, the largest batch that fits) instead of
// dying inside an engine. Every engine (webgpu, wasm, cpu) checks this plan against its own budget.

import { optimizerStateSlots, type OptimizerKind } from './optimizers.ts';
import { outputSize, type TrainingPlan } from './plan.ts';

/** One named share of a run's memory; `perExample` parts grow with the batch size. */
export interface MemoryPart {
  name: string;
  bytes: number;
  perExample: boolean;
}

export interface MemoryEstimate {
  /** Parameters, their gradients, optimizer state, two backup copies and the running statistics. */
  parameterBytes: number;
  /** Every layer's output for a batch (kept for the backward pass), the activation gradients and the engine workspace. */
  activationBytes: number;
  /** The dataset's bytes where the engine keeps a copy (0 when unknown). */
  dataBytes: number;
  totalBytes: number;
  /** The biggest single buffer (WebGPU limits each buffer and each binding). */
  largestBufferBytes: number;
  largestBufferName: string;
  /** The same total broken down, biggest first. */
  parts: MemoryPart[];
  /** Bytes that do not depend on the batch size, and bytes per example of the batch: total = fixed + batch x perExample. */
  fixedBytes: number;
  perExampleBytes: number;
  /** Bytes of the biggest single buffer per example (0 when the biggest buffer does not grow with the batch). */
  largestBufferPerExample: number;
}

/**
 * Bytes of a training run: parameters (P floats), gradients (P), optimizer slots (k x P), two backups (2 x P) and
 * batchnorm state (3 x S); per example the input, every op's output, two activation-gradient buffers and one engine
 * workspace (the largest activation: a zero-padded conv input or a gathered batch), plus the data the engine holds.
 */
export function estimateTrainingMemory(plan: TrainingPlan, batch: number, optimizer: OptimizerKind, dataBytes = 0): MemoryEstimate {
  const { paramFloats, stateFloats } = plan.layout;
  const p4 = paramFloats * 4;
  const inputFloats = plan.input[0] * plan.input[1] * plan.input[2];
  const largestFloats = Math.max(inputFloats, ...plan.ops.map(outputSize));
  const layerFloats = plan.ops.reduce((s, l) => s + outputSize(l), 0);
  const parts: MemoryPart[] = [
    { name: 'the parameters', bytes: p4, perExample: false },
    { name: 'the gradients', bytes: p4, perExample: false },
    { name: `the ${optimizer} optimizer state`, bytes: p4 * optimizerStateSlots(optimizer), perExample: false },
    { name: 'the parameter backups', bytes: p4 * 2 + stateFloats * 4 * 3, perExample: false },
    { name: 'the activations', bytes: batch * (inputFloats + layerFloats) * 4, perExample: true },
    { name: 'the activation gradients', bytes: batch * 2 * largestFloats * 4, perExample: true },
    { name: 'the engine workspace', bytes: batch * largestFloats * 4, perExample: true },
    { name: 'the dataset', bytes: dataBytes, perExample: false },
  ];
  const perExampleBytes = (inputFloats + layerFloats + 3 * largestFloats) * 4;
  const fixedBytes = parts.filter((q) => !q.perExample).reduce((s, q) => s + q.bytes, 0);
  const parameterBytes = parts.slice(0, 4).reduce((s, q) => s + q.bytes, 0);
  const activationBytes = parts.slice(4, 7).reduce((s, q) => s + q.bytes, 0);
  const buffers = [
    ...plan.ops.map((l) => ({ name: `layer ${l.index + 1} (${l.type}) output`, bytes: batch * outputSize(l) * 4, per: outputSize(l) * 4 })),
    { name: 'the parameters', bytes: p4, per: 0 },
    { name: 'the input batch', bytes: batch * inputFloats * 4, per: inputFloats * 4 },
  ];
  const largest = buffers.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return {
    parameterBytes,
    activationBytes,
    dataBytes,
    totalBytes: fixedBytes + batch * perExampleBytes,
    largestBufferBytes: largest.bytes,
    largestBufferName: largest.name,
    parts: parts.filter((q) => q.bytes > 0).sort((a, b) => b.bytes - a.bytes),
    fixedBytes,
    perExampleBytes,
    largestBufferPerExample: largest.per,
  };
}

/** What an engine can hold: a total, and optionally a per-buffer limit (WebGPU's maxBufferSize / binding size). */
export interface MemoryBudget {
  /** "the wasm engine", "this GPU", "the CPU reference". */
  engine: string;
  totalBytes: number;
  maxBufferBytes?: number;
}

/** The CPU reference keeps everything in JavaScript typed arrays: a sane cap well below what a tab or Node can hold. */
export const CPU_MEMORY_BYTES = 4 * 2 ** 30;
/** WebAssembly's 32-bit address space: 65,536 pages of 64 KiB. */
export const WASM_MEMORY_BYTES = 4 * 2 ** 30;
/** The largest batch size any engine is asked to plan for (beyond it, array lengths themselves overflow). */
export const MAX_BATCH_SIZE = 1 << 20;

/** A run that cannot fit; `code` lets the CLI exit 2 and the UI say what to change. */
export class MemoryPlanError extends Error {
  override readonly name = 'MemoryPlanError';
  constructor(
    message: string,
    readonly estimate: MemoryEstimate,
    /** The largest batch size that fits the budget (0 when not even one example does). */
    readonly largestBatch: number,
  ) {
    super(message);
  }
}

export const formatBytes = (n: number): string =>
  n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** The largest batch size whose plan fits the budget (total and per-buffer), 0 when none does. */
export function largestBatchThatFits(estimate: MemoryEstimate, budget: MemoryBudget): number {
  const byTotal = estimate.perExampleBytes > 0 ? Math.floor((budget.totalBytes - estimate.fixedBytes) / estimate.perExampleBytes) : MAX_BATCH_SIZE;
  let byBuffer = MAX_BATCH_SIZE;
  if (budget.maxBufferBytes !== undefined && estimate.largestBufferPerExample > 0) byBuffer = Math.floor(budget.maxBufferBytes / estimate.largestBufferPerExample);
  return Math.max(0, Math.min(byTotal, byBuffer, MAX_BATCH_SIZE));
}

/**
 * Checks the run's plan against an engine's budget before anything is allocated; throws a MemoryPlanError that
 * names the biggest part, the numbers and the largest batch size that fits. Returns the estimate when it fits.
 */
export function checkTrainingMemory(plan: TrainingPlan, batch: number, optimizer: OptimizerKind, budget: MemoryBudget, dataBytes = 0): MemoryEstimate {
  const estimate = estimateTrainingMemory(plan, batch, optimizer, dataBytes);
  const fits = largestBatchThatFits(estimate, budget);
  const advice = (what: string) =>
    fits > 0
      ? `the largest batch size that fits is ${fits}; use --batch-size ${Math.min(fits, batch)} or less${what}.`
      : `not even a batch of 1 fits, so shrink the network${what}.`;
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH_SIZE) {
    throw new MemoryPlanError(`A batch size of ${batch} is out of range (1 to ${MAX_BATCH_SIZE}); ${advice('')}`, estimate, fits);
  }
  const biggest = estimate.parts[0]!;
  if (estimate.totalBytes > budget.totalBytes) {
    const shrink = biggest.perExample ? ', or use a smaller input' : ' (fewer filters or units in the widest layer)';
    throw new MemoryPlanError(
      `Training needs ${formatBytes(estimate.totalBytes)} at batch size ${batch}, but ${budget.engine} can hold ${formatBytes(budget.totalBytes)}; ` +
        `the biggest part is ${biggest.name} (${formatBytes(biggest.bytes)}). ${advice(shrink).replace(/^./, (c) => c.toUpperCase())}`,
      estimate,
      fits,
    );
  }
  if (budget.maxBufferBytes !== undefined && estimate.largestBufferBytes > budget.maxBufferBytes) {
    throw new MemoryPlanError(
      `This network needs ${mib(estimate.largestBufferBytes)} for ${estimate.largestBufferName} at batch size ${batch}, but ${budget.engine} allows at most ${mib(budget.maxBufferBytes)} per buffer ` +
        `(about ${mib(estimate.totalBytes)} in all). Lower the batch size (${fits > 0 ? `at most ${fits} fits` : 'no batch size fits'}), use a smaller input, or shrink the widest layer.`,
      estimate,
      fits,
    );
  }
  return estimate;
}

/** Throws an Error naming the buffer, the numbers and what to reduce when a buffer would exceed the device limits. */
export function checkMemoryFits(estimate: MemoryEstimate, limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }, batch: number): void {
  const limit = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  if (estimate.largestBufferBytes > limit) {
    const fits = estimate.largestBufferPerExample > 0 ? Math.floor(limit / estimate.largestBufferPerExample) : 0;
    throw new MemoryPlanError(
      `This network needs ${mib(estimate.largestBufferBytes)} for ${estimate.largestBufferName} at batch size ${batch}, but this GPU allows at most ${mib(limit)} per buffer ` +
        `(about ${mib(estimate.totalBytes)} in all). Lower the batch size, use a smaller input, or shrink the widest layer.`,
      estimate,
      fits,
    );
  }
}

/** The budget of a WebGPU device: its per-buffer limits; in all, what a 32-bit buffer offset space allows per buffer x buffers is not known, so 16 GiB. */
export function gpuBudget(limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }): MemoryBudget {
  return { engine: 'this GPU', totalBytes: 16 * 2 ** 30, maxBufferBytes: Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize) };
}
