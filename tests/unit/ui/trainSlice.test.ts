// The train slice against a real engine session on the CPU backend (in-process instead of the worker): building
// from the spec (with its progress), running to the step budget, per-example test results, refused settings, reset
// and divergence, and which edits keep a trained run (by value) and how Undo brings one back.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineApi } from '../../../src/engine/api.ts';
import { EngineSession } from '../../../src/engine/session.ts';
import type { NetworkSpec } from '../../../src/model/index.ts';
import { toyDataset as dataset } from './toyDataset.ts';

const spec: NetworkSpec = { name: 'Toy net', input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'flatten' }, { type: 'dense', units: 2 }, { type: 'softmax' }] };

let session: EngineSession;
vi.mock('../../../src/store/engineClient.ts', () => ({
  dataUrl: () => '/data/',
  getEngine: (): Partial<EngineApi> => ({
    build: (s, settings, onProgress) => session.build(s, settings, undefined, onProgress),
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
    // Validation every tenth of the run (40 / 10 = 4 steps), whatever the epoch length (230 / 16 = 14 steps).
    expect(st.history.validation.map((v) => v.step)).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40]);
    expect(st.history.validation[9]!.accuracy).toBeGreaterThan(0.9);
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

describe('what keeps a trained run', () => {
  const trainSome = async (steps: number) => {
    useAppStore.getState().setTrainSettings({ batchSize: 16, steps: 40 });
    for (let k = 0; k < steps; k++) await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().session?.step).toBe(steps);
  };

  it('reports what the build is doing while it builds, and nothing after', async () => {
    const stages: (string | undefined)[] = [];
    const unsubscribe = useAppStore.subscribe((st) => stages.push(st.buildStage?.phase));
    await useAppStore.getState().ensureBuilt();
    unsubscribe();
    // The CPU backend compiles nothing: it says it prepares the data (normalising and uploading the images).
    expect(stages).toContain('data');
    expect(useAppStore.getState().buildStage).toBeNull();
    expect(useAppStore.getState().trainStatus).toBe('idle');
  });

  it('keeps a paused run through an edit that is changed back by hand (compared by value, not identity)', async () => {
    await trainSome(3);
    const st = useAppStore.getState();
    st.setLayerField(1, 'units', 4);
    expect(useAppStore.getState().runChanges()).toEqual(['network']);
    useAppStore.getState().setLayerField(1, 'units', 2);
    // A new spec object with the same architecture: the run is current, and the next step is its fourth.
    expect(useAppStore.getState().spec).not.toBe(spec);
    expect(useAppStore.getState().runChanges()).toEqual([]);
    await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().session?.step).toBe(4);
    expect(useAppStore.getState().history.steps.map((p) => p.step)).toEqual([0, 1, 2, 3]);
  });

  it('does not count a rename, a field set to its default, or settings re-entered as a change', async () => {
    await trainSome(2);
    const s = useAppStore.getState();
    s.setSpec({ ...s.spec, name: 'Renamed', description: 'mine now' });
    // dense useBias defaults to true: writing it out is the same layer.
    useAppStore.getState().setLayerField(1, 'useBias', true);
    useAppStore.getState().setTrainSettings({ seed: 5 });
    useAppStore.getState().setTrainSettings({ seed: DEFAULT_TRAIN_SETTINGS.seed });
    expect(useAppStore.getState().runChanges()).toEqual([]);
    expect(useAppStore.getState().needsRebuild()).toBe(false);
  });

  it('brings a run back with keepTrainedRun: undoes the network edits (redoable) and restores the settings', async () => {
    await trainSome(2);
    const trained = useAppStore.getState().spec;
    useAppStore.getState().setLayerField(1, 'units', 3);
    useAppStore.getState().insertLayer('relu', 1);
    useAppStore.getState().setTrainSettings({ batchSize: 8 });
    expect(useAppStore.getState().runChanges()).toEqual(['network', 'settings']);
    expect(useAppStore.getState().keepTrainedRun()).toBeNull();
    const st = useAppStore.getState();
    expect(st.runChanges()).toEqual([]);
    expect(st.spec).toEqual(trained);
    expect(st.trainSettings.batchSize).toBe(16);
    // The edits were undone, not thrown away: redo has both.
    expect(st.editHistory.future).toHaveLength(2);
    await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().session?.step).toBe(3);
  });

  it('says that a changed dataset cannot be undone into the run', async () => {
    await trainSome(1);
    useAppStore.setState({ dataset: { ...useAppStore.getState().dataset!, id: 'other' } });
    expect(useAppStore.getState().runChanges()).toEqual(['dataset']);
    expect(useAppStore.getState().keepTrainedRun()).toMatch(/dataset was changed/);
  });
});
