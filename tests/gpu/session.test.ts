// The engine session behind the worker's comlink API, driven in Node with Dawn as navigator.gpu: build, train,
// pause / step / reset, evaluate, predict, inspect, gradient check, save / load, and divergence handling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/index.ts';
import { EngineSession } from '../../src/engine/session.ts';
import type { TrainProgress } from '../../src/engine/trainer.ts';
import { presetSpec } from '../../src/model/index.ts';
import { seededRandom } from '../../src/model/random.ts';
import { installNavigatorGpu } from './dawn.ts';
import { gpuAvailable } from './helpers.ts';
import { installShaderFiles } from './shaderFiles.ts';

/** 10 classes of 28x28 digits-like blobs: class k is a bright square at a class-specific place, plus noise. */
function blobs(count: number, seed: number): Dataset['train'] {
  const random = seededRandom(seed);
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const k = Math.floor(random() * 10);
    labels[n] = k;
    const [cy, cx] = [4 + (k % 5) * 5, 6 + Math.floor(k / 5) * 12];
    for (let i = 0; i < 784; i++) {
      const [y, x] = [Math.floor(i / 28), i % 28];
      const inside = Math.abs(y - cy) < 3 && Math.abs(x - cx) < 3;
      images[n * 784 + i] = Math.min(255, (inside ? 200 : 0) + Math.floor(random() * 40));
    }
  }
  return { images, labels, count };
}

describe.skipIf(!gpuAvailable)('engine session (the worker API) on Dawn', () => {
  let restore: () => void;
  const session = new EngineSession();
  const dataset: Dataset = { name: 'blobs', classes: [...'0123456789'], height: 28, width: 28, channels: 1, train: blobs(640, 1), test: blobs(200, 2) };

  beforeAll(() => {
    installShaderFiles();
    restore = installNavigatorGpu();
    session.attachDataset('blobs', dataset);
  });
  afterAll(() => {
    session.destroy();
    restore();
  });

  it('refuses to build before a dataset and for a network that does not fit it, keeping the current one', async () => {
    const empty = new EngineSession();
    await expect(empty.build(presetSpec('lenet5-mnist'))).rejects.toThrow(/Pick a dataset/);
    await expect(session.build(presetSpec('tiny-vgg'))).rejects.toThrow(/inputs but blobs images are 28x28x1/);
  });

  it('trains with throttled progress, pauses, steps, evaluates and resets', async () => {
    const info = await session.build(presetSpec('lenet5-mnist'), { epochs: 3, batchSize: 32, validationSplit: 0.1, optimizer: { kind: 'adam', learningRate: 0.002 }, engine: 'webgpu' });
    expect(info).toMatchObject({ backend: 'webgpu', reason: 'chosen in the settings' });
    expect(info.stepsPerEpoch).toBe(18);
    const reports: TrainProgress[] = [];
    const t0 = performance.now();
    const status = await session.train((p) => reports.push(p));
    const seconds = (performance.now() - t0) / 1000;
    expect(status).toBe('done');
    expect(reports.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 8);
    const points = reports.flatMap((r) => r.points);
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: 54 }, (_, i) => i));
    expect(reports.some((r) => r.validation && r.validation.count === 64)).toBe(true);
    const test = await session.evaluate('test');
    expect(test.accuracy).toBeGreaterThan(0.9);
    expect(test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);

    const probs = await session.predict(dataset.test.images.subarray(0, 784));
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const acts = await session.activations(0);
    expect(acts.map((a) => a.length)).toEqual([28 * 28 * 6, 28 * 28 * 6, 14 * 14 * 6, 10 * 10 * 16, 10 * 10 * 16, 5 * 5 * 16, 400, 120, 120, 84, 84, 10, 10]);
    const conv = await session.layerTensors(0);
    expect(conv.tensors.map((t) => [t.name, t.shape])).toEqual([['weights', [5, 5, 1, 6]], ['bias', [6]]]);
    expect(conv.tensors[0]!.grads).not.toBeNull();

    const again = await session.reset();
    expect(again.step).toBe(0);
    await session.step();
    expect(session.info().step).toBe(1);
  }, 120_000);

  it('pauses a running loop and resumes where it stopped', async () => {
    await session.build(presetSpec('lenet5-mnist'), { epochs: 2, batchSize: 32, validationSplit: 0, engine: 'webgpu' });
    const running = session.train(() => {});
    await new Promise((r) => setTimeout(r, 300));
    await session.pause();
    expect(await running).toBe('paused');
    const at = session.info().step;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(40);
    expect(await session.train(() => {})).toBe('done');
    expect(session.info().step).toBe(40);
  }, 120_000);

  it('runs a gradient check on the current weights', async () => {
    const result = await session.gradientCheck();
    expect(result.entries.filter((e) => !e.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.entries.length).toBe(11);
  }, 60_000);

  it('saves and loads a model; a file of another architecture leaves the weights as they were', async () => {
    const bytes = await session.saveModel();
    const before = await session.predict(dataset.test.images.subarray(0, 784));
    await session.reset();
    await session.loadModel(bytes);
    expect(Array.from(await session.predict(dataset.test.images.subarray(0, 784)))).toEqual(Array.from(before));
    const other = new EngineSession();
    other.attachDataset('blobs', dataset);
    await other.build({ ...presetSpec('mlp') });
    const foreign = await other.saveModel();
    other.destroy();
    await expect(session.loadModel(foreign)).rejects.toThrow(/architecture|layer/i);
    expect(Array.from(await session.predict(dataset.test.images.subarray(0, 784)))).toEqual(Array.from(before));
  }, 60_000);

  it('stops on a diverging loss, says so, and keeps the last good weights', async () => {
    await session.build(presetSpec('lenet5-mnist'), { epochs: 3, batchSize: 32, validationSplit: 0, optimizer: { kind: 'sgd', learningRate: 1e9 }, engine: 'webgpu' });
    let last: TrainProgress | null = null;
    const status = await session.train((p) => (last = p));
    expect(status).toBe('diverged');
    expect((last as TrainProgress | null)?.message).toMatch(/loss became (NaN|infinite).*learning rate.*restored/s);
    const probs = await session.predict(dataset.test.images.subarray(0, 784));
    expect(probs.every(Number.isFinite)).toBe(true);
  }, 60_000);
});
