// Element-wise kernels: activations and their backward (from the forward input x, as the reference), dropout by
// the reference's counter-based hash, and copies. A thread owns a range of elements (a multiple of 4).

import { argF, argI, argP, hash3, partStart } from './common';

// Activation ids, as the host's ACTIVATIONS table.
const RELU = 0;
const LEAKY = 1;
const ELU = 2;
const TANH = 3;
const SIGMOID = 4;

/** The part's element range [lo, hi), whole vectors except at the end. */
@inline function vectorRange(n: i32, part: i32, parts: i32): i64 {
  const vecs = (n + 3) >> 2;
  const lo = partStart(vecs, part, parts) << 2;
  const hi = min(n, partStart(vecs, part + 1, parts) << 2);
  return (<i64>lo << 32) | <i64>(<u32>hi);
}

@inline function value(kind: i32, x: f32, alpha: f32): f32 {
  if (kind == LEAKY) return x > 0 ? x : alpha * x;
  if (kind == ELU) return x > 0 ? x : <f32>(<f64>alpha * Math.expm1(<f64>x));
  if (kind == TANH) return <f32>Math.tanh(<f64>x);
  if (kind == SIGMOID) return <f32>(1 / (1 + Math.exp(-<f64>x)));
  return x > 0 ? x : 0;
}

@inline function derivative(kind: i32, x: f32, alpha: f32): f64 {
  if (kind == LEAKY) return x > 0 ? 1 : <f64>alpha;
  if (kind == ELU) return x > 0 ? 1 : <f64>alpha * Math.exp(<f64>x);
  if (kind == TANH) {
    const t = Math.tanh(<f64>x);
    return 1 - t * t;
  }
  if (kind == SIGMOID) {
    const s = 1 / (1 + Math.exp(-<f64>x));
    return s * (1 - s);
  }
  return x > 0 ? 1 : 0;
}

/** Arguments: 0 x, 1 y, 2 n, 3 kind, 4 alpha (f32). y may equal x. */
export function activationForward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), n = argI(args, 2), kind = argI(args, 3), alpha = argF(args, 4);
  const r = vectorRange(n, part, parts);
  let i = <i32>(r >> 32);
  const hi = <i32>r;
  if (kind == RELU || kind == LEAKY) {
    const z = f32x4.splat(0), a = f32x4.splat(alpha);
    for (; i + 4 <= hi; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const pos = f32x4.gt(v, z);
      const neg = kind == RELU ? z : f32x4.mul(v, a);
      v128.store(y + (<usize>i << 2), v128.bitselect(v, neg, pos));
    }
  }
  for (; i < hi; i++) store<f32>(y + (<usize>i << 2), value(kind, load<f32>(x + (<usize>i << 2)), alpha));
}

/** dx = dy · f'(x). Arguments: 0 x, 1 dy, 2 dx, 3 n, 4 kind, 5 alpha (f32). dx may equal dy. */
export function activationBackward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), dy = argP(args, 1), dx = argP(args, 2), n = argI(args, 3), kind = argI(args, 4), alpha = argF(args, 5);
  const r = vectorRange(n, part, parts);
  let i = <i32>(r >> 32);
  const hi = <i32>r;
  if (kind == RELU || kind == LEAKY) {
    const z = f32x4.splat(0), a = f32x4.splat(alpha);
    for (; i + 4 <= hi; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      const d = v128.load(dy + (<usize>i << 2));
      const pos = f32x4.gt(v, z);
      const neg = kind == RELU ? z : f32x4.mul(d, a);
      v128.store(dx + (<usize>i << 2), v128.bitselect(d, neg, pos));
    }
  }
  for (; i < hi; i++) {
    const d = load<f32>(dy + (<usize>i << 2));
    store<f32>(dx + (<usize>i << 2), <f32>(<f64>d * derivative(kind, load<f32>(x + (<usize>i << 2)), alpha)));
  }
}

/**
 * Inverted dropout: m[i] = u(seed, step, i) ≥ rate ? 1/(1 - rate) : 0, y = x·m (m kept for the backward pass).
 * Arguments: 0 x, 1 y, 2 m, 3 n, 4 rate (f32), 5 seed, 6 step.
 */
export function dropoutForward(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), m = argP(args, 2), n = argI(args, 3), rate = argF(args, 4);
  const seed = <u32>argI(args, 5), step = <u32>argI(args, 6);
  const r = vectorRange(n, part, parts);
  const scale = <f32>(1 / (1 - <f64>rate));
  // u ≥ rate ⇔ (h >>> 8) ≥ rate·2²⁴ (u = (h >>> 8)/2²⁴ exactly; the f64 comparison is the reference's).
  for (let i = <i32>(r >> 32); i < <i32>r; i++) {
    const u = <f64>(hash3(seed, step, <u32>i) >> 8) / 16777216;
    const keep: f32 = u >= <f64>rate ? scale : 0;
    store<f32>(m + (<usize>i << 2), keep);
    store<f32>(y + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * keep);
  }
}

/** out = a · b element-wise (dropout backward: dx = dy · m). Arguments: 0 a, 1 b, 2 out, 3 n. */
export function multiply(args: usize, part: i32, parts: i32): void {
  const a = argP(args, 0), b = argP(args, 1), out = argP(args, 2), n = argI(args, 3);
  const r = vectorRange(n, part, parts);
  let i = <i32>(r >> 32);
  const hi = <i32>r;
  for (; i + 4 <= hi; i += 4) v128.store(out + (<usize>i << 2), f32x4.mul(v128.load(a + (<usize>i << 2)), v128.load(b + (<usize>i << 2))));
  for (; i < hi; i++) store<f32>(out + (<usize>i << 2), load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2)));
}
