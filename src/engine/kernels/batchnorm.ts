// Batch normalisation kernels (shaders/batchnorm_forward.wgsl, shaders/batchnorm_backward.wgsl) over x, y as
// [rows, channels] with rows = batch·H·W (NHWC) or batch (flat input); statistics are per channel over the rows.
// Matches src/model/reference/batchnorm.ts: biased variance to normalise, unbiased variance into runningVar.

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch, type UniformKernelDispatch, type UniformValue } from './kernel.ts';

/** Invocations per workgroup (the shaders' WG). */
const WG = 64;
/**
 * Rows per invocation of the elementwise passes (the shaders' ROWS): the per-channel coefficients are loaded once
 * per block. On SwiftShader 64x28x28x16 the forward scale-shift took 9.4 ms at 4 rows, 6.8 at 8, 5.5 at 16, 4.9 at 32,
 * about the same beyond; 32 still leaves thousands of invocations for a real GPU at that size.
 */
const ROWS = 32;
/**
 * The row reduction is split into about this many chunks per channel: enough partial results for parallelism,
 * few enough that the per-channel combine (one invocation looping over the chunks) stays short.
 */
const TARGET_CHUNKS = 256;
/** Fewest rows in a chunk, so small batches are not split into near-empty chunks. */
const MIN_CHUNK_ROWS = 16;
/** Bytes of one chunk's partial result for one 4-channel group: two vec4<f32>. */
const PARTIAL_BYTES = 32;

/** How the row reduction is split; shared by the forward statistics and the backward sums. */
interface Layout {
  rows: number;
  channels: number;
  /** 4-channel groups: ceil(channels / 4). */
  groups: number;
  chunkRows: number;
  chunks: number;
  /** channels % 4 == 0: the _vec4 entry points load and store x, y, dy, dx as vec4. */
  vectorized: boolean;
}

function layoutOf(name: string, rows: number, channels: number): Layout {
  for (const [k, v] of Object.entries({ rows, channels }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${k} must be a positive integer, got ${v}`);
  const chunkRows = Math.max(MIN_CHUNK_ROWS, Math.ceil(rows / TARGET_CHUNKS));
  return { rows, channels, groups: Math.ceil(channels / 4), chunkRows, chunks: Math.ceil(rows / chunkRows), vectorized: channels % 4 === 0 };
}

function layoutUniforms(l: Layout): UniformValue[] {
  return [l.rows, l.channels, l.groups, l.chunkRows, l.chunks];
}

function entry(l: Layout, name: string): string {
  return l.vectorized ? `${name}_vec4` : name;
}

function scratchBuffer(cache: PipelineCache, l: Layout, label: string): GPUBuffer {
  return cache.device.createBuffer({ label, size: l.chunks * l.groups * PARTIAL_BYTES, usage: GPUBufferUsage.STORAGE });
}

/**
 * Several dispatches recorded back to back into one compute pass (storage writes of one dispatch are visible to the
 * next), owning their uniforms and `owned`; if any fails to prepare, everything already made is freed.
 */
async function sequence(preparing: Promise<UniformKernelDispatch>[], owned: GPUBuffer[]): Promise<KernelDispatch> {
  const settled = await Promise.allSettled(preparing);
  const kernels = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    for (const k of kernels) k.destroy();
    for (const b of owned) b.destroy();
    throw failure.reason;
  }
  return {
    encode(pass) {
      for (const k of kernels) k.encode(pass);
    },
    destroy() {
      for (const k of kernels) k.destroy();
      for (const b of owned) b.destroy();
    },
  };
}

function checkEpsilon(name: string, epsilon: number): void {
  if (!Number.isFinite(epsilon) || epsilon < 0) throw new Error(`${name}: epsilon must be a finite number >= 0, got ${epsilon}`);
}

/**
 * Training forward: per-channel batch mean and biased variance (chunk moments, then a Chan merge), y = γ·x̂ + β,
 * mean and invStd saved for the backward pass, and (unless updateRunning is false) the running statistics updated
 * in place: running = momentum·running + (1 - momentum)·batch, with the unbiased variance for runningVar.
 * Three dispatches: chunk statistics, per-channel combine, scale and shift.
 */
export async function prepareBatchNormTrainForward(
  cache: PipelineCache,
  a: {
    rows: number;
    channels: number;
    epsilon: number;
    momentum: number;
    x: BufferRef;
    y: BufferRef;
    gamma: BufferRef;
    beta: BufferRef;
    /** per-channel batch mean and 1/sqrt(var + eps), saved for the backward pass */
    mean: BufferRef;
    invStd: BufferRef;
    runningMean: BufferRef;
    runningVar: BufferRef;
    /** false: compute batch statistics and y but leave the running statistics alone (used by gradient checks) */
    updateRunning?: boolean;
  },
): Promise<KernelDispatch> {
  const name = 'batchnorm forward';
  const l = layoutOf(name, a.rows, a.channels);
  checkEpsilon(name, a.epsilon);
  if (!(a.momentum >= 0 && a.momentum <= 1)) throw new Error(`${name}: momentum must be in [0, 1], got ${a.momentum}`);
  const uniforms = [...layoutUniforms(l), { f32: a.epsilon }, { f32: a.momentum }];
  const scratch = scratchBuffer(cache, l, 'batchnorm forward partial moments');
  return sequence(
    [
      prepareKernel(cache, {
        shader: 'batchnorm_forward',
        entryPoint: entry(l, 'stats'),
        constants: { WG },
        uniforms,
        buffers: [a.x, scratch],
        workgroups: workgroups1d(l.groups * l.chunks, WG),
        label: 'batchnorm forward stats',
      }),
      prepareKernel(cache, {
        shader: 'batchnorm_forward',
        entryPoint: 'combine',
        constants: { WG, UPDATE_RUNNING: a.updateRunning ?? true },
        uniforms,
        buffers: [scratch, a.mean, a.invStd, a.runningMean, a.runningVar],
        workgroups: workgroups1d(l.groups, WG),
        label: 'batchnorm forward combine',
      }),
      prepareKernel(cache, {
        shader: 'batchnorm_forward',
        entryPoint: entry(l, 'scale_shift'),
        constants: { WG, ROWS, EVAL: false },
        uniforms,
        buffers: [a.x, a.y, a.gamma, a.beta, a.mean, a.invStd],
        workgroups: workgroups1d(l.groups * Math.ceil(l.rows / ROWS), WG),
        label: 'batchnorm forward scale-shift',
      }),
    ],
    [scratch],
  );
}

/** Evaluation forward: y = γ·(x - runningMean)/sqrt(runningVar + ε) + β, one dispatch. */
export async function prepareBatchNormEvalForward(
  cache: PipelineCache,
  a: { rows: number; channels: number; epsilon: number; x: BufferRef; y: BufferRef; gamma: BufferRef; beta: BufferRef; runningMean: BufferRef; runningVar: BufferRef },
): Promise<KernelDispatch> {
  const name = 'batchnorm eval forward';
  const l = layoutOf(name, a.rows, a.channels);
  checkEpsilon(name, a.epsilon);
  return prepareKernel(cache, {
    shader: 'batchnorm_forward',
    entryPoint: entry(l, 'scale_shift'),
    constants: { WG, ROWS, EVAL: true },
    uniforms: [...layoutUniforms(l), { f32: a.epsilon }, { f32: 0 }],
    buffers: [a.x, a.y, a.gamma, a.beta, a.runningMean, a.runningVar],
    workgroups: workgroups1d(l.groups * Math.ceil(l.rows / ROWS), WG),
    label: 'batchnorm eval forward',
  });
}

/**
 * Backward through the training forward from its saved mean and invStd (x̂ recomputed from x):
 * dbeta = Σ dy, dgamma = Σ dy·x̂, dx = γ·invStd·(dy - dbeta/M - x̂·dgamma/M). All three outputs are written.
 * Three dispatches: chunk sums, per-channel combine, dx.
 */
export async function prepareBatchNormBackward(
  cache: PipelineCache,
  a: { rows: number; channels: number; x: BufferRef; dy: BufferRef; gamma: BufferRef; mean: BufferRef; invStd: BufferRef; dx: BufferRef; dgamma: BufferRef; dbeta: BufferRef },
): Promise<KernelDispatch> {
  const l = layoutOf('batchnorm backward', a.rows, a.channels);
  const uniforms = layoutUniforms(l);
  const scratch = scratchBuffer(cache, l, 'batchnorm backward partial sums');
  return sequence(
    [
      prepareKernel(cache, {
        shader: 'batchnorm_backward',
        entryPoint: entry(l, 'sums'),
        constants: { WG },
        uniforms,
        buffers: [a.x, a.dy, a.mean, a.invStd, scratch],
        workgroups: workgroups1d(l.groups * l.chunks, WG),
        label: 'batchnorm backward sums',
      }),
      prepareKernel(cache, {
        shader: 'batchnorm_backward',
        entryPoint: 'combine',
        constants: { WG },
        uniforms,
        buffers: [scratch, a.dgamma, a.dbeta],
        workgroups: workgroups1d(l.groups, WG),
        label: 'batchnorm backward combine',
      }),
      prepareKernel(cache, {
        shader: 'batchnorm_backward',
        entryPoint: entry(l, 'grad_input'),
        constants: { WG, ROWS },
        uniforms,
        buffers: [a.x, a.dy, a.gamma, a.mean, a.invStd, a.dgamma, a.dbeta, a.dx],
        workgroups: workgroups1d(l.groups * Math.ceil(l.rows / ROWS), WG),
        label: 'batchnorm backward dx',
      }),
    ],
    [scratch],
  );
}
