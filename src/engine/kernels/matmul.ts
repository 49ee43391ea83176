// Matrix multiply kernel (shaders/matmul.wgsl): C[M,N] = op(A)·op(B) (+ bias[N]).
// prepareMatmul() compiles/fetches the pipeline, writes the uniforms once and builds the bind group;
// the returned dispatch's encode(pass) allocates nothing, so it can run every training step.
//
// Dense layer usage (x [batch,in], W [in,units], dy [batch,units]):
//   forward  y  = x·W + b : { a: x,  b: W,  M: batch, K: in,    N: units, bias }
//   backward dx = dy·Wᵀ   : { a: dy, b: W,  M: batch, K: units, N: in,    transposeB: true }
//   backward dW = xᵀ·dy   : { a: x,  b: dy, M: in,    K: batch, N: units, transposeA: true }

import type { PipelineCache } from '../pipelines.ts';
import { prepareKernel, type BufferRef, type KernelDispatch } from './kernel.ts';

export interface MatmulArgs {
  /** [M,K] row-major, or [K,M] when transposeA. */
  a: BufferRef;
  /** [K,N] row-major, or [N,K] when transposeB. */
  b: BufferRef;
  /** [M,N] row-major output. */
  c: BufferRef;
  /** [N], added to every row of C. */
  bias?: BufferRef | null;
  M: number;
  N: number;
  K: number;
  transposeA?: boolean;
  transposeB?: boolean;
  /** Fused epilogue: C = max(0, A·B + bias). */
  relu?: boolean;
}

export interface MatmulDispatch extends KernelDispatch {
  readonly workgroups: readonly [number, number];
  /** Whether a vec4 entry point runs (N % 4 == 0, no transposed B) rather than the scalar-safe path. */
  readonly vectorized: boolean;
  /** main_vec4x8 (N % 8 == 0), main_vec4 or main. */
  readonly entryPoint: 'main_vec4x8' | 'main_vec4' | 'main';
}

export const MATMUL_WORKGROUP: readonly [number, number] = [8, 8];
/** Columns per invocation (both paths) and rows per invocation of the scalar path. */
const BLOCK = 4;
/** Rows per invocation of the vec4 path (an 8x4 block). */
const VEC4_BLOCK_ROWS = 8;

export async function prepareMatmul(cache: PipelineCache, args: MatmulArgs): Promise<MatmulDispatch> {
  const { device } = cache;
  const { M, N, K } = args;
  for (const [k, v] of Object.entries({ M, N, K }))
    if (!Number.isInteger(v) || v < 1) throw new Error(`matmul: ${k} must be a positive integer, got ${v}`);
  const transposeA = args.transposeA ?? false;
  const transposeB = args.transposeB ?? false;
  const vectorized = N % 4 === 0 && !transposeB;
  const entryPoint = vectorized ? (N % 8 === 0 ? 'main_vec4x8' : 'main_vec4') : 'main';
  const [wgX, wgY] = MATMUL_WORKGROUP;
  const blockRows = vectorized ? VEC4_BLOCK_ROWS : BLOCK;
  const blockColumns = entryPoint === 'main_vec4x8' ? 2 * BLOCK : BLOCK;
  const workgroups = [Math.ceil(Math.ceil(N / blockColumns) / wgX), Math.ceil(Math.ceil(M / blockRows) / wgY)] as const;
  // The shader statically uses the bias binding, so it is always bound: a 16-byte placeholder when there is no bias.
  const placeholder = args.bias ? null : device.createBuffer({ label: 'matmul no-bias', size: 16, usage: GPUBufferUsage.STORAGE });
  const kernel = await prepareKernel(cache, {
    shader: 'matmul',
    entryPoint,
    constants: { WG_X: wgX, WG_Y: wgY, HAS_BIAS: args.bias != null, TRANSPOSE_A: transposeA, TRANSPOSE_B: transposeB, RELU: args.relu ?? false },
    uniforms: [M, N, K],
    buffers: [args.a, args.b, args.c, args.bias ?? placeholder!],
    workgroups,
    label: 'matmul',
  });
  return {
    workgroups,
    vectorized,
    entryPoint,
    encode: kernel.encode,
    destroy() {
      kernel.destroy();
      placeholder?.destroy();
    },
  };
}
