// Reference activations as value/derivative pairs (TensorFlow Playground style), element-wise apply and
// backward over arrays, softmax over the channel axis, and the fused softmax + cross-entropy loss.

/*
 *   relu(x)        = max(0, x)                      relu'(x)      = x > 0 ? 1 : 0
 *   leakyrelu(x)   = x > 0 ? x : αx                 leakyrelu'(x) = x > 0 ? 1 : α
 *   elu(x)         = x > 0 ? x : α(eˣ - 1)          elu'(x)       = x > 0 ? 1 : αeˣ
 *   tanh(x)                                         tanh'(x)      = 1 - tanh²(x)
 *   sigmoid(x)     = 1 / (1 + e⁻ˣ)                  sigmoid'(x)   = σ(x)(1 - σ(x))
 * (derivatives are with respect to the pre-activation x; at the kink x = 0 the left derivative is used.)
 *
 *   softmax: p[c] = e^(z[c] - m) / Σ_k e^(z[k] - m), m = max_k z[k]
 *            ∂L/∂z[c] = p[c] (dp[c] - Σ_k dp[k] p[k])
 *   softmax + cross-entropy, labels t[n], batch N:
 *            L = -(1/N) Σ_n log p[n, t[n]] = (1/N) Σ_n (logsumexp(z[n]) - z[n, t[n]])
 *            ∂L/∂z[n,c] = (p[n,c] - [c = t[n]]) / N
 */

import { allocLike, expectLength, type FloatArray } from './tensor.ts';

export interface Activation {
  value(x: number): number;
  /** d value / dx at the pre-activation x. */
  derivative(x: number): number;
}

export const relu: Activation = {
  value: (x) => (x > 0 ? x : 0),
  derivative: (x) => (x > 0 ? 1 : 0),
};

export function leakyRelu(alpha: number): Activation {
  return { value: (x) => (x > 0 ? x : alpha * x), derivative: (x) => (x > 0 ? 1 : alpha) };
}

export function elu(alpha: number): Activation {
  return { value: (x) => (x > 0 ? x : alpha * Math.expm1(x)), derivative: (x) => (x > 0 ? 1 : alpha * Math.exp(x)) };
}

export const tanh: Activation = {
  value: (x) => Math.tanh(x),
  derivative: (x) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
};

export const sigmoid: Activation = {
  value: (x) => 1 / (1 + Math.exp(-x)),
  derivative: (x) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s);
  },
};

/** y[i] = f(x[i]). */
export function activationForward<T extends FloatArray>(f: Activation, x: T): T {
  const y = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) y[i] = f.value(x[i]!);
  return y;
}

/** dx[i] = dy[i] · f'(x[i]), with x the forward input. */
export function activationBackward<T extends FloatArray>(f: Activation, x: T, dy: T): T {
  expectLength('activation dy', dy, x.length);
  const dx = allocLike(x, x.length);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * f.derivative(x[i]!);
  return dx;
}

/** Softmax along the last (channel) axis: x holds x.length / channels rows of `channels` values. */
export function softmaxForward<T extends FloatArray>(x: T, channels: number): T {
  if (x.length % channels !== 0) throw new Error('softmax: length is not a multiple of channels');
  const y = allocLike(x, x.length);
  for (let r = 0; r < x.length; r += channels) {
    let m = -Infinity;
    for (let c = 0; c < channels; c++) m = Math.max(m, x[r + c]!);
    let s = 0;
    for (let c = 0; c < channels; c++) s += Math.exp(x[r + c]! - m);
    for (let c = 0; c < channels; c++) y[r + c] = Math.exp(x[r + c]! - m) / s;
  }
  return y;
}

/** ∂L/∂x for a standalone softmax, from its output y and the output gradient dy. */
export function softmaxBackward<T extends FloatArray>(y: T, dy: T, channels: number): T {
  expectLength('softmax dy', dy, y.length);
  const dx = allocLike(y, y.length);
  for (let r = 0; r < y.length; r += channels) {
    let dot = 0;
    for (let c = 0; c < channels; c++) dot += dy[r + c]! * y[r + c]!;
    for (let c = 0; c < channels; c++) dx[r + c] = y[r + c]! * (dy[r + c]! - dot);
  }
  return dx;
}

export interface SoftmaxCrossEntropy<T extends FloatArray> {
  /** Mean cross-entropy over the batch. */
  loss: number;
  probs: T;
  /** ∂loss/∂logits = (p - onehot) / N. */
  grad: T;
}

/** Fused softmax + cross-entropy on logits [N, classes] with integer labels [N]. */
export function softmaxCrossEntropy<T extends FloatArray>(logits: T, labels: ArrayLike<number>, classes: number): SoftmaxCrossEntropy<T> {
  const batch = labels.length;
  expectLength('softmaxCrossEntropy logits', logits, batch * classes);
  const probs = softmaxForward(logits, classes);
  const grad = allocLike(logits, logits.length);
  let loss = 0;
  for (let n = 0; n < batch; n++) {
    const t = labels[n]!;
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw new Error(`softmaxCrossEntropy: label ${t} out of range`);
    const r = n * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, logits[r + c]!);
    let s = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(logits[r + c]! - m);
    loss += m + Math.log(s) - logits[r + t]!;
    for (let c = 0; c < classes; c++) grad[r + c] = (probs[r + c]! - (c === t ? 1 : 0)) / batch;
  }
  return { loss: loss / batch, probs, grad };
}
