// Choosing the engine in the store, against a real engine session in-process (the CPU reference and the wasm engine
// in Node): a trained run moves to the chosen engine with its weights, optimizer state, step and curves, and goes on;
// the choice is not a run change, and a shared link leaves it as it is.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nodeWasmHost } from '../../../src/cli/nodeWasm.ts';
import type { EngineApi } from '../../../src/engine/api.ts';
import { EngineSession } from '../../../src/engine/session.ts';
import type { NetworkSpec } from '../../../src/model/index.ts';
import { openSharedHash } from '../../../src/store/trainLink.ts';
import { toyDataset as dataset } from './toyDataset.ts';

const spec: NetworkSpec = { name: 'Toy net', input: { height: 4, width: 4, channels: 1 }, layers: [{ type: 'conv2d', filters: 3, kernelSize: 3 }, { type: 'relu' }, { type: 'flatten' }, { type: 'dense', units: 2 }, { type: 'softmax' }] };

let session: EngineSession;
vi.mock('../../../src/store/engineClient.ts', () => ({
  dataUrl: () => '/data/',
  getEngine: (): Partial<EngineApi> => ({
    build: (s, settings, onProgress) => session.build(s, settings, undefined, onProgress),
    setEngine: (engine, threads, onProgress) => session.setEngine(engine, threads, onProgress),
    train: (onProgress) => session.train(onProgress),
    pause: () => session.pause(),
    step: (onProgress) => session.step(onProgress),
    evaluate: (split, perExample) => session.evaluate(split, perExample),
  }),
}));

const { useAppStore } = await import('../../../src/store/index.ts');
const { DEFAULT_TRAIN_SETTINGS } = await import('../../../src/store/trainSettings.ts');

beforeEach(() => {
  session = new EngineSession();
  session.wasmHost = nodeWasmHost();
  useAppStore.getState().setSpec(spec);
  session.attachDataset('toy', dataset);
  useAppStore.setState({ dataset: session.datasetInfo(), trainSettings: DEFAULT_TRAIN_SETTINGS, session: null, trainError: null, testResult: null, history: { steps: [], validation: [] } });
});

const weights = async () => (await session.allLayerTensors()).flatMap((l) => l.tensors.flatMap((t) => [...t.values]));

describe('engine choice', () => {
  it('moves a trained run to the chosen engine, which goes on from the same step and weights', async () => {
    const s = useAppStore.getState();
    expect(s.setTrainSettings({ batchSize: 16, steps: 30, engine: 'cpu', optimizer: { ...s.trainSettings.optimizer, learningRate: 0.02 } })).toBeNull();
    for (let i = 0; i < 5; i++) await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().session).toMatchObject({ backend: 'cpu', device: 'CPU reference', step: 5 });
    const before = await weights();

    expect(await useAppStore.getState().chooseEngine('wasm', 2)).toBeNull();
    let st = useAppStore.getState();
    expect(st.trainError).toBeNull();
    expect(st.session).toMatchObject({ backend: 'wasm', reason: 'chosen in the settings', step: 5 });
    expect(st.session!.device).toMatch(/^WASM SIMD( \(relaxed FMA\))?, 2 threads$/);
    expect(st.trainSettings).toMatchObject({ engine: 'wasm', threads: 2 });
    // Not a change of the run: nothing is discarded, the curves stay, and the weights came over exactly.
    expect(st.runChanges()).toEqual([]);
    expect(st.history.steps).toHaveLength(5);
    expect(await weights()).toEqual(before);

    await useAppStore.getState().startTraining();
    st = useAppStore.getState();
    expect(st.trainStatus).toBe('done');
    expect(st.session).toMatchObject({ backend: 'wasm', step: 30 });
    expect(st.history.steps.map((p) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // The same run all on the CPU reference ends at the same weights, float rounding aside.
    const reference = new EngineSession();
    reference.attachDataset('toy', dataset);
    await reference.build(spec, { ...st.trainSettings, engine: 'cpu' });
    await reference.train(() => {});
    const expected = (await reference.allLayerTensors()).flatMap((l) => l.tensors.flatMap((t) => [...t.values]));
    const got = await weights();
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-4);
    expect((await st.evaluateTest())!.accuracy).toBeGreaterThan(0.9);

    // Back to auto with the default threads: without WebGPU here auto takes the wasm engine, and says why.
    expect(await useAppStore.getState().chooseEngine('auto', undefined)).toBeNull();
    st = useAppStore.getState();
    expect(st.session).toMatchObject({ backend: 'wasm', reason: 'auto: this browser has no WebGPU', step: 30 });
    expect('threads' in st.trainSettings).toBe(false);
    expect(st.trainStatus).toBe('done');
  });

  it('only records the choice before anything is built, and builds on it', async () => {
    expect(await useAppStore.getState().chooseEngine('cpu', undefined)).toBeNull();
    expect(useAppStore.getState().session).toBeNull();
    await useAppStore.getState().stepTraining();
    expect(useAppStore.getState().session).toMatchObject({ backend: 'cpu', step: 1 });
    expect(await useAppStore.getState().chooseEngine('wasm', 99)).toMatch(/^Threads must be a whole number from 1 to 16/);
    expect(useAppStore.getState().trainSettings.engine).toBe('cpu');
  });

  it('keeps the engine when a shared link brings its training settings', () => {
    useAppStore.getState().setTrainSettings({ engine: 'wasm', threads: 1 });
    openSharedHash(
      { dataset: null, openHash: () => {}, setTrainSettings: (p) => useAppStore.getState().setTrainSettings(p), setTrainLinkError: () => {}, selectDataset: async () => {} },
      '#net=x&train=bs:32',
    );
    expect(useAppStore.getState().trainSettings).toMatchObject({ batchSize: 32, engine: 'wasm', threads: 1 });
  });
});
