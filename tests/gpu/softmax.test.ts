// shaders/softmax.wgsl on Dawn/SwiftShader against the CPU reference (softmaxForward/softmaxBackward in
// src/model/reference/activations.ts).
import { describe, expect, it } from 'vitest';
import { prepareKernel, workgroups1d } from '../../src/engine/kernels/kernel.ts';
import { prepareSoftmaxBackward, prepareSoftmaxForward, SOFTMAX_WORKGROUP } from '../../src/engine/kernels/softmax.ts';
import { softmaxBackward, softmaxForward } from '../../src/model/reference/activations.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

const RTOL = 1e-4;
const ATOL = 1e-6;

describe.skipIf(!gpuAvailable)('softmax kernels on Dawn', () => {
  const gpu = useGpu('softmax-test');

  const shapes: [number, number][] = [
    // [rows, cols]
    [1, 1],
    [1, 10],
    [7, 3],
    [64, 10],
    [5, 1000],
    [130, 7],
  ];

  for (const [rows, cols] of shapes) {
    it(`forward and backward, rows ${rows}, cols ${cols}`, async () => {
      const n = rows * cols;
      const x = randomArray(n, rows * 31 + cols, -8, 8);
      const dy = randomArray(n, rows + cols * 17);
      const bufY = gpu.buffer(n * 4);
      const bufDx = gpu.buffer(n * 4);
      const fwd = await prepareSoftmaxForward(gpu.cache, { rows, cols, x: gpu.buffer(x), y: bufY });
      const bwd = await prepareSoftmaxBackward(gpu.cache, { rows, cols, y: bufY, dy: gpu.buffer(dy), dx: bufDx });
      await gpu.run([fwd, bwd]);
      const y = await gpu.readF32(bufY, n);
      expectClose(y, softmaxForward(x, cols), RTOL, ATOL, 'y');
      // Backward from the GPU's own y, so the check isolates the backward kernel.
      expectClose(await gpu.readF32(bufDx, n), softmaxBackward(y, dy, cols), RTOL, ATOL, 'dx');
      fwd.destroy();
      bwd.destroy();
    });
  }

  it('subtracts the row max: huge logits give finite probabilities', async () => {
    const x = Float32Array.from([1000, 999, -1000, 80, 88, 90, -3e38, 3e38, 0]);
    const bufY = gpu.buffer(x.length * 4);
    const fwd = await prepareSoftmaxForward(gpu.cache, { rows: 3, cols: 3, x: gpu.buffer(x), y: bufY });
    await gpu.run([fwd]);
    const y = await gpu.readF32(bufY, x.length);
    for (const v of y) expect(Number.isFinite(v)).toBe(true);
    expectClose(y, softmaxForward(x, 3), RTOL, ATOL, 'y');
    fwd.destroy();
  });

  it('maps a workgroup grid split over y (at most 2 workgroups per dimension)', async () => {
    const [rows, cols] = [333, 5];
    const x = randomArray(rows * cols, 77, -3, 3);
    const bufY = gpu.buffer(rows * cols * 4);
    const workgroups = workgroups1d(rows, SOFTMAX_WORKGROUP, 2);
    expect(workgroups[1]).toBeGreaterThan(1);
    const kernel = await prepareKernel(gpu.cache, {
      shader: 'softmax',
      entryPoint: 'forward',
      constants: { WG: SOFTMAX_WORKGROUP },
      uniforms: [rows, cols],
      buffers: [gpu.buffer(x), bufY],
      workgroups,
    });
    await gpu.run([kernel]);
    expectClose(await gpu.readF32(bufY, rows * cols), softmaxForward(x, cols), RTOL, ATOL, 'y');
    kernel.destroy();
  });
});
