// Typed host wrappers of the wasm kernels: each takes byte addresses of buffers in the runtime's memory and the
// layer's geometry (the model's WindowGeometry, never recomputed), fills the argument slots, and picks how many
// threads the work is worth. Convolution and dense products share one forward kernel and one weight-gradient
// kernel (wasm/kernels/conv.ts); the backward-input pass is that forward kernel on the placed output gradient.

import type { WindowGeometry } from '../../model/geometry.ts';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../../model/optimizers.ts';
import type { OptimizerCoefficients } from '../../model/reference/optimizers.ts';
import { f32, type WasmRuntime } from './runtime.ts';

const roundUp4 = (n: number) => Math.ceil(n / 4) * 4;

/** Geometry of a convolution in the kernels' terms; a dense layer is a 1x1 convolution of a 1x1 image. */
export interface ConvShape {
  H: number; W: number; C: number; OH: number; OW: number; F: number;
  KH: number; KW: number; SH: number; SW: number; PH: number; PW: number; DH: number; DW: number;
  G: number; Cg: number; Fg: number;
}

export function convShape(g: WindowGeometry): ConvShape {
  const [H, W, C] = g.input;
  const [OH, OW, F] = g.output;
  return {
    H, W, C, OH, OW, F, KH: g.kernel[0], KW: g.kernel[1], SH: g.stride[0], SW: g.stride[1], PH: g.padding[0], PW: g.padding[1],
    DH: g.dilation[0], DW: g.dilation[1], G: g.groups, Cg: C / g.groups, Fg: F / g.groups,
  };
}

export function denseShape(inFeatures: number, units: number): ConvShape {
  return { H: 1, W: 1, C: inFeatures, OH: 1, OW: 1, F: units, KH: 1, KW: 1, SH: 1, SW: 1, PH: 0, PW: 0, DH: 1, DW: 1, G: 1, Cg: inFeatures, Fg: units };
}

/** Bytes of the scratch buffers a convolution needs for `batch` examples (0 where it needs none). */
export interface ConvScratch {
  /** The zero-padded input (forward and weight gradient read it). */
  padded: number;
  /** Forward weights with each group's filters padded to a multiple of 4. */
  packForward: number;
  /** Flipped, transposed weights of the backward-input pass. */
  packBackward: number;
  /** The output gradient dilated by the stride and padded for the backward-input pass. */
  placed: number;
}

const padded = (s: ConvShape) => s.PH > 0 || s.PW > 0;
const packsForward = (s: ConvShape) => s.G > 1 || s.F % 4 !== 0;
/** The backward-input pass's placement of dy: top/left offsets and the placed size. */
function placement(s: ConvShape) {
  const top = s.DH * (s.KH - 1) - s.PH;
  const left = s.DW * (s.KW - 1) - s.PW;
  const Hq = s.H + s.DH * (s.KH - 1);
  const Wq = s.W + s.DW * (s.KW - 1);
  const direct = top === 0 && left === 0 && s.SH === 1 && s.SW === 1 && Hq === s.OH && Wq === s.OW;
  return { top, left, Hq, Wq, direct };
}

export function convScratch(s: ConvShape, batch: number): ConvScratch {
  const K = s.KH * s.KW * s.Cg;
  const p = placement(s);
  return {
    padded: padded(s) ? batch * (s.H + 2 * s.PH) * (s.W + 2 * s.PW) * s.C * 4 : 0,
    packForward: packsForward(s) ? s.G * K * roundUp4(s.Fg) * 4 : 0,
    packBackward: s.G * s.KH * s.KW * s.Fg * roundUp4(s.Cg) * 4,
    placed: p.direct ? 0 : batch * p.Hq * p.Wq * s.F * 4,
  };
}

/** Scratch addresses for a convolution (those convScratch sizes at 0 are never read). */
export interface ConvBuffers {
  padded: number;
  packForward: number;
  packBackward: number;
  placed: number;
}

/** The input the forward and weight-gradient kernels read: the padded copy when the layer pads. */
function inputOf(s: ConvShape, x: number, b: ConvBuffers): { at: number; H: number; W: number } {
  return padded(s) ? { at: b.padded, H: s.H + 2 * s.PH, W: s.W + 2 * s.PW } : { at: x, H: s.H, W: s.W };
}

/** y = conv(x, w) + bias (bias 0: none), optionally with ReLU applied; writes the padded input when the layer pads. */
export function convForward(rt: WasmRuntime, s: ConvShape, x: number, w: number, bias: number, y: number, b: ConvBuffers, rows: number, relu = false): void {
  if (padded(s)) rt.run(rt.op('PLACE'), [x, s.H, s.W, s.C, b.padded, s.H + 2 * s.PH, s.W + 2 * s.PW, s.PH, s.PW, 1, 1, rows], rt.partsFor(rows * s.H * s.W * s.C, 8192));
  const K = s.KH * s.KW * s.Cg;
  const Fp = roundUp4(s.Fg);
  let weights = w;
  if (packsForward(s)) {
    rt.run(rt.op('PACK_FORWARD'), [w, K, s.F, s.Fg, s.G, Fp, b.packForward], 1);
    weights = b.packForward;
  }
  const input = inputOf(s, x, b);
  const macs = rows * s.OH * s.OW * s.F * K;
  rt.run(
    rt.op('CONV_FORWARD'),
    [input.at, input.H, input.W, s.C, y, s.OH, s.OW, s.F, weights, bias, s.KH, s.KW, s.SH, s.SW, s.DH, s.DW, s.Cg, s.Fg, s.G, Fp, rows, relu ? 1 : 0],
    rt.partsFor(macs, 65536),
  );
}

/** ∂L/∂w [KH, KW, Cg, F] from the forward input (its padded copy, written by convForward) and dy. */
export function convBackwardWeights(rt: WasmRuntime, s: ConvShape, x: number, dy: number, dw: number, b: ConvBuffers, rows: number): void {
  const input = inputOf(s, x, b);
  const macs = rows * s.OH * s.OW * s.F * s.KH * s.KW * s.Cg;
  rt.run(
    rt.op('CONV_WEIGHT_GRAD'),
    [input.at, input.H, input.W, s.C, dy, s.OH, s.OW, s.F, dw, s.KH, s.KW, s.SH, s.SW, s.DH, s.DW, s.Cg, s.Fg, s.G, rows],
    rt.partsFor(macs, 65536),
  );
}

/** ∂L/∂bias: dy [M, F] summed over its M rows. */
export function biasBackward(rt: WasmRuntime, dy: number, M: number, F: number, db: number): void {
  rt.run(rt.op('BIAS_GRAD'), [dy, M, F, db], rt.partsFor(M * F, 65536));
}

/**
 * ∂L/∂x: dy dilated by the stride into a zeroed buffer padded by D(K−1)−P (cropped where negative), then the
 * forward kernel at stride 1 with the flipped kernel, filters and channels swapped:
 *   dx[n, iy, ix, c] = Σ_{ky', kx', f} placed[n, iy + ky'·DH, ix + kx'·DW, f] · w[KH−1−ky', KW−1−kx', c, f].
 */
export function convBackwardInput(rt: WasmRuntime, s: ConvShape, dy: number, w: number, dx: number, b: ConvBuffers, rows: number): void {
  const Cp = roundUp4(s.Cg);
  rt.run(rt.op('PACK_BACKWARD'), [w, s.KH, s.KW, s.Cg, s.F, s.Fg, s.G, Cp, b.packBackward], 1);
  const p = placement(s);
  let input = dy;
  if (!p.direct) {
    rt.run(rt.op('PLACE'), [dy, s.OH, s.OW, s.F, b.placed, p.Hq, p.Wq, p.top, p.left, s.SH, s.SW, rows], rt.partsFor(rows * p.Hq * p.Wq * s.F, 8192));
    input = b.placed;
  }
  const macs = rows * s.H * s.W * s.C * s.KH * s.KW * s.Fg;
  rt.run(
    rt.op('CONV_FORWARD'),
    [input, p.Hq, p.Wq, s.F, dx, s.H, s.W, s.C, b.packBackward, 0, s.KH, s.KW, 1, 1, s.DH, s.DW, s.Fg, s.Cg, s.G, Cp, rows, 0],
    rt.partsFor(macs, 65536),
  );
}

/** Activation ids of the kernels (wasm/kernels/elementwise.ts). */
export const ACTIVATIONS = { relu: 0, leakyrelu: 1, elu: 2, tanh: 3, sigmoid: 4 } as const;
export type ActivationName = keyof typeof ACTIVATIONS;

export function activationForward(rt: WasmRuntime, kind: ActivationName, alpha: number, x: number, y: number, n: number): void {
  rt.run(rt.op('ACTIVATION_FORWARD'), [x, y, n, ACTIVATIONS[kind], f32(alpha)], rt.partsFor(n, kind === 'relu' || kind === 'leakyrelu' ? 65536 : 8192));
}

export function activationBackward(rt: WasmRuntime, kind: ActivationName, alpha: number, x: number, dy: number, dx: number, n: number): void {
  rt.run(rt.op('ACTIVATION_BACKWARD'), [x, dy, dx, n, ACTIVATIONS[kind], f32(alpha)], rt.partsFor(n, kind === 'relu' || kind === 'leakyrelu' ? 65536 : 8192));
}

/** Pool kinds of the kernels (wasm/kernels/pool.ts). */
export const POOLS = { maxpool2d: 0, avgpool2d: 1, l2pool2d: 2 } as const;
export type PoolName = keyof typeof POOLS;

function poolArgs(g: WindowGeometry, kind: PoolName, x: number, y: number, argmax: number, rows: number): number[] {
  const [H, W, C] = g.input;
  const [OH, OW] = g.output;
  return [x, y, argmax, H, W, C, OH, OW, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], rows, POOLS[kind]];
}

export function poolForward(rt: WasmRuntime, g: WindowGeometry, kind: PoolName, x: number, y: number, argmax: number, rows: number): void {
  const work = rows * g.output[0] * g.output[1] * g.output[2] * g.kernel[0] * g.kernel[1];
  rt.run(rt.op('POOL_FORWARD'), poolArgs(g, kind, x, y, argmax, rows), rt.partsFor(work, 16384));
}

/** dx from dy (x and y the forward input and output; argmax for max pooling). */
export function poolBackward(rt: WasmRuntime, g: WindowGeometry, kind: PoolName, x: number, y: number, argmax: number, dy: number, dx: number, rows: number): void {
  const work = rows * g.output[0] * g.output[1] * g.output[2] * g.kernel[0] * g.kernel[1];
  rt.run(rt.op('POOL_BACKWARD'), [...poolArgs(g, kind, x, y, argmax, rows), dy, dx], rt.partsFor(work, 16384));
}

export function globalPoolForward(rt: WasmRuntime, shape: [number, number, number], x: number, y: number, rows: number): void {
  rt.run(rt.op('GLOBAL_POOL_FORWARD'), [x, y, shape[0] * shape[1], shape[2], rows], rt.partsFor(rows * shape[0] * shape[1] * shape[2]));
}

export function globalPoolBackward(rt: WasmRuntime, shape: [number, number, number], dy: number, dx: number, rows: number): void {
  rt.run(rt.op('GLOBAL_POOL_BACKWARD'), [dy, dx, shape[0] * shape[1], shape[2], rows], rt.partsFor(rows * shape[0] * shape[1] * shape[2]));
}

/** Training-mode batchnorm over M rows of C channels; runningMean 0 leaves the running statistics alone. */
export function batchNormTrain(
  rt: WasmRuntime,
  a: { x: number; y: number; xhat: number; invStd: number; gamma: number; beta: number; runningMean: number; runningVar: number },
  M: number, C: number, epsilon: number, momentum: number,
): void {
  rt.run(rt.op('BATCHNORM_TRAIN'), [a.x, a.y, a.xhat, a.invStd, a.gamma, a.beta, M, C, f32(epsilon), a.runningMean, a.runningVar, f32(momentum)], rt.partsFor(M * C, 16384));
}

export function batchNormEval(rt: WasmRuntime, a: { x: number; y: number; gamma: number; beta: number; runningMean: number; runningVar: number }, M: number, C: number, epsilon: number): void {
  rt.run(rt.op('BATCHNORM_EVAL'), [a.x, a.y, a.gamma, a.beta, a.runningMean, a.runningVar, M, C, f32(epsilon)], rt.partsFor(M * C, 16384));
}

/** dgamma 0: the layer is frozen (its dx is still computed). */
export function batchNormBackward(rt: WasmRuntime, a: { dy: number; xhat: number; invStd: number; gamma: number; dx: number; dgamma: number; dbeta: number }, M: number, C: number): void {
  rt.run(rt.op('BATCHNORM_BACKWARD'), [a.dy, a.xhat, a.invStd, a.gamma, a.dx, a.dgamma, a.dbeta, M, C], rt.partsFor(M * C, 16384));
}

export function dropoutForward(rt: WasmRuntime, x: number, y: number, mask: number, n: number, rate: number, seed: number, step: number): void {
  rt.run(rt.op('DROPOUT_FORWARD'), [x, y, mask, n, f32(rate), seed | 0, step | 0], rt.partsFor(n, 8192));
}

/** out = a · b element-wise. */
export function multiply(rt: WasmRuntime, a: number, b: number, out: number, n: number): void {
  rt.run(rt.op('MULTIPLY'), [a, b, out, n], rt.partsFor(n, 65536));
}

export function softmaxForward(rt: WasmRuntime, x: number, y: number, rows: number, classes: number): void {
  rt.run(rt.op('SOFTMAX_FORWARD'), [x, y, rows, classes], 1);
}

export function softmaxBackward(rt: WasmRuntime, y: number, dy: number, dx: number, rows: number, classes: number): void {
  rt.run(rt.op('SOFTMAX_BACKWARD'), [y, dy, dx, rows, classes], 1);
}

/** Probabilities, per-row losses (f64) and predictions; the gradient (p − onehot)/divisor when grad ≠ 0. */
export function softmaxCrossEntropy(
  rt: WasmRuntime,
  a: { logits: number; labels: number; probs: number; grad: number; losses: number; predicted: number },
  rows: number, classes: number, divisor: number,
): void {
  rt.run(rt.op('SOFTMAX_CROSS_ENTROPY'), [a.logits, a.labels, a.probs, a.grad, rows, classes, divisor, a.losses, a.predicted], 1);
}

/** One optimizer step over params[0, count) (count a multiple of 4); s0/s1 the state slots the kind keeps (else 0). */
export function optimizerStep(rt: WasmRuntime, kind: OptimizerKind, k: OptimizerCoefficients, a: { params: number; grads: number; s0: number; s1: number }, count: number): void {
  rt.run(
    rt.op('OPTIMIZER_STEP'),
    [a.params, a.grads, a.s0, a.s1, count, OPTIMIZER_KINDS.indexOf(kind), f32(k.lr), f32(k.l2), f32(k.decay), f32(k.momentum), f32(k.beta1), f32(k.oneMinusBeta1), f32(k.beta2), f32(k.oneMinusBeta2), f32(k.rho), f32(k.oneMinusRho), f32(k.epsilon), f32(k.correction1), f32(k.correction2)],
    rt.partsFor(count, 32768),
  );
}

/** Where a split's examples are in memory and how they are gathered (see wasm/kernels/gather.ts). */
export interface GatherSource {
  images: number;
  labels: number;
  order: number;
  orderLength: number;
  mean: number;
  invStd: number;
  shape: [number, number, number];
}

export function gatherBatch(
  rt: WasmRuntime,
  src: GatherSource,
  a: { offset: number; rows: number; shift: number; flip: boolean; seed: number; step: number; training: boolean; x: number; y: number },
): void {
  const [H, W, C] = src.shape;
  rt.run(
    rt.op('GATHER_BATCH'),
    [src.images, src.labels, src.order, src.orderLength, a.offset | 0, a.rows, H, W, C, src.mean, src.invStd, a.shift, a.flip ? 1 : 0, a.seed | 0, a.step | 0, a.training ? 1 : 0, a.x, a.y],
    rt.partsFor(a.rows * H * W * C, 16384),
  );
}
