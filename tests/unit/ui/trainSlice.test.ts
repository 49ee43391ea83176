// The train slice against a real engine session on the CPU backend (in-process instead of the worker): building
// from the spec, running to the step budget, per-example test results, refused settings, reset and divergence.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../../../src/engine/api.ts';
import { EngineSession } from '../../../src/engine/session.ts';
import type { Dataset } from '../../../src/data/index.ts';
import type { NetworkSpec } from '../../../src/model/index.ts';

// Two classes of 4x4 images: bright top half (0) or bright bottom half (1), with a little seeded noise.
function toyDataset(count: number, seed: number): Dataset['train'] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const images = new Uint8Array(count * 16);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % 2;
    for (let i = 0; i < 16; i++) images[n * 16 + i] = ((i < 8) === (labels[n] === 0) ? 200 : 30) + Math.floor(rand() * 40);
  }
  return { images, labels, count };
}
const dataset: Dataset = { name: 'Toy', classes: ['top', 'bottom'], height: 4, width: 4, channels: 1, train: toyDataset(256, 1), test: toyDataset(40, 2) };
const spec: NetworkSpec = { name: 'Toy net', input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }, { type: 'softmax' }] };

let session: EngineSession;
vi.mock('../../../src/store/engineClient.ts', () => ({
  dataUrl: () => '/data/',
  getEngine: (): Partial<EngineApi> => ({
    build: (s, settings) => session.build(s, settings),
    train: (onProgress) => session.train(onProgress),
    pause: () => session.pause(),
    step: (onProgress) => session.step(onProgress),
    reset: () => session.reset(),
    evaluate: (split, perExample) => session.evaluate(split, perExample),
    gradientCheck: () => session.gradientCheck(),
  }),
}));

const { useAppStore } = await import('../../../src/store/index.ts');
const { DEFAULT_TRAIN_SETTINGS } = await import('../../../src/store/trainSettings.ts');

beforeEach(() => {
  session = new EngineSession();
  useAppStore.getState().setSpec(spec);
  session.attachDataset('toy', dataset);
  useAppStore.setState({
    dataset: session.datasetInfo(), trainSettings: DEFAULT_TRAIN_SETTINGS, session: null, trainError: null, testResult: null, gradCheck: null, history: { steps: [], validation: [] } });
});

describe('train slice', () => {
  it('refuses bad settings with the message and keeps the previous ones', () => {
    const before = useAppStore.getState().trainSettings;
    expect(useAppStore.getState().setTrainSettings({ batchSize: 0 })).toMatch(/^Batch size must be a whole number/);
    expect(useAppStore.getState().trainSettings).toBe(before);
    expect(useAppStore.getState().setTrainSettings({ batchSize: 16, steps: 12 })).toBeNull();
    expect(useAppStore.getState().trainSettings).toMatchObject({ batchSize: 16, steps: 12 });
    expect(useAppStore.getState().setTrainSettings({ steps: undefined })).toBeNull();
    expect('steps' in useAppStore.getState().trainSettings).toBe(false);
  });

  it('trains to the step budget, learns the toy task, and evaluates every test example', async () => {
    const s = useAppStore.getState();
    s.setTrainSettings({ batchSize: 16, steps: 40, optimizer: { ...s.trainSettings.optimizer, learningRate: 0.05 } });
    await useAppStore.getState().startTraining();
    const st = useAppStore.getState();
    expect(st.trainError).toBeNull();
    expect(st.trainStatus).toBe('done');
    expect(st.session).toMatchObject({ backend: 'cpu', totalSteps: 40, step: 40 });
    expect(st.history.steps.map((p) => p.step)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // One epoch is 230 / 16 = 14 steps: validations after steps 14 and 28, and at the end of the step budget.
    expect(st.history.validation.map((v) => v.step)).toEqual([14, 28, 40]);
    expect(st.history.validation[2]!.accuracy).toBeGreaterThan(0.9);
    expect(st.needsRebuild()).toBe(false);

    const result = (await st.evaluateTest())!;
    expect(result.accuracy).toBeGreaterThan(0.9);
    const per = result.perExample!;
    expect(per.predicted).toHaveLength(40);
    expect(per.probs).toHaveLength(80);
    expect(Array.from(per.labels!)).toEqual(Array.from(dataset.test.labels));
    // The per-example predictions agree with the confusion matrix.
    const counted = [[0, 0], [0, 0]];
    per.predicted.forEach((p, i) => counted[per.labels![i]!]![p]!++);
    expect(counted).toEqual(result.confusion);
    expect(useAppStore.getState().testResult?.step).toBe(40);

    await useAppStore.getState().resetTraining();
    expect(useAppStore.getState()).toMatchObject({ trainStatus: 'idle', testResult: null, history: { steps: [], validation: [] } });
    expect(useAppStore.getState().session?.step).toBe(0);
  });

  it('rebuilds after a settings change, and a single step reports one point', async () => {
    await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().history.steps).toHaveLength(1);
    useAppStore.getState().setTrainSettings({ seed: 9 });
    expect(useAppStore.getState().needsRebuild()).toBe(true);
    await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().history.steps.map((p) => p.step)).toEqual([0]);
    expect(useAppStore.getState().needsRebuild()).toBe(false);
  });

  it('stops a diverging run with the trainer’s advice and keeps no non-finite points', async () => {
    useAppStore.getState().setTrainSettings({ batchSize: 16, steps: 30, optimizer: { ...DEFAULT_TRAIN_SETTINGS.optimizer, kind: 'sgd', learningRate: 1e38 } });
    await useAppStore.getState().startTraining();
    const st = useAppStore.getState();
    expect(st.trainStatus).toBe('diverged');
    expect(st.trainError).toMatch(/the loss became (NaN|infinite).*learning rate .* too high; try/);
    expect(st.history.steps.every((p) => Number.isFinite(p.loss))).toBe(true);
    expect(st.history.steps.every((p) => p.step < st.session!.step)).toBe(true);
  });

  it('runs the gradient check and keeps its per-tensor table', async () => {
    const r = (await useAppStore.getState().runGradientCheck())!;
    expect(r.entries.map((e) => e.tensor)).toEqual(['layers.1.weights', 'layers.1.bias', 'input']);
    expect(r.ok).toBe(true);
    expect(useAppStore.getState().gradCheck).toBe(r);
  });
});
