// Inverted dropout kernels (shaders/dropout.wgsl). The mask is bit-identical to src/model/reference/dropout.ts:
// the host folds (seed, step) into the hash key and turns the rate into an integer threshold on the 24 random bits.
// Forward (x → y) and backward (dy → dx) are the same kernel over different buffers, sharing one pipeline.

import { pcgHash } from '../../model/reference/dropout.ts';
import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch } from './kernel.ts';

export interface DropoutDispatch extends KernelDispatch {
  /** step number for the mask; training=false makes the kernel an identity copy */
  setStep(step: number, training: boolean): void;
}

export const DROPOUT_WORKGROUP = 64;
/** Chunks of four elements per invocation (the shader's VPT): fewer, longer invocations pay on SwiftShader. */
export const DROPOUT_CHUNKS_PER_INVOCATION = 16;
/** Index of the `key` field in the shader's Params { count, threshold, scale, key, training }. */
const KEY_FIELD = 3;

/** pcg(step + pcg(seed)): the part of hash3(seed, step, index) that does not depend on the index. */
export function dropoutKey(seed: number, step: number): number {
  return pcgHash((step + pcgHash(seed >>> 0)) >>> 0);
}

async function prepareDropout(cache: PipelineCache, count: number, rate: number, seed: number, src: BufferRef, dst: BufferRef, label: string): Promise<DropoutDispatch> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`dropout: count must be a positive integer, got ${count}`);
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate ${rate} must be in [0, 1)`);
  // u = (h >>> 8) / 2²⁴ ≥ rate  ⇔  (h >>> 8) ≥ ceil(rate · 2²⁴): exact, since scaling by 2²⁴ is exact in float64.
  const threshold = Math.ceil(rate * 16777216);
  const vectorized = count % 4 === 0;
  const kernel = await prepareKernel(cache, {
    shader: 'dropout',
    entryPoint: vectorized ? 'main_vec4' : 'main',
    constants: { WG: DROPOUT_WORKGROUP, VPT: DROPOUT_CHUNKS_PER_INVOCATION },
    // Starts in evaluation mode (identity) until setStep says otherwise.
    uniforms: [count, threshold, { f32: 1 / (1 - rate) }, dropoutKey(seed, 0), 0],
    buffers: [src, dst],
    workgroups: workgroups1d(Math.ceil(count / 4), DROPOUT_WORKGROUP * DROPOUT_CHUNKS_PER_INVOCATION),
    label,
  });
  return {
    encode: kernel.encode,
    destroy: kernel.destroy,
    setStep(step, training) {
      if (!Number.isInteger(step) || step < 0 || step > 0xffffffff) throw new Error(`dropout: step ${step} is not a u32`);
      kernel.setUniforms(KEY_FIELD, [dropoutKey(seed, step), training ? 1 : 0]);
    },
  };
}

/** y = x · mask / (1 - rate) while training (after setStep(step, true)); y = x otherwise. */
export function prepareDropoutForward(cache: PipelineCache, a: { count: number; rate: number; seed: number; x: BufferRef; y: BufferRef }): Promise<DropoutDispatch> {
  return prepareDropout(cache, a.count, a.rate, a.seed, a.x, a.y, 'dropout forward');
}

/** dx = dy · mask / (1 - rate) with the forward pass's mask for the same (seed, step); dx = dy when not training. */
export function prepareDropoutBackward(cache: PipelineCache, a: { count: number; rate: number; seed: number; dy: BufferRef; dx: BufferRef }): Promise<DropoutDispatch> {
  return prepareDropout(cache, a.count, a.rate, a.seed, a.dy, a.dx, 'dropout backward');
}
