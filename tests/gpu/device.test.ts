// The engine's device acquisition (src/engine/device.ts) on a real WebGPU implementation: Dawn on SwiftShader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterLimits, probeWebGPU, requestAdapter, requestDevice } from '../../src/engine/device.ts';
import { hasAdapter, installNavigatorGpu } from './dawn.ts';

const available = await hasAdapter();
if (!available) console.warn('gpu tests skipped: no WebGPU adapter (install libvulkan1 and chromium for SwiftShader)');

describe.skipIf(!available)('WebGPU device on Dawn', () => {
  let restore: () => void;
  beforeAll(() => {
    restore = installNavigatorGpu();
  });
  afterAll(() => restore());

  it('probes the adapter and proves a device can be made', async () => {
    const probe = await probeWebGPU();
    expect(probe.webgpu).toBe(true);
    expect(probe.error).toBeUndefined();
    expect(probe.adapter).toMatch(/\S/);
    expect(probe.limits!.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
  });

  it('raises the device limits to the adapter maxima and runs a compute shader', async () => {
    const adapter = await requestAdapter();
    const device = await requestDevice(adapter);
    expect(device.limits.maxStorageBufferBindingSize).toBe(adapterLimits(adapter).maxStorageBufferBindingSize);
    const module = device.createShaderModule({
      code: `@group(0) @binding(0) var<storage, read_write> data: array<f32>;
             @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
               if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] * 2.0 + 1.0; }
             }`,
    });
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    const n = 100;
    const buffer = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const readback = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, Float32Array.from({ length: n }, (_, i) => i));
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer } }] }));
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    encoder.copyBufferToBuffer(buffer, 0, readback, 0, n * 4);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(readback.getMappedRange().slice(0));
    expect(Array.from(out)).toEqual(Array.from({ length: n }, (_, i) => i * 2 + 1));
    device.destroy();
  });
});

describe('WebGPU missing', () => {
  it('reports no WebGPU with a reason instead of throwing', async () => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
    try {
      const probe = await probeWebGPU();
      expect(probe).toMatchObject({ webgpu: false, features: [] });
      expect(probe.error).toMatch(/navigator\.gpu is not available/);
      await expect(requestAdapter()).rejects.toThrow(/WebGPU is not supported or not enabled/);
    } finally {
      if (had) Object.defineProperty(globalThis, 'navigator', had);
      else delete (globalThis as { navigator?: unknown }).navigator;
    }
  });
});
