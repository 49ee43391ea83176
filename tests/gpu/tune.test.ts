// Build-time tuning (src/engine/gpu/tune.ts): the faster variant wins, the choice is cached per shape, and a single
// fitting variant is built without timing.
import { describe, expect, it } from 'vitest';
import { fastestVariant } from '../../src/engine/gpu/tune.ts';
import type { KernelDispatch } from '../../src/engine/kernels/kernel.ts';
import { prepareMatmul } from '../../src/engine/kernels/matmul.ts';
import { gpuAvailable, useGpu } from './helpers.ts';

describe.skipIf(!gpuAvailable)('fastestVariant on Dawn', () => {
  const gpu = useGpu('tune-test');

  it('keeps the faster variant and remembers it', async () => {
    const n = 96;
    const [a, b, c] = [gpu.buffer(n * n * 4), gpu.buffer(n * n * 4), gpu.buffer(n * n * 4)];
    const made: number[] = [];
    // Variant r repeats the same matmul r times: variant 1 must win whichever order they are listed in.
    const make = async (repeats: number): Promise<KernelDispatch> => {
      made.push(repeats);
      const m = await prepareMatmul(gpu.cache, { a, b, c, M: n, N: n, K: n });
      return { encode: (pass) => Array.from({ length: repeats }, () => m.encode(pass)), destroy: () => m.destroy() };
    };
    await fastestVariant(gpu.cache, 'test shape', [12, 1], make);
    expect(made).toEqual([12, 1]);
    expect(gpu.cache.tuned.get('test shape')).toBe(1);
    made.length = 0;
    await fastestVariant(gpu.cache, 'test shape', [12, 1], make);
    expect(made).toEqual([1]);
    made.length = 0;
    await fastestVariant(gpu.cache, 'one variant', [12], make);
    expect(made).toEqual([12]);
    expect(gpu.cache.tuned.has('one variant')).toBe(false);
    await expect(fastestVariant(gpu.cache, 'none', [], make)).rejects.toThrow(/tune none: no kernel variant fits/);
  });
});
