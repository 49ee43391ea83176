// Per-layer GPU time of one training step ("where the time goes"): each part of the step (batch gather, every layer's
// forward and backward, the loss, the optimizer) is run on its own, timed with timestamp queries where the device has
// 'timestamp-query', otherwise by wall clock around isolated submissions (minus the cost of an empty one).
// Profiling reruns the optimizer and batch-norm updates, so the caller's target saves and restores its buffers.

import type { KernelDispatch } from './kernels/kernel.ts';

export type ProfilePhase = 'input' | 'forward' | 'loss' | 'backward' | 'optimizer';

/** One separately timed piece of a training step. */
export interface ProfilePart {
  /** 0-based spec layer index, or null for the parts that belong to no layer (input, loss, optimizer). */
  layerIndex: number | null;
  /** The layer kind ("conv2d"), or the phase for parts outside the layers. */
  type: string;
  phase: ProfilePhase;
  dispatches: KernelDispatch[];
}

/** What profileStep needs from a backend (GpuBackend.profileTarget()). */
export interface ProfileTarget {
  device: GPUDevice;
  batchSize: number;
  /** The step's parts in execution order. */
  parts(): ProfilePart[];
  /** Saves everything the parts write that outlives a step (parameters, gradients, state); resolves to the restore. */
  preserve(): Promise<() => Promise<void>>;
}

export type ProfileMethod = 'timestamp-query' | 'timed-dispatches';

export interface PartTime {
  layerIndex: number | null;
  type: string;
  phase: ProfilePhase;
  /** Median GPU milliseconds of one run of the part. */
  ms: number;
  dispatches: number;
}

export interface LayerTime {
  layerIndex: number;
  type: string;
  forwardMs: number;
  backwardMs: number;
  /** The layer runs no kernel of its own: training folds it into its neighbours (a ReLU after a conv). */
  fused: boolean;
}

export interface ProfileResult {
  method: ProfileMethod;
  batchSize: number;
  /** Median milliseconds of the whole step run as one pass (all parts together). */
  stepMs: number;
  /** Sum of the parts timed alone; differs from stepMs by per-pass overhead and overlap. */
  partsMs: number;
  parts: PartTime[];
  /** The parts that belong to layers, summed per layer, in layer order. */
  layers: LayerTime[];
}

export interface ProfileOptions {
  /** Timed runs per part (the median is kept). */
  repeats?: number;
  /** Force a method; by default timestamp queries when the device has them. */
  method?: ProfileMethod;
  /** Timed dispatches: a part shorter than this (ms) is repeated within one submission to rise above the noise. */
  minBatchMs?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** Sums the layer parts per layer (a layer may have several kernels in each phase). */
export function layerTimes(parts: PartTime[]): LayerTime[] {
  const byLayer = new Map<number, LayerTime>();
  for (const p of parts) {
    if (p.layerIndex === null) continue;
    const t = byLayer.get(p.layerIndex) ?? { layerIndex: p.layerIndex, type: p.type, forwardMs: 0, backwardMs: 0, fused: true };
    t.fused &&= p.dispatches === 0;
    if (p.phase === 'backward') t.backwardMs += p.ms;
    else t.forwardMs += p.ms;
    byLayer.set(p.layerIndex, t);
  }
  return [...byLayer.values()].sort((a, b) => a.layerIndex - b.layerIndex);
}

/** Times one training step part by part; the target's parameters and state are as before when it resolves. */
export async function profileStep(target: ProfileTarget, options: ProfileOptions = {}): Promise<ProfileResult> {
  const repeats = Math.max(1, Math.round(options.repeats ?? 5));
  const { device } = target;
  const method: ProfileMethod = options.method ?? (device.features.has('timestamp-query') ? 'timestamp-query' : 'timed-dispatches');
  if (method === 'timestamp-query' && !device.features.has('timestamp-query')) {
    throw new Error("profile: this device was created without 'timestamp-query'; use the timed-dispatches method.");
  }
  // Parts without kernels (a ReLU fused into its conv and max pool) are not timed but keep their row, at 0 ms.
  const all = target.parts();
  const parts = all.filter((p) => p.dispatches.length > 0);
  if (parts.length === 0) throw new Error('profile: the step runs no kernels.');
  const whole: ProfilePart = { layerIndex: null, type: 'step', phase: 'forward', dispatches: parts.flatMap((p) => p.dispatches) };
  const restore = await target.preserve();
  try {
    // One untimed run of everything compiles nothing new but pages in every buffer and pipeline.
    await runPasses(device, [whole], 1);
    const times =
      method === 'timestamp-query' ? await timestampTimes(device, [...parts, whole], repeats) : await wallClockTimes(device, [...parts, whole], repeats, options.minBatchMs ?? 20);
    const stepMs = times.pop()!;
    const timed = new Map(parts.map((p, i) => [p, times[i]!]));
    const partTimes = all.map((p): PartTime => ({ layerIndex: p.layerIndex, type: p.type, phase: p.phase, ms: timed.get(p) ?? 0, dispatches: p.dispatches.length }));
    return { method, batchSize: target.batchSize, stepMs, partsMs: times.reduce((s, t) => s + t, 0), parts: partTimes, layers: layerTimes(partTimes) };
  } finally {
    await restore();
  }
}

/** Submits each group `times` times in a row inside one pass, then waits for the queue. */
async function runPasses(device: GPUDevice, groups: ProfilePart[], times: number): Promise<void> {
  const encoder = device.createCommandEncoder({ label: 'profile' });
  const pass = encoder.beginComputePass({ label: 'profile' });
  for (const g of groups) for (let r = 0; r < times; r++) for (const d of g.dispatches) d.encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  await device.queue.onSubmittedWorkDone();
}

/** Wall-clock milliseconds of one submission of `part` repeated `times` times. */
async function timeSubmission(device: GPUDevice, part: ProfilePart | null, times: number): Promise<number> {
  const t0 = now();
  await runPasses(device, part ? [part] : [], times);
  return now() - t0;
}

async function wallClockTimes(device: GPUDevice, parts: ProfilePart[], repeats: number, minBatchMs: number): Promise<number[]> {
  const overheads: number[] = [];
  for (let r = 0; r < repeats; r++) overheads.push(await timeSubmission(device, null, 1));
  const overhead = median(overheads);
  const out: number[] = [];
  for (const part of parts) {
    // A first run sizes the batch: short parts are repeated so the submission cost is a small share.
    const first = Math.max(1e-3, (await timeSubmission(device, part, 1)) - overhead);
    const times = Math.min(64, Math.max(1, Math.ceil(minBatchMs / first)));
    const samples: number[] = [];
    for (let r = 0; r < repeats; r++) samples.push(Math.max(0, (await timeSubmission(device, part, times)) - overhead) / times);
    out.push(median(samples));
  }
  return out;
}

/** GPU milliseconds of each part from a pair of timestamps around its own pass, `repeats` passes per part. */
async function timestampTimes(device: GPUDevice, parts: ProfilePart[], repeats: number): Promise<number[]> {
  const perPass = 2;
  const maxPasses = Math.floor(4096 / perPass);
  const samples: number[][] = parts.map(() => []);
  // Query sets hold at most 4096 entries: one round of passes (all parts once) per chunk of rounds that fits.
  const roundsPerChunk = Math.max(1, Math.floor(maxPasses / parts.length));
  for (let done = 0; done < repeats; done += roundsPerChunk) {
    const rounds = Math.min(roundsPerChunk, repeats - done);
    const count = rounds * parts.length * perPass;
    const querySet = device.createQuerySet({ type: 'timestamp', count });
    const resolve = device.createBuffer({ size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const staging = device.createBuffer({ size: count * 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    try {
      const encoder = device.createCommandEncoder({ label: 'profile timestamps' });
      let q = 0;
      for (let r = 0; r < rounds; r++) {
        for (const part of parts) {
          const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: q, endOfPassWriteIndex: q + 1 } });
          for (const d of part.dispatches) d.encode(pass);
          pass.end();
          q += perPass;
        }
      }
      encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, staging, 0, count * 8);
      device.queue.submit([encoder.finish()]);
      await staging.mapAsync(GPUMapMode.READ);
      const ticks = new BigInt64Array(staging.getMappedRange().slice(0));
      staging.unmap();
      q = 0;
      for (let r = 0; r < rounds; r++) {
        for (let i = 0; i < parts.length; i++) {
          samples[i]!.push(Math.max(0, Number(ticks[q + 1]! - ticks[q]!)) / 1e6);
          q += perPass;
        }
      }
    } finally {
      querySet.destroy();
      resolve.destroy();
      staging.destroy();
    }
  }
  return samples.map(median);
}

/** A fixed-width table of the profile: one row per layer and per part outside the layers (the CLI prints it). */
export function formatProfile(p: ProfileResult, names?: (layerIndex: number) => string): string {
  const ms = (x: number) => (x > 0 ? x.toFixed(3) : '');
  const pct = (x: number) => `${((100 * x) / Math.max(1e-9, p.partsMs)).toFixed(1)}%`;
  const rows: string[][] = [['part', 'forward ms', 'backward ms', 'total ms', 'share']];
  const outside = (phase: ProfilePhase, label: string) => {
    const t = p.parts.filter((x) => x.layerIndex === null && x.phase === phase).reduce((s, x) => s + x.ms, 0);
    if (t > 0) rows.push([label, '', '', ms(t), pct(t)]);
  };
  outside('input', 'input batch');
  for (const l of p.layers) {
    const total = l.forwardMs + l.backwardMs;
    rows.push([names?.(l.layerIndex) ?? `${l.layerIndex + 1} ${l.type}`, ms(l.forwardMs), ms(l.backwardMs), l.fused ? 'fused' : ms(total), l.fused ? '' : pct(total)]);
  }
  outside('loss', 'softmax cross-entropy');
  outside('optimizer', 'optimizer');
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [
    ...rows.map(line),
    `one step: ${p.stepMs.toFixed(2)} ms as a single pass, ${p.partsMs.toFixed(2)} ms as parts timed alone (batch ${p.batchSize}, ${p.method})`,
  ].join('\n');
}
