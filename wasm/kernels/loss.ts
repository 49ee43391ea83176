// Softmax over the last axis and the fused softmax + cross-entropy loss, as src/model/reference/activations.ts
// (float64 inside a row). Rows are few (a batch), so these run on one thread.

import { argI, argP } from './common';

/**
 * p = softmax(z) per row; loss[r] = logsumexp(z) − z[t] (float64); grad = (p − onehot(t)) / divisor;
 * predicted[r] = the first class of highest probability. Arguments: 0 logits, 1 labels (u32), 2 probs, 3 grad
 * (0: none), 4 rows, 5 classes, 6 divisor, 7 losses (f64 per row), 8 predicted (i32 per row).
 */
export function softmaxCrossEntropy(args: usize, part: i32, parts: i32): void {
  if (part != 0) return;
  const logits = argP(args, 0), labels = argP(args, 1), probs = argP(args, 2), grad = argP(args, 3);
  const rows = argI(args, 4), classes = argI(args, 5), divisor = <f64>argI(args, 6), losses = argP(args, 7), predicted = argP(args, 8);
  for (let r = 0; r < rows; r++) {
    const z = logits + (<usize>(r * classes) << 2);
    const p = probs + (<usize>(r * classes) << 2);
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, <f64>load<f32>(z + (<usize>c << 2)));
    let s: f64 = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - m);
    let best = 0;
    for (let c = 0; c < classes; c++) {
      const v = <f32>(Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - m) / s);
      store<f32>(p + (<usize>c << 2), v);
      if (v > load<f32>(p + (<usize>best << 2))) best = c;
    }
    store<i32>(predicted + (<usize>r << 2), best);
    const t = <i32>load<u32>(labels + (<usize>r << 2));
    store<f64>(losses + (<usize>r << 3), m + Math.log(s) - <f64>load<f32>(z + (<usize>t << 2)));
    if (grad) {
      const g = grad + (<usize>(r * classes) << 2);
      for (let c = 0; c < classes; c++) {
        store<f32>(g + (<usize>c << 2), <f32>((<f64>load<f32>(p + (<usize>c << 2)) - (c == t ? 1 : 0)) / divisor));
      }
    }
  }
}

/** A softmax layer inside the network. Arguments: 0 x, 1 y, 2 rows, 3 classes. */
export function softmaxForward(args: usize, part: i32, parts: i32): void {
  if (part != 0) return;
  const x = argP(args, 0), y = argP(args, 1), rows = argI(args, 2), classes = argI(args, 3);
  for (let r = 0; r < rows; r++) {
    const z = x + (<usize>(r * classes) << 2);
    const o = y + (<usize>(r * classes) << 2);
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, <f64>load<f32>(z + (<usize>c << 2)));
    let s: f64 = 0;
    for (let c = 0; c < classes; c++) s += Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - m);
    for (let c = 0; c < classes; c++) store<f32>(o + (<usize>c << 2), <f32>(Math.exp(<f64>load<f32>(z + (<usize>c << 2)) - m) / s));
  }
}

/** dx = y · (dy − Σ dy·y) per row. Arguments: 0 y, 1 dy, 2 dx, 3 rows, 4 classes. */
export function softmaxBackward(args: usize, part: i32, parts: i32): void {
  if (part != 0) return;
  const y = argP(args, 0), dy = argP(args, 1), dx = argP(args, 2), rows = argI(args, 3), classes = argI(args, 4);
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * classes) << 2;
    let dot: f64 = 0;
    for (let c = 0; c < classes; c++) dot += <f64>load<f32>(dy + o + (<usize>c << 2)) * <f64>load<f32>(y + o + (<usize>c << 2));
    for (let c = 0; c < classes; c++) {
      const q = o + (<usize>c << 2);
      store<f32>(dx + q, <f32>(<f64>load<f32>(y + q) * (<f64>load<f32>(dy + q) - dot)));
    }
  }
}
