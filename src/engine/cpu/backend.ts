// The CPU backend: the Backend contract on the readable reference ops in float32, as the GPU computes. It is the
// oracle for a whole training step in tests and the fallback when WebGPU is missing (slow: clarity over speed).

import { gatherBatch } from '../../data/augment.ts';
import { checkTrainingMemory, CPU_MEMORY_BYTES } from '../../model/memory.ts';
import type { OptimizerConfig } from '../../model/optimizers.ts';
import type { ParameterLayout, ParameterValues } from '../../model/parameters.ts';
import type { TrainingPlan } from '../../model/plan.ts';
import { optimizerStateSlots, optimizerStep } from '../../model/reference/optimizers.ts';
import { softmaxCrossEntropy } from '../../model/reference/index.ts';
import { BACKUP_EVERY, checkOptimizerSlots, type Backend, type BackendData, type BackendOptions, type EvalResult, type EvalSplit, type StepMetrics } from '../backend.ts';
import { countCorrect, forwardNetwork, lossAndGradients, type ForwardMode } from './network.ts';


interface Backup {
  params: Float32Array;
  state: Float32Array;
  /** The step before which the copy was taken (its values are those after steps < it); -1 when empty. */
  step: number;
}

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly layout: ParameterLayout;
  readonly batchSize: number;
  private readonly plan: TrainingPlan;
  private readonly optimizer: OptimizerConfig;
  private readonly seed: number;
  private params: Float32Array;
  private state: Float32Array;
  /** One array of layout.paramFloats per optimizer slot (momentum, Adam's moments, ...). */
  private readonly optimizerState: Float32Array[];
  private grads: Float32Array;
  private readonly backups: Backup[];
  private data: BackendData | null = null;
  private order: Uint32Array = new Uint32Array(0);

  constructor(options: BackendOptions) {
    if (!(Number.isInteger(options.batchSize) && options.batchSize > 0)) throw new Error(`cpu backend: batch size ${options.batchSize} must be a positive integer`);
    this.plan = options.plan;
    this.layout = options.plan.layout;
    this.batchSize = options.batchSize;
    this.optimizer = options.optimizer;
    this.seed = options.seed >>> 0;
    this.checkValues(options.initial);
    this.params = options.initial.params.slice();
    this.state = options.initial.state.slice();
    this.optimizerState = Array.from({ length: optimizerStateSlots(options.optimizer.kind) }, () => new Float32Array(this.layout.paramFloats));
    this.grads = new Float32Array(this.layout.paramFloats);
    this.backups = [0, 1].map(() => ({ params: new Float32Array(this.layout.paramFloats), state: new Float32Array(this.layout.stateFloats), step: -1 }));
  }

  async setData(data: BackendData): Promise<void> {
    const size = this.exampleSize();
    for (const [name, set] of [['train', data.train], ['test', data.test]] as const) {
      if (set.images.length !== set.count * size || set.labels.length !== set.count) {
        throw new Error(`cpu backend: the ${name} set has ${set.images.length} pixels and ${set.labels.length} labels for ${set.count} examples of ${size} values`);
      }
    }
    this.data = data;
  }

  setOrder(order: Uint32Array): void {
    this.order = order.slice();
  }

  async trainStep(offset: number, step: number, lr: number): Promise<StepMetrics> {
    const data = this.requireData();
    if (this.order.length === 0) throw new Error('cpu backend: setOrder before training');
    const { x, y } = gatherBatch({
      images: data.train.images,
      labels: data.train.labels,
      shape: this.plan.input,
      order: this.order,
      offset,
      batch: this.batchSize,
      norm: data.norm,
      augment: data.augment,
      seed: this.seed,
      step,
      training: true,
    });
    if (step % BACKUP_EVERY === 0) {
      const backup = this.backups[(step / BACKUP_EVERY) % 2]!;
      backup.params.set(this.params);
      backup.state.set(this.state);
      backup.step = step;
    }
    const mode: ForwardMode = { training: true, step, seed: this.seed, updateRunning: true };
    const r = lossAndGradients(this.plan, this.params, this.state, x, y, this.batchSize, mode);
    optimizerStep(this.optimizer, this.params, r.grads, this.optimizerState, step + 1, lr, this.layout.trainableFloats);
    this.grads = r.grads;
    return { step, loss: r.loss, correct: r.correct, rows: this.batchSize };
  }

  async flush(): Promise<void> {}

  /**
   * Puts back the newest copy taken before `badStep` and clears the optimizer state. Unlike the GPU (parameters
   * only) the copy includes batchnorm's running statistics, which a diverged step may have filled with NaN.
   */
  async restoreBefore(badStep: number): Promise<number | null> {
    const good = this.backups.filter((b) => b.step >= 0 && b.step < badStep).sort((a, b) => b.step - a.step)[0];
    if (!good) return null;
    this.params.set(good.params);
    this.state.set(good.state);
    for (const slot of this.optimizerState) slot.fill(0);
    for (const b of this.backups) if (b.step >= badStep) b.step = -1;
    return good.step;
  }

  async evaluate(split: EvalSplit, perExample = false, limit = Infinity): Promise<EvalResult> {
    const data = this.requireData();
    const set = split === 'validation' ? data.train : data.test;
    const all = split === 'validation' ? data.validation : Uint32Array.from({ length: data.test.count }, (_, i) => i);
    const indices = all.length > limit ? all.subarray(0, limit) : all;
    const classes = this.plan.classes;
    const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    let lossSum = 0;
    let correct = 0;
    const each = perExample ? { predicted: new Uint8Array(indices.length), probs: new Float32Array(indices.length * classes) } : undefined;
    for (let start = 0; start < indices.length; start += this.batchSize) {
      // The last batch may be partial: the CPU runs any batch size, and evaluation (running statistics, no dropout)
      // makes each example's result independent of the others in its batch.
      const rows = Math.min(this.batchSize, indices.length - start);
      const { x, y } = this.normalise(set.images, set.labels, indices, start, rows);
      const f = forwardNetwork(this.plan, this.params, this.state, x, rows, this.evalMode());
      const logits = f.outputs[f.outputs.length - 1] ?? x;
      lossSum += softmaxCrossEntropy(logits, y, classes).loss * rows;
      correct += countCorrect(f.probs, y, classes);
      for (let n = 0; n < rows; n++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (f.probs[n * classes + c]! > f.probs[n * classes + best]!) best = c;
        confusion[y[n]!]![best]!++;
        if (each) each.predicted[start + n] = best;
      }
      each?.probs.set(f.probs.subarray(0, rows * classes), start * classes);
    }
    const count = indices.length;
    // No examples: NaN (as the GPU backend), not a made-up 0.
    return { loss: count ? lossSum / count : NaN, accuracy: count ? correct / count : NaN, count, confusion, ...(each && { perExample: each }) };
  }

  async predict(pixels: Uint8Array): Promise<Float32Array> {
    const x = this.normaliseOne(pixels);
    return forwardNetwork(this.plan, this.params, this.state, x, 1, this.evalMode()).probs;
  }

  async activations(pixels: Uint8Array): Promise<Float32Array[]> {
    const x = this.normaliseOne(pixels);
    const f = forwardNetwork(this.plan, this.params, this.state, x, 1, this.evalMode());
    // One copy per spec layer (flatten shares its input's array; copies keep the results independent and transferable).
    return this.plan.analysis.layers.map((_, i) => (f.outputs[i] ?? f.probs).slice());
  }

  async readParams(): Promise<ParameterValues> {
    return { params: this.params.slice(), state: this.state.slice() };
  }

  async writeParams(values: ParameterValues): Promise<void> {
    this.checkValues(values);
    this.params = values.params.slice();
    this.state = values.state.slice();
    for (const slot of this.optimizerState) slot.fill(0);
    for (const b of this.backups) b.step = -1;
  }

  async readGrads(): Promise<Float32Array> {
    return this.grads.slice();
  }

  async readOptimizerState(): Promise<Float32Array[]> {
    return this.optimizerState.map((s) => s.slice());
  }

  async writeOptimizerState(slots: Float32Array[]): Promise<void> {
    checkOptimizerSlots(slots, this.optimizerState.length, this.layout.paramFloats);
    slots.forEach((s, i) => this.optimizerState[i]!.set(s));
  }

  async lossAndGradients(x: Float32Array, labels: Uint32Array, step: number): Promise<{ loss: number; grads: Float32Array; inputGrad: Float32Array }> {
    if (x.length !== this.batchSize * this.exampleSize() || labels.length !== this.batchSize) {
      throw new Error(`cpu backend: lossAndGradients takes exactly ${this.batchSize} examples (${x.length / this.exampleSize()} inputs, ${labels.length} labels given)`);
    }
    const mode: ForwardMode = { training: true, step, seed: this.seed, updateRunning: false };
    const r = lossAndGradients(this.plan, this.params, this.state, x, labels, this.batchSize, mode);
    return { loss: r.loss, grads: r.grads, inputGrad: r.inputGrad };
  }

  destroy(): void {}

  private evalMode(): ForwardMode {
    return { training: false, step: 0, seed: this.seed, updateRunning: false };
  }

  private exampleSize(): number {
    const [h, w, c] = this.plan.input;
    return h * w * c;
  }

  private requireData(): BackendData {
    if (!this.data) throw new Error('cpu backend: setData before training or evaluating');
    return this.data;
  }

  /** Rows order[start .. start + rows) normalised as for evaluation (no augmentation). */
  private normalise(images: Uint8Array, labels: Uint8Array, order: Uint32Array, start: number, rows: number): { x: Float32Array; y: Uint32Array } {
    const data = this.requireData();
    return gatherBatch({ images, labels, shape: this.plan.input, order, offset: start, batch: rows, norm: data.norm, augment: data.augment, seed: this.seed, step: 0, training: false });
  }

  private normaliseOne(pixels: Uint8Array): Float32Array {
    if (pixels.length !== this.exampleSize()) throw new Error(`cpu backend: an image of ${this.plan.input.join('x')} has ${this.exampleSize()} values, got ${pixels.length}`);
    return this.normalise(pixels, new Uint8Array(1), new Uint32Array(1), 0, 1).x;
  }

  private checkValues(values: ParameterValues): void {
    if (values.params.length !== this.layout.paramFloats || values.state.length !== this.layout.stateFloats) {
      throw new Error(`cpu backend: parameters have ${values.params.length} + ${values.state.length} floats; the network needs ${this.layout.paramFloats} + ${this.layout.stateFloats}`);
    }
  }
}

export async function createCpuBackend(options: BackendOptions): Promise<CpuBackend> {
  checkTrainingMemory(options.plan, options.batchSize, options.optimizer.kind, { engine: 'the CPU reference', totalBytes: CPU_MEMORY_BYTES });
  return new CpuBackend(options);
}
