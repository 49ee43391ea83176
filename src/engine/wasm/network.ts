// A training plan laid out in wasm memory for batches of up to `batch` rows: every op's output and input-gradient
// buffer, the extra buffers each kind asks for, and the loss's probabilities, per-row losses and predictions; all
// allocated once. forward / loss / backward run the layers of WASM_LAYERS over the first `rows` rows.

import { findTensor } from '../../model/parameters.ts';
import type { TrainingPlan } from '../../model/plan.ts';
import type { ForwardMode } from '../cpu/layers.ts';
import { WASM_LAYERS, type LayerRunWasm } from './layers.ts';
import { softmaxCrossEntropy } from './ops.ts';
import type { WasmRuntime } from './runtime.ts';

/** Where the parameter, gradient and state buffers are (byte addresses). */
export interface ParameterBuffers {
  params: number;
  grads: number;
  state: number;
}

export class WasmNetwork {
  /** Normalised inputs [batch, H, W, C] and their labels (u32). */
  readonly input: number;
  readonly labels: number;
  /** The loss's probabilities [batch, classes], ∂loss/∂logits, per-row losses (f64) and predicted classes (i32). */
  readonly probs: number;
  readonly lossGrad: number;
  readonly losses: number;
  readonly predicted: number;
  /** Per op (plan.ops): its run addresses (dx is the op's input gradient; 0 for the first op unless asked). */
  readonly runs: LayerRunWasm[];
  private readonly inputGrad: number;
  /** Some op before op i has trainable tensors (so op i must pass a gradient on). */
  private readonly trainableBefore: boolean[];
  private readonly trainable: boolean[];

  constructor(
    private readonly rt: WasmRuntime,
    private readonly plan: TrainingPlan,
    readonly batch: number,
    buffers: ParameterBuffers,
  ) {
    const [h, w, c] = plan.input;
    const classes = plan.classes;
    this.input = rt.allocF32(batch * h * w * c);
    this.labels = rt.alloc(batch * 4);
    this.probs = rt.allocF32(batch * classes);
    this.lossGrad = rt.allocF32(batch * classes);
    this.losses = rt.alloc(batch * 8);
    this.predicted = rt.alloc(batch * 4);
    this.inputGrad = rt.allocF32(batch * h * w * c);
    const layout = plan.layout;
    const ops = plan.ops;
    // Forward addresses: each op's output (flatten shares its input's).
    const outputs: number[] = [];
    ops.forEach((layer, i) => {
      const [oh, ow, oc] = layer.outputShape;
      outputs.push(WASM_LAYERS[layer.type].alias ? (outputs[i - 1] ?? this.input) : rt.allocF32(batch * oh * ow * oc));
    });
    // Backward addresses, last op first: dy of the last op is the loss gradient; each op's dx is the previous op's dy.
    const dys: number[] = new Array<number>(ops.length);
    const dxs: number[] = new Array<number>(ops.length);
    for (let i = ops.length - 1; i >= 0; i--) {
      dys[i] = i === ops.length - 1 ? this.lossGrad : dxs[i + 1]!;
      const [ih, iw, ic] = ops[i]!.inputShape;
      dxs[i] = WASM_LAYERS[ops[i]!.type].alias ? dys[i]! : i === 0 ? this.inputGrad : rt.allocF32(batch * ih * iw * ic);
    }
    this.trainable = ops.map((layer) => layout.tensors.some((t) => t.layerIndex === layer.index && t.trainable));
    this.trainableBefore = ops.map((_, i) => this.trainable.slice(0, i).some(Boolean));
    this.runs = ops.map((layer, i) => {
      const extra: Record<string, number> = {};
      for (const [name, bytes] of Object.entries(WASM_LAYERS[layer.type].buffers?.(layer, batch) ?? {})) if (bytes > 0) extra[name] = rt.alloc(bytes);
      const tensor = (name: string) => findTensor(layout, layer.index, name);
      return {
        rt,
        layer,
        x: i > 0 ? outputs[i - 1]! : this.input,
        y: outputs[i]!,
        dy: dys[i]!,
        dx: dxs[i]!,
        extra,
        param: (name) => {
          const t = tensor(name);
          return t && t.role !== 'state' ? buffers.params + t.offset * 4 : 0;
        },
        grad: (name) => {
          const t = tensor(name);
          return t?.trainable ? buffers.grads + t.offset * 4 : 0;
        },
        state: (name) => {
          const t = tensor(name);
          return t && t.role === 'state' ? buffers.state + t.offset * 4 : 0;
        },
      } satisfies LayerRunWasm;
    });
  }

  /** The logits: the last op's output (the input itself when there are no ops). */
  get logits(): number {
    return this.runs[this.runs.length - 1]?.y ?? this.input;
  }

  forward(rows: number, mode: ForwardMode): void {
    for (const run of this.runs) WASM_LAYERS[run.layer.type].forward(run, rows, mode);
  }

  /**
   * Softmax cross-entropy of the logits against the labels: probabilities, predictions, and with `withGrad`
   * ∂(mean loss)/∂logits. Returns the summed loss (float64, in row order) and the rows classified correctly.
   */
  loss(rows: number, withGrad: boolean): { lossSum: number; correct: number } {
    const classes = this.plan.classes;
    softmaxCrossEntropy(this.rt, { logits: this.logits, labels: this.labels, probs: this.probs, grad: withGrad ? this.lossGrad : 0, losses: this.losses, predicted: this.predicted }, rows, classes, rows);
    const { f64, i32, u32 } = this.rt.heap;
    let lossSum = 0;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      lossSum += f64[(this.losses >>> 3) + r]!;
      if (i32[(this.predicted >>> 2) + r] === u32[(this.labels >>> 2) + r]) correct++;
    }
    return { lossSum, correct };
  }

  /** Backward from the loss gradient to every trainable tensor (and to the input when `inputGrad`). Returns the input gradient's address. */
  backward(rows: number, mode: ForwardMode, inputGrad: boolean): number {
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const passOn = inputGrad || this.trainableBefore[i]!;
      if (!passOn && !this.trainable[i]) break;
      const run = this.runs[i]!;
      WASM_LAYERS[run.layer.type].backward(passOn ? run : { ...run, dx: 0 }, rows, mode);
    }
    return this.runs[0]?.dx ?? this.lossGrad;
  }
}
