// The training loop over either backend: validation hold-out, per-channel normalisation from the training split,
// seeded per-epoch shuffles, the learning-rate schedule, pause / resume / single step, throttled progress (paced to
// the page's frames when steps are long), and stopping on a non-finite loss with the last good weights put back.

import { augmentConfig, channelStats, type AugmentConfig, type Normalization } from '../data/augment.ts';
import { learningRateAt, type OptimizerConfig, type ScheduleConfig } from '../model/optimizers.ts';
import { seededRandom, shuffledIndices } from '../model/random.ts';
import type { Backend, EvalResult, EvalSplit, ExampleSet } from './backend.ts';

export interface TrainConfig {
  /** Stop after this many epochs (ignored when steps is set). */
  epochs: number;
  /** Stop after this many steps instead of epochs. */
  steps?: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Fraction of the training set held out for validation, 0 to 0.5. */
  validationSplit: number;
  seed: number;
  augment: AugmentConfig;
  /** Evaluate on the validation set at the end of every epoch. */
  validateEachEpoch: boolean;
  /**
   * Validations spread evenly over the run instead (every ceil(totalSteps / n) steps, and at its last step), so a
   * short run gets validation points too. Each one before the last evaluates `validationSample` held-out examples.
   */
  validationsPerRun?: number;
  /** How many held-out examples a validation before the run's last step evaluates (all of them when absent). */
  validationSample?: number;
}

export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  /** Batch accuracy. */
  accuracy: number;
}

export type TrainerStatus = 'idle' | 'running' | 'paused' | 'done' | 'diverged';

export interface TrainProgress {
  status: TrainerStatus;
  /** 0-based epoch of the latest step; fractional progress is step / stepsPerEpoch. */
  epoch: number;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  learningRate: number;
  /** Steps finished since the last report, in order (the charts plot every step). */
  points: StepPoint[];
  examplesPerSecond: number;
  etaSeconds: number;
  validation?: EvalResult & { epoch: number; step: number };
  /** Set when training stopped because the loss diverged. */
  message?: string;
}

export interface TrainerData {
  train: ExampleSet;
  test: ExampleSet;
  shape: [number, number, number];
}

/** Progress is reported at most this often (the UI must not drown: ≤ 20 updates per second). */
export const PROGRESS_INTERVAL_MS = 50;
/** Steps queued on the backend before the trainer waits for the oldest result. */
const IN_FLIGHT = 2;
/**
 * One frame at 60 Hz. The browser draws the page on the GPU that trains, and a frame submitted behind queued steps
 * waits for all of them; so where progress goes to a page (onProgress returns a promise that settles once the page
 * has painted the report) and a step takes longer than this, the trainer keeps one step in flight and, after each
 * report, leaves the GPU to the page until it has painted, for at most half a step (HOLD_SHARE).
 */
const FRAME_MS = 1000 / 60;
const HOLD_SHARE = 0.5;
/**
 * The CPU engines (wasm, the reference) compute on the cores the page draws with (a software compositor's too): after
 * each report the loop waits for the page's paint, whatever the step, for at most as long as it computed since the
 * page's last turn, so the page may take up to half the time. On 2 cores with SwiftShader compositing, LeNet-5 on
 * wasm with 2 threads: with no wait 7 fps at 4,400 examples/s; up to a third of the time, 11 fps at 2,200; up to
 * half, 25 fps at 1,600.
 */
const CPU_HOLD_SHARE = 1;

/** Called with each progress report; a page returns a promise that settles once it has painted the report. */
export type ProgressListener = (p: TrainProgress) => unknown;

/**
 * The seeded hold-out: `train` sorted, `validation` in shuffled order, so that its first n examples (a validation
 * during the run evaluates a sample) are a random sample even where the data is sorted by class (uploaded folders).
 */
export function validationIndices(count: number, fraction: number, seed: number): { train: Uint32Array; validation: Uint32Array } {
  if (!(fraction >= 0 && fraction <= 0.5)) throw new Error(`validation split ${fraction} must be between 0 and 0.5`);
  const order = shuffledIndices(count, seededRandom(seed ^ 0x5eed));
  const nVal = Math.floor(count * fraction);
  return { validation: Uint32Array.from(order.slice(0, nVal)), train: Uint32Array.from(order.slice(nVal)).sort() };
}

export class Trainer {
  status: TrainerStatus = 'idle';
  /** Next step to run (0-based). */
  step = 0;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Steps between validations (validationsPerRun), or 0 when validations follow epochs. */
  readonly validateEvery: number;
  readonly norm: Normalization;
  private readonly trainIndices: Uint32Array;
  private epochOrderFor = -1;
  private stopRequested = false;
  private loop: Promise<void> | null = null;
  private unreported: StepPoint[] = [];
  private lastReport = 0;
  private rate = { since: 0, examples: 0, value: 0 };
  private lastValidation: TrainProgress['validation'];
  /** Wall time of a step (smoothed), from the interval between step results; 0 until measured. */
  private stepMs = 0;
  private lastResult = 0;
  /** When the loop last went back to computing after leaving the page its turn (CPU engines). */
  private computingSince = 0;
  /** The page's paint of the latest report, while the loop is to wait for it before the next step. */
  private paint: PromiseLike<unknown> | null = null;
  /** Work waiting for the next step boundary (checkpoints taken while the loop runs). */
  private boundaryTasks: (() => Promise<void>)[] = [];
  message: string | undefined;

  private constructor(
    readonly backend: Backend,
    readonly config: TrainConfig,
    data: TrainerData,
    split: { train: Uint32Array; validation: Uint32Array },
    public onProgress: ProgressListener,
  ) {
    this.trainIndices = split.train;
    this.norm = channelStats(data.train.images, data.shape, split.train);
    this.stepsPerEpoch = Math.max(1, Math.floor(split.train.length / config.batchSize));
    this.totalSteps = config.steps ?? config.epochs * this.stepsPerEpoch;
    this.validateEvery = config.validationsPerRun ? Math.max(1, Math.ceil(this.totalSteps / config.validationsPerRun)) : 0;
  }

  /** Whether a validation follows the step that ends at `stepsDone`, and over how many held-out examples. */
  private validationAfter(stepsDone: number): { limit: number } | null {
    const c = this.config;
    if (c.validationSplit === 0) return null;
    if (this.validateEvery > 0) {
      if (stepsDone === this.totalSteps) return { limit: Infinity };
      return stepsDone % this.validateEvery === 0 ? { limit: c.validationSample ?? Infinity } : null;
    }
    return c.validateEachEpoch && stepsDone % this.stepsPerEpoch === 0 ? { limit: Infinity } : null;
  }

  /** Splits and normalises the data, uploads it to the backend, and returns a trainer ready to run. */
  static async create(backend: Backend, config: TrainConfig, data: TrainerData, onProgress: ProgressListener = () => {}): Promise<Trainer> {
    if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new Error(`batch size ${config.batchSize} must be a positive integer`);
    if (config.batchSize !== backend.batchSize) throw new Error(`batch size ${config.batchSize} differs from the backend's ${backend.batchSize}`);
    const split = validationIndices(data.train.count, config.validationSplit, config.seed);
    if (split.train.length === 0) throw new Error('No training examples left after the validation split; lower the validation fraction.');
    const trainer = new Trainer(backend, { ...config, augment: augmentConfig(config.augment) }, data, split, onProgress);
    await backend.setData({ train: data.train, test: data.test, validation: split.validation, norm: trainer.norm, augment: trainer.config.augment });
    return trainer;
  }

  get epoch(): number {
    return Math.floor(this.step / this.stepsPerEpoch);
  }

  learningRate(step = this.step): number {
    return learningRateAt(this.config.optimizer.learningRate, this.config.schedule, step);
  }

  /** The epoch's shuffled order of training indices (seeded by the run seed and the epoch). */
  private ensureOrder(epoch: number): void {
    if (this.epochOrderFor === epoch) return;
    const perm = shuffledIndices(this.trainIndices.length, seededRandom((this.config.seed + 0x9e3779b9 * (epoch + 1)) >>> 0));
    this.backend.setOrder(Uint32Array.from(perm, (i) => this.trainIndices[i]!));
    this.epochOrderFor = epoch;
  }

  /** Runs until the step budget is spent, pause() is called, or the loss diverges. */
  run(): Promise<void> {
    if (this.loop) return this.loop;
    if (this.status === 'done' || this.status === 'diverged') return Promise.resolve();
    this.stopRequested = false;
    this.loop = this.runSteps(this.totalSteps - this.step).finally(() => {
      this.loop = null;
      void this.runBoundaryTasks(); // any asked for after the loop's last check
    });
    return this.loop;
  }

  /** Stops after the steps already queued; resolves when the loop has stopped. */
  async pause(): Promise<void> {
    this.stopRequested = true;
    await this.loop;
  }

  /** Runs exactly one step (when not running). */
  async singleStep(): Promise<void> {
    if (this.loop) throw new Error('Training is running; pause it before stepping.');
    if (this.step >= this.totalSteps || this.status === 'diverged') return;
    this.stopRequested = false;
    this.loop = this.runSteps(1).finally(() => {
      this.loop = null;
      void this.runBoundaryTasks(); // any asked for after the loop's last check
    });
    await this.loop;
  }

  /**
   * Runs `task` with every submitted step finished and no step in flight, passing the number of steps done: at once
   * when the loop is not running, otherwise between two steps (training goes on right after), so a checkpoint is
   * consistent without stopping the run.
   */
  atStepBoundary<T>(task: (stepsDone: number) => Promise<T>): Promise<T> {
    if (!this.loop) return task(this.step);
    return new Promise<T>((resolve, reject) => {
      this.boundaryTasks.push(() => task(this.step).then(resolve, reject));
    });
  }

  /** Resumes a restored run: the next step to run is `step` (weights and optimizer state are the caller's). */
  resumeAt(step: number): void {
    if (this.loop) throw new Error('Training is running; pause it before restoring.');
    if (!(Number.isInteger(step) && step >= 0 && step <= this.totalSteps)) throw new Error(`cannot resume at step ${step}: this run has ${this.totalSteps} steps`);
    this.step = step;
    this.status = step === 0 ? 'idle' : step >= this.totalSteps ? 'done' : 'paused';
    this.epochOrderFor = -1;
  }

  private async runBoundaryTasks(): Promise<void> {
    for (const task of this.boundaryTasks.splice(0)) await task();
  }

  private async runSteps(count: number): Promise<void> {
    this.status = 'running';
    this.rate = { since: now(), examples: 0, value: this.rate.value };
    this.lastResult = 0;
    this.paint = null;
    this.computingSince = now();
    const pending: Promise<StepPoint | null>[] = [];
    const end = Math.min(this.totalSteps, this.step + count);
    let diverged: StepPoint | null = null;
    const settle = async () => {
      const point = await pending.shift()!;
      if (point && !Number.isFinite(point.loss) && !diverged) diverged = point;
    };
    while (this.step < end && !this.stopRequested && !diverged) {
      if (this.boundaryTasks.length > 0) {
        while (pending.length > 0) await settle();
        if (diverged) break;
        await this.runBoundaryTasks();
      }
      const step = this.step;
      const epoch = Math.floor(step / this.stepsPerEpoch);
      this.ensureOrder(epoch);
      const offset = (step % this.stepsPerEpoch) * this.config.batchSize;
      pending.push(this.backend.trainStep(offset, step, this.learningRate(step)).then((m) => this.record({ step, epoch, loss: m.loss, accuracy: m.correct / m.rows })));
      this.step++;
      if (pending.length >= (this.stepMs > FRAME_MS ? 1 : IN_FLIGHT)) await settle();
      if (this.paint) {
        while (pending.length > 0) await settle();
        await this.waitForPaint();
      }
      const finishedEpoch = this.step % this.stepsPerEpoch === 0 || this.step === this.totalSteps;
      const validation = this.validationAfter(this.step);
      if ((finishedEpoch || validation) && !diverged) {
        while (pending.length > 0) await settle();
        if (!diverged && validation) {
          this.lastValidation = { ...(await this.backend.evaluate('validation', false, validation.limit)), epoch, step: this.step };
          this.report(true);
        }
      }
    }
    while (pending.length > 0) await settle();
    if (diverged) await this.diverge(diverged);
    else this.status = this.step >= this.totalSteps ? 'done' : 'paused';
    await this.runBoundaryTasks();
    this.report(true);
  }

  /** Waits, with no step in flight, until the page has painted the latest report (at most HOLD_SHARE of a step). */
  private async waitForPaint(): Promise<void> {
    const paint = this.paint!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hold = this.backend.name === 'webgpu' ? HOLD_SHARE * this.stepMs : CPU_HOLD_SHARE * (now() - this.computingSince);
    await Promise.race([paint, new Promise<void>((resolve) => (timer = setTimeout(resolve, hold)))]).catch(() => {});
    clearTimeout(timer);
    this.paint = null;
    this.computingSince = now();
    // The next interval between results is the next step alone, not this wait.
    this.lastResult = now();
  }

  private record(point: StepPoint): StepPoint {
    const t = now();
    if (this.lastResult > 0) this.stepMs = this.stepMs > 0 ? 0.8 * this.stepMs + 0.2 * (t - this.lastResult) : t - this.lastResult;
    this.lastResult = t;
    this.unreported.push(point);
    this.rate.examples += this.config.batchSize;
    const elapsed = (now() - this.rate.since) / 1000;
    if (elapsed > 0.2) this.rate.value = this.rate.examples / elapsed;
    this.report(false);
    return point;
  }

  private async diverge(point: StepPoint): Promise<void> {
    const restored = await this.backend.restoreBefore(point.step);
    this.status = 'diverged';
    const lr = this.learningRate(point.step);
    this.message =
      `Training stopped at step ${point.step + 1}: the loss became ${Number.isNaN(point.loss) ? 'NaN' : 'infinite'}. ` +
      `The learning rate (${lr}) is probably too high; try ${lr / 10}. ` +
      (restored === null ? 'No earlier weights were saved.' : `The weights from before step ${restored + 1} were restored.`);
    if (restored !== null) this.step = restored;
  }

  private report(force: boolean): void {
    const t = now();
    if (!force && t - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = t;
    const remaining = this.totalSteps - this.step;
    const eps = this.rate.value;
    const painted = this.onProgress({
      status: this.status,
      epoch: this.epoch,
      step: this.step,
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch,
      learningRate: this.learningRate(Math.min(this.step, this.totalSteps - 1)),
      points: this.unreported,
      examplesPerSecond: eps,
      etaSeconds: eps > 0 ? (remaining * this.config.batchSize) / eps : NaN,
      validation: this.lastValidation,
      message: this.message,
    });
    this.unreported = [];
    if (!force && (this.backend.name !== 'webgpu' || this.stepMs > FRAME_MS) && isPromiseLike(painted)) this.paint = painted;
  }

  evaluate(split: EvalSplit, perExample = false): Promise<EvalResult> {
    if (this.loop) throw new Error('Training is running; pause it before evaluating.');
    return this.backend.evaluate(split, perExample);
  }
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as PromiseLike<unknown> | undefined)?.then === 'function';
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}
