// Build-time tuning (src/engine/gpu/tune.ts): the faster variant wins, the choice is cached per shape, a single
// fitting variant is built without timing, and a slow tuning stops within its time budget.
import { describe, expect, it } from 'vitest';
import { fastestVariant, TUNING_BUDGET_MS } from '../../src/engine/gpu/tune.ts';
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

  it('stops after two timed rounds once the tuning has used its time budget', async () => {
    const m = await prepareMatmul(gpu.cache, { a: gpu.buffer(64), b: gpu.buffer(64), c: gpu.buffer(64), M: 4, N: 4, K: 4 });
    let encodes = 0;
    // Each encode holds the thread for 40% of the budget: the warm-up and two rounds (6 encodes) pass it.
    const slow = async (): Promise<KernelDispatch> => ({
      encode: (pass) => {
        encodes++;
        const t = performance.now();
        while (performance.now() - t < 0.4 * TUNING_BUDGET_MS);
        m.encode(pass);
      },
      destroy: () => {},
    });
    await fastestVariant(gpu.cache, 'slow shape', [1, 2], slow);
    expect(encodes).toBe(6);
    // A quick kernel gets all five rounds: the warm-up and 5 x 2 timed runs.
    let quick = 0;
    await fastestVariant(gpu.cache, 'quick shape', [1, 2], async () => ({ encode: (pass) => (quick++, m.encode(pass)), destroy: () => {} }));
    expect(quick).toBe(12);
    m.destroy();
  });
});
