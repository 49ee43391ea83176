// Batch normalisation per channel over the M = N·H·W rows of an NHWC tensor, as src/model/reference/batchnorm.ts:
// statistics in float64, x̂ kept for backward, the running statistics updated with the unbiased variance.
// A thread owns a range of channels (each reads every row: the sums are the same at any thread count).

import { argF, argI, argP, partStart } from './common';

/**
 * Training forward. Arguments: 0 x, 1 y, 2 xhat, 3 invStd [C], 4 gamma, 5 beta, 6 M, 7 C, 8 epsilon (f32),
 * 9 runningMean (0: leave the running statistics alone), 10 runningVar, 11 momentum (f32).
 */
export function batchNormTrain(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), xhat = argP(args, 2), invStd = argP(args, 3);
  const gamma = argP(args, 4), beta = argP(args, 5), M = argI(args, 6), C = argI(args, 7), eps = <f64>argF(args, 8);
  const runningMean = argP(args, 9), runningVar = argP(args, 10), momentum = <f64>argF(args, 11);
  const c0 = partStart(C, part, parts), c1 = partStart(C, part + 1, parts);
  const stride = <usize>C << 2;
  for (let c = c0; c < c1; c++) {
    const off = <usize>c << 2;
    let sum: f64 = 0;
    for (let i = 0; i < M; i++) sum += <f64>load<f32>(x + off + <usize>i * stride);
    const mean = sum / <f64>M;
    let sq: f64 = 0;
    for (let i = 0; i < M; i++) {
      const d = <f64>load<f32>(x + off + <usize>i * stride) - mean;
      sq += d * d;
    }
    const variance = sq / <f64>M;
    const inv = 1 / Math.sqrt(variance + eps);
    store<f32>(invStd + off, <f32>inv);
    const g = <f64>load<f32>(gamma + off), b = <f64>load<f32>(beta + off);
    for (let i = 0; i < M; i++) {
      const p = off + <usize>i * stride;
      const h = (<f64>load<f32>(x + p) - mean) * inv;
      store<f32>(xhat + p, <f32>h);
      store<f32>(y + p, <f32>(g * <f64><f32>h + b));
    }
    if (runningMean) {
      const correction: f64 = M > 1 ? <f64>M / <f64>(M - 1) : 1;
      store<f32>(runningMean + off, <f32>(momentum * <f64>load<f32>(runningMean + off) + (1 - momentum) * mean));
      store<f32>(runningVar + off, <f32>(momentum * <f64>load<f32>(runningVar + off) + (1 - momentum) * variance * correction));
    }
  }
}

/** Evaluation: y = γ (x − runningMean) / sqrt(runningVar + ε) + β. Arguments: 0 x, 1 y, 2 gamma, 3 beta, 4 runningMean, 5 runningVar, 6 M, 7 C, 8 epsilon. */
export function batchNormEval(args: usize, part: i32, parts: i32): void {
  const x = argP(args, 0), y = argP(args, 1), gamma = argP(args, 2), beta = argP(args, 3);
  const runningMean = argP(args, 4), runningVar = argP(args, 5), M = argI(args, 6), C = argI(args, 7), eps = <f64>argF(args, 8);
  const c0 = partStart(C, part, parts), c1 = partStart(C, part + 1, parts);
  const stride = <usize>C << 2;
  for (let c = c0; c < c1; c++) {
    const off = <usize>c << 2;
    const g = <f64>load<f32>(gamma + off), b = <f64>load<f32>(beta + off), mu = <f64>load<f32>(runningMean + off);
    const s = Math.sqrt(<f64>load<f32>(runningVar + off) + eps);
    for (let i = 0; i < M; i++) {
      const p = off + <usize>i * stride;
      store<f32>(y + p, <f32>((g * (<f64>load<f32>(x + p) - mu)) / s + b));
    }
  }
}

/**
 * Backward through the training forward: dx = γ·invStd/M · (M·dy − Σdy − x̂·Σ dy·x̂), dγ = Σ dy·x̂, dβ = Σ dy.
 * Arguments: 0 dy, 1 xhat, 2 invStd, 3 gamma, 4 dx, 5 dgamma (0: frozen), 6 dbeta, 7 M, 8 C.
 */
export function batchNormBackward(args: usize, part: i32, parts: i32): void {
  const dy = argP(args, 0), xhat = argP(args, 1), invStd = argP(args, 2), gamma = argP(args, 3), dx = argP(args, 4);
  const dgamma = argP(args, 5), dbeta = argP(args, 6), M = argI(args, 7), C = argI(args, 8);
  const c0 = partStart(C, part, parts), c1 = partStart(C, part + 1, parts);
  const stride = <usize>C << 2;
  for (let c = c0; c < c1; c++) {
    const off = <usize>c << 2;
    let sumDy: f64 = 0, sumDyXhat: f64 = 0;
    for (let i = 0; i < M; i++) {
      const p = off + <usize>i * stride;
      const d = <f64>load<f32>(dy + p);
      sumDy += d;
      sumDyXhat += d * <f64>load<f32>(xhat + p);
    }
    const k = (<f64>load<f32>(gamma + off) * <f64>load<f32>(invStd + off)) / <f64>M;
    for (let i = 0; i < M; i++) {
      const p = off + <usize>i * stride;
      store<f32>(dx + p, <f32>(k * (<f64>M * <f64>load<f32>(dy + p) - sumDy - <f64>load<f32>(xhat + p) * sumDyXhat)));
    }
    if (dgamma) {
      store<f32>(dgamma + off, <f32>sumDyXhat);
      store<f32>(dbeta + off, <f32>sumDy);
    }
  }
}
