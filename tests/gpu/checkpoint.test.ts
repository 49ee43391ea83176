// Autosave checkpoints on Dawn: a run restored from a checkpoint goes on exactly as the uninterrupted run does
// (weights, optimizer state, shuffles by step), a checkpoint taken while training runs is consistent, and a lost GPU
// device is reported without taking the session down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/index.ts';
import type { TrainSettings } from '../../src/engine/session.ts';
import { EngineSession } from '../../src/engine/session.ts';
import { decodeModelFile } from '../../src/model/modelFile.ts';
import { seededRandom } from '../../src/model/random.ts';
import { installNavigatorGpu } from './dawn.ts';
import { gpuAvailable } from './helpers.ts';
import { installShaderFiles } from './shaderFiles.ts';

function noise(count: number, seed: number): Dataset['train'] {
  const random = seededRandom(seed);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * 10));
  const images = Uint8Array.from({ length: count * 784 }, (_, i) => (labels[Math.floor(i / 784)]! * 20 + Math.floor(random() * 60)) & 255);
  return { images, labels, count };
}

const dataset: Dataset = { name: 'noise', classes: [...'0123456789'], height: 28, width: 28, channels: 1, train: noise(256, 1), test: noise(64, 2) };
const settings: Partial<TrainSettings> = { epochs: 2, batchSize: 32, validationSplit: 0, optimizer: { kind: 'adam', learningRate: 0.003 }, engine: 'webgpu' };
// Small, so the many rebuilds stay quick on SwiftShader; conv, pooling and dense all carry optimizer state.
const spec = {
  input: { height: 28, width: 28, channels: 1 },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10 },
  ],
};

describe.skipIf(!gpuAvailable)('checkpoints and device loss on Dawn', () => {
  let restoreGpu: () => void;
  beforeAll(() => {
    installShaderFiles();
    restoreGpu = installNavigatorGpu();
  });
  afterAll(() => restoreGpu());

  async function freshSession(): Promise<EngineSession> {
    const s = new EngineSession();
    s.attachDataset('noise', dataset);
    await s.build(spec, settings);
    return s;
  }

  it('a restored run continues bit for bit like the uninterrupted one', async () => {
    const a = await freshSession();
    for (let i = 0; i < 5; i++) await a.step();
    const checkpoint = await a.checkpoint();
    expect(checkpoint.step).toBe(5);
    expect(checkpoint.optimizer.slots).toHaveLength(2); // adam: first and second moments
    for (let i = 0; i < 4; i++) await a.step();
    const straight = decodeModelFile(await a.saveModel()).values.params;

    const b = await freshSession();
    const info = await b.restore(checkpoint);
    expect(info.step).toBe(5);
    for (let i = 0; i < 4; i++) await b.step();
    const resumed = decodeModelFile(await b.saveModel()).values.params;
    expect(resumed).toEqual(straight);

    // Without the optimizer state the run would differ: the check above is not vacuous.
    await b.restore({ ...checkpoint, optimizer: { kind: 'sgd', slots: [] } });
    for (let i = 0; i < 4; i++) await b.step();
    expect(decodeModelFile(await b.saveModel()).values.params).not.toEqual(straight);
    a.destroy();
    b.destroy();
  });

  it('takes a consistent checkpoint while training runs, without stopping it', async () => {
    const s = await freshSession();
    const run = s.train(() => {});
    await new Promise((r) => setTimeout(r, 150));
    const checkpoint = await s.checkpoint();
    expect(await run).toBe('done');
    expect(checkpoint.step).toBeGreaterThan(0);
    expect(decodeModelFile(checkpoint.model).meta.training?.steps).toBe(checkpoint.step);
    const replay = await freshSession();
    for (let i = 0; i < checkpoint.step; i++) await replay.step();
    expect(decodeModelFile(checkpoint.model).values.params).toEqual(decodeModelFile(await replay.saveModel()).values.params);
    s.destroy();
    replay.destroy();
  });

  it('refuses a checkpoint of another architecture and keeps the network', async () => {
    const s = await freshSession();
    await s.step();
    const mine = await s.checkpoint();
    await s.build({ input: { height: 28, width: 28, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 10 }] }, settings);
    await s.step();
    await s.step();
    await expect(s.restore(mine)).rejects.toThrow(/architecture|layer/i);
    expect(s.info().step).toBe(2);
    s.destroy();
  });

  it('reports a lost device and can build again on a new one', async () => {
    const s = await freshSession();
    const lost = new Promise<string>((resolve) => (s.onDeviceLost = resolve));
    s.simulateDeviceLoss();
    expect(await lost).toMatch(/GPU device was lost/);
    expect(() => s.info()).toThrow(/Build the network first/);
    const info = await s.build(spec, settings);
    expect(info.backend).toBe('webgpu');
    await s.step();
    s.destroy();
  });
});
