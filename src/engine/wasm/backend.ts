// The wasm backend: the Backend contract on WebAssembly SIMD kernels (wasm/kernels/, AssemblyScript), optionally on
// a pool of threads sharing one memory. Like the WebGPU backend it keeps everything in its own memory, allocated
// once: parameters, gradients, batchnorm state, optimizer slots, two backups, every activation of a batch, and the
// dataset as bytes, from which it gathers (and augments) each batch itself. A step copies nothing in or out but
// its metrics.

import { normalNoise, normalizationTerms } from '../../data/augment.ts';
import { checkTrainingMemory, WASM_MEMORY_BYTES } from '../../model/memory.ts';
import { optimizerStateSlots } from '../../model/optimizers.ts';
import type { OptimizerConfig } from '../../model/optimizers.ts';
import type { ParameterLayout, ParameterValues } from '../../model/parameters.ts';
import type { TrainingPlan } from '../../model/plan.ts';
import { optimizerCoefficients } from '../../model/reference/optimizers.ts';
import { BACKUP_EVERY, checkOptimizerSlots, type Backend, type BackendData, type BackendOptions, type EvalResult, type EvalSplit, type StepMetrics } from '../backend.ts';
import type { ForwardMode } from '../cpu/layers.ts';
import { WasmNetwork } from './network.ts';
import { gatherBatch, optimizerStep, type GatherSource } from './ops.ts';
import { WasmRuntime, type RuntimeOptions, type WasmHost } from './runtime.ts';
import { defaultThreadCount } from './threads.ts';

/** The default thread count on this host (its logical processors, capped). */
export function defaultThreads(host: WasmHost): number {
  return defaultThreadCount(host.hardwareThreads);
}

/** A single-image forward of at most this many multiply-adds runs on one thread (predict, activations). */
const SINGLE_IMAGE_ONE_THREAD_MACS = 8_000_000;

interface Split {
  source: GatherSource;
  count: number;
}

interface DataInWasm {
  train: GatherSource;
  validation: Split;
  test: Split;
  data: BackendData;
}

export interface WasmBackendOptions extends Partial<RuntimeOptions> {
  host: WasmHost;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  readonly layout: ParameterLayout;
  readonly batchSize: number;
  private readonly plan: TrainingPlan;
  private readonly optimizer: OptimizerConfig;
  private readonly seed: number;
  private readonly params: number;
  private readonly grads: number;
  private readonly state: number;
  private readonly slots: number[];
  private readonly backups: { params: number; state: number; step: number }[];
  private readonly net: WasmNetwork;
  /** One example's bytes, a one-entry order and a label, for predict and activations. */
  private readonly single: { pixels: number; order: number; label: number };
  private readonly dataMark: number;
  private data: DataInWasm | null = null;
  private order: Uint32Array = new Uint32Array(0);
  private orderAt = 0;

  private constructor(
    private readonly rt: WasmRuntime,
    options: BackendOptions,
  ) {
    if (!(Number.isInteger(options.batchSize) && options.batchSize > 0)) throw new Error(`wasm backend: batch size ${options.batchSize} must be a positive integer`);
    this.plan = options.plan;
    this.layout = options.plan.layout;
    this.batchSize = options.batchSize;
    this.optimizer = options.optimizer;
    this.seed = options.seed >>> 0;
    const { paramFloats, stateFloats } = this.layout;
    this.params = rt.allocF32(paramFloats);
    this.grads = rt.allocF32(paramFloats);
    this.state = rt.allocF32(stateFloats);
    this.slots = Array.from({ length: optimizerStateSlots(options.optimizer.kind) }, () => rt.allocF32(paramFloats));
    this.backups = [0, 1].map(() => ({ params: rt.allocF32(paramFloats), state: rt.allocF32(stateFloats), step: -1 }));
    this.net = new WasmNetwork(rt, this.plan, this.batchSize, { params: this.params, grads: this.grads, state: this.state });
    const [h, w, c] = this.plan.input;
    this.single = { pixels: rt.alloc(h * w * c), order: rt.alloc(4), label: rt.alloc(4) };
    this.dataMark = rt.mark();
    this.writeValues(options.initial);
  }

  static async create(options: BackendOptions, wasm: WasmBackendOptions): Promise<WasmBackend> {
    // The plan before the memory: a run that cannot fit is refused before the runtime allocates anything.
    checkTrainingMemory(options.plan, options.batchSize, options.optimizer.kind, { engine: 'the wasm engine', totalBytes: WASM_MEMORY_BYTES });
    const rt = await WasmRuntime.create(wasm.host, { threads: wasm.threads ?? defaultThreads(wasm.host), relaxed: wasm.relaxed });
    try {
      return new WasmBackend(rt, options);
    } catch (e) {
      rt.destroy();
      throw e;
    }
  }

  /** Threads the kernels run on. */
  get threads(): number {
    return this.rt.threads;
  }

  /** E.g. "WASM SIMD (relaxed FMA), 2 threads", with why it has fewer threads than asked when it does. */
  describe(): string {
    const simd = this.rt.variant.relaxed ? 'WASM SIMD (relaxed FMA)' : 'WASM SIMD';
    const threads = `${this.rt.threads} thread${this.rt.threads === 1 ? '' : 's'}`;
    return this.rt.note ? `${simd}, ${threads} (${this.rt.note})` : `${simd}, ${threads}`;
  }

  async setData(data: BackendData): Promise<void> {
    const [h, w, c] = this.plan.input;
    const size = h * w * c;
    for (const [name, set] of [['train', data.train], ['test', data.test]] as const) {
      if (set.images.length !== set.count * size || set.labels.length !== set.count) {
        throw new Error(`wasm backend: the ${name} set has ${set.images.length} pixels and ${set.labels.length} labels for ${set.count} examples of ${size} values`);
      }
    }
    const rt = this.rt;
    rt.reset(this.dataMark);
    this.data = null;
    const { mean, invStd } = normalizationTerms(data.norm, c);
    const meanAt = rt.allocF32(c);
    const invStdAt = rt.allocF32(c);
    const bytes = (a: Uint8Array) => {
      const at = rt.alloc(a.length);
      rt.heap.u8.set(a, at);
      return at;
    };
    const u32 = (a: Uint32Array) => {
      const at = rt.alloc(a.length * 4);
      rt.heap.u32.set(a, at >>> 2);
      return at;
    };
    const trainImages = bytes(data.train.images);
    const trainLabels = bytes(data.train.labels);
    const testImages = bytes(data.test.images);
    const testLabels = bytes(data.test.labels);
    const validation = u32(data.validation);
    const testOrder = u32(Uint32Array.from({ length: data.test.count }, (_, i) => i));
    this.orderAt = rt.alloc(Math.max(1, data.train.count) * 4);
    rt.heap.f32.set(mean, meanAt >>> 2);
    rt.heap.f32.set(invStd, invStdAt >>> 2);
    const shape = this.plan.input;
    const source = (images: number, labels: number, order: number, orderLength: number): GatherSource => ({ images, labels, order, orderLength, mean: meanAt, invStd: invStdAt, shape });
    this.data = {
      train: source(trainImages, trainLabels, this.orderAt, this.order.length),
      validation: { source: source(trainImages, trainLabels, validation, data.validation.length), count: data.validation.length },
      test: { source: source(testImages, testLabels, testOrder, data.test.count), count: data.test.count },
      data,
    };
    this.writeOrder();
  }

  setOrder(order: Uint32Array): void {
    this.order = order.slice();
    this.writeOrder();
  }

  private writeOrder(): void {
    if (!this.data) return;
    if (this.order.length > this.data.data.train.count) throw new Error(`wasm backend: an order of ${this.order.length} entries for ${this.data.data.train.count} training examples`);
    this.rt.heap.u32.set(this.order, this.orderAt >>> 2);
    this.data.train.orderLength = this.order.length;
  }

  async trainStep(offset: number, step: number, lr: number): Promise<StepMetrics> {
    const data = this.requireData();
    if (this.order.length === 0) throw new Error('wasm backend: setOrder before training');
    const augment = data.data.augment;
    gatherBatch(this.rt, data.train, { offset, rows: this.batchSize, shift: augment.shift, flip: augment.flip, seed: this.seed, step, training: true, x: this.net.input, y: this.net.labels });
    if (augment.noise > 0) this.addNoise(offset, step, augment.noise);
    if (step % BACKUP_EVERY === 0) {
      const backup = this.backups[(step / BACKUP_EVERY) % 2]!;
      this.copy(this.params, backup.params, this.layout.paramFloats);
      this.copy(this.state, backup.state, this.layout.stateFloats);
      backup.step = step;
    }
    const mode: ForwardMode = { training: true, step, seed: this.seed, updateRunning: true };
    this.net.forward(this.batchSize, mode);
    const { lossSum, correct } = this.net.loss(this.batchSize, true);
    this.net.backward(this.batchSize, mode, false);
    const count = this.layout.trainableFloats;
    if (count > 0) {
      const k = optimizerCoefficients(this.optimizer, step + 1, lr);
      optimizerStep(this.rt, this.optimizer.kind, k, { params: this.params, grads: this.grads, s0: this.slots[0] ?? 0, s1: this.slots[1] ?? 0 }, count);
    }
    return { step, loss: lossSum / this.batchSize, correct, rows: this.batchSize };
  }

  /** Gaussian noise on the gathered batch, element by element as gatherBatch in src/data/augment.ts. */
  private addNoise(offset: number, step: number, noise: number): void {
    const [H, W, C] = this.plan.input;
    const hw = H * W;
    const per = hw * C;
    const x = this.rt.f32(this.net.input, this.batchSize * per);
    const f = Math.fround;
    const amount = f(noise);
    for (let b = 0; b < this.batchSize; b++) {
      const slotBase = Math.imul((offset + b) >>> 0, per) >>> 0;
      for (let p = 0; p < hw; p++)
        for (let c = 0; c < C; c++) {
          const i = b * per + p * C + c;
          x[i] = f(x[i]! + f(amount * normalNoise(this.seed, step, (slotBase + c * hw + p) >>> 0)));
        }
    }
  }

  async flush(): Promise<void> {}

  async restoreBefore(badStep: number): Promise<number | null> {
    const good = this.backups.filter((b) => b.step >= 0 && b.step < badStep).sort((a, b) => b.step - a.step)[0];
    if (!good) return null;
    this.copy(good.params, this.params, this.layout.paramFloats);
    this.copy(good.state, this.state, this.layout.stateFloats);
    this.clearSlots();
    for (const b of this.backups) if (b.step >= badStep) b.step = -1;
    return good.step;
  }

  async evaluate(split: EvalSplit, perExample = false, limit = Infinity): Promise<EvalResult> {
    const data = this.requireData();
    const s = split === 'validation' ? data.validation : data.test;
    const count = Math.min(s.count, limit);
    const source = { ...s.source, orderLength: count };
    const classes = this.plan.classes;
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    const each = perExample ? { predicted: new Uint8Array(count), probs: new Float32Array(count * classes) } : undefined;
    let lossSum = 0;
    let correct = 0;
    const mode = this.evalMode();
    for (let start = 0; start < count; start += this.batchSize) {
      const rows = Math.min(this.batchSize, count - start);
      gatherBatch(this.rt, source, { offset: start, rows, shift: 0, flip: false, seed: this.seed, step: 0, training: false, x: this.net.input, y: this.net.labels });
      this.net.forward(rows, mode);
      const r = this.net.loss(rows, false);
      lossSum += r.lossSum;
      correct += r.correct;
      const { i32, u32 } = this.rt.heap;
      for (let n = 0; n < rows; n++) {
        const predicted = i32[(this.net.predicted >>> 2) + n]!;
        confusion[u32[(this.net.labels >>> 2) + n]!]![predicted]!++;
        if (each) each.predicted[start + n] = predicted;
      }
      each?.probs.set(this.rt.f32(this.net.probs, rows * classes), start * classes);
    }
    return { loss: count ? lossSum / count : NaN, accuracy: count ? correct / count : NaN, count, confusion, ...(each && { perExample: each }) };
  }

  /** Runs one image through the network in evaluation mode. */
  private runOne(pixels: Uint8Array): void {
    const [h, w, c] = this.plan.input;
    if (pixels.length !== h * w * c) throw new Error(`wasm backend: an image of ${this.plan.input.join('x')} has ${h * w * c} values, got ${pixels.length}`);
    const data = this.requireData();
    const heap = this.rt.heap;
    heap.u8.set(pixels, this.single.pixels);
    heap.u32[this.single.order >>> 2] = 0;
    heap.u8[this.single.label] = 0;
    const source: GatherSource = { ...data.train, images: this.single.pixels, labels: this.single.label, order: this.single.order, orderLength: 1 };
    // One image of a small network: waking helper threads for each layer costs more than splitting saves (bench B,
    // 2.8M multiply-adds: 0.30 ms on one thread, 0.39 ms on two, in Node).
    const threads = this.plan.analysis.totals.macs <= SINGLE_IMAGE_ONE_THREAD_MACS ? 1 : this.rt.threads;
    this.rt.onFewerThreads(threads, () => {
      gatherBatch(this.rt, source, { offset: 0, rows: 1, shift: 0, flip: false, seed: this.seed, step: 0, training: false, x: this.net.input, y: this.net.labels });
      this.net.forward(1, this.evalMode());
      this.net.loss(1, false);
    });
  }

  async predict(pixels: Uint8Array): Promise<Float32Array> {
    this.runOne(pixels);
    return this.rt.f32(this.net.probs, this.plan.classes).slice();
  }

  async activations(pixels: Uint8Array): Promise<Float32Array[]> {
    this.runOne(pixels);
    const probs = this.rt.f32(this.net.probs, this.plan.classes).slice();
    return this.plan.analysis.layers.map((layer, i) => {
      const run = this.net.runs[i];
      if (!run) return probs.slice();
      const [h, w, c] = layer.outputShape;
      return this.rt.f32(run.y, h * w * c).slice();
    });
  }

  async readParams(): Promise<ParameterValues> {
    return { params: this.rt.f32(this.params, this.layout.paramFloats).slice(), state: this.rt.f32(this.state, this.layout.stateFloats).slice() };
  }

  async writeParams(values: ParameterValues): Promise<void> {
    this.writeValues(values);
    this.clearSlots();
    for (const b of this.backups) b.step = -1;
  }

  async readGrads(): Promise<Float32Array> {
    return this.rt.f32(this.grads, this.layout.paramFloats).slice();
  }

  async readOptimizerState(): Promise<Float32Array[]> {
    return this.slots.map((s) => this.rt.f32(s, this.layout.paramFloats).slice());
  }

  async writeOptimizerState(slots: Float32Array[]): Promise<void> {
    checkOptimizerSlots(slots, this.slots.length, this.layout.paramFloats);
    slots.forEach((s, i) => this.rt.heap.f32.set(s, this.slots[i]! >>> 2));
  }

  async lossAndGradients(x: Float32Array, labels: Uint32Array, step: number): Promise<{ loss: number; grads: Float32Array; inputGrad: Float32Array }> {
    const [h, w, c] = this.plan.input;
    const size = h * w * c;
    if (x.length !== this.batchSize * size || labels.length !== this.batchSize) {
      throw new Error(`wasm backend: lossAndGradients takes exactly ${this.batchSize} examples (${x.length / size} inputs, ${labels.length} labels given)`);
    }
    const heap = this.rt.heap;
    heap.f32.set(x, this.net.input >>> 2);
    heap.u32.set(labels, this.net.labels >>> 2);
    for (const l of labels) if (!(l < this.plan.classes)) throw new Error(`wasm backend: label ${l} out of range`);
    heap.f32.fill(0, this.grads >>> 2, (this.grads >>> 2) + this.layout.paramFloats);
    const mode: ForwardMode = { training: true, step, seed: this.seed, updateRunning: false };
    this.net.forward(this.batchSize, mode);
    const { lossSum } = this.net.loss(this.batchSize, true);
    const dx = this.net.backward(this.batchSize, mode, true);
    return { loss: lossSum / this.batchSize, grads: this.rt.f32(this.grads, this.layout.paramFloats).slice(), inputGrad: this.rt.f32(dx, x.length).slice() };
  }

  destroy(): void {
    this.rt.destroy();
  }

  private evalMode(): ForwardMode {
    return { training: false, step: 0, seed: this.seed, updateRunning: false };
  }

  private requireData(): DataInWasm {
    if (!this.data) throw new Error('wasm backend: setData before training or evaluating');
    return this.data;
  }

  private copy(from: number, to: number, floats: number): void {
    this.rt.heap.f32.copyWithin(to >>> 2, from >>> 2, (from >>> 2) + floats);
  }

  private clearSlots(): void {
    for (const s of this.slots) this.rt.heap.f32.fill(0, s >>> 2, (s >>> 2) + this.layout.paramFloats);
  }

  private writeValues(values: ParameterValues): void {
    if (values.params.length !== this.layout.paramFloats || values.state.length !== this.layout.stateFloats) {
      throw new Error(`wasm backend: parameters have ${values.params.length} + ${values.state.length} floats; the network needs ${this.layout.paramFloats} + ${this.layout.stateFloats}`);
    }
    this.rt.heap.f32.set(values.params, this.params >>> 2);
    this.rt.heap.f32.set(values.state, this.state >>> 2);
  }
}
