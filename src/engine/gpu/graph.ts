// A network's kernels for one batch size: activation buffers, the two gradient buffers that backward passes
// ping-pong between, the fused softmax + cross-entropy, and each layer's prepared dispatches. The parameters,
// gradients and state live in flat buffers owned by the backend and shared by every graph.

import { findTensor, type ParameterLayout } from '../../model/parameters.ts';
import { outputSize, type TrainingPlan } from '../../model/plan.ts';
import { dropoutSeed } from '../cpu/network.ts';
import type { BufferRef, KernelDispatch } from '../kernels/kernel.ts';
import { prepareSoftmaxCrossEntropy, type LossDispatch } from '../kernels/loss.ts';
import { prepareSoftmaxForward } from '../kernels/softmax.ts';
import type { PipelineCache } from '../pipelines.ts';
import type { ProfilePart } from '../profile.ts';
import { gpuLayerDef, type GpuLayerOps } from './layers.ts';

export interface SharedBuffers {
  params: GPUBuffer;
  /** Null for inference-only graphs. */
  grads: GPUBuffer | null;
  state: GPUBuffer;
  layout: ParameterLayout;
  seed: number;
  /** Also compute the gradient w.r.t. the input batch (gradient checks; training skips it). */
  inputGrad?: boolean;
  /** Called before each layer's kernels are prepared (build progress). */
  onLayer?: (index: number, count: number, type: string) => void;
}

/** A storage buffer of at least `bytes`, rounded up to 16 so vec4 views of it are whole. */
export function storageBuffer(device: GPUDevice, bytes: number, label: string): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
}

function tensorRef(buffer: GPUBuffer, offsetFloats: number, size: number): BufferRef {
  return { buffer, offset: offsetFloats * 4, size: Math.ceil((size * 4) / 16) * 16 };
}

/**
 * Whether op i+1 is a ReLU that training fuses into op i's epilogue: a conv2d writes max(0, conv + bias) into one buffer
 * that serves as both outputs, saving a pass over the activation; the ReLU's backward still masks dy by y > 0, which
 * is x > 0. Inference graphs keep them apart, so the Inside view shows the conv's own output.
 */
function fusesRelu(plan: TrainingPlan, i: number, training: boolean): boolean {
  return training && plan.ops[i]?.type === 'conv2d' && plan.ops[i + 1]?.type === 'relu';
}

/**
 * Whether op i is such a fused ReLU followed by a max pool, which then folds in the ReLU's backward too (a window whose
 * max is 0 passes no gradient): the ReLU runs no kernel at all, and its dx is its dy.
 */
function foldsReluBackward(plan: TrainingPlan, i: number, training: boolean): boolean {
  return fusesRelu(plan, i - 1, training) && plan.ops[i + 1]?.type === 'maxpool2d';
}

export class Graph {
  /** The normalised input batch [batch, H, W, C]. */
  readonly input: GPUBuffer;
  /** Output buffer of each op layer (a flatten shares its input's). */
  readonly outputs: GPUBuffer[] = [];
  /** Class labels u32 [batch]. */
  readonly labels: GPUBuffer;
  readonly probs: GPUBuffer;
  readonly predictions: GPUBuffer;
  readonly metrics: GPUBuffer;
  /** ∂loss/∂input when built with inputGrad. */
  inputGrad: GPUBuffer | null = null;
  /** Training graphs: fused loss with gradient. Inference graphs: a plain softmax. */
  readonly loss: LossDispatch | null = null;
  private softmax: KernelDispatch | null = null;
  private readonly layers: GpuLayerOps[] = [];
  private readonly owned: GPUBuffer[] = [];

  private constructor(
    readonly device: GPUDevice,
    readonly plan: TrainingPlan,
    readonly batch: number,
    readonly training: boolean,
  ) {
    const inputFloats = batch * plan.input[0] * plan.input[1] * plan.input[2];
    this.input = this.buffer(inputFloats * 4, 'input batch');
    this.labels = this.buffer(batch * 4, 'labels');
    this.probs = this.buffer(batch * plan.classes * 4, 'probs');
    this.predictions = this.buffer(batch * 4, 'predictions');
    this.metrics = this.buffer(16, 'metrics');
  }

  private buffer(bytes: number, label: string): GPUBuffer {
    const b = storageBuffer(this.device, bytes, label);
    this.owned.push(b);
    return b;
  }

  /** Allocates the graph's buffers and prepares every dispatch (pipelines come from the cache). */
  static async build(cache: PipelineCache, plan: TrainingPlan, batch: number, shared: SharedBuffers): Promise<Graph> {
    const g = new Graph(cache.device, plan, batch, shared.grads !== null);
    await g.prepare(cache, shared);
    return g;
  }

  private async prepare(cache: PipelineCache, shared: SharedBuffers): Promise<void> {
    const { plan, batch } = this;
    const { layout } = shared;
    let x = this.input;
    for (const [i, layer] of plan.ops.entries()) {
      const def = gpuLayerDef(layer.type);
      const reuse = def.alias || fusesRelu(plan, i - 1, this.training);
      const y = reuse ? x : this.buffer(batch * outputSize(layer) * 4, `${layer.type} ${layer.index + 1} out`);
      this.outputs.push(y);
      x = y;
    }
    // Gradients: two ping-pong buffers as large as the largest activation; walking backwards, each layer reads
    // dy from one and writes dx to the other (a flatten passes its dy through as its dx).
    let dyOf: (GPUBuffer | null)[] = plan.ops.map(() => null);
    let dxOf: (GPUBuffer | null)[] = plan.ops.map(() => null);
    if (this.training) {
      const largest = Math.max(...plan.ops.map(outputSize), plan.input[0] * plan.input[1] * plan.input[2]);
      const ping = [this.buffer(batch * largest * 4, 'grad ping'), this.buffer(batch * largest * 4, 'grad pong')];
      let current = 0;
      dyOf = [];
      dxOf = [];
      for (let i = plan.ops.length - 1; i >= 0; i--) {
        const layer = plan.ops[i]!;
        dyOf[i] = ping[current]!;
        if (!gpuLayerDef(layer.type).alias && !foldsReluBackward(plan, i, true)) current = 1 - current;
        dxOf[i] = i > 0 ? ping[current]! : null;
      }
      if (shared.inputGrad) {
        this.inputGrad = this.buffer(batch * plan.input[0] * plan.input[1] * plan.input[2] * 4, 'input grad');
        // The first layer writes dx into inputGrad; an alias first layer (flatten) passes its dy through instead.
        if (gpuLayerDef(plan.ops[0]!.type).alias) this.inputGrad = dyOf[0]!;
        else dxOf[0] = this.inputGrad;
      }
    }
    const lastOut = this.outputs[this.outputs.length - 1] ?? this.input;
    for (const [i, layer] of plan.ops.entries()) {
      shared.onLayer?.(i, plan.ops.length, layer.type);
      const tensor = (name: string) => {
        const t = findTensor(layout, layer.index, name);
        if (!t) throw new Error(`layer ${layer.index + 1} (${layer.type}) has no tensor "${name}"`);
        return t;
      };
      const ops = await gpuLayerDef(layer.type).build(cache, layer, {
        batch,
        x: i === 0 ? this.input : this.outputs[i - 1]!,
        y: this.outputs[i]!,
        dy: dyOf[i] ?? null,
        dx: dxOf[i] ?? null,
        param: (name) => {
          const t = tensor(name);
          return tensorRef(shared.params, t.offset, t.size);
        },
        grad: (name) => {
          const t = tensor(name);
          return shared.grads && t.trainable ? tensorRef(shared.grads, t.offset, t.size) : null;
        },
        state: (name) => {
          const t = tensor(name);
          return tensorRef(shared.state, t.offset, t.size);
        },
        scratch: (bytes, label) => this.buffer(bytes, `${layer.type} ${layer.index + 1} ${label}`),
        seed: dropoutSeed(shared.seed, layer.index),
        reluEpilogue: fusesRelu(plan, i, this.training),
        forwardFused: fusesRelu(plan, i - 1, this.training),
        backwardFused: foldsReluBackward(plan, i, this.training),
        reluMask: foldsReluBackward(plan, i - 1, this.training),
      });
      this.layers.push(ops);
    }
    if (this.training) {
      (this as { loss: LossDispatch | null }).loss = await prepareSoftmaxCrossEntropy(cache, {
        rows: batch,
        classes: plan.classes,
        logits: lastOut,
        labels: this.labels,
        probs: this.probs,
        dlogits: dyOf[plan.ops.length - 1] ?? null,
        predictions: this.predictions,
        rowLoss: this.buffer(batch * 4, 'row loss'),
        metrics: this.metrics,
      });
    } else {
      this.softmax = await prepareSoftmaxForward(cache, { rows: batch, cols: plan.classes, x: lastOut, y: this.probs });
    }
  }

  setStep(step: number, training: boolean): void {
    for (const l of this.layers) l.setStep?.(step, training);
  }

  /** Forward pass (training: batch statistics, dropout on; else evaluation), then the loss or softmax. */
  encodeForward(pass: GPUComputePassEncoder, training: boolean): void {
    for (const l of this.layers) for (const d of training ? l.forwardTrain : l.forwardEval) d.encode(pass);
    if (this.loss) this.loss.encode(pass);
    else this.softmax?.encode(pass);
  }

  /**
   * The training step's kernels per layer and phase, in execution order (for src/engine/profile.ts). Reshapes
   * (flatten) have no part; a ReLU fused into its neighbours has parts without dispatches.
   */
  profileParts(): ProfilePart[] {
    const part = (i: number, phase: 'forward' | 'backward', dispatches: KernelDispatch[]): ProfilePart[] =>
      gpuLayerDef(this.plan.ops[i]!.type).alias ? [] : [{ layerIndex: this.plan.ops[i]!.index, type: this.plan.ops[i]!.type, phase, dispatches }];
    const forward = this.layers.flatMap((l, i) => part(i, 'forward', l.forwardTrain));
    const backward = this.layers.flatMap((l, i) => part(i, 'backward', l.backward)).reverse();
    const loss: ProfilePart[] = this.loss ? [{ layerIndex: null, type: 'loss', phase: 'loss', dispatches: [this.loss] }] : [];
    return [...forward, ...loss, ...backward];
  }

  encodeBackward(pass: GPUComputePassEncoder): void {
    for (let i = this.layers.length - 1; i >= 0; i--) for (const d of this.layers[i]!.backward) d.encode(pass);
  }

  destroy(): void {
    for (const l of this.layers) l.destroy();
    this.loss?.destroy();
    this.softmax?.destroy();
    for (const b of this.owned) b.destroy();
  }
}
