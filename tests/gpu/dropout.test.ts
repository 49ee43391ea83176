// shaders/dropout.wgsl on Dawn/SwiftShader against the CPU reference (src/model/reference/dropout.ts): the mask
// must be bit-identical, the scaled values equal up to float32 rounding of 1 / (1 - rate).
import { describe, expect, it } from 'vitest';
import { DROPOUT_WORKGROUP, dropoutKey, prepareDropoutBackward, prepareDropoutForward } from '../../src/engine/kernels/dropout.ts';
import { prepareKernel, workgroups1d } from '../../src/engine/kernels/kernel.ts';
import { dropoutBackward, dropoutForward, dropoutMask, hash3, pcgHash } from '../../src/model/reference/dropout.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

// The reference multiplies by 1 / (1 - rate) in float64, the kernel by its float32 rounding: ≤ 2 ulp apart.
const RTOL = 3e-7;

describe.skipIf(!gpuAvailable)('dropout kernels on Dawn', () => {
  const gpu = useGpu('dropout-test');

  async function run(count: number, rate: number, seed: number, step: number, training: boolean, x: Float32Array, dy: Float32Array) {
    const bufY = gpu.buffer(count * 4);
    const bufDx = gpu.buffer(count * 4);
    const fwd = await prepareDropoutForward(gpu.cache, { count, rate, seed, x: gpu.buffer(x), y: bufY });
    const bwd = await prepareDropoutBackward(gpu.cache, { count, rate, seed, dy: gpu.buffer(dy), dx: bufDx });
    fwd.setStep(step, training);
    bwd.setStep(step, training);
    await gpu.run([fwd, bwd]);
    const out = { y: await gpu.readF32(bufY, count), dx: await gpu.readF32(bufDx, count) };
    fwd.destroy();
    bwd.destroy();
    return out;
  }

  it('folds (seed, step) into the same hash as the reference', () => {
    for (const [seed, step, index] of [
      [0, 0, 0],
      [12345, 7, 99],
      [0xffffffff, 0xffffffff, 0xfffffff0],
    ] as const) {
      expect(pcgHash((index + dropoutKey(seed, step)) >>> 0)).toBe(hash3(seed, step, index));
    }
  });

  for (const rate of [0, 0.5, 0.9, 0.1]) {
    for (const count of [1, 3, 37, 1001, 4096]) {
      for (const [seed, step] of [
        [1, 0],
        [42, 3],
        [0xdeadbeef, 123456],
      ] as const) {
        it(`rate ${rate}, count ${count}, seed ${seed}, step ${step}: mask bit-identical`, async () => {
          const x = randomArray(count, seed + count, 0.5, 1.5);
          const dy = randomArray(count, step + count, -1, -0.5);
          const { y, dx } = await run(count, rate, seed, step, true, x, dy);
          const mask = dropoutMask(count, rate, seed, step);
          // No input is 0, so a 0 output is exactly a dropped element.
          const gpuMask = Uint8Array.from(y, (v) => (v === 0 ? 0 : 1));
          expect(Array.from(gpuMask)).toEqual(Array.from(mask));
          expect(Array.from(dx, (v) => (v === 0 ? 0 : 1))).toEqual(Array.from(mask));
          expectClose(y, dropoutForward(x, mask, rate), RTOL, 0, 'y');
          expectClose(dx, dropoutBackward(dy, mask, rate), RTOL, 0, 'dx');
        });
      }
    }
  }

  it('draws a different mask at another step and keeps about 1 - rate of the units', async () => {
    const count = 4096;
    const x = new Float32Array(count).fill(1);
    const a = (await run(count, 0.5, 7, 1, true, x, x)).y;
    const b = (await run(count, 0.5, 7, 2, true, x, x)).y;
    const kept = a.filter((v) => v !== 0).length;
    expect(kept / count).toBeGreaterThan(0.45);
    expect(kept / count).toBeLessThan(0.55);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    for (const v of a) expect(v === 0 || v === 2).toBe(true);
  });

  for (const count of [1, 37, 1000]) {
    it(`training=false copies exactly (count ${count}), also with inf and NaN inputs`, async () => {
      const x = randomArray(count, 3 + count, -1e6, 1e6);
      x[0] = count > 1 ? Infinity : NaN;
      const { y, dx } = await run(count, 0.9, 5, 10, false, x, x);
      expect(new Uint32Array(y.buffer)).toEqual(new Uint32Array(x.buffer));
      expect(new Uint32Array(dx.buffer)).toEqual(new Uint32Array(x.buffer));
    });
  }

  it('starts as an identity copy before setStep, and setStep switches training on and off', async () => {
    const count = 64;
    const x = randomArray(count, 11, 0.5, 1.5);
    const bufY = gpu.buffer(count * 4);
    const fwd = await prepareDropoutForward(gpu.cache, { count, rate: 0.5, seed: 9, x: gpu.buffer(x), y: bufY });
    await gpu.run([fwd]);
    expect(await gpu.readF32(bufY, count)).toEqual(x);
    fwd.setStep(4, true);
    await gpu.run([fwd]);
    expectClose(await gpu.readF32(bufY, count), dropoutForward(x, dropoutMask(count, 0.5, 9, 4), 0.5), RTOL, 0, 'y');
    fwd.setStep(5, false);
    await gpu.run([fwd]);
    expect(await gpu.readF32(bufY, count)).toEqual(x);
    fwd.destroy();
  });

  it('writes 0 for dropped elements even when the input is inf', async () => {
    const count = 8;
    const x = new Float32Array(count).fill(Infinity);
    const { y } = await run(count, 0.5, 3, 1, true, x, x);
    const mask = dropoutMask(count, 0.5, 3, 1);
    expect(Array.from(y)).toEqual(Array.from(mask, (m) => (m ? Infinity : 0)));
  });

  it('rejects a rate outside [0, 1)', async () => {
    const buf = gpu.buffer(16);
    await expect(prepareDropoutForward(gpu.cache, { count: 4, rate: 1, seed: 0, x: buf, y: buf })).rejects.toThrow(/rate 1/);
  });

  // More than 65535 workgroups would need hundreds of millions of elements, so the entry points run with 2 chunks
  // per invocation and at most 2 workgroups per dimension instead: the same (workgroup x, y) → chunk mapping.
  for (const count of [3001, 4096]) {
    it(`maps a workgroup grid split over y (count ${count})`, async () => {
      const [rate, seed, step] = [0.5, 77, 6];
      const x = randomArray(count, 12, 0.5, 1.5);
      const bufY = gpu.buffer(count * 4);
      const workgroups = workgroups1d(Math.ceil(count / 4), DROPOUT_WORKGROUP * 2, 2);
      expect(workgroups[1]).toBeGreaterThan(1);
      const kernel = await prepareKernel(gpu.cache, {
        shader: 'dropout',
        entryPoint: count % 4 === 0 ? 'main_vec4' : 'main',
        constants: { WG: DROPOUT_WORKGROUP, VPT: 2 },
        uniforms: [count, Math.ceil(rate * 2 ** 24), { f32: 1 / (1 - rate) }, dropoutKey(seed, step), 1],
        buffers: [gpu.buffer(x), bufY],
        workgroups,
      });
      await gpu.run([kernel]);
      expectClose(await gpu.readF32(bufY, count), dropoutForward(x, dropoutMask(count, rate, seed, step), rate), RTOL, 0, 'y');
      kernel.destroy();
    });
  }
});
