// Matrix multiply kernel (shaders/matmul.wgsl): C[M,N] = op(A)·op(B) (+ bias[N]).
// prepareMatmul() compiles/fetches the pipeline, writes the uniforms once and builds the bind group;
// the returned dispatch's encode(pass) allocates nothing, so it can run every training step.
//
// Dense layer usage (x [batch,in], W [in,units], dy [batch,units]):
//   forward  y  = x·W + b : { a: x,  b: W,  M: batch, K: in,    N: units, bias }
//   backward dx = dy·Wᵀ   : { a: dy, b: W,  M: batch, K: units, N: in,    transposeB: true }
//   backward dW = xᵀ·dy   : { a: x,  b: dy, M: in,    K: batch, N: units, transposeA: true }

import type { PipelineCache } from '../pipelines.ts';

export interface MatmulArgs {
  /** [M,K] row-major, or [K,M] when transposeA. */
  a: GPUBuffer;
  /** [K,N] row-major, or [N,K] when transposeB. */
  b: GPUBuffer;
  /** [M,N] row-major output. */
  c: GPUBuffer;
  /** [N], added to every row of C. */
  bias?: GPUBuffer | null;
  M: number;
  N: number;
  K: number;
  transposeA?: boolean;
  transposeB?: boolean;
}

export interface MatmulDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: readonly [number, number];
  /** Which entry point runs: vec4 loads/stores (N % 4 == 0, no transposed B) or the scalar-safe path. */
  readonly vectorized: boolean;
  encode(pass: GPUComputePassEncoder): void;
  /** Frees the uniform (and placeholder bias) buffer; the operand buffers belong to the caller. */
  destroy(): void;
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
  const hasBias = args.bias != null;
  const vectorized = N % 4 === 0 && !transposeB;
  const [wgX, wgY] = MATMUL_WORKGROUP;
  const pipeline = await cache.pipeline('matmul', vectorized ? 'main_vec4' : 'main', {
    WG_X: wgX,
    WG_Y: wgY,
    HAS_BIAS: hasBias,
    TRANSPOSE_A: transposeA,
    TRANSPOSE_B: transposeB,
  });

  const uniforms = device.createBuffer({ label: 'matmul params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(uniforms, 0, new Uint32Array([M, N, K, 0]));
  const entries: GPUBindGroupEntry[] = [
    { binding: 0, resource: { buffer: uniforms } },
    { binding: 1, resource: { buffer: args.a, size: M * K * 4 } },
    { binding: 2, resource: { buffer: args.b, size: K * N * 4 } },
    { binding: 3, resource: { buffer: args.c, size: M * N * 4 } },
  ];
  // The shader statically uses the bias binding, so it is always bound: a 16-byte placeholder when HAS_BIAS is false.
  const placeholder = args.bias ? null : device.createBuffer({ label: 'matmul no-bias', size: 16, usage: GPUBufferUsage.STORAGE });
  entries.push({ binding: 4, resource: args.bias ? { buffer: args.bias, size: N * 4 } : { buffer: placeholder! } });
  const bindGroup = device.createBindGroup({ label: 'matmul', layout: pipeline.getBindGroupLayout(0), entries });
  const blockRows = vectorized ? VEC4_BLOCK_ROWS : BLOCK;
  const workgroups = [Math.ceil(Math.ceil(N / BLOCK) / wgX), Math.ceil(Math.ceil(M / blockRows) / wgY)] as const;

  return {
    pipeline,
    bindGroup,
    workgroups,
    vectorized,
    encode(pass) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(workgroups[0], workgroups[1]);
    },
    destroy() {
      uniforms.destroy();
      placeholder?.destroy();
    },
  };
}

/** Records a prepared matmul into a compute pass (no allocation). */
export function encodeMatmul(pass: GPUComputePassEncoder, dispatch: MatmulDispatch): void {
  dispatch.encode(pass);
}
