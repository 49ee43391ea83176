// What crosses the engine worker's boundary besides the backend's own types: training settings, dataset and session
// descriptions, checkpoints and tensor read-outs (all structured-cloneable).
import { NO_AUGMENT, type AugmentConfig } from '../data/augment.ts';
import type { OptimizerConfig, ScheduleConfig } from '../model/optimizers.ts';
import type { BackendName } from './backend.ts';
import type { EngineChoice } from './enginePick.ts';

export interface TrainSettings {
  epochs: number;
  steps?: number;
  batchSize: number;
  optimizer: Partial<OptimizerConfig> & Pick<OptimizerConfig, 'kind'>;
  schedule: ScheduleConfig;
  validationSplit: number;
  seed: number;
  augment: AugmentConfig;
  /** The engine: `auto` (default) picks WebGPU on a hardware adapter, else the faster of WebGPU and wasm. */
  engine?: EngineChoice;
  /** Threads of the wasm engine (default: the logical processors, capped). */
  threads?: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  epochs: 1,
  batchSize: 64,
  optimizer: { kind: 'adam' },
  schedule: { kind: 'constant' },
  validationSplit: 0.1,
  seed: 1,
  augment: NO_AUGMENT,
  engine: 'auto',
};

/** Validations spread over a run (every tenth of it), so that short runs get validation points too. */
export const VALIDATIONS_PER_RUN = 10;
/** Held-out examples each validation before the run's last step evaluates (a seeded sample); the last uses them all. */
export const VALIDATION_SAMPLE = 512;

export interface DatasetInfo {
  id: string;
  name: string;
  classes: string[];
  shape: [number, number, number];
  train: number;
  test: number;
  /** Upload entries left out and why (unsafe archive paths); absent when nothing was. */
  skipped?: string[];
}

export interface SessionInfo {
  /** The engine that runs. */
  backend: BackendName;
  /** What runs it: the adapter's name (WebGPU), "WASM SIMD, 2 threads" (wasm) or "CPU reference". */
  device: string;
  /** Why this engine runs, e.g. "auto: 3.1× faster than the software WebGPU adapter here". */
  reason: string;
  params: number;
  stepsPerEpoch: number;
  totalSteps: number;
  step: number;
}

/** What an autosave holds of a run, beside the spec and settings: enough to go on exactly where it stopped. */
export interface Checkpoint {
  /** The model file (spec, weights, running statistics, normalisation) after `step` steps. */
  model: Uint8Array;
  optimizer: { kind: string; slots: Float32Array[] };
  step: number;
}

export interface LayerTensors {
  layerIndex: number;
  tensors: { name: string; shape: number[]; values: Float32Array; grads: Float32Array | null }[];
}
