// Whole training steps on the GPU backend against the CPU backend (the reference ops in float32): the loss and
// every updated weight, for every optimizer, on a network that uses every kind of layer with parameters or state.
import { describe, expect, it } from 'vitest';
import { NO_AUGMENT, augmentConfig, channelStats } from '../../src/data/augment.ts';
import type { Backend, BackendData, BackendOptions } from '../../src/engine/backend.ts';
import { CpuBackend } from '../../src/engine/cpu/backend.ts';
import { GpuBackend } from '../../src/engine/gpu/backend.ts';
import { analyze, type NetworkSpec } from '../../src/model/index.ts';
import { OPTIMIZER_KINDS, optimizerConfig, type OptimizerKind } from '../../src/model/optimizers.ts';
import { initialParameters } from '../../src/model/parameters.ts';
import { trainingPlan } from '../../src/model/plan.ts';
import { seededRandom } from '../../src/model/random.ts';
import { expectClose, gpuAvailable, useGpu } from './helpers.ts';

/** Every trainable/stateful kind plus pooling, dropout, a mid-network activation of each family and a fused conv + ReLU + max pool. */
const MIXED: NetworkSpec = {
  input: { height: 9, width: 9, channels: 2 },
  layers: [
    // No bias before batchnorm: its true gradient is exactly 0, so both backends would compute rounding noise that
    // adaptive optimizers (AdaGrad, RMSProp, Adam) scale up into full-size steps of random sign.
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1, useBias: false },
    { type: 'batchnorm' },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 2 },
    // A ReLU straight after a conv: the GPU's training graph fuses it into the conv's epilogue, and its backward into
    // the max pool's (overlapping windows here).
    { type: 'conv2d', filters: 4, kernelSize: 1 },
    { type: 'relu' },
    { type: 'maxpool2d', poolSize: 2, stride: 1 },
    { type: 'conv2d', filters: 6, kernelSize: 3, stride: 1, padding: 'same', groups: 2 },
    { type: 'elu' },
    { type: 'avgpool2d', poolSize: 2 },
    { type: 'dropout', rate: 0.25 },
    { type: 'flatten' },
    { type: 'dense', units: 7 },
    { type: 'tanh' },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
};

export function syntheticData(shape: [number, number, number], count: number, classes: number, seed: number): BackendData & { all: Uint32Array } {
  const random = seededRandom(seed);
  const size = shape[0] * shape[1] * shape[2];
  const images = Uint8Array.from({ length: count * size }, () => Math.floor(random() * 256));
  const labels = Uint8Array.from({ length: count }, () => Math.floor(random() * classes));
  const all = Uint32Array.from({ length: count }, (_, i) => i);
  const set = { images, labels, count };
  return { train: set, test: set, validation: new Uint32Array(0), norm: channelStats(images, shape, all), augment: NO_AUGMENT, all };
}

describe.skipIf(!gpuAvailable)('one training step, GPU = CPU', () => {
  const gpu = useGpu('train-step-test');
  const plan = trainingPlan(analyze(MIXED), 3);
  const batch = 5;
  const data = syntheticData(plan.input, 12, 3, 99);

  async function pair(kind: OptimizerKind, weightDecay: number): Promise<[Backend, Backend]> {
    const options: BackendOptions = {
      plan,
      batchSize: batch,
      optimizer: optimizerConfig({ kind, learningRate: kind.startsWith('ada') || kind === 'rmsprop' ? 0.01 : 0.05, weightDecay }),
      seed: 5,
      initial: initialParameters(plan.layout, 5),
    };
    const backends: [Backend, Backend] = [await GpuBackend.create(gpu.device, options), new CpuBackend(options)];
    for (const b of backends) {
      await b.setData({ ...data, augment: augmentConfig({ shift: 1, flip: true, noise: 0.1 }) });
      b.setOrder(Uint32Array.from([3, 7, 1, 0, 11, 5, 9, 2, 4, 8, 10, 6]));
    }
    return backends;
  }

  for (const kind of OPTIMIZER_KINDS) {
    for (const weightDecay of [0, 0.01]) {
      it(`${kind}${weightDecay ? ' with weight decay' : ''}: three steps give the same losses, weights, state and gradients`, async () => {
        const [g, c] = await pair(kind, weightDecay);
        for (let step = 0; step < 3; step++) {
          const offset = (step * batch) % 12;
          const lr = 0.05 / (1 + step);
          const [mg, mc] = [await g.trainStep(offset, step, lr), await c.trainStep(offset, step, lr)];
          expect(mg.step).toBe(step);
          expect(mg.correct).toBe(mc.correct);
          expect(mg.loss).toBeCloseTo(mc.loss, 4);
        }
        const [pg, pc] = [await g.readParams(), await c.readParams()];
        // Adaptive optimizers divide by √r, which early on amplifies float32 summation-order differences in the
        // gradients (≈1e-6 relative) into ≈1e-3 relative differences in the step.
        expectClose(pg.params, pc.params, 5e-3, 1e-4, 'params');
        expectClose(pg.state, pc.state, 1e-3, 1e-5, 'running statistics');
        expectClose(await g.readGrads(), await c.readGrads(), 1e-2, 1e-4, 'gradients (at the slightly different weights)');
        g.destroy();
        c.destroy();
      });
    }
  }

  it('leaves a frozen layer untouched while training the rest', async () => {
    const frozen: NetworkSpec = { ...MIXED, layers: MIXED.layers.map((l, i) => (i === 0 ? { ...l, trainable: false } : l)) as NetworkSpec['layers'] };
    const p = trainingPlan(analyze(frozen), 3);
    const initial = initialParameters(p.layout, 5);
    const b = await GpuBackend.create(gpu.device, { plan: p, batchSize: batch, optimizer: optimizerConfig({ kind: 'adam' }), seed: 5, initial });
    await b.setData(data);
    b.setOrder(data.all);
    for (let s = 0; s < 3; s++) await b.trainStep(0, s, 0.01);
    const after = await b.readParams();
    for (const t of p.layout.tensors.filter((t) => t.role !== 'state')) {
      const before = initial.params.subarray(t.offset, t.offset + t.size);
      const now = after.params.subarray(t.offset, t.offset + t.size);
      if (t.layerIndex === 0) expect(Array.from(now), `${t.name} of the frozen layer`).toEqual(Array.from(before));
      else if (t.name !== 'bias' && t.name !== 'beta') expect(Array.from(now)).not.toEqual(Array.from(before));
    }
    b.destroy();
  });

  it('evaluates, predicts and reads activations like the CPU backend', async () => {
    const [g, c] = await pair('sgd', 0);
    for (const b of [g, c]) for (let s = 0; s < 2; s++) await b.trainStep(s * batch, s, 0.05);
    const [eg, ec] = [await g.evaluate('test'), await c.evaluate('test')];
    expect(eg.count).toBe(12);
    expect(eg.confusion).toEqual(ec.confusion);
    expect(eg.loss).toBeCloseTo(ec.loss, 4);
    const image = data.train.images.subarray(0, 9 * 9 * 2);
    expectClose(await g.predict(image), await c.predict(image), 1e-3, 1e-5, 'probabilities');
    const [ag, ac] = [await g.activations(image), await c.activations(image)];
    expect(ag.length).toBe(MIXED.layers.length);
    ag.forEach((a, i) => expectClose(a, ac[i]!, 2e-3, 1e-4, `layer ${i + 1} activations`));
    g.destroy();
    c.destroy();
  });
});
