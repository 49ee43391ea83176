// The engine behind the worker's comlink API: one dataset, one network with its backend and trainer, and the
// inspection calls the UI makes. Runs in the worker and in Node (Dawn); the settings choose the engine (engineOpen.ts:
// WebGPU, wasm, the CPU reference, or `auto`), and a switch of engine carries the run over.

import { asManifest, loadPreparedDataset, MANIFEST_FILE, type Dataset } from '../data/index.ts';
import { analyze, type NetworkSpec } from '../model/index.ts';
import { assertSameArchitecture, decodeModelFile, encodeModelFile } from '../model/modelFile.ts';
import { optimizerConfig } from '../model/optimizers.ts';
import { checkTrainingMemory, CPU_MEMORY_BYTES } from '../model/memory.ts';
import { initialParameters, type ParameterValues } from '../model/parameters.ts';
import { trainingPlan, type TrainingPlan } from '../model/plan.ts';
import type { Backend, BackendOptions, BuildProgress, EvalResult, EvalSplit } from './backend.ts';
import { createCpuBackend } from './cpu/backend.ts';
import { isSoftwareAdapter, type ChoiceStore, type EngineChoice } from './enginePick.ts';
import { memoryChoiceStore, openEngine, type GpuAccess } from './engineOpen.ts';
import { WasmBackend } from './wasm/backend.ts';
import type { WasmHost } from './wasm/runtime.ts';
import { adapterName, gpuApi, requestAdapter, requestDevice } from './device.ts';
import { GpuBackend } from './gpu/backend.ts';
import { gradientCheck, type GradCheckResult } from './gradcheck.ts';
import { profileStep, type ProfileResult } from './profile.ts';
import { Trainer, type ProgressListener, type TrainProgress } from './trainer.ts';
import { fetchVerified } from './datasetCache.ts';
import { fetchBytes } from './fetchBytes.ts';
import { DEFAULT_SETTINGS, VALIDATION_SAMPLE, VALIDATIONS_PER_RUN, type Checkpoint, type DatasetInfo, type LayerTensors, type SessionInfo, type TrainSettings } from './sessionTypes.ts';
import { decodeImageAnywhere, readUploadSources, type UploadSource } from './upload.ts';
import { parseUpload, type UploadOptions } from '../data/upload.ts';

export { DEFAULT_SETTINGS, type Checkpoint, type DatasetInfo, type LayerTensors, type SessionInfo, type TrainSettings } from './sessionTypes.ts';

export class EngineSession {
  private dataset: (Dataset & { id: string }) | null = null;
  private plan: TrainingPlan | null = null;
  private spec: NetworkSpec | null = null;
  private settings: TrainSettings = DEFAULT_SETTINGS;
  private backend: Backend | null = null;
  private trainer: Trainer | null = null;
  private device: GPUDevice | null = null;
  private deviceName = '';
  private softwareAdapter = false;
  /** Why the current backend's engine runs (the Train view shows it). */
  private reason = '';
  /** Why WebGPU could not be used although navigator.gpu exists, once that is known. */
  private noGpu: string | null = null;
  /** Where the wasm engine runs (set by the worker, or a Node test); null: no wasm engine (the CPU reference instead). */
  wasmHost: WasmHost | null = null;
  /** Where `auto` remembers its choices (IndexedDB in the worker; this session's memory otherwise). */
  choiceStore: ChoiceStore = memoryChoiceStore();
  /** Told when the GPU device is lost (not when ConvLab destroys it); the session then holds no network. */
  onDeviceLost: ((message: string) => void) | null = null;

  async loadDataset(id: string, dataUrl: string, onProgress?: (loaded: number, total: number) => void): Promise<DatasetInfo> {
    const base = dataUrl.endsWith('/') ? dataUrl : `${dataUrl}/`;
    const manifest = asManifest(JSON.parse(new TextDecoder().decode(await fetchBytes(`${base}${MANIFEST_FILE}`, () => {}))));
    const entry = manifest?.datasets.find((d) => d.id === id);
    if (!entry) throw new Error(`The data folder has no dataset "${id}"; run \`npm run data\`.`);
    const total = Object.keys(entry.sha256).length > 0 ? entry.counts.train * (entry.height * entry.width * entry.channels + 1) + entry.counts.test * (entry.height * entry.width * entry.channels + 1) : 0;
    let loaded = 0;
    const dataset = await loadPreparedDataset(entry, (file) =>
      fetchVerified(`${base}${file}`, entry.sha256[file], (n) => {
        loaded += n;
        onProgress?.(loaded, Math.max(total, loaded));
      }),
    );
    this.attachDataset(id, dataset);
    return this.datasetInfo()!;
  }

  /** Uses an already parsed dataset (uploads, tests); the network must be rebuilt for it. */
  attachDataset(id: string, dataset: Dataset): void {
    this.dataset = { ...dataset, id };
    this.dropTrainer();
  }

  /**
   * Parses the user's files (IDX, CIFAR-10 binary, an ImageFolder .zip or folder) here in the worker and makes them
   * the active dataset; on any error it throws and the previous dataset stays active.
   */
  async loadUpload(sources: UploadSource[], options: UploadOptions, onProgress?: (done: number, total: number) => void): Promise<DatasetInfo> {
    const dataset = await parseUpload(await readUploadSources(sources), options, decodeImageAnywhere, onProgress);
    this.attachDataset(`upload:${dataset.kind}:${dataset.name}`, dataset);
    return this.datasetInfo()!;
  }

  /** Every label of a split of the active dataset (class counts, filtering by class). */
  labels(split: 'train' | 'test'): Uint8Array {
    if (!this.dataset) throw new Error('Pick a dataset first.');
    return this.dataset[split].labels.slice();
  }

  datasetInfo(): DatasetInfo | null {
    const d = this.dataset;
    return d && { id: d.id, name: d.name, classes: d.classes, shape: [d.height, d.width, d.channels], train: d.train.count, test: d.test.count, ...(d.skipped && { skipped: d.skipped }) };
  }

  private dropTrainer(): void {
    this.backend?.destroy();
    this.backend = null;
    this.trainer = null;
  }

  private async gpuDevice(): Promise<GPUDevice | null> {
    if (this.device) return this.device;
    if (!gpuApi() || this.noGpu) return null;
    let adapter: GPUAdapter;
    let device: GPUDevice;
    try {
      adapter = await requestAdapter();
      device = await requestDevice(adapter, 'convlab-engine');
    } catch (e) {
      // navigator.gpu exists but gives no adapter or device (a blocklisted GPU, WebGPU switched off): the CPU
      // reference trains instead, and the session says why.
      this.noGpu = e instanceof Error ? e.message : String(e);
      return null;
    }
    this.device = device;
    this.deviceName = adapterName(adapter);
    this.softwareAdapter = isSoftwareAdapter(adapter);
    void device.lost.then((info) => {
      if (this.device !== device) return; // destroyed on purpose
      this.device = null;
      // A run on another engine goes on; the device is opened again when an engine needs it.
      if (this.backend && this.backend.name !== 'webgpu') return;
      this.dropTrainer();
      this.onDeviceLost?.(`the GPU device was lost (${info.reason === 'destroyed' ? 'destroyed' : 'reason unknown'}${info.message ? `: ${info.message}` : ''})`);
    });
    return device;
  }

  /** Builds the network for the dataset; `onProgress` hears what it is doing (opening the GPU, kernels, tuning, data). */
  async build(spec: unknown, settings: Partial<TrainSettings> = {}, initial?: ParameterValues, onProgress?: (p: BuildProgress) => void): Promise<SessionInfo> {
    const dataset = this.dataset;
    if (!dataset) throw new Error('Pick a dataset before building the network.');
    const analysis = analyze(spec);
    const plan = trainingPlan(analysis, dataset.classes.length);
    const shape = [dataset.height, dataset.width, dataset.channels];
    if (plan.input.join('x') !== shape.join('x')) throw new Error(`The network takes ${plan.input.join('x')} inputs but ${dataset.name} images are ${shape.join('x')}; change the input block.`);
    const s = { ...DEFAULT_SETTINGS, ...settings };
    // The weights are drawn in this worker's memory before any engine opens: their plan first (each engine then
    // checks the whole run, activations included, against its own budget).
    if (!initial) checkTrainingMemory(plan, 1, s.optimizer.kind, { engine: 'this tab', totalBytes: CPU_MEMORY_BYTES });
    const options: BackendOptions = {
      plan,
      batchSize: s.batchSize,
      optimizer: optimizerConfig(s.optimizer),
      seed: s.seed,
      initial: initial ?? initialParameters(plan.layout, s.seed),
      onBuild: onProgress,
    };
    const engine: EngineChoice = s.engine ?? 'auto';
    if (engine !== 'cpu' && engine !== 'wasm' && !this.device && gpuApi() && !this.noGpu) onProgress?.({ phase: 'device', detail: 'opening the GPU device', fraction: 0 });
    const device = engine === 'cpu' || engine === 'wasm' ? null : await this.gpuDevice();
    const gpu: GpuAccess = device
      ? { device, adapter: this.deviceName, software: this.softwareAdapter }
      : { device: null, why: this.noGpu ? `WebGPU failed: ${this.noGpu}` : 'this browser has no WebGPU' };
    const onTiming = (detail: string) => onProgress?.({ phase: 'engine', detail, fraction: 0 });
    const { backend, reason } = await openEngine(options, { engine, ...(s.threads !== undefined && { threads: s.threads }) }, { gpu, wasmHost: this.wasmHost, store: this.choiceStore, onTiming });
    try {
      onProgress?.({ phase: 'data', detail: `normalising and uploading ${(dataset.train.count + dataset.test.count).toLocaleString('en-US')} images`, fraction: 0.9 });
      const trainer = await Trainer.create(
        backend,
        { ...s, optimizer: options.optimizer, validateEachEpoch: false, validationsPerRun: VALIDATIONS_PER_RUN, validationSample: VALIDATION_SAMPLE },
        { train: dataset.train, test: dataset.test, shape: [dataset.height, dataset.width, dataset.channels] },
      );
      this.dropTrainer();
      this.backend = backend;
      this.trainer = trainer;
      this.plan = plan;
      this.spec = spec as NetworkSpec;
      this.settings = s;
      this.reason = reason;
    } catch (e) {
      backend.destroy();
      throw e;
    }
    return this.info();
  }

  private require(): { trainer: Trainer; backend: Backend; plan: TrainingPlan } {
    if (!this.trainer || !this.backend || !this.plan) throw new Error('Build the network first.');
    return { trainer: this.trainer, backend: this.backend, plan: this.plan };
  }

  info(): SessionInfo {
    const { trainer, backend, plan } = this.require();
    return {
      backend: backend.name,
      device: backend.name === 'webgpu' ? this.deviceName : backend instanceof WasmBackend ? backend.describe() : 'CPU reference',
      reason: this.reason,
      params: plan.analysis.totals.params,
      stepsPerEpoch: trainer.stepsPerEpoch,
      totalSteps: trainer.totalSteps,
      step: trainer.step,
    };
  }

  async train(onProgress: ProgressListener): Promise<TrainProgress['status']> {
    const { trainer } = this.require();
    trainer.onProgress = onProgress;
    await trainer.run();
    return trainer.status;
  }

  async pause(): Promise<void> {
    await this.trainer?.pause();
  }

  async step(onProgress?: ProgressListener): Promise<void> {
    const { trainer } = this.require();
    if (onProgress) trainer.onProgress = onProgress;
    await trainer.singleStep();
  }

  async reset(): Promise<SessionInfo> {
    const { plan } = this.require();
    await this.trainer?.pause();
    return this.build(this.spec, this.settings, initialParameters(plan.layout, this.settings.seed));
  }

  async evaluate(split: EvalSplit, perExample = false): Promise<EvalResult> {
    const result = await this.require().trainer.evaluate(split, perExample);
    if (result.perExample && split === 'test') result.perExample.labels = this.dataset!.test.labels.slice();
    return result;
  }

  predict(pixels: Uint8Array): Promise<Float32Array> {
    return this.require().backend.predict(pixels);
  }

  activations(sample: number | Uint8Array): Promise<Float32Array[]> {
    const { backend } = this.require();
    return backend.activations(typeof sample === 'number' ? this.testImage(sample) : sample);
  }

  images(split: 'train' | 'test', indices: number[]): { pixels: Uint8Array; labels: Uint8Array } {
    const d = this.dataset;
    if (!d) throw new Error('Pick a dataset first.');
    const set = d[split];
    const size = d.height * d.width * d.channels;
    const pixels = new Uint8Array(indices.length * size);
    const labels = new Uint8Array(indices.length);
    indices.forEach((index, k) => {
      if (!(Number.isInteger(index) && index >= 0 && index < set.count)) throw new Error(`${split} image ${index} does not exist (0 to ${set.count - 1})`);
      pixels.set(set.images.subarray(index * size, (index + 1) * size), k * size);
      labels[k] = set.labels[index]!;
    });
    return { pixels, labels };
  }

  private testImage(index: number): Uint8Array {
    const d = this.dataset!;
    const size = d.height * d.width * d.channels;
    if (!(index >= 0 && index < d.test.count)) throw new Error(`test image ${index} does not exist (0 to ${d.test.count - 1})`);
    return d.test.images.subarray(index * size, (index + 1) * size);
  }

  async layerTensors(layerIndex: number): Promise<LayerTensors> {
    return (await this.tensorsOf([layerIndex]))[0]!;
  }

  /** Every layer that has parameters, from one read of the weights and gradients (the Inside view's filters and histograms). */
  allLayerTensors(): Promise<LayerTensors[]> {
    return this.tensorsOf([...new Set(this.require().plan.layout.tensors.map((t) => t.layerIndex))]);
  }

  private async tensorsOf(layers: number[]): Promise<LayerTensors[]> {
    const { backend, plan } = this.require();
    const values = await backend.readParams();
    const grads = this.trainer!.step > 0 ? await backend.readGrads() : null;
    return layers.map((layerIndex) => ({
      layerIndex,
      tensors: plan.layout.tensors
        .filter((t) => t.layerIndex === layerIndex)
        .map((t) => {
          const source = t.role === 'state' ? values.state : values.params;
          return {
            name: t.name,
            shape: t.shape,
            values: source.slice(t.offset, t.offset + t.size),
            grads: grads && t.role !== 'state' ? grads.slice(t.offset, t.offset + t.size) : null,
          };
        }),
    }));
  }

  async gradientCheck(): Promise<GradCheckResult> {
    const { plan, backend } = this.require();
    const dataset = this.dataset!;
    // A small batch: a separate backend of batch 4 on the current weights.
    const values = await backend.readParams();
    const options: BackendOptions = { plan, batchSize: 4, optimizer: optimizerConfig({ kind: 'sgd' }), seed: this.settings.seed, initial: values };
    const checker = await this.sameEngine(backend, options);
    try {
      const size = dataset.height * dataset.width * dataset.channels;
      const norm = this.trainer!.norm;
      const x = new Float32Array(4 * size);
      for (let i = 0; i < x.length; i++) {
        const c = i % dataset.channels;
        // A fixed jitter of up to ±0.05 (normalised units) breaks the exact ties of real images (MNIST's flat
        // background gives equal conv outputs, so max pooling ties), where the loss has a kink and central
        // differences are not the gradient.
        const jitter = (((Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32) - 0.5) * 0.1;
        x[i] = (dataset.test.images[i]! - norm.mean[c]!) / norm.std[c]! + jitter;
      }
      const labels = Uint32Array.from(dataset.test.labels.subarray(0, 4));
      return await gradientCheck(checker, plan, values, { x, labels }, this.settings.seed);
    } finally {
      checker.destroy();
    }
  }

  /** A second backend on the engine `like` runs on (the gradient check's small batch). */
  private async sameEngine(like: Backend, options: BackendOptions): Promise<Backend> {
    if (like instanceof GpuBackend) {
      const device = await this.gpuDevice();
      if (device) return GpuBackend.create(device, options);
    }
    if (like instanceof WasmBackend && this.wasmHost) return WasmBackend.create(options, { host: this.wasmHost, threads: like.threads });
    return createCpuBackend(options);
  }

  /**
   * Moves the run to another engine (or thread count): the weights, optimizer state and step go over through a
   * checkpoint, so training goes on where it was. Without a built network it only changes the settings.
   */
  async setEngine(engine: EngineChoice, threads: number | undefined, onProgress?: (p: BuildProgress) => void): Promise<SessionInfo | null> {
    const next: TrainSettings = { ...this.settings, engine };
    delete next.threads;
    if (threads !== undefined) next.threads = threads;
    this.settings = next;
    if (!this.trainer) return null;
    await this.trainer.pause();
    return this.restore(await this.checkpoint(), onProgress);
  }

  /** Per-layer GPU time of one training step (the "where the time goes" chart); not while training runs. */
  async profile(): Promise<ProfileResult> {
    const { backend, trainer } = this.require();
    if (trainer.status === 'running') throw new Error("Pause training to profile a step: the profile runs each layer's kernels on their own.");
    if (!(backend instanceof GpuBackend)) throw new Error(`The profile measures GPU time, but this run is on ${backend.name === 'wasm' ? 'the WASM engine' : 'the CPU reference'}; pick the WebGPU engine in the settings to profile it.`);
    return profileStep(backend.profileTarget());
  }

  async saveModel(): Promise<Uint8Array> {
    const { backend, trainer } = this.require();
    const d = this.dataset!;
    return encodeModelFile(this.spec!, await backend.readParams(), {
      dataset: d.name,
      classes: d.classes,
      normalization: trainer.norm,
      // The run's settings too, so that the PyTorch export's training script reproduces them (runSteps: the run's length).
      training: {
        steps: trainer.step,
        seed: this.settings.seed,
        optimizer: this.settings.optimizer,
        schedule: this.settings.schedule,
        batchSize: this.settings.batchSize,
        epochs: this.settings.epochs,
        ...(this.settings.steps !== undefined && { runSteps: this.settings.steps }),
        validationSplit: this.settings.validationSplit,
        augment: this.settings.augment,
      },
    });
  }

  async loadModel(bytes: Uint8Array): Promise<SessionInfo> {
    const file = decodeModelFile(bytes);
    if (this.spec) assertSameArchitecture(file, this.spec);
    await this.trainer?.pause();
    return this.build(file.spec, this.settings, file.values);
  }

  /** A snapshot at a step boundary, taken without stopping a running loop. */
  async checkpoint(): Promise<Checkpoint> {
    const { trainer, backend } = this.require();
    return trainer.atStepBoundary(async (step) => ({
      model: await this.saveModel(),
      optimizer: { kind: this.settings.optimizer.kind, slots: await backend.readOptimizerState() },
      step,
    }));
  }

  /**
   * Goes on from a checkpoint of this network (built with the same settings): its weights, its optimizer state when
   * the optimizer is the same kind, and its step. On any error the current network stays as it was.
   */
  async restore(checkpoint: Checkpoint, onProgress?: (p: BuildProgress) => void): Promise<SessionInfo> {
    const file = decodeModelFile(checkpoint.model, 'the autosaved model');
    if (this.spec) assertSameArchitecture(file, this.spec);
    await this.trainer?.pause();
    await this.build(file.spec, this.settings, file.values, onProgress);
    const { trainer, backend } = this.require();
    if (checkpoint.optimizer.kind === this.settings.optimizer.kind) await backend.writeOptimizerState(checkpoint.optimizer.slots);
    trainer.resumeAt(Math.min(checkpoint.step, trainer.totalSteps));
    return this.info();
  }

  /** For fault-recovery tests: loses the GPU device the way a driver reset would. */
  simulateDeviceLoss(): void {
    this.device?.destroy();
  }

  destroy(): void {
    this.dropTrainer();
    const device = this.device;
    this.device = null;
    device?.destroy();
  }
}
