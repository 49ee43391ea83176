// shaders/matmul.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/dense.ts).
import { describe, expect, it } from 'vitest';
import { prepareMatmul, type MatmulArgs } from '../../src/engine/kernels/matmul.ts';
import { PipelineCache } from '../../src/engine/pipelines.ts';
import { setShaderSource, shaderSource } from '../../src/engine/shaders.ts';
import { denseBackwardInput, denseBackwardWeights, denseForward, matmul } from '../../src/model/reference/dense.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';
import { installShaderFiles } from './shaderFiles.ts';

describe.skipIf(!gpuAvailable)('matmul kernel on Dawn', () => {
  const gpu = useGpu('matmul-test');

  /** Runs one matmul on the GPU; returns C and whether the vec4 entry point ran. */
  async function run(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    shape: Pick<MatmulArgs, 'M' | 'N' | 'K' | 'transposeA' | 'transposeB' | 'relu'>,
  ): Promise<{ c: Float32Array; vectorized: boolean; entryPoint: string }> {
    const bufC = gpu.buffer(shape.M * shape.N * 4);
    const dispatch = await prepareMatmul(gpu.cache, { ...shape, a: gpu.buffer(a), b: gpu.buffer(b), c: bufC, bias: bias ? gpu.buffer(bias) : null });
    await gpu.run([dispatch]);
    const c = await gpu.readF32(bufC, shape.M * shape.N);
    dispatch.destroy();
    return { c, vectorized: dispatch.vectorized, entryPoint: dispatch.entryPoint };
  }

  const shapes: [number, number, number][] = [
    // [M, N, K]
    [1, 1, 1],
    [7, 5, 3],
    [33, 17, 65],
    [64, 120, 400],
    [64, 10, 84],
    [5, 8, 9],
    [31, 36, 7],
    [13, 24, 5],
  ];

  for (const [M, N, K] of shapes) {
    it(`C = A·B for M=${M} N=${N} K=${K}`, async () => {
      const a = randomArray(M * K, 1 + M);
      const b = randomArray(K * N, 2 + N);
      const { c, vectorized, entryPoint } = await run(a, b, null, { M, N, K });
      expect(vectorized).toBe(N % 4 === 0);
      expect(entryPoint).toBe(N % 8 === 0 ? 'main_vec4x8' : N % 4 === 0 ? 'main_vec4' : 'main');
      expectClose(c, matmul(a, b, M, K, N));
    });

    it(`dense forward y = x·W + b for batch=${M} units=${N} in=${K}`, async () => {
      const x = randomArray(M * K, 3 + K);
      const w = randomArray(K * N, 4 + M);
      const bias = randomArray(N, 5 + N);
      const { c } = await run(x, w, bias, { M, N, K });
      expectClose(c, denseForward(x, w, bias, M, K, N));
    });

    // Backward with batch=M, units=N, inFeatures=K.
    it(`dense backward dx = dy·Wᵀ for batch=${M} units=${N} in=${K}`, async () => {
      const dy = randomArray(M * N, 6 + M);
      const w = randomArray(K * N, 7 + K);
      const { c, vectorized } = await run(dy, w, null, { M, N: K, K: N, transposeB: true });
      expect(vectorized).toBe(false);
      expectClose(c, denseBackwardInput(dy, w, M, K, N));
    });

    it(`dense backward dW = xᵀ·dy for batch=${M} units=${N} in=${K}`, async () => {
      const x = randomArray(M * K, 8 + N);
      const dy = randomArray(M * N, 9 + K);
      const { c, vectorized } = await run(x, dy, null, { M: K, N, K: M, transposeA: true });
      expect(vectorized).toBe(N % 4 === 0);
      expectClose(c, denseBackwardWeights(x, dy, M, K, N));
    });
  }

  it('transposes both operands at once', async () => {
    const [M, N, K] = [9, 6, 11];
    const aT = randomArray(K * M, 10);
    const bT = randomArray(N * K, 11);
    const a = new Float32Array(M * K);
    const b = new Float32Array(K * N);
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) a[i * K + k] = aT[k * M + i]!;
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) b[k * N + j] = bT[j * K + k]!;
    const { c } = await run(aT, bT, randomArray(N, 12), { M, N, K, transposeA: true, transposeB: true });
    expectClose(c, denseForward(a, b, randomArray(N, 12), M, K, N));
  });

  for (const N of [8, 7]) {
    it(`fuses ReLU into the epilogue (N=${N})`, async () => {
      const [M, K] = [9, 5];
      const x = randomArray(M * K, 21);
      const w = randomArray(K * N, 22);
      const bias = randomArray(N, 23);
      const { c } = await run(x, w, bias, { M, N, K, relu: true });
      expectClose(c, denseForward(x, w, bias, M, K, N).map((v) => Math.max(0, v)));
    });
  }

  it('caches pipelines by shader, entry point and constants', async () => {
    const p1 = await gpu.cache.pipeline('matmul', 'main', { WG_X: 8, WG_Y: 8, HAS_BIAS: false, TRANSPOSE_A: false, TRANSPOSE_B: false });
    const p2 = await gpu.cache.pipeline('matmul', 'main', { TRANSPOSE_B: false, TRANSPOSE_A: false, HAS_BIAS: false, WG_Y: 8, WG_X: 8 });
    expect(p1).toBe(p2);
  });

  it('finds the shader through import.meta.glob under Vite when no loader is set', () => {
    setShaderSource(null);
    try {
      expect(shaderSource('matmul')).toContain('fn main_vec4');
      expect(() => shaderSource('no-such-shader')).toThrow(/shader "no-such-shader" not found/);
    } finally {
      installShaderFiles();
    }
  });

  it('turns a WGSL compile error into an Error naming the shader', async () => {
    setShaderSource((name) => (name === 'broken' ? 'fn main( { nope }' : ''));
    try {
      await expect(new PipelineCache(gpu.device).module('broken')).rejects.toThrow(/WGSL shader "broken" failed to compile/);
    } finally {
      installShaderFiles();
    }
  });

  it('reports GFLOP/s of 256x256x256 multiplies (no timing assertions)', async () => {
    const n = 256;
    const { device } = gpu;
    const bufA = gpu.buffer(randomArray(n * n, 13));
    const bufB = gpu.buffer(randomArray(n * n, 14));
    const bufC = gpu.buffer(n * n * 4);
    const variants: [string, Partial<MatmulArgs>][] = [
      ['vec4 A·B (8x8 blocks)', {}],
      ['vec4 A·B (8x4 blocks, N=252)', { N: n - 4 }],
      ['scalar A·B (N=255)', { N: n - 1 }],
      ['A·Bᵀ (dx)', { transposeB: true }],
      ['Aᵀ·B (dW)', { transposeA: true }],
    ];
    for (const [name, extra] of variants) {
      const args = { a: bufA, b: bufB, c: bufC, M: n, N: n, K: n, ...extra };
      const dispatch = await prepareMatmul(gpu.cache, args);
      const once = async (reps: number) => {
        device.pushErrorScope('validation');
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        for (let r = 0; r < reps; r++) dispatch.encode(pass);
        pass.end();
        device.queue.submit([encoder.finish()]);
        await device.queue.onSubmittedWorkDone();
        expect((await device.popErrorScope())?.message).toBeUndefined();
      };
      await once(1);
      const reps = 5;
      const t0 = performance.now();
      await once(reps);
      const seconds = (performance.now() - t0) / 1000;
      console.log(`matmul ${args.M}x${args.N}x${args.K} ${name}: ${((2 * args.M * args.N * args.K * reps) / seconds / 1e9).toFixed(2)} GFLOP/s`);
      dispatch.destroy();
    }
  });
});
