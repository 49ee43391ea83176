// Accumulates evaluation batches on the GPU (shaders/eval_accumulate.wgsl): loss/correct totals and the confusion
// matrix, so evaluating a whole split reads back once at the end instead of once per batch.

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, type BufferRef, type UniformKernelDispatch } from './kernel.ts';

export interface EvalAccumulateDispatch extends UniformKernelDispatch {
  /** Rows of the next batch that count (the last batch of a split may be partial). */
  setActiveRows(rows: number): void;
}

export async function prepareEvalAccumulate(
  cache: PipelineCache,
  a: { rows: number; classes: number; predictions: BufferRef; labels: BufferRef; metrics: BufferRef; totals: BufferRef; confusion: BufferRef },
): Promise<EvalAccumulateDispatch> {
  const d = await prepareKernel(cache, {
    shader: 'eval_accumulate',
    uniforms: [a.rows, a.classes],
    buffers: [a.predictions, a.labels, a.metrics, a.totals, a.confusion],
    workgroups: [1],
  });
  return { ...d, setActiveRows: (rows) => d.setUniforms(0, [rows]) };
}
