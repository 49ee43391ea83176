// shaders/bias_grad.wgsl on Dawn/SwiftShader against the CPU reference: conv2dBackwardBias (rows = batch·OH·OW,
// cols = F) and denseBackwardBias (rows = batch, cols = units), on both entry points (cols % 4 == 0 or not).
import { describe, it } from 'vitest';
import { prepareBiasGrad } from '../../src/engine/kernels/biasGrad.ts';
import { conv2dBackwardBias } from '../../src/model/reference/conv2d.ts';
import { denseBackwardBias } from '../../src/model/reference/dense.ts';
import { makeWindow } from '../../src/model/reference/tensor.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

describe.skipIf(!gpuAvailable)('bias gradient kernel on Dawn', () => {
  const gpu = useGpu('bias-grad-test');

  async function run(dy: Float32Array, rows: number, cols: number): Promise<Float32Array> {
    // Prefilled with NaN: every element must be written, none accumulated.
    const db = gpu.buffer(new Float32Array(cols).fill(NaN));
    const dispatch = await prepareBiasGrad(gpu.cache, { rows, cols, dy: gpu.buffer(dy), db });
    await gpu.run([dispatch]);
    const out = await gpu.readF32(db, cols);
    dispatch.destroy();
    return out;
  }

  // [rows, cols]: single row, odd row counts (the unpaired last row), cols below, at and past multiples of 4,
  // and more columns than one workgroup holds lanes for (64·4 = 256).
  const dense: [number, number][] = [
    [1, 1],
    [1, 4],
    [7, 10],
    [64, 120],
    [33, 84],
    [5, 3],
    [9, 261],
    [3, 512],
  ];
  for (const [rows, cols] of dense) {
    it(`dense db for batch ${rows}, units ${cols}`, async () => {
      const dy = randomArray(rows * cols, rows * 31 + cols);
      expectClose(await run(dy, rows, cols), denseBackwardBias(dy, rows, cols), 1e-4, 1e-5, 'db');
    });
  }

  const convs = [
    { input: [28, 28, 1] as [number, number, number], filters: 6, kernel: 5, padding: 2, batch: 3 },
    { input: [14, 14, 6] as [number, number, number], filters: 16, kernel: 5, batch: 2 },
    { input: [9, 7, 4] as [number, number, number], filters: 7, kernel: 3, stride: 2, batch: 5 },
  ];
  for (const c of convs) {
    const g = makeWindow(c);
    it(`conv db for ${g.output.join('x')} outputs, batch ${c.batch}`, async () => {
      const rows = c.batch * g.output[0] * g.output[1];
      const dy = randomArray(rows * g.output[2], rows);
      // Sums of up to ~2400 unit-range values: f32 rounding of that length.
      expectClose(await run(dy, rows, g.output[2]), conv2dBackwardBias(dy, g, c.batch), 1e-4, 1e-4, 'db');
    });
  }
});
