// The WebGPU backend: flat parameter/gradient/state/optimizer buffers, the dataset resident on the GPU as bytes,
// a training graph (batch B) and an inference graph (batch 1), one command encoder and one compute pass per step,
// and a ring of staging buffers through which each step's metrics come back a step or two late.

import { gatherBatch, NO_AUGMENT, type Normalization } from '../../data/augment.ts';
import { checkTrainingMemory, gpuBudget } from '../../model/memory.ts';
import { optimizerStateSlots } from '../../model/optimizers.ts';
import type { ParameterLayout, ParameterValues } from '../../model/parameters.ts';
import { BACKUP_EVERY, checkOptimizerSlots, type Backend, type BackendData, type BackendOptions, type EvalResult, type EvalSplit, type StepMetrics } from '../backend.ts';
import { prepareEvalAccumulate, type EvalAccumulateDispatch } from '../kernels/evalAccumulate.ts';
import { packBytes, prepareGatherBatch, type GatherDispatch } from '../kernels/gatherBatch.ts';
import { prepareOptimizer, type OptimizerDispatch } from '../kernels/optimizer.ts';
import { pipelineCacheFor, type PipelineCache } from '../pipelines.ts';
import { readBuffers } from './readback.ts';
import type { ProfilePart, ProfileTarget } from '../profile.ts';
import { Graph, storageBuffer } from './graph.ts';

/** Steps whose metrics may be in flight at once (the trainer keeps fewer pending, so a slot is always free). */
const RING = 4;

interface RingSlot {
  staging: GPUBuffer;
  pending: Promise<StepMetrics> | null;
}

interface DataOnGpu {
  images: GPUBuffer;
  labels: GPUBuffer;
  testImages: GPUBuffer;
  testLabels: GPUBuffer;
  order: GPUBuffer;
  validation: GPUBuffer;
  train: GatherDispatch;
  val: GatherDispatch;
  test: GatherDispatch;
  validationCount: number;
  testCount: number;
  norm: Normalization;
}

export class GpuBackend implements Backend {
  readonly name = 'webgpu' as const;
  readonly layout: ParameterLayout;
  readonly batchSize: number;
  private readonly device: GPUDevice;
  private readonly params: GPUBuffer;
  private readonly grads: GPUBuffer;
  private readonly state: GPUBuffer;
  private readonly optimizerState: GPUBuffer[];
  private readonly backups: { params: GPUBuffer; state: GPUBuffer; step: number }[];
  private readonly ring: RingSlot[];
  private next = 0;
  private data: DataOnGpu | null = null;
  private train!: Graph;
  private single!: Graph;
  private optimizer!: OptimizerDispatch;
  private evalTotals!: GPUBuffer;
  private confusion!: GPUBuffer;
  private accumulate!: EvalAccumulateDispatch;
  private readonly owned: GPUBuffer[] = [];

  private constructor(
    private readonly cache: PipelineCache,
    private readonly options: BackendOptions,
  ) {
    this.device = cache.device;
    this.layout = options.plan.layout;
    this.batchSize = options.batchSize;
    const { paramFloats, stateFloats } = this.layout;
    this.params = this.buffer(paramFloats * 4, 'params');
    this.grads = this.buffer(paramFloats * 4, 'grads');
    this.state = this.buffer(stateFloats * 4, 'state');
    this.optimizerState = Array.from({ length: optimizerStateSlots(options.optimizer.kind) }, (_, i) => this.buffer(paramFloats * 4, `optimizer state ${i}`));
    this.backups = [0, 1].map((i) => ({ params: this.buffer(paramFloats * 4, `backup ${i}`), state: this.buffer(stateFloats * 4, `state backup ${i}`), step: -1 }));
    this.ring = Array.from({ length: RING }, (_, i) => ({
      staging: this.device.createBuffer({ label: `metrics staging ${i}`, size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
      pending: null,
    }));
  }

  static async create(device: GPUDevice, options: BackendOptions): Promise<GpuBackend> {
    checkTrainingMemory(options.plan, options.batchSize, options.optimizer.kind, gpuBudget(device.limits));
    const backend = new GpuBackend(pipelineCacheFor(device), options);
    await backend.prepare();
    return backend;
  }

  private buffer(bytes: number, label: string): GPUBuffer {
    const b = storageBuffer(this.device, bytes, label);
    this.owned.push(b);
    return b;
  }

  private async prepare(): Promise<void> {
    const { plan, seed, optimizer, initial, onBuild } = this.options;
    const shared = { params: this.params, state: this.state, layout: this.layout, seed };
    // Progress: the training graph's layers take most of the build (compiling, and timing conv tile variants); the
    // batch-1 graph reuses their pipelines.
    let at = { detail: '', fraction: 0 };
    const layerReport = (share: number, from: number) => (i: number, count: number, type: string) => {
      at = { detail: `layer ${i + 1} of ${count} (${type})`, fraction: from + (share * i) / count };
      onBuild?.({ phase: 'kernels', ...at });
    };
    this.cache.onTuning = onBuild ? () => onBuild({ phase: 'tuning', ...at }) : null;
    try {
      this.train = await Graph.build(this.cache, plan, this.batchSize, { ...shared, grads: this.grads, onLayer: layerReport(0.8, 0.05) });
      this.single = await Graph.build(this.cache, plan, 1, { ...shared, grads: null, onLayer: layerReport(0.05, 0.85) });
    } finally {
      this.cache.onTuning = null;
    }
    this.optimizer = await prepareOptimizer(this.cache, {
      config: optimizer,
      count: Math.max(1, this.layout.trainableFloats),
      params: this.params,
      grads: this.grads,
      state: this.optimizerState,
    });
    this.evalTotals = this.buffer(16, 'eval totals');
    this.confusion = this.buffer(plan.classes * plan.classes * 4, 'confusion');
    this.accumulate = await prepareEvalAccumulate(this.cache, {
      rows: this.batchSize,
      classes: plan.classes,
      predictions: this.train.predictions,
      labels: this.train.labels,
      metrics: this.train.metrics,
      totals: this.evalTotals,
      confusion: this.confusion,
    });
    await this.writeParams(initial);
  }

  async setData(data: BackendData): Promise<void> {
    const [h, w, c] = this.options.plan.input;
    const upload = (bytes: ArrayBufferView, label: string) => {
      const b = storageBuffer(this.device, bytes.byteLength, label);
      this.device.queue.writeBuffer(b, 0, bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return b;
    };
    const maxBinding = this.device.limits.maxStorageBufferBindingSize;
    if (data.train.images.byteLength > maxBinding) {
      throw new Error(
        `The training set is ${(data.train.images.byteLength / 2 ** 20).toFixed(1)} MiB but this GPU binds at most ${(maxBinding / 2 ** 20).toFixed(0)} MiB per buffer; use fewer training examples.`,
      );
    }
    this.releaseData();
    const images = upload(packBytes(data.train.images), 'train images');
    const labels = upload(Uint32Array.from(data.train.labels), 'train labels');
    const testImages = upload(packBytes(data.test.images), 'test images');
    const testLabels = upload(Uint32Array.from(data.test.labels), 'test labels');
    const order = storageBuffer(this.device, Math.max(1, data.train.count) * 4, 'epoch order');
    const validation = upload(data.validation.length > 0 ? data.validation : new Uint32Array(1), 'validation indices');
    const testOrder = upload(Uint32Array.from({ length: data.test.count }, (_, i) => i), 'test order');
    const graph = this.train;
    const gather = (imagesBuf: GPUBuffer, labelsBuf: GPUBuffer, count: number, orderBuf: GPUBuffer, orderLength: number) =>
      prepareGatherBatch(this.cache, {
        batch: this.batchSize,
        shape: [h, w, c],
        count,
        images: imagesBuf,
        labels: labelsBuf,
        order: orderBuf,
        orderLength: Math.max(1, orderLength),
        norm: data.norm,
        augment: data.augment,
        seed: this.options.seed,
        x: graph.input,
        y: graph.labels,
      });
    this.data = {
      images,
      labels,
      testImages,
      testLabels,
      order,
      validation,
      train: await gather(images, labels, data.train.count, order, data.train.count - data.validation.length),
      val: await gather(images, labels, data.train.count, validation, data.validation.length),
      test: await gather(testImages, testLabels, data.test.count, testOrder, data.test.count),
      validationCount: data.validation.length,
      testCount: data.test.count,
      norm: data.norm,
    };
    this.owned.push(testOrder);
  }

  private releaseData(): void {
    if (!this.data) return;
    const d = this.data;
    for (const b of [d.images, d.labels, d.testImages, d.testLabels, d.order, d.validation]) b.destroy();
    for (const g of [d.train, d.val, d.test]) g.destroy();
    this.data = null;
  }

  private requireData(): DataOnGpu {
    if (!this.data) throw new Error('No dataset attached: call setData() before training or evaluating.');
    return this.data;
  }

  setOrder(order: Uint32Array): void {
    const d = this.requireData();
    this.device.queue.writeBuffer(d.order, 0, order.buffer, order.byteOffset, order.byteLength);
  }

  trainStep(offset: number, step: number, lr: number): Promise<StepMetrics> {
    const slot = this.ring[this.next % RING]!;
    this.next++;
    const run = () => this.encodeStep(slot, offset, step, lr);
    // Normally the slot is free and the step is queued at once; otherwise it waits for the slot's last readback.
    slot.pending = slot.pending ? slot.pending.then(run, run) : run();
    return slot.pending;
  }

  private encodeStep(slot: RingSlot, offset: number, step: number, lr: number): Promise<StepMetrics> {
    const d = this.requireData();
    d.train.setBatch(offset, step, true);
    this.train.setStep(step, true);
    this.optimizer.setStep(step + 1, lr);
    const encoder = this.device.createCommandEncoder({ label: `step ${step}` });
    if (step % BACKUP_EVERY === 0) {
      const backup = this.backups[(step / BACKUP_EVERY) % 2]!;
      encoder.copyBufferToBuffer(this.params, 0, backup.params, 0, this.params.size);
      encoder.copyBufferToBuffer(this.state, 0, backup.state, 0, this.state.size);
      backup.step = step;
    }
    const pass = encoder.beginComputePass({ label: `step ${step}` });
    d.train.encode(pass);
    this.train.encodeForward(pass, true);
    this.train.encodeBackward(pass);
    if (this.layout.trainableFloats > 0) this.optimizer.encode(pass);
    pass.end();
    encoder.copyBufferToBuffer(this.train.metrics, 0, slot.staging, 0, 16);
    this.device.queue.submit([encoder.finish()]);
    return slot.staging.mapAsync(GPUMapMode.READ).then(() => {
      const m = new Float32Array(slot.staging.getMappedRange().slice(0));
      slot.staging.unmap();
      return { step, loss: m[0]! / Math.max(1, m[2]!), correct: m[1]!, rows: m[2]! };
    });
  }

  async flush(): Promise<void> {
    await Promise.allSettled(this.ring.map((s) => s.pending));
    await this.device.queue.onSubmittedWorkDone();
  }

  /**
   * Puts back the newest parameter copy taken before `badStep` (its loss was not finite) and clears the optimizer
   * state; returns the step the copy was taken at, or null when there is none.
   */
  async restoreBefore(badStep: number): Promise<number | null> {
    await this.flush();
    const good = this.backups.filter((b) => b.step >= 0 && b.step < badStep).sort((a, b) => b.step - a.step)[0];
    if (!good) return null;
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(good.params, 0, this.params, 0, this.params.size);
    encoder.copyBufferToBuffer(good.state, 0, this.state, 0, this.state.size);
    for (const s of this.optimizerState) encoder.clearBuffer(s);
    this.device.queue.submit([encoder.finish()]);
    for (const b of this.backups) if (b.step >= badStep) b.step = -1;
    return good.step;
  }

  async evaluate(split: EvalSplit, perExample = false, limit = Infinity): Promise<EvalResult> {
    const d = this.requireData();
    await this.flush();
    const count = Math.min(limit, split === 'test' ? d.testCount : d.validationCount);
    const gather = split === 'test' ? d.test : d.val;
    const classes = this.options.plan.classes;
    // Per-example results: each batch's probabilities and predictions copied out after its pass.
    const collect = perExample && count > 0 ? { probs: storageBuffer(this.device, count * classes * 4, 'eval probs'), predicted: storageBuffer(this.device, count * 4, 'eval predictions') } : null;
    const clear = this.device.createCommandEncoder();
    clear.clearBuffer(this.evalTotals);
    clear.clearBuffer(this.confusion);
    this.device.queue.submit([clear.finish()]);
    this.train.setStep(0, false);
    for (let offset = 0; offset < count; offset += this.batchSize) {
      const rows = Math.min(this.batchSize, count - offset);
      gather.setBatch(offset, 0, false);
      this.train.loss!.setActiveRows(rows);
      this.accumulate.setActiveRows(rows);
      const encoder = this.device.createCommandEncoder({ label: `evaluate ${split}` });
      const pass = encoder.beginComputePass();
      gather.encode(pass);
      this.train.encodeForward(pass, false);
      this.accumulate.encode(pass);
      pass.end();
      if (collect) {
        encoder.copyBufferToBuffer(this.train.probs, 0, collect.probs, offset * classes * 4, rows * classes * 4);
        encoder.copyBufferToBuffer(this.train.predictions, 0, collect.predicted, offset * 4, rows * 4);
      }
      this.device.queue.submit([encoder.finish()]);
    }
    this.train.loss!.setActiveRows(this.batchSize);
    this.accumulate.setActiveRows(this.batchSize);
    const [totals, confusion] = await this.readBuffers([
      [this.evalTotals, 16],
      [this.confusion, classes * classes * 4],
    ]);
    const t = new Float32Array(totals!);
    const c = new Uint32Array(confusion!);
    const matrix = Array.from({ length: classes }, (_, i) => Array.from(c.subarray(i * classes, (i + 1) * classes)));
    const result: EvalResult = { loss: count > 0 ? t[0]! / count : NaN, accuracy: count > 0 ? t[1]! / count : NaN, count, confusion: matrix };
    if (collect) {
      const [probs, predicted] = await this.readBuffers([
        [collect.probs, count * classes * 4],
        [collect.predicted, count * 4],
      ]);
      collect.probs.destroy();
      collect.predicted.destroy();
      result.perExample = { probs: new Float32Array(probs!), predicted: Uint8Array.from(new Uint32Array(predicted!)) };
    } else if (perExample) result.perExample = { probs: new Float32Array(0), predicted: new Uint8Array(0) };
    return result;
  }

  /** Copies buffers (or their first `bytes`) into one staging buffer and maps it once. */
  private readBuffers(parts: [GPUBuffer, number][]): Promise<ArrayBuffer[]> {
    return readBuffers(this.device, parts);
  }

  private normalise(pixels: Uint8Array): Float32Array {
    const d = this.requireData();
    const shape = this.options.plan.input;
    const expected = shape[0] * shape[1] * shape[2];
    if (pixels.length !== expected) throw new Error(`predict: expected ${expected} pixels (${shape.join('x')}), got ${pixels.length}`);
    return gatherBatch({ images: pixels, labels: [0], shape, order: [0], offset: 0, batch: 1, norm: d.norm, augment: NO_AUGMENT, seed: 0, step: 0, training: false }).x;
  }

  private async runSingle(pixels: Uint8Array, extra: (graph: Graph) => [GPUBuffer, number][]): Promise<ArrayBuffer[]> {
    const x = this.normalise(pixels);
    await this.flush();
    this.device.queue.writeBuffer(this.single.input, 0, x.buffer, x.byteOffset, x.byteLength);
    this.single.setStep(0, false);
    const encoder = this.device.createCommandEncoder({ label: 'predict' });
    const pass = encoder.beginComputePass();
    this.single.encodeForward(pass, false);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    return this.readBuffers(extra(this.single));
  }

  async predict(pixels: Uint8Array): Promise<Float32Array> {
    const [probs] = await this.runSingle(pixels, (g) => [[g.probs, this.options.plan.classes * 4]]);
    return new Float32Array(probs!);
  }

  async activations(pixels: Uint8Array): Promise<Float32Array[]> {
    const { plan } = this.options;
    const parts = await this.runSingle(pixels, (g) => [
      ...plan.ops.map((l, i): [GPUBuffer, number] => [g.outputs[i]!, l.outputShape[0] * l.outputShape[1] * l.outputShape[2] * 4]),
      [g.probs, plan.classes * 4],
    ]);
    const out = parts.slice(0, plan.ops.length).map((b) => new Float32Array(b));
    if (plan.fusedSoftmax) out.push(new Float32Array(parts[parts.length - 1]!));
    return out;
  }

  async readParams(): Promise<ParameterValues> {
    await this.flush();
    const [params, state] = await this.readBuffers([
      [this.params, this.layout.paramFloats * 4],
      [this.state, this.layout.stateFloats * 4],
    ]);
    return { params: new Float32Array(params!), state: new Float32Array(state!) };
  }

  async writeParams(values: ParameterValues): Promise<void> {
    const { paramFloats, stateFloats } = this.layout;
    if (values.params.length !== paramFloats || values.state.length !== stateFloats) {
      throw new Error(`writeParams: expected ${paramFloats} parameter and ${stateFloats} state values, got ${values.params.length} and ${values.state.length}`);
    }
    await this.flush();
    this.device.queue.writeBuffer(this.params, 0, values.params.buffer, values.params.byteOffset, values.params.byteLength);
    this.device.queue.writeBuffer(this.state, 0, values.state.buffer, values.state.byteOffset, values.state.byteLength);
    const encoder = this.device.createCommandEncoder();
    for (const s of this.optimizerState) encoder.clearBuffer(s);
    this.device.queue.submit([encoder.finish()]);
    for (const b of this.backups) b.step = -1;
  }

  async readOptimizerState(): Promise<Float32Array[]> {
    await this.flush();
    const bytes = this.layout.paramFloats * 4;
    const parts = await this.readBuffers(this.optimizerState.map((b): [GPUBuffer, number] => [b, bytes]));
    return parts.map((p) => new Float32Array(p));
  }

  async writeOptimizerState(slots: Float32Array[]): Promise<void> {
    checkOptimizerSlots(slots, this.optimizerState.length, this.layout.paramFloats);
    await this.flush();
    slots.forEach((s, i) => this.device.queue.writeBuffer(this.optimizerState[i]!, 0, s.buffer, s.byteOffset, s.byteLength));
  }

  async readGrads(): Promise<Float32Array> {
    await this.flush();
    const [grads] = await this.readBuffers([[this.grads, this.layout.paramFloats * 4]]);
    return new Float32Array(grads!);
  }

  /** The training step split into separately timed parts, for src/engine/profile.ts (profileStep). */
  profileTarget(): ProfileTarget {
    return {
      device: this.device,
      batchSize: this.batchSize,
      parts: () => {
        const input: ProfilePart[] = this.data ? [{ layerIndex: null, type: 'input', phase: 'input', dispatches: [this.data.train] }] : [];
        const update: ProfilePart[] = this.layout.trainableFloats > 0 ? [{ layerIndex: null, type: 'optimizer', phase: 'optimizer', dispatches: [this.optimizer] }] : [];
        return [...input, ...this.train.profileParts(), ...update];
      },
      preserve: async () => {
        // Profiling reruns the optimizer and batch-norm updates: every buffer they touch is copied aside and put back.
        await this.flush();
        const kept = [this.params, this.grads, this.state, ...this.optimizerState];
        const copies = kept.map((b) => storageBuffer(this.device, b.size, `profile copy of ${b.label}`));
        const copy = (from: GPUBuffer[], to: GPUBuffer[]) => {
          const encoder = this.device.createCommandEncoder({ label: 'profile save/restore' });
          from.forEach((b, i) => encoder.copyBufferToBuffer(b, 0, to[i]!, 0, b.size));
          this.device.queue.submit([encoder.finish()]);
        };
        copy(kept, copies);
        return async () => {
          copy(copies, kept);
          await this.device.queue.onSubmittedWorkDone();
          for (const c of copies) c.destroy();
        };
      },
    };
  }

  private checkGraph: Graph | null = null;

  async lossAndGradients(x: Float32Array, labels: Uint32Array, step: number): Promise<{ loss: number; grads: Float32Array; inputGrad: Float32Array }> {
    const [h, w, c] = this.options.plan.input;
    const inputFloats = this.batchSize * h * w * c;
    if (x.length !== inputFloats || labels.length !== this.batchSize) {
      throw new Error(`lossAndGradients: expected ${this.batchSize} examples (${inputFloats} values), got ${x.length} values and ${labels.length} labels`);
    }
    await this.flush();
    // A one-off graph that also computes the input gradient (training graphs skip the first layer's dx).
    this.checkGraph ??= await Graph.build(this.cache, this.options.plan, this.batchSize, {
      params: this.params,
      grads: this.grads,
      state: this.state,
      layout: this.layout,
      seed: this.options.seed,
      inputGrad: true,
    });
    const graph = this.checkGraph;
    this.device.queue.writeBuffer(graph.input, 0, x.buffer, x.byteOffset, x.byteLength);
    this.device.queue.writeBuffer(graph.labels, 0, labels.buffer, labels.byteOffset, labels.byteLength);
    // Batch statistics without touching the running ones: the state buffer is saved and restored around the pass.
    const saved = storageBuffer(this.device, this.state.size, 'state copy');
    graph.setStep(step, true);
    const encoder = this.device.createCommandEncoder({ label: 'loss and gradients' });
    encoder.clearBuffer(this.grads);
    encoder.copyBufferToBuffer(this.state, 0, saved, 0, this.state.size);
    const pass = encoder.beginComputePass();
    graph.encodeForward(pass, true);
    graph.encodeBackward(pass);
    pass.end();
    encoder.copyBufferToBuffer(saved, 0, this.state, 0, this.state.size);
    this.device.queue.submit([encoder.finish()]);
    const [metrics, grads, inputGrad] = await this.readBuffers([
      [graph.metrics, 16],
      [this.grads, this.layout.paramFloats * 4],
      [graph.inputGrad!, inputFloats * 4],
    ]);
    saved.destroy();
    const m = new Float32Array(metrics!);
    return { loss: m[0]! / Math.max(1, m[2]!), grads: new Float32Array(grads!), inputGrad: new Float32Array(inputGrad!) };
  }

  destroy(): void {
    this.releaseData();
    this.train?.destroy();
    this.single?.destroy();
    this.checkGraph?.destroy();
    this.optimizer?.destroy();
    this.accumulate?.destroy();
    for (const b of this.owned) b.destroy();
    for (const s of this.ring) s.staging.destroy();
  }
}
