// Training settings as the UI edits and shares them: one validation for the form and for shared links, with
// messages that name the field, the value and the fix. The optimizer, schedule and augmentation rules come from
// the model and data modules (optimizerConfig, scheduleConfig, augmentConfig), so they are stated once.
import { augmentConfig, MAX_SHIFT } from '../data/augment.ts';
import type { EngineChoice, TrainSettings } from '../engine/api.ts';
import { ENGINE_CHOICES } from '../engine/enginePick.ts';
import { MAX_THREADS } from '../engine/wasm/threads.ts';
import { optimizerConfig, scheduleConfig, type OptimizerConfig, type PartialScheduleConfig } from '../model/optimizers.ts';

/** Settings whose optimizer has every hyperparameter filled in (what the form edits). */
export type EditableTrainSettings = TrainSettings & { optimizer: OptimizerConfig; engine: EngineChoice };

export const TRAIN_LIMITS = {
  /** Batches above this rarely fit a browser GPU's buffers for the larger presets, and never help a playground. */
  maxBatchSize: 4096,
  maxEpochs: 1000,
  maxSteps: 10_000_000,
  maxValidationSplit: 0.5,
  maxSeed: 2 ** 32 - 1,
  maxThreads: MAX_THREADS,
} as const;

export const DEFAULT_TRAIN_SETTINGS: EditableTrainSettings = {
  epochs: 1,
  batchSize: 64,
  optimizer: optimizerConfig({ kind: 'adam', learningRate: 0.001 }),
  schedule: { kind: 'constant' },
  validationSplit: 0.1,
  seed: 1,
  augment: { shift: 0, flip: false, noise: 0 },
  engine: 'auto',
};

function wholeNumber(name: string, v: unknown, min: number, max: number, fix: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, got ${String(v)}; ${fix}.`);
  return v;
}

/**
 * Checks every field and fills the optimizer's defaults; throws an Error naming the first bad field.
 * `steps`, when set, replaces `epochs` as the stopping rule.
 */
export function checkTrainSettings(s: TrainSettings): EditableTrainSettings {
  const L = TRAIN_LIMITS;
  const epochs = wholeNumber('Epochs', s.epochs, 1, L.maxEpochs, 'use 1 or more');
  const steps = s.steps === undefined ? undefined : wholeNumber('Steps', s.steps, 1, L.maxSteps, 'use 1 or more, or stop after epochs instead');
  const batchSize = wholeNumber('Batch size', s.batchSize, 1, L.maxBatchSize, 'powers of two such as 32, 64 or 128 are usual');
  if (typeof s.validationSplit !== 'number' || !(s.validationSplit >= 0 && s.validationSplit <= L.maxValidationSplit)) {
    throw new Error(`Validation split must be a fraction from 0 to ${L.maxValidationSplit}, got ${String(s.validationSplit)}; 0.1 holds out a tenth of the training set.`);
  }
  const seed = wholeNumber('Seed', s.seed, 0, L.maxSeed, 'any whole number works; the same seed gives the same run');
  // The augmentation fields by the names the forms give them (augmentConfig names them as the code does).
  const { shift, noise } = s.augment ?? {};
  if (shift !== undefined && !(Number.isInteger(shift) && shift >= 0 && shift <= MAX_SHIFT)) throw new Error(`Shift must be a whole number of pixels from 0 to ${MAX_SHIFT}, got ${String(shift)}.`);
  if (noise !== undefined && !(Number.isFinite(noise) && noise >= 0 && noise <= 1)) throw new Error(`Noise must be a standard deviation from 0 to 1 (in normalised units), got ${String(noise)}.`);
  const optimizer = optimizerConfig(s.optimizer);
  const schedule = scheduleConfig(s.schedule as PartialScheduleConfig);
  const augment = augmentConfig(s.augment);
  // Settings saved before the engine could be chosen have none: auto.
  const engine = s.engine ?? 'auto';
  if (!ENGINE_CHOICES.includes(engine)) throw new Error(`Engine must be one of ${ENGINE_CHOICES.join(', ')}, got ${String(engine)}.`);
  const threads = s.threads === undefined ? undefined : wholeNumber('Threads', s.threads, 1, L.maxThreads, 'or leave it to the default');
  return { epochs, ...(steps !== undefined && { steps }), batchSize, optimizer, schedule, validationSplit: s.validationSplit, seed, augment, engine, ...(threads !== undefined && { threads }) };
}

/** The message checkTrainSettings gives for these settings, or null when they are valid. */
export function trainSettingsProblem(s: TrainSettings): string | null {
  try {
    checkTrainSettings(s);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Field-by-field equality (settings are small plain objects). */
export function sameTrainSettings(a: TrainSettings, b: TrainSettings): boolean {
  return JSON.stringify(checkTrainSettings(a)) === JSON.stringify(checkTrainSettings(b));
}
