// shaders/matmul.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/dense.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMatmul, type MatmulArgs } from '../../src/engine/kernels/matmul.ts';
import { PipelineCache } from '../../src/engine/pipelines.ts';
import { setShaderSource, shaderSource } from '../../src/engine/shaders.ts';
import { denseBackwardInput, denseBackwardWeights, denseForward, matmul } from '../../src/model/reference/dense.ts';
import { dawnGpu, hasAdapter } from './dawn.ts';
import { installShaderFiles } from './shaderFiles.ts';

const available = await hasAdapter();
if (!available) console.warn('gpu matmul tests skipped: no WebGPU adapter (install libvulkan1 and chromium for SwiftShader)');

/** mulberry32: a small seeded RNG, values in [-1, 1). */
function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array, rtol = 1e-4, atol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) expect.fail(`index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}

describe.skipIf(!available)('matmul kernel on Dawn', () => {
  let device: GPUDevice;
  let cache: PipelineCache;

  beforeAll(async () => {
    installShaderFiles();
    const adapter = (await dawnGpu().requestAdapter())!;
    device = await adapter.requestDevice({ label: 'matmul-test' });
    cache = new PipelineCache(device);
  });
  afterAll(() => {
    device?.destroy();
    setShaderSource(null);
  });

  function upload(data: Float32Array): GPUBuffer {
    const buffer = device.createBuffer({ size: Math.max(16, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** Runs one matmul on the GPU; returns C and whether the vec4 entry point ran. */
  async function run(
    a: Float32Array,
    b: Float32Array,
    bias: Float32Array | null,
    shape: Pick<MatmulArgs, 'M' | 'N' | 'K' | 'transposeA' | 'transposeB'>,
  ): Promise<{ c: Float32Array; vectorized: boolean }> {
    const size = shape.M * shape.N * 4;
    const bufA = upload(a);
    const bufB = upload(b);
    const bufBias = bias ? upload(bias) : null;
    const bufC = device.createBuffer({ size: Math.max(16, size), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readback = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.pushErrorScope('validation');
    const dispatch = await prepareMatmul(cache, { ...shape, a: bufA, b: bufB, c: bufC, bias: bufBias });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    dispatch.encode(pass);
    pass.end();
    encoder.copyBufferToBuffer(bufC, 0, readback, 0, size);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    expect(error?.message).toBeUndefined();
    await readback.mapAsync(GPUMapMode.READ);
    const c = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    for (const buf of [bufA, bufB, bufBias, bufC, readback]) buf?.destroy();
    dispatch.destroy();
    return { c, vectorized: dispatch.vectorized };
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
  ];

  for (const [M, N, K] of shapes) {
    it(`C = A·B for M=${M} N=${N} K=${K}`, async () => {
      const a = randomArray(M * K, 1 + M);
      const b = randomArray(K * N, 2 + N);
      const { c, vectorized } = await run(a, b, null, { M, N, K });
      expect(vectorized).toBe(N % 4 === 0);
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

  it('caches pipelines by shader, entry point and constants', async () => {
    const p1 = await cache.pipeline('matmul', 'main', { WG_X: 8, WG_Y: 8, HAS_BIAS: false, TRANSPOSE_A: false, TRANSPOSE_B: false });
    const p2 = await cache.pipeline('matmul', 'main', { TRANSPOSE_B: false, TRANSPOSE_A: false, HAS_BIAS: false, WG_Y: 8, WG_X: 8 });
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
      await expect(new PipelineCache(device).module('broken')).rejects.toThrow(/WGSL shader "broken" failed to compile/);
    } finally {
      installShaderFiles();
    }
  });

  it('reports GFLOP/s of 256x256x256 multiplies (no timing assertions)', async () => {
    const n = 256;
    const bufA = upload(randomArray(n * n, 13));
    const bufB = upload(randomArray(n * n, 14));
    const bufC = device.createBuffer({ size: n * n * 4, usage: GPUBufferUsage.STORAGE });
    const variants: [string, Partial<MatmulArgs>][] = [
      ['vec4 A·B', {}],
      ['scalar A·B (N=255)', { N: n - 1 }],
      ['A·Bᵀ (dx)', { transposeB: true }],
      ['Aᵀ·B (dW)', { transposeA: true }],
    ];
    for (const [name, extra] of variants) {
      const args = { a: bufA, b: bufB, c: bufC, M: n, N: n, K: n, ...extra };
      const dispatch = await prepareMatmul(cache, args);
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
    for (const buf of [bufA, bufB, bufC]) buf.destroy();
  });
});
