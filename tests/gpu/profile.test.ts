// The per-layer step profile (src/engine/profile.ts) and the bench code path on Dawn: every part timed by both methods,
// the parameters, gradients and optimizer state untouched afterwards, and the bench's JSON lines in the promised shape.
import { describe, expect, it } from 'vitest';
import { benchWorkload, jsonLine, type BenchData } from '../../bench/harness.ts';
import { openConvlab } from '../../bench/convlabContender.ts';
import { measureRoofline } from '../../bench/roofline.ts';
import { WORKLOADS } from '../../bench/workloads.ts';
import { readFileSync } from 'node:fs';
import { requestDevice } from '../../src/engine/device.ts';
import { formatProfile } from '../../src/engine/profile.ts';
import { dawnGpu } from './dawn.ts';
import { gpuAvailable } from './helpers.ts';
import { installShaderFiles } from './shaderFiles.ts';

/** Seeded synthetic 28x28 digits: enough for two batches, no dataset files needed. */
function syntheticData(count: number): BenchData {
  const images = new Uint8Array(count * 28 * 28);
  let s = 7;
  for (let i = 0; i < images.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    images[i] = s >>> 24;
  }
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count, shape: [28, 28, 1], classes: 10 };
}

describe.skipIf(!gpuAvailable)('profile and bench on Dawn', () => {
  it('times every layer and part with both methods and leaves the weights as they were', async () => {
    installShaderFiles();
    const device = await requestDevice((await dawnGpu().requestAdapter())!, 'profile test');
    const workload = { ...WORKLOADS.A, batchSize: 8 };
    const runner = await openConvlab(device, workload, syntheticData(32));
    try {
      await runner.train(1);
      const before = await runner.predict(3);
      for (const method of ['timed-dispatches', ...(device.features.has('timestamp-query') ? ['timestamp-query' as const] : [])] as const) {
        const p = await runner.profile(method === 'timed-dispatches' ? { method, repeats: 2, minBatchMs: 1 } : { method, repeats: 2 });
        expect(p.method).toBe(method);
        // LeNet's 12 op layers less the flatten (no kernels) have forward rows; input, loss, optimizer are the rest.
        expect(p.layers.map((l) => l.type)).toEqual(['conv2d', 'relu', 'maxpool2d', 'conv2d', 'relu', 'maxpool2d', 'dense', 'relu', 'dense', 'relu', 'dense']);
        expect(p.parts.filter((x) => x.layerIndex === null).map((x) => x.phase)).toEqual(['input', 'loss', 'optimizer']);
        // The ReLUs after the convs run no kernel of their own (fused into the conv and the max pool): 0 ms rows.
        for (const relu of [1, 4]) expect(p.parts.filter((x) => x.layerIndex === relu).map((x) => [x.dispatches, x.ms])).toEqual([[0, 0], [0, 0]]);
        expect(formatProfile(p)).toMatch(/^2 relu +fused *$/m);
        for (const x of p.parts) expect(x.ms).toBeGreaterThanOrEqual(0);
        expect(p.stepMs).toBeGreaterThan(0);
        // The first conv has weights and bias gradients but no input gradient: its backward runs 2 kernels.
        expect(p.parts.find((x) => x.layerIndex === 0 && x.phase === 'backward')?.dispatches).toBe(2);
      }
      expect(Array.from(await runner.predict(3))).toEqual(Array.from(before));
    } finally {
      runner.dispose();
      device.destroy();
    }
  });

  it('runs the bench loop and prints one JSON line per measurement', async () => {
    installShaderFiles();
    const device = await requestDevice((await dawnGpu().requestAdapter())!, 'bench smoke test');
    try {
      const data = syntheticData(128);
      const contender = { name: 'convlab', open: () => openConvlab(device, WORKLOADS.A, data) };
      const results = await benchWorkload('A', data, [contender], { workloads: ['A'], steps: 1, warmup: 1, rounds: 1, predictions: 2 });
      expect(results).toHaveLength(1);
      const line = JSON.parse(jsonLine(results[0]!)) as Record<string, unknown>;
      expect(Object.keys(line)).toEqual(['workload', 'contender', 'examplesPerSecond', 'latencyMs']);
      expect(line).toMatchObject({ workload: 'A', contender: 'convlab' });
      expect(line.examplesPerSecond).toBeGreaterThan(0);
      expect(line.latencyMs).toBeGreaterThan(0);
      const roof = await measureRoofline(device, readFileSync(new URL('../../bench/roofline_matmul.wgsl', import.meta.url), 'utf8'), { sizes: [64], targetMs: 5 });
      expect(roof.candidates).toHaveLength(6);
      expect(roof.gflops).toBe(Math.max(...roof.candidates.map((c) => c.gflops)));
    } finally {
      device.destroy();
    }
  });
});
