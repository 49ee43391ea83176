// Training in the engine worker, as the UI sees it: the settings, the built session, the run's status, the
// curves (every step's loss and accuracy, each validation), the test evaluation and the gradient check. The
// network is (re)built only from a valid spec, and only when the spec, the dataset or the settings changed since
// the last build. Progress arrives at most 20 times a second; charts read `history` through subscribe.
import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import type { BuildProgress, EngineChoice, EvalResult, GradCheckResult, SessionInfo, TrainProgress, TrainSettings } from '../engine/api.ts';
import type { StepPoint } from '../engine/trainer.ts';
import { analyze, type NetworkSpec } from '../model/index.ts';
import type { DatasetSlice } from './datasetSlice.ts';
import { getEngine } from './engineClient.ts';
import type { NetworkSlice } from './networkSlice.ts';
import { architectureKey, runChanges, type RunChange } from './runIdentity.ts';
import { appendBounded } from './boundedHistory.ts';
import { checkTrainSettings, DEFAULT_TRAIN_SETTINGS, type EditableTrainSettings } from './trainSettings.ts';

export { DEFAULT_TRAIN_SETTINGS } from './trainSettings.ts';

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

/** A test-set evaluation with every example's prediction, and the step it was taken at. */
export type TestResult = EvalResult & { step: number };

/** What a build is doing: the engine's phases, and loading the dataset before them. */
export type BuildStage = { phase: BuildProgress['phase'] | 'dataset'; detail: string; fraction: number };

export interface TrainSlice {
  trainSettings: EditableTrainSettings;
  /** The network built in the worker, or null before the first build (or after the spec changed). */
  session: SessionInfo | null;
  trainStatus: TrainStatus;
  /** While building: what the build is doing now (null otherwise). */
  buildStage: BuildStage | null;
  /** The latest progress report (without its points, which go into history). */
  progress: Omit<TrainProgress, 'points'> | null;
  history: TrainHistory;
  /** Why building or training failed (or diverged); cleared by the next successful action. */
  trainError: string | null;
  /** Why the training settings of a shared link were not used. */
  trainLinkError: string | null;
  testResult: TestResult | null;
  evaluating: boolean;
  gradCheck: GradCheckResult | null;
  gradChecking: boolean;
  /** Applies a change; settings that fail checkTrainSettings are refused with its message (and nothing changes). */
  setTrainSettings(patch: Partial<EditableTrainSettings>): string | null;
  /**
   * Chooses the engine and the wasm engine's threads (undefined: the default). A built run moves to it in the worker
   * with its weights, optimizer state, step and curves; returns why the choice was refused, or null.
   */
  chooseEngine(engine: EngineChoice, threads: number | undefined): Promise<string | null>;
  /** True when the settings, spec or dataset differ from what the current session was built with. */
  needsRebuild(): boolean;
  /** What differs (by value) from what the current session was built with; empty when it is current or there is none. */
  runChanges(): RunChange[];
  /**
   * Goes back to the network (by undoing the edits since, where the undo history reaches it) and the settings the
   * current session was built with, so its run goes on. A changed dataset cannot be undone this way (the engine has
   * already let go of the run): returns why, or null when the run is current again.
   */
  keepTrainedRun(): string | null;
  /** Builds the network in the worker unless it is already built for this spec, dataset and settings. */
  ensureBuilt(): Promise<SessionInfo | null>;
  startTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  stepTraining(): Promise<void>;
  resetTraining(): Promise<void>;
  /** Evaluates on the test set with per-example predictions (pausing a running session for it, then resuming). */
  evaluateTest(): Promise<TestResult | null>;
  runGradientCheck(): Promise<GradCheckResult | null>;
  setTrainLinkError(message: string | null): void;
}

const EMPTY_HISTORY: TrainHistory = { steps: [], validation: [] };

/** The bundled dataset whose images fit a network input, for a network built before any dataset was picked. */
export function datasetForInput(input: { height: number; width: number; channels: number }): string | null {
  if (input.height === 28 && input.width === 28 && input.channels === 1) return 'mnist';
  if (input.height === 32 && input.width === 32 && input.channels === 3) return 'cifar10';
  return null;
}

/**
 * Settles once the page has shown the store's current state: the charts draw it in the next animation frame, and the
 * one after that begins once the browser has taken that frame. At once where nothing paints (Node, a hidden page).
 */
function painted(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function' || typeof document === 'undefined' || document.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Store = TrainSlice & NetworkSlice & DatasetSlice;

/** Everything a build depends on, to tell whether the built session is still current. */
interface BuiltFrom {
  spec: NetworkSpec;
  dataset: unknown;
  settings: EditableTrainSettings;
}

export const createTrainSlice: StateCreator<Store, [], [], TrainSlice> = (set, get) => {
  let builtFrom: BuiltFrom | null = null;
  let building: Promise<SessionInfo | null> | null = null;
  // Each train() call gets a number; a late answer from an older call must not overwrite a newer run's status.
  let run = 0;

  // Returns when the page has painted the report: a run with long steps waits for that (see trainer.ts).
  const onProgress = (p: TrainProgress): Promise<void> => {
    const { points, ...rest } = p;
    const h = get().history;
    const lastVal = h.validation[h.validation.length - 1];
    const v = p.validation;
    const validation = v && (!lastVal || lastVal.step !== v.step) ? [...h.validation, { step: v.step, epoch: v.epoch, loss: v.loss, accuracy: v.accuracy }] : h.validation;
    // A diverged run puts its step back to the restored weights: drop the points after it so the curves match.
    const steps = appendBounded(h.steps, points); // bounded: a long run never grows the page's memory
    const kept = p.status === 'diverged' ? steps.filter((s) => s.step < p.step) : steps;
    set({
      progress: rest,
      trainStatus: p.status,
      history: kept !== h.steps || validation !== h.validation ? { steps: kept, validation } : h,
      trainError: p.message ?? null,
      session: get().session && { ...get().session!, step: p.step },
    });
    return painted();
  };

  const changes = (): RunChange[] => {
    const { spec, dataset, trainSettings, session } = get();
    if (!session || !builtFrom) return [];
    return runChanges({ spec: builtFrom.spec, settings: builtFrom.settings, dataset: builtFrom.dataset }, { spec, settings: trainSettings, dataset });
  };
  const current = (): boolean => !!get().session && !!builtFrom && changes().length === 0;

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
      set({ trainStatus: 'building', buildStage: { phase: 'dataset', detail: id, fraction: 0 }, trainError: null });
      await get().selectDataset(id);
      if (!get().dataset) {
        set({ trainStatus: 'idle', buildStage: null, trainError: get().datasetError ?? `Could not load ${id}.` });
        return null;
      }
    }
    set({ trainStatus: 'building', buildStage: { phase: 'device', detail: 'starting', fraction: 0 }, trainError: null });
    // Phases arrive from the worker in order; one that lands after the build has ended is dropped.
    let open = true;
    const onBuild = (p: BuildProgress) => {
      if (open) set({ buildStage: p });
    };
    try {
      const info = await getEngine().build(spec, trainSettings, proxy(onBuild));
      builtFrom = { spec, dataset: get().dataset, settings: trainSettings };
      set({ session: info, trainStatus: 'idle', progress: null, history: EMPTY_HISTORY, testResult: null, gradCheck: null });
      return info;
    } catch (e) {
      builtFrom = null;
      set({ session: null, trainStatus: 'idle', trainError: message(e) });
      return null;
    } finally {
      open = false;
      set({ buildStage: null });
    }
  };

  /** Runs `task` with training paused, then resumes if it was running. */
  const whilePaused = async <T>(task: () => Promise<T>): Promise<T> => {
    const wasRunning = get().trainStatus === 'running';
    if (wasRunning) await get().pauseTraining();
    try {
      return await task();
    } finally {
      if (wasRunning && get().trainStatus === 'paused') void get().startTraining();
    }
  };

  return {
    trainSettings: DEFAULT_TRAIN_SETTINGS,
    session: null,
    trainStatus: 'idle',
    buildStage: null,
    progress: null,
    history: EMPTY_HISTORY,
    trainError: null,
    trainLinkError: null,
    testResult: null,
    evaluating: false,
    gradCheck: null,
    gradChecking: false,
    setTrainSettings(patch) {
      try {
        const next = checkTrainSettings({ ...get().trainSettings, ...patch });
        // Clearing `steps` or `threads` needs the key gone, not undefined (the worker's defaults fill missing keys only).
        if ('steps' in patch && patch.steps === undefined) delete (next as TrainSettings).steps;
        if ('threads' in patch && patch.threads === undefined) delete (next as TrainSettings).threads;
        set({ trainSettings: next });
        return null;
      } catch (e) {
        return message(e);
      }
    },
    async chooseEngine(engine, threads) {
      const patch: Partial<EditableTrainSettings> = { engine, threads };
      const refused = get().setTrainSettings(patch);
      if (refused) return refused;
      if (!get().session || !builtFrom || get().trainStatus === 'building') return null;
      const from = builtFrom;
      return whilePaused(async () => {
        const before = get().trainStatus;
        set({ trainStatus: 'building', buildStage: { phase: 'device', detail: 'switching engine', fraction: 0 } });
        let open = true;
        try {
          const info = await getEngine().setEngine(engine, threads, proxy((p: BuildProgress) => void (open && set({ buildStage: p }))));
          const settings = { ...from.settings, engine };
          delete settings.threads;
          if (threads !== undefined) settings.threads = threads;
          builtFrom = { ...from, settings };
          if (info) set({ session: info });
          return null;
        } catch (e) {
          set({ trainError: `Switching the engine failed (the run stays where it was): ${message(e)}` });
          return message(e);
        } finally {
          open = false;
          set({ trainStatus: before, buildStage: null });
        }
      });
    },
    needsRebuild: () => !current(),
    runChanges: changes,
    keepTrainedRun() {
      const from = builtFrom;
      const found = changes();
      if (!from || found.length === 0) return null;
      if (found.includes('network')) {
        // Undo back to the trained network when the undo history holds it (the edits stay redoable); else load it.
        const target = architectureKey(from.spec);
        const past = get().editHistory.past;
        let back = past.length - 1;
        while (back >= 0 && architectureKey(past[back]!.snapshot.spec) !== target) back--;
        if (back >= 0) for (let k = past.length; k > back; k--) get().undo();
        else get().setSpec(from.spec);
      }
      if (found.includes('settings')) set({ trainSettings: from.settings });
      return found.includes('dataset') ? 'The dataset was changed, and the engine has let go of the run trained on the previous one; Start trains a new run.' : null;
    },
    ensureBuilt() {
      if (current()) return Promise.resolve(get().session);
      building ??= build().finally(() => {
        building = null;
      });
      return building;
    },
    async startTraining() {
      if (get().trainStatus === 'running') return;
      if (!(await get().ensureBuilt())) return;
      const mine = ++run;
      set({ trainStatus: 'running', trainError: null });
      try {
        const status = await getEngine().train(proxy(onProgress));
        if (mine === run) set({ trainStatus: status });
      } catch (e) {
        if (mine === run) set({ trainStatus: 'paused', trainError: message(e) });
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
      run++;
      try {
        const info = await getEngine().reset();
        set({ session: info, trainStatus: 'idle', progress: null, history: EMPTY_HISTORY, testResult: null, gradCheck: null, trainError: null });
      } catch (e) {
        set({ trainError: message(e) });
      }
    },
    async evaluateTest() {
      if (get().evaluating) return get().testResult;
      if (!(await get().ensureBuilt())) return null;
      set({ evaluating: true });
      try {
        return await whilePaused(async () => {
          const result: TestResult = { ...(await getEngine().evaluate('test', true)), step: get().session?.step ?? 0 };
          set({ testResult: result });
          return result;
        });
      } catch (e) {
        set({ trainError: message(e) });
        return null;
      } finally {
        set({ evaluating: false });
      }
    },
    async runGradientCheck() {
      if (get().gradChecking) return get().gradCheck;
      if (!(await get().ensureBuilt())) return null;
      set({ gradChecking: true, gradCheck: null });
      try {
        const result = await whilePaused(() => getEngine().gradientCheck());
        set({ gradCheck: result });
        return result;
      } catch (e) {
        set({ trainError: `The gradient check failed to run: ${message(e)}` });
        return null;
      } finally {
        set({ gradChecking: false });
      }
    },
    setTrainLinkError: (m) => set({ trainLinkError: m }),
  };
};
