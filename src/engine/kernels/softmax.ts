// Standalone softmax layer over the last axis (shaders/softmax.wgsl): rows = batch (times positions for a spatial
// input), cols = classes/features. One invocation per row. The training loss uses the fused kernel in loss.ts.

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, workgroups1d, type BufferRef, type KernelDispatch } from './kernel.ts';

export const SOFTMAX_WORKGROUP = 64;

function checkShape(rows: number, cols: number): void {
  for (const [k, v] of Object.entries({ rows, cols }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`softmax: ${k} must be a positive integer, got ${v}`);
}

async function prepare(cache: PipelineCache, entryPoint: 'forward' | 'backward', rows: number, cols: number, buffers: BufferRef[]): Promise<KernelDispatch> {
  checkShape(rows, cols);
  const kernel = await prepareKernel(cache, {
    shader: 'softmax',
    entryPoint,
    constants: { WG: SOFTMAX_WORKGROUP },
    uniforms: [rows, cols],
    buffers,
    workgroups: workgroups1d(rows, SOFTMAX_WORKGROUP),
    label: `softmax ${entryPoint}`,
  });
  return { encode: kernel.encode, destroy: kernel.destroy };
}

/** y[r, :] = softmax(x[r, :]) for x, y [rows, cols]. */
export function prepareSoftmaxForward(cache: PipelineCache, a: { rows: number; cols: number; x: BufferRef; y: BufferRef }): Promise<KernelDispatch> {
  return prepare(cache, 'forward', a.rows, a.cols, [a.x, a.y]);
}

/** dx[r, c] = y[r, c] (dy[r, c] - Σ_k dy[r, k] y[r, k]), from the forward output y. */
export function prepareSoftmaxBackward(cache: PipelineCache, a: { rows: number; cols: number; y: BufferRef; dy: BufferRef; dx: BufferRef }): Promise<KernelDispatch> {
  return prepare(cache, 'backward', a.rows, a.cols, [a.y, a.dy, a.dx]);
}
