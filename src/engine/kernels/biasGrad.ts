// Bias gradient kernel (shaders/bias_grad.wgsl): db[c] = Σ_r dy[r, c] for dy [rows, cols] row-major.
// Conv layers pass rows = batch·OH·OW, cols = F; dense layers rows = batch, cols = units.

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, type BufferRef, type KernelDispatch } from './kernel.ts';

/** Invocations per workgroup (the shader's WG). */
export const BIAS_GRAD_WORKGROUP = 64;

export async function prepareBiasGrad(cache: PipelineCache, a: { rows: number; cols: number; dy: BufferRef; db: BufferRef }): Promise<KernelDispatch> {
  const { rows, cols } = a;
  for (const [k, v] of Object.entries({ rows, cols }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`bias grad: ${k} must be a positive integer, got ${v}`);
  const lanes = Math.ceil(cols / 4);
  const kernel = await prepareKernel(cache, {
    shader: 'bias_grad',
    entryPoint: cols % 4 === 0 ? 'main_vec4' : 'main',
    constants: { WG: BIAS_GRAD_WORKGROUP },
    uniforms: [rows, cols, lanes],
    buffers: [a.dy, a.db],
    workgroups: [Math.ceil(lanes / BIAS_GRAD_WORKGROUP)],
    label: 'bias grad',
  });
  return { encode: kernel.encode, destroy: kernel.destroy };
}
