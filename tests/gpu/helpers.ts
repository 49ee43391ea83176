// Shared scaffolding for the WGSL kernel suites: a Dawn device per file, seeded inputs, upload/readback,
// running prepared dispatches inside a validation error scope, and one tolerance check.
import { afterAll, beforeAll, expect } from 'vitest';
import type { KernelDispatch } from '../../src/engine/kernels/kernel.ts';
import { PipelineCache } from '../../src/engine/pipelines.ts';
import { setShaderSource } from '../../src/engine/shaders.ts';
import { dawnGpu, hasAdapter } from './dawn.ts';
import { installShaderFiles } from './shaderFiles.ts';

/** Whether this machine has a WebGPU adapter; suites use describe.skipIf(!gpuAvailable) and say so. */
export const gpuAvailable = await hasAdapter();
if (!gpuAvailable) console.warn('gpu tests skipped: no WebGPU adapter (install libvulkan1 and chromium for SwiftShader)');

/** mulberry32: a small seeded RNG, values in [lo, hi). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}

/** Fails at the worst element outside |actual - expected| ≤ atol + rtol·|expected| (NaN never passes). */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-4, atol = 1e-5, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; i++) {
    const excess = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) expect.fail(`${what} index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}

export interface GpuContext {
  device: GPUDevice;
  cache: PipelineCache;
  /** A storage buffer (COPY_SRC/COPY_DST too) holding `data`, or `bytes` zeroed bytes; destroyed after the file. */
  buffer(data: ArrayBufferView | number): GPUBuffer;
  /** Encodes the dispatches in one compute pass, submits, and fails the test on a validation error. */
  run(dispatches: KernelDispatch[]): Promise<void>;
  /** Copies `bytes` (default: all) of a buffer back to the CPU. */
  read(buffer: GPUBuffer, bytes?: number): Promise<ArrayBuffer>;
  readF32(buffer: GPUBuffer, count?: number): Promise<Float32Array>;
}

/** Opens a Dawn device for the suite (call at describe level); every buffer it made is destroyed afterwards. */
export function useGpu(label: string): GpuContext {
  const owned: GPUBuffer[] = [];
  const ctx = {} as GpuContext & { device: GPUDevice; cache: PipelineCache };
  beforeAll(async () => {
    installShaderFiles();
    const adapter = (await dawnGpu().requestAdapter())!;
    ctx.device = await adapter.requestDevice({ label, requiredLimits: { maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage } });
    ctx.cache = new PipelineCache(ctx.device);
  });
  afterAll(() => {
    for (const b of owned) b.destroy();
    ctx.device?.destroy();
    setShaderSource(null);
  });
  ctx.buffer = (data) => {
    const bytes = typeof data === 'number' ? data : data.byteLength;
    const buffer = ctx.device.createBuffer({
      size: Math.max(16, Math.ceil(bytes / 16) * 16),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    if (typeof data !== 'number') ctx.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    owned.push(buffer);
    return buffer;
  };
  ctx.run = async (dispatches) => {
    ctx.device.pushErrorScope('validation');
    const encoder = ctx.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (const d of dispatches) d.encode(pass);
    pass.end();
    ctx.device.queue.submit([encoder.finish()]);
    const error = await ctx.device.popErrorScope();
    expect(error?.message).toBeUndefined();
  };
  ctx.read = async (buffer, bytes = buffer.size) => {
    const staging = ctx.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = ctx.device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
    ctx.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = staging.getMappedRange().slice(0);
    staging.unmap();
    staging.destroy();
    return out;
  };
  ctx.readF32 = async (buffer, count) => new Float32Array(await ctx.read(buffer, count === undefined ? buffer.size : count * 4));
  return ctx;
}
