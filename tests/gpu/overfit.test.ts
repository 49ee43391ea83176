// The seeds' sanity check before a long run: a network must drive the loss on a small subset to zero. LeNet-5 on
// 64 MNIST digits reaches 100% training accuracy on the GPU backend.
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/cli/session.ts';
import { GpuBackend } from '../../src/engine/gpu/backend.ts';
import { Trainer } from '../../src/engine/trainer.ts';
import { NO_AUGMENT } from '../../src/data/augment.ts';
import { analyze, presetSpec } from '../../src/model/index.ts';
import { optimizerConfig } from '../../src/model/optimizers.ts';
import { initialParameters } from '../../src/model/parameters.ts';
import { trainingPlan } from '../../src/model/plan.ts';
import { gpuAvailable, useGpu } from './helpers.ts';

describe.skipIf(!gpuAvailable)('overfitting a small batch', () => {
  const gpu = useGpu('overfit-test');

  it('LeNet-5 reaches 100% training accuracy on 64 MNIST digits', async () => {
    const mnist = await loadDataset('mnist');
    const n = 64;
    const subset = { images: mnist.train.images.subarray(0, n * 784), labels: mnist.train.labels.subarray(0, n), count: n };
    const plan = trainingPlan(analyze(presetSpec('lenet5-mnist')), 10);
    const optimizer = optimizerConfig({ kind: 'adam', learningRate: 0.002 });
    const backend = await GpuBackend.create(gpu.device, { plan, batchSize: 64, optimizer, seed: 3, initial: initialParameters(plan.layout, 3) });
    const losses: number[] = [];
    const trainer = await Trainer.create(
      backend,
      { epochs: 60, batchSize: 64, optimizer, schedule: { kind: 'constant' }, validationSplit: 0, seed: 3, augment: NO_AUGMENT, validateEachEpoch: false },
      { train: subset, test: subset, shape: [28, 28, 1] },
      (p) => losses.push(...p.points.map((q) => q.loss)),
    );
    await trainer.run();
    expect(trainer.status).toBe('done');
    expect(losses).toHaveLength(60);
    const result = await trainer.evaluate('test');
    expect(result.accuracy).toBe(1);
    expect(result.loss).toBeLessThan(0.05);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! / 20);
    backend.destroy();
  }, 120_000);
});
