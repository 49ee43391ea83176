// The engine worker's interface as seen from the UI through comlink (src/worker/engine.worker.ts exposes an
// EngineSession behind it). Everything crossing it is structured-cloneable; callbacks go through comlink's proxy.
import type { ProbeResult } from './device.ts';
import type { BuildProgress, EvalResult, EvalSplit } from './backend.ts';
import type { EngineChoice } from './enginePick.ts';
import type { GradCheckResult } from './gradcheck.ts';
import type { ProfileResult } from './profile.ts';
import type { Checkpoint, SessionInfo, TrainSettings, DatasetInfo, LayerTensors } from './sessionTypes.ts';
import type { ProgressListener, TrainProgress } from './trainer.ts';
import type { UploadSource } from './upload.ts';
import type { UploadOptions } from '../data/upload.ts';

export type { ProbeResult } from './device.ts';
export type { BuildProgress, EvalResult, EvalSplit } from './backend.ts';
export type { EngineChoice } from './enginePick.ts';
export type { GradCheckResult } from './gradcheck.ts';
export type { ProfileResult, LayerTime, PartTime } from './profile.ts';
export type { Checkpoint, SessionInfo, TrainSettings, DatasetInfo, LayerTensors } from './sessionTypes.ts';
export type { ProgressListener, TrainProgress } from './trainer.ts';
export type { UploadSource } from './upload.ts';
export type { UploadOptions } from '../data/upload.ts';

export interface EngineApi {
  /** WebGPU availability and adapter details, as seen from inside the worker. */
  probe(): Promise<ProbeResult>;
  /** Fetches a bundled dataset (manifest + files under `dataUrl`), reporting bytes loaded. */
  loadDataset(id: string, dataUrl: string, onProgress?: (loaded: number, total: number) => void): Promise<DatasetInfo>;
  /**
   * Builds the network and a fresh trainer for it (weights from the seed); replaces any previous one. `onProgress`
   * hears what the build is doing (opening the GPU, compiling and tuning each layer's kernels, uploading the data).
   */
  build(spec: unknown, settings: TrainSettings, onProgress?: (progress: BuildProgress) => void): Promise<SessionInfo>;
  /**
   * Chooses the engine (and the wasm engine's threads; undefined: the default) for this and later builds. A built
   * network moves over with its weights, optimizer state and step, and its new description comes back (else null).
   */
  setEngine(engine: EngineChoice, threads: number | undefined, onProgress?: (progress: BuildProgress) => void): Promise<SessionInfo | null>;
  /**
   * Trains until done or paused; progress at most 20 times a second. Resolves when the loop stops. When steps are
   * longer than a frame, the loop waits (briefly) for the promise onProgress returns: the page's paint of the report.
   */
  train(onProgress: ProgressListener): Promise<TrainProgress['status']>;
  pause(): Promise<void>;
  /** Runs one step (when paused), reporting it like train() does. */
  step(onProgress?: ProgressListener): Promise<void>;
  /** Examples of the active dataset by index (NHWC uint8 pixels, concatenated) with their labels, for browsing. */
  images(split: 'train' | 'test', indices: number[]): Promise<{ pixels: Uint8Array; labels: Uint8Array }>;
  /** Every label of a split of the active dataset. */
  labels(split: 'train' | 'test'): Promise<Uint8Array>;
  /** Parses uploaded files (IDX, CIFAR-10 binary, ImageFolder .zip or folder) in the worker; on error the previous dataset stays. */
  loadUpload(files: UploadSource[], options: UploadOptions, onProgress?: (done: number, total: number) => void): Promise<DatasetInfo>;
  /** Back to the initial weights (same seed) and step 0. */
  reset(): Promise<SessionInfo>;
  /** Loss, accuracy and confusion matrix; with `perExample`, also every example's prediction and probabilities. */
  evaluate(split: EvalSplit, perExample?: boolean): Promise<EvalResult>;
  /** Class probabilities for one image (uint8 NHWC pixels). */
  predict(pixels: Uint8Array): Promise<Float32Array>;
  /** Every layer's output for one image (from the test set by index, or given pixels). */
  activations(sample: number | Uint8Array): Promise<Float32Array[]>;
  /** A layer's parameter tensors (and, after a step, their gradients). */
  layerTensors(layerIndex: number): Promise<LayerTensors>;
  /** Every layer's parameter tensors from one read (for live views: one readback instead of one per layer). */
  allLayerTensors(): Promise<LayerTensors[]>;
  gradientCheck(): Promise<GradCheckResult>;
  /** The model file (safetensors) of the current weights. */
  saveModel(): Promise<Uint8Array>;
  /** Loads weights from a model file of the same architecture; on any error the current weights stay. */
  loadModel(bytes: Uint8Array): Promise<SessionInfo>;
  /** Per-layer GPU time of one training step ("where the time goes"); rejects while training runs. */
  profile(): Promise<ProfileResult>;
  /** Weights, optimizer state and step at a step boundary, taken without stopping training (for autosave). */
  checkpoint(): Promise<Checkpoint>;
  /** Goes on from a checkpoint of the built network; on error the current network stays. */
  restore(checkpoint: Checkpoint): Promise<SessionInfo>;
  /** Registers the callback told when the GPU device is lost; the UI then recreates the engine and restores. */
  onDeviceLost(callback: (message: string) => void): Promise<void>;
  /** Fault-injection for the recovery tests: `device` loses the GPU device, `worker` throws an uncaught error. */
  simulateFault(kind: 'device' | 'worker'): Promise<void>;
}
