// The CPU backend's whole network: lossAndGradients in float64 against central finite differences of the loss,
// and the backend's training step (frozen layers, determinism, evaluation, learning a separable toy problem).

import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/model/analyze.ts';
import { initialParameters } from '../../src/model/parameters.ts';
import { trainingPlan, type TrainingPlan } from '../../src/model/plan.ts';
import { softmaxCrossEntropy } from '../../src/model/reference/index.ts';
import type { LayerSpec } from '../../src/model/spec.ts';
import { augmentConfig, channelStats, NO_AUGMENT } from '../../src/data/augment.ts';
import type { BackendData, ExampleSet } from '../../src/engine/backend.ts';
import { createCpuBackend } from '../../src/engine/cpu/backend.ts';
import { forwardNetwork, lossAndGradients, type ForwardMode } from '../../src/engine/cpu/network.ts';
import { optimizerConfig, type OptimizerKind } from '../../src/model/optimizers.ts';
import { expectAllClose, expectGradClose, rand64, rng } from './helpers.ts';

function plan(input: [number, number, number], layers: LayerSpec[], classes: number): TrainingPlan {
  return trainingPlan(analyze({ input: { height: input[0], width: input[1], channels: input[2] }, layers }), classes);
}

/** Initial parameters in float64, nudged so biases and beta are not zero and gamma is not one. */
function params64(p: TrainingPlan, seed: number): { params: Float64Array; state: Float64Array } {
  const init = initialParameters(p.layout, seed);
  const params = Float64Array.from(init.params);
  const r = rng(seed + 1);
  for (const t of p.layout.tensors) if (t.role !== 'state') for (let i = 0; i < t.size; i++) params[t.offset + i]! += r(-0.1, 0.1);
  return { params, state: Float64Array.from(init.state) };
}

const TRAIN: ForwardMode = { training: true, step: 3, seed: 77, updateRunning: false };

function lossOf(p: TrainingPlan, params: Float64Array, state: Float64Array, x: Float64Array, labels: Uint32Array, batch: number): number {
  const f = forwardNetwork(p, params, state, x, batch, TRAIN);
  const logits = f.outputs[f.outputs.length - 1] ?? x;
  return softmaxCrossEntropy(logits, labels, p.classes).loss;
}

/** Central difference of the loss with respect to a[i] (restored afterwards). */
function centralDiff(a: Float64Array, i: number, loss: () => number, eps = 1e-6): number {
  const old = a[i]!;
  a[i] = old + eps;
  const up = loss();
  a[i] = old - eps;
  const down = loss();
  a[i] = old;
  return (up - down) / (2 * eps);
}

/** Up to `n` distinct indices of [0, size), seeded. */
function sample(size: number, n: number, seed: number): number[] {
  const r = rng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(n, size)) picked.add(Math.floor(r(0, size)));
  return [...picked];
}

/**
 * The whole-network gradient check: analytic gradients of sampled trainable parameter entries (some from every
 * trainable tensor) and input entries against central differences, relative error below `tol`.
 */
function gradientCheck(p: TrainingPlan, batch: number, seed: number, tol = 1e-6): void {
  const { params, state } = params64(p, seed);
  const [h, w, c] = p.input;
  const x = rand64(batch * h * w * c, seed + 2, -2, 2);
  const labels = Uint32Array.from({ length: batch }, (_, n) => n % p.classes);
  const stateBefore = state.slice();
  const r = lossAndGradients(p, params, state, x, labels, batch, TRAIN);
  expect(Array.from(state), 'updateRunning false leaves the running statistics alone').toEqual(Array.from(stateBefore));
  expect(r.loss).toBeCloseTo(lossOf(p, params, state, x, labels, batch), 12);
  const loss = () => lossOf(p, params, state, x, labels, batch);

  const paramIndices = p.layout.tensors
    .filter((t) => t.trainable)
    .flatMap((t, k) => sample(t.size, 12, seed + 10 + k).map((i) => t.offset + i));
  expectGradClose(paramIndices.map((i) => r.grads[i]!), paramIndices.map((i) => centralDiff(params, i, loss)), tol);

  const inputIndices = sample(x.length, 24, seed + 5);
  expectGradClose(inputIndices.map((i) => r.inputGrad[i]!), inputIndices.map((i) => centralDiff(x, i, loss)), tol);

  // Nothing but trainable tensors carries a gradient (frozen tensors and alignment padding stay zero).
  const owned = new Uint8Array(p.layout.paramFloats);
  for (const t of p.layout.tensors) if (t.trainable) owned.fill(1, t.offset, t.offset + t.size);
  expect(r.grads.every((g, i) => owned[i] === 1 || g === 0)).toBe(true);
}

describe('whole-network gradients by central finite differences (float64)', () => {
  it('conv → relu → maxpool → flatten → dense → softmax on 6x6x1', () => {
    const p = plan([6, 6, 1], [
      { type: 'conv2d', filters: 2, kernelSize: 3 },
      { type: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 3 },
      { type: 'softmax' },
    ], 3);
    expect(p.fusedSoftmax).toBe(true);
    gradientCheck(p, 3, 1);
  });

  it('conv stride 2 → batchnorm → avgpool → dropout → dense (implicit flatten) → softmax', () => {
    const p = plan([7, 7, 2], [
      { type: 'conv2d', filters: 4, kernelSize: 3, stride: 2, padding: 1 },
      { type: 'batchnorm' },
      { type: 'avgpool2d', poolSize: 2 },
      { type: 'dropout', rate: 0.3 },
      { type: 'dense', units: 3 },
      { type: 'softmax' },
    ], 3);
    gradientCheck(p, 4, 2);
  });

  it('dense → leakyrelu → dense → elu → dense → tanh → dense → sigmoid → dense, no final softmax', () => {
    const p = plan([3, 3, 2], [
      { type: 'dense', units: 5 },
      { type: 'leakyrelu', alpha: 0.1 },
      { type: 'dense', units: 5 },
      { type: 'elu', alpha: 0.7 },
      { type: 'dense', units: 4 },
      { type: 'tanh' },
      { type: 'dense', units: 4 },
      { type: 'sigmoid' },
      { type: 'dense', units: 3 },
    ], 3);
    expect(p.fusedSoftmax).toBe(false);
    gradientCheck(p, 3, 3);
  });

  it('grouped dilated conv → sigmoid → l2pool → 1x1 conv → globalavgpool → batchnorm (flat) → softmax in the middle → dense', () => {
    const p = plan([7, 7, 2], [
      { type: 'conv2d', filters: 4, kernelSize: 3, dilation: 2, padding: 'same', groups: 2, useBias: false },
      { type: 'sigmoid' },
      { type: 'l2pool2d', poolSize: 2, stride: 2, padding: 1 },
      { type: 'conv2d', filters: 5, kernelSize: 1 },
      { type: 'globalavgpool' },
      { type: 'batchnorm' },
      { type: 'dense', units: 4 },
      { type: 'softmax' },
      { type: 'dense', units: 3, useBias: false },
      { type: 'softmax' },
    ], 3);
    gradientCheck(p, 3, 4);
  });

  it('a frozen layer gets zero gradients while the gradient still flows through it to the input', () => {
    const p = plan([5, 5, 1], [
      { type: 'conv2d', filters: 3, kernelSize: 3, trainable: false },
      { type: 'tanh' },
      { type: 'flatten' },
      { type: 'dense', units: 2 },
      { type: 'softmax' },
    ], 2);
    expect(p.layout.tensors.filter((t) => !t.trainable).map((t) => t.name)).toEqual(['weights', 'bias']);
    gradientCheck(p, 2, 5);
  });

  it('batchnorm in training mode updates running statistics only when asked; dropout is off in evaluation', () => {
    const p = plan([2, 2, 3], [{ type: 'batchnorm', momentum: 0.5 }, { type: 'dropout', rate: 0.5 }, { type: 'flatten' }, { type: 'dense', units: 2 }], 2);
    const { params, state } = params64(p, 6);
    const x = rand64(4 * 12, 7, 1, 3);
    forwardNetwork(p, params, state, x, 4, { ...TRAIN, updateRunning: true });
    const mean = p.layout.tensors.find((t) => t.name === 'runningMean')!;
    expect(state[mean.offset]!).toBeGreaterThan(0.5 * 1); // moved halfway from 0 towards a batch mean in (1, 3)
    const evalMode: ForwardMode = { training: false, step: 0, seed: 0, updateRunning: true };
    const before = state.slice();
    const a = forwardNetwork(p, params, state, x, 4, evalMode);
    expect(Array.from(state)).toEqual(Array.from(before));
    expect(Array.from(a.outputs[1]!)).toEqual(Array.from(a.outputs[0]!));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The CPU backend: float32 training steps on top of the network functions.

/** n synthetic 6x6x1 images of 2 classes: class 0 is bright on the left half, class 1 on the right, plus noise. */
function toyData(n: number, seed: number): ExampleSet {
  const r = rng(seed);
  const images = new Uint8Array(n * 36);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 6; x++) {
        const bright = (x < 3) === (labels[i] === 0);
        images[i * 36 + y * 6 + x] = Math.round((bright ? 170 : 60) + r(-50, 50));
      }
  }
  return { images, labels, count: n };
}

function toyBackendData(train: ExampleSet, test: ExampleSet, validation: number[]): BackendData {
  const all = Array.from({ length: train.count }, (_, i) => i);
  return { train, test, validation: Uint32Array.from(validation), norm: channelStats(train.images, [6, 6, 1], all), augment: NO_AUGMENT };
}

const TOY_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
  { type: 'batchnorm' },
  { type: 'relu' },
  { type: 'maxpool2d', poolSize: 2 },
  { type: 'dropout', rate: 0.2 },
  { type: 'flatten' },
  { type: 'dense', units: 2 },
  { type: 'softmax' },
];

/** A backend on the toy data; initial weights always from seed 11, `runSeed` (default 11) seeds dropout and augmentation. */
async function toyBackend(layers: LayerSpec[], options: { runSeed?: number; optimizer?: OptimizerKind; batch?: number; augment?: boolean } = {}) {
  const p = plan([6, 6, 1], layers, 2);
  const backend = await createCpuBackend({
    plan: p,
    batchSize: options.batch ?? 8,
    optimizer: optimizerConfig({ kind: options.optimizer ?? 'sgd', learningRate: 0.1 }),
    seed: options.runSeed ?? 11,
    initial: initialParameters(p.layout, 11),
  });
  const data = toyBackendData(toyData(40, 3), toyData(13, 4), [30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  await backend.setData(options.augment ? { ...data, augment: augmentConfig({ shift: 1, flip: true, noise: 0.05 }) } : data);
  backend.setOrder(Uint32Array.from({ length: 30 }, (_, i) => (i * 7) % 30));
  return { backend, plan: p, data };
}

describe('CpuBackend', () => {
  it('lossAndGradients in float32 agrees with the float64 network and leaves parameters and state alone', async () => {
    const { backend, plan: p } = await toyBackend(TOY_LAYERS);
    const before = await backend.readParams();
    const x = Float32Array.from(rand64(8 * 36, 21, -2, 2));
    const labels = Uint32Array.from({ length: 8 }, (_, i) => i % 2);
    const got = await backend.lossAndGradients(x, labels, 4);
    const want = lossAndGradients(p, Float64Array.from(before.params), Float64Array.from(before.state), Float64Array.from(x), labels, 8, { training: true, step: 4, seed: 11, updateRunning: false });
    expect(got.loss).toBeCloseTo(want.loss, 5);
    expectAllClose(got.grads, want.grads, 1e-5);
    expectAllClose(got.inputGrad, want.inputGrad, 1e-5);
    const after = await backend.readParams();
    expect(after.params).toEqual(before.params);
    expect(after.state).toEqual(before.state);
    await expect(backend.lossAndGradients(x.subarray(36), labels.subarray(1), 0)).rejects.toThrow(/exactly 8 examples/);
  });

  it('a training step changes trainable layers and leaves a frozen one untouched', async () => {
    const layers = TOY_LAYERS.map((l, i) => (i === 0 ? { ...l, trainable: false } : l)) as LayerSpec[];
    const { backend, plan: p } = await toyBackend(layers, { optimizer: 'adam' });
    const before = await backend.readParams();
    for (let s = 0; s < 2; s++) await backend.trainStep(s * 8, s, 0.01);
    const after = await backend.readParams();
    for (const t of p.layout.tensors.filter((t) => t.role !== 'state')) {
      const was = Array.from(before.params.subarray(t.offset, t.offset + t.size));
      const now = Array.from(after.params.subarray(t.offset, t.offset + t.size));
      if (t.layerIndex === 0) expect(now, `frozen ${t.name}`).toEqual(was);
      else expect(now, `layer ${t.layerIndex} ${t.name}`).not.toEqual(was);
    }
    expect(Array.from(after.state)).not.toEqual(Array.from(before.state)); // batchnorm's running statistics moved
    const grads = await backend.readGrads();
    for (const t of p.layout.tensors.filter((t) => t.layerIndex === 0)) expect(grads.subarray(t.offset, t.offset + t.size).every((g) => g === 0)).toBe(true);
  });

  it('is deterministic: the same seed gives the same parameters bit for bit (dropout and augmentation on)', async () => {
    const run = async (runSeed: number) => {
      const { backend } = await toyBackend(TOY_LAYERS, { runSeed, augment: true, optimizer: 'momentum' });
      const metrics = [];
      for (let s = 0; s < 4; s++) metrics.push(await backend.trainStep(s * 8, s, 0.05));
      return { params: (await backend.readParams()).params, metrics };
    };
    const [a, b, c] = [await run(11), await run(11), await run(12)];
    expect(a.params).toEqual(b.params);
    expect(a.metrics).toEqual(b.metrics);
    expect(a.metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    expect(a.metrics.every((m) => m.rows === 8 && Number.isFinite(m.loss))).toBe(true);
    expect(c.params).not.toEqual(a.params);
  });

  it('evaluates validation and test splits (partial last batch): the confusion matrix sums to the count', async () => {
    const { backend } = await toyBackend(TOY_LAYERS, { batch: 4 });
    for (const [split, count] of [['validation', 10], ['test', 13]] as const) {
      const r = await backend.evaluate(split);
      expect(r.count).toBe(count);
      expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(count);
      expect(r.confusion[0]![0]! + r.confusion[1]![1]!).toBe(Math.round(r.accuracy * count));
      expect(r.confusion[0]![0]! + r.confusion[0]![1]!).toBe(split === 'validation' ? 5 : 7); // true class 0 rows
      expect(Number.isFinite(r.loss) && r.loss > 0).toBe(true);
    }
    // Evaluation is per example: a batch of 1 gives the same mean loss.
    const one = await toyBackend(TOY_LAYERS, { batch: 1 });
    expect((await one.backend.evaluate('test')).loss).toBeCloseTo((await backend.evaluate('test')).loss, 5);
  });

  it('30 SGD steps on a separable toy problem cut the loss and fit the data', async () => {
    const { backend } = await toyBackend(TOY_LAYERS);
    const first = await backend.evaluate('test');
    const losses: number[] = [];
    for (let s = 0; s < 30; s++) losses.push((await backend.trainStep((s * 8) % 30, s, 0.1)).loss);
    const last = await backend.evaluate('test');
    expect(last.loss).toBeLessThan(0.3 * first.loss);
    expect(last.accuracy).toBe(1);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.5 * mean(losses.slice(0, 5)));
  });

  it('predict gives probabilities; activations give one output per spec layer, the last being those probabilities', async () => {
    const { backend, plan: p, data } = await toyBackend(TOY_LAYERS);
    const pixels = data.test.images.subarray(0, 36);
    const probs = await backend.predict(pixels);
    expect(probs.length).toBe(2);
    expect(probs[0]! + probs[1]!).toBeCloseTo(1, 6);
    const acts = await backend.activations(pixels);
    expect(acts.map((a) => a.length)).toEqual(p.analysis.layers.map((l) => l.outputShape[0] * l.outputShape[1] * l.outputShape[2]));
    expect(acts[acts.length - 1]).toEqual(probs);
    expect(acts[4]).toEqual(acts[3]); // dropout is off outside training
    // Without a final softmax layer, predict still returns softmax(logits).
    const bare = await toyBackend(TOY_LAYERS.slice(0, -1));
    const logits = await bare.backend.activations(pixels);
    const soft = await bare.backend.predict(pixels);
    const [a, b] = [logits[logits.length - 1]![0]!, logits[logits.length - 1]![1]!];
    expect(soft[0]).toBeCloseTo(1 / (1 + Math.exp(b - a)), 6);
  });

  it('writeParams replaces values and resets optimizer state; restoreBefore puts back the last copy before a bad step', async () => {
    const { backend } = await toyBackend(TOY_LAYERS, { optimizer: 'momentum' });
    const start = await backend.readParams();
    expect(await backend.restoreBefore(0)).toBeNull();
    for (let s = 0; s < 3; s++) await backend.trainStep(s * 8, s, 0.05);
    expect(await backend.restoreBefore(2)).toBe(0); // the copy taken before step 0
    expect(await backend.readParams()).toEqual(start);
    const trained = await backend.readParams();
    trained.params[0] = 42;
    await backend.writeParams(trained);
    expect((await backend.readParams()).params[0]).toBe(42);
    trained.params[0] = 0; // readParams and writeParams copy
    expect((await backend.readParams()).params[0]).toBe(42);
    expect(await backend.restoreBefore(5)).toBeNull(); // writeParams drops the old copies
  });
});
