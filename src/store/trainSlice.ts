// Training in the engine worker, as the UI sees it: the settings, the built session, the run's status, and the
// curves (every step's loss and accuracy, each validation). The network is (re)built only from a valid spec, and only
// when the spec, the dataset or the settings changed since the last build.
import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import type { EvalResult, SessionInfo, TrainProgress, TrainSettings } from '../engine/api.ts';
import type { StepPoint } from '../engine/trainer.ts';
import { analyze, type NetworkSpec } from '../model/index.ts';
import type { DatasetSlice } from './datasetSlice.ts';
import { getEngine } from './engineClient.ts';
import type { NetworkSlice } from './networkSlice.ts';

export type TrainStatus = 'idle' | 'building' | TrainProgress['status'];

export interface ValidationPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface TrainHistory {
  steps: StepPoint[];
  validation: ValidationPoint[];
}

export interface TrainSlice {
  trainSettings: TrainSettings;
  /** The network built in the worker, or null before the first build (or after the spec changed). */
  session: SessionInfo | null;
  trainStatus: TrainStatus;
  /** The latest progress report (without its points, which go into history). */
  progress: Omit<TrainProgress, 'points'> | null;
  history: TrainHistory;
  /** Why building or training failed (or diverged); cleared by the next successful action. */
  trainError: string | null;
  testResult: EvalResult | null;
  setTrainSettings(patch: Partial<TrainSettings>): void;
  /** Builds the network in the worker unless it is already built for this spec, dataset and settings. */
  ensureBuilt(): Promise<SessionInfo | null>;
  startTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  stepTraining(): Promise<void>;
  resetTraining(): Promise<void>;
  evaluateTest(): Promise<EvalResult | null>;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  epochs: 1,
  batchSize: 64,
  optimizer: { kind: 'adam', learningRate: 0.001 },
  schedule: { kind: 'constant' },
  validationSplit: 0.1,
  seed: 1,
  augment: { shift: 0, flip: false, noise: 0 },
};

const EMPTY_HISTORY: TrainHistory = { steps: [], validation: [] };

/** The bundled dataset whose images fit a network input, for a network built before any dataset was picked. */
export function datasetForInput(input: { height: number; width: number; channels: number }): string | null {
  if (input.height === 28 && input.width === 28 && input.channels === 1) return 'mnist';
  if (input.height === 32 && input.width === 32 && input.channels === 3) return 'cifar10';
  return null;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Store = TrainSlice & NetworkSlice & DatasetSlice;

export const createTrainSlice: StateCreator<Store, [], [], TrainSlice> = (set, get) => {
  // What the current session was built from; a change in any of them needs a rebuild.
  let builtFrom: { spec: NetworkSpec; dataset: unknown; settings: TrainSettings } | null = null;
  let building: Promise<SessionInfo | null> | null = null;

  const onProgress = (p: TrainProgress) => {
    const { points, ...rest } = p;
    const h = get().history;
    const lastVal = h.validation[h.validation.length - 1];
    const v = p.validation;
    const validation = v && (!lastVal || lastVal.step !== v.step) ? [...h.validation, { step: v.step, epoch: v.epoch, loss: v.loss, accuracy: v.accuracy }] : h.validation;
    set({
      progress: rest,
      trainStatus: p.status,
      history: points.length > 0 || validation !== h.validation ? { steps: h.steps.concat(points), validation } : h,
      trainError: p.message ?? null,
      session: get().session && { ...get().session!, step: p.step },
    });
  };

  const build = async (): Promise<SessionInfo | null> => {
    const { spec, trainSettings } = get();
    const analysis = analyze(spec);
    if (!analysis.ok || !analysis.spec) {
      set({ trainError: 'The network has errors (see the Build view); fix them before training.' });
      return null;
    }
    if (!get().dataset) {
      const id = datasetForInput(analysis.spec.input);
      if (!id) {
        set({ trainError: `No bundled dataset has ${analysis.spec.input.height}x${analysis.spec.input.width}x${analysis.spec.input.channels} images; pick or upload one in the Data view.` });
        return null;
      }
      await get().selectDataset(id);
      if (!get().dataset) {
        set({ trainError: get().datasetError ?? `Could not load ${id}.` });
        return null;
      }
    }
    set({ trainStatus: 'building', trainError: null });
    try {
      const info = await getEngine().build(spec, trainSettings);
      builtFrom = { spec, dataset: get().dataset, settings: trainSettings };
      set({ session: info, trainStatus: 'idle', progress: null, history: EMPTY_HISTORY, testResult: null });
      return info;
    } catch (e) {
      builtFrom = null;
      set({ session: null, trainStatus: 'idle', trainError: message(e) });
      return null;
    }
  };

  return {
    trainSettings: DEFAULT_TRAIN_SETTINGS,
    session: null,
    trainStatus: 'idle',
    progress: null,
    history: EMPTY_HISTORY,
    trainError: null,
    testResult: null,
    setTrainSettings: (patch) => set({ trainSettings: { ...get().trainSettings, ...patch } }),
    ensureBuilt() {
      const { spec, dataset, trainSettings, session } = get();
      if (session && builtFrom && builtFrom.spec === spec && builtFrom.dataset === dataset && builtFrom.settings === trainSettings) return Promise.resolve(session);
      building ??= build().finally(() => {
        building = null;
      });
      return building;
    },
    async startTraining() {
      if (get().trainStatus === 'running') return;
      if (!(await get().ensureBuilt())) return;
      set({ trainStatus: 'running', trainError: null });
      try {
        const status = await getEngine().train(proxy(onProgress));
        set({ trainStatus: status });
      } catch (e) {
        set({ trainStatus: 'paused', trainError: message(e) });
      }
    },
    async pauseTraining() {
      await getEngine().pause();
    },
    async stepTraining() {
      if (get().trainStatus === 'running') return;
      if (!(await get().ensureBuilt())) return;
      try {
        await getEngine().step(proxy(onProgress));
      } catch (e) {
        set({ trainError: message(e) });
      }
    },
    async resetTraining() {
      if (!get().session) return;
      try {
        const info = await getEngine().reset();
        set({ session: info, trainStatus: 'idle', progress: null, history: EMPTY_HISTORY, testResult: null, trainError: null });
      } catch (e) {
        set({ trainError: message(e) });
      }
    },
    async evaluateTest() {
      if (!(await get().ensureBuilt())) return null;
      try {
        const result = await getEngine().evaluate('test');
        set({ testResult: result });
        return result;
      } catch (e) {
        set({ trainError: message(e) });
        return null;
      }
    },
  };
};
