// The whole CIFAR-10 training set on the GPU: 50,000 images are 153.6 MB of bytes, over WebGPU's default 128 MiB
// storage-binding limit, so the device must be requested with the adapter's larger limits; a device without them
// must refuse with a message instead of failing inside a kernel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/cli/session.ts';
import type { Dataset } from '../../src/data/index.ts';
import { requestAdapter, requestDevice } from '../../src/engine/device.ts';
import { GpuBackend } from '../../src/engine/gpu/backend.ts';
import { EngineSession } from '../../src/engine/session.ts';
import { Trainer, type TrainProgress } from '../../src/engine/trainer.ts';
import { optimizerConfig } from '../../src/model/optimizers.ts';
import { initialParameters } from '../../src/model/parameters.ts';
import { trainingPlan } from '../../src/model/plan.ts';
import { analyze } from '../../src/model/index.ts';
import { installNavigatorGpu } from './dawn.ts';
import { gpuAvailable } from './helpers.ts';
import { installShaderFiles } from './shaderFiles.ts';

const CIFAR_TRAIN_BYTES = 50_000 * 32 * 32 * 3;
const DEFAULT_BINDING = 128 * 2 ** 20;

/** A small CIFAR-10 network, so that the steps are cheap on SwiftShader and the data dominates the memory. */
const SMALL_CIFAR = {
  name: 'small CIFAR',
  input: { height: 32, width: 32, channels: 3 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2, padding: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 4 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
    { type: 'softmax' },
  ],
};

describe.skipIf(!gpuAvailable)('the full CIFAR-10 training set on the GPU', () => {
  let restore: () => void;
  let cifar: Dataset;

  beforeAll(async () => {
    installShaderFiles();
    restore = installNavigatorGpu();
    cifar = await loadDataset('cifar10');
  });
  afterAll(() => restore());

  it('requests a device whose binding and buffer limits hold the 153.6 MB training set', async () => {
    expect(cifar.train.images.byteLength).toBe(CIFAR_TRAIN_BYTES);
    expect(CIFAR_TRAIN_BYTES).toBeGreaterThan(DEFAULT_BINDING);
    const adapter = await requestAdapter();
    const device = await requestDevice(adapter, 'cifar-limits');
    try {
      expect(device.limits.maxStorageBufferBindingSize).toBe(adapter.limits.maxStorageBufferBindingSize);
      expect(device.limits.maxBufferSize).toBe(adapter.limits.maxBufferSize);
      expect(device.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(CIFAR_TRAIN_BYTES);
    } finally {
      device.destroy();
    }
  });

  it('uploads all 50,000 training images, trains a few steps and evaluates the test set', async () => {
    const session = new EngineSession();
    try {
      session.attachDataset('cifar10', cifar);
      const info = await session.build(SMALL_CIFAR, { epochs: 1, steps: 3, batchSize: 32, validationSplit: 0.1, optimizer: { kind: 'adam', learningRate: 0.01 }, engine: 'webgpu' });
      expect(info.backend).toBe('webgpu');
      expect(info.stepsPerEpoch).toBe(Math.floor(45_000 / 32));
      const reports: TrainProgress[] = [];
      expect(await session.train((p) => reports.push(p))).toBe('done');
      const points = reports.flatMap((r) => r.points);
      expect(points).toHaveLength(3); // steps numbered from 0
      for (const p of points) expect(Number.isFinite(p.loss) && p.loss > 0).toBe(true);
      const test = await session.evaluate('test');
      expect(test.count).toBe(10_000);
      expect(Number.isFinite(test.loss)).toBe(true);
      // The last of the 50,000 images is reachable: browsing reads the same bytes the GPU holds.
      expect(session.images('train', [49_999]).labels[0]).toBe(cifar.train.labels[49_999]);
    } finally {
      session.destroy();
    }
  });

  it('on a device left at the default 128 MiB binding limit, refuses with sizes and a remedy', async () => {
    const adapter = await requestAdapter();
    const device = await adapter.requestDevice({ label: 'default limits' });
    const plan = trainingPlan(analyze(SMALL_CIFAR), 10);
    const optimizer = optimizerConfig({ kind: 'sgd' });
    const backend = await GpuBackend.create(device, { plan, batchSize: 32, optimizer, seed: 1, initial: initialParameters(plan.layout, 1) });
    try {
      expect(device.limits.maxStorageBufferBindingSize).toBe(DEFAULT_BINDING);
      const config = { epochs: 1, batchSize: 32, optimizer, schedule: { kind: 'constant' as const }, validationSplit: 0.1, seed: 1, augment: { shift: 0, flip: false, noise: 0 }, validateEachEpoch: false };
      await expect(Trainer.create(backend, config, { train: cifar.train, test: cifar.test, shape: [32, 32, 3] })).rejects.toThrow(
        /training set is 146\.5 MiB but this GPU binds at most 128 MiB per buffer; use fewer training examples/,
      );
    } finally {
      backend.destroy();
      device.destroy();
    }
  });
});
