// shaders/gather_batch.wgsl on Dawn/SwiftShader against its CPU twin (src/data/augment.ts gatherBatch): shapes, batch
// sizes, each augmentation alone and together, several steps, offsets that wrap, and the binding-limit check.
import { describe, expect, it } from 'vitest';
import { augmentConfig, channelStats, gatherBatch, type AugmentConfig, type Normalization } from '../../src/data/augment.ts';
import { packBytes, prepareGatherBatch } from '../../src/engine/kernels/gatherBatch.ts';
import { PipelineCache } from '../../src/engine/pipelines.ts';
import { expectClose, gpuAvailable, randomArray, useGpu } from './helpers.ts';

/** count examples of `per` bytes from a seeded stream. */
function randomBytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from(randomArray(n, seed, 0, 256), (v) => Math.floor(v));
}

describe('packBytes', () => {
  it('packs little-endian 4 per word and zero-pads the tail', () => {
    expect(Array.from(packBytes(new Uint8Array([1, 2, 3, 4, 0xff, 6])))).toEqual([0x04030201, 0x06ff]);
    expect(packBytes(new Uint8Array(0)).length).toBe(0);
  });
});

describe.skipIf(!gpuAvailable)('gather_batch kernel on Dawn', () => {
  const gpu = useGpu('gather-batch-test');

  const augments: [string, AugmentConfig][] = [
    ['no augmentation', augmentConfig({})],
    ['shift', augmentConfig({ shift: 3 })],
    ['flip', augmentConfig({ flip: true })],
    ['noise', augmentConfig({ noise: 0.3 })],
    ['all', augmentConfig({ shift: 8, flip: true, noise: 1 })],
  ];
  const shapes: [number, number, number][] = [
    [28, 28, 1],
    [32, 32, 3],
    [5, 7, 2],
  ];
  const COUNT = 23;

  for (const shape of shapes) {
    const [H, W, C] = shape;
    const per = H * W * C;
    const images = randomBytes(COUNT * per, 17 + per);
    const labels = Uint32Array.from({ length: COUNT }, (_, i) => (i * 7) % 10);
    // A permutation with repeats left out: order length ≠ count, so wrapping and indexing are both exercised.
    const order = Uint32Array.from({ length: 19 }, (_, i) => (i * 5 + 3) % COUNT);
    const norm = channelStats(images, shape, order);

    for (const batch of [1, 7, 16]) {
      for (const [name, augment] of augments) {
        it(`${H}x${W}x${C} batch ${batch}, ${name}: GPU equals the CPU twin over several steps`, async () => {
          const x = gpu.buffer(batch * per * 4);
          const y = gpu.buffer(batch * 4);
          const seed = 1234 + batch;
          const dispatch = await prepareGatherBatch(gpu.cache, {
            batch,
            shape,
            count: COUNT,
            images: gpu.buffer(packBytes(images)),
            labels: gpu.buffer(labels),
            order: gpu.buffer(order),
            orderLength: order.length,
            norm,
            augment,
            seed,
            x,
            y,
          });
          // Steps with offsets that run past the order's end, and one evaluation batch.
          const steps: [number, number, boolean][] = [
            [0, 0, true],
            [batch, 1, true],
            [17, 2, true],
            [40, 9, true],
            [12, 3, false],
          ];
          for (const [offset, step, training] of steps) {
            dispatch.setBatch(offset, step, training);
            await gpu.run([dispatch]);
            const want = gatherBatch({ images, labels, shape, order, offset, batch, norm, augment, seed, step, training });
            const gotY = new Uint32Array(await gpu.read(y, batch * 4));
            expect(Array.from(gotY), `labels at step ${step}`).toEqual(Array.from(want.y));
            const gotX = await gpu.readF32(x, batch * per);
            if (augment.noise > 0 && training) expectClose(gotX, want.x, 0, 1e-5, `x at step ${step}`);
            // Without noise every value is (pixel − mean)·(1/std) or the fill: float-exact, so shifts and flips agree exactly.
            else expect(Array.from(gotX), `x at step ${step}`).toEqual(Array.from(want.x));
          }
          dispatch.destroy();
        });
      }
    }
  }

  it('supports 16 channels and a dataset in a byte range of a bigger buffer', async () => {
    const shape: [number, number, number] = [3, 2, 16];
    const per = 3 * 2 * 16;
    const count = 5;
    const images = randomBytes(count * per, 5);
    const labels = Uint32Array.from([3, 1, 4, 1, 5]);
    const order = Uint32Array.from([4, 2, 0, 1, 3]);
    const norm: Normalization = channelStats(images, shape, order);
    const packed = packBytes(images);
    const big = new Uint32Array(64 + packed.length + 8).fill(0xdeadbeef);
    big.set(packed, 64);
    const x = gpu.buffer(3 * per * 4);
    const y = gpu.buffer(3 * 4);
    const augment = augmentConfig({ shift: 1, flip: true, noise: 0.1 });
    const dispatch = await prepareGatherBatch(gpu.cache, {
      batch: 3,
      shape,
      count,
      images: { buffer: gpu.buffer(big), offset: 256 },
      labels: gpu.buffer(labels),
      order: gpu.buffer(order),
      orderLength: 5,
      norm,
      augment,
      seed: 99,
      x,
      y,
    });
    dispatch.setBatch(3, 6, true);
    await gpu.run([dispatch]);
    const want = gatherBatch({ images, labels, shape, order, offset: 3, batch: 3, norm, augment, seed: 99, step: 6, training: true });
    expect(Array.from(new Uint32Array(await gpu.read(y, 12)))).toEqual(Array.from(want.y));
    expectClose(await gpu.readF32(x, 3 * per), want.x, 0, 1e-5);
    dispatch.destroy();
  });

  it('rejects a dataset larger than maxStorageBufferBindingSize, naming sizes and a remedy', async () => {
    // A cache whose device reports a small limit; the check runs before any GPU work.
    const small = new PipelineCache({ ...gpu.device, limits: { maxStorageBufferBindingSize: 1 << 20 } } as unknown as GPUDevice);
    const dummy = gpu.buffer(16);
    const args = { batch: 1, count: 50000, images: dummy, labels: dummy, order: dummy, orderLength: 1, augment: augmentConfig({}), seed: 0, x: dummy, y: dummy };
    await expect(
      prepareGatherBatch(small, { ...args, shape: [32, 32, 3], norm: { mean: [0, 0, 0], std: [1, 1, 1] } }),
    ).rejects.toThrow(/153600000 bytes \(153\.6 MB\).*maxStorageBufferBindingSize of 1048576 bytes.*fewer examples/);
    await expect(prepareGatherBatch(gpu.cache, { ...args, count: 1, shape: [8, 8, 1], norm: { mean: [0], std: [1] } })).rejects.toThrow(/images buffer holds 16 bytes; it needs 64/);
  });
});
