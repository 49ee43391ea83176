// Reference fully connected layer. x [N, inFeatures] (an NHWC tensor flattened in memory order),
// w [inFeatures, units], bias [units], y [N, units].

/*
 *   y = x·W + b            y[n,u] = b[u] + Σ_i x[n,i] W[i,u]
 *   ∂L/∂x = dy·Wᵀ          dx[n,i] = Σ_u dy[n,u] W[i,u]
 *   ∂L/∂W = xᵀ·dy          dW[i,u] = Σ_n x[n,i] dy[n,u]
 *   ∂L/∂b = Σ_n dy[n,·]
 */

import { allocLike, fromAccumulator, expectLength, type FloatArray } from './tensor.ts';

/** Plain row-major matrix product a [m, k] · b [k, n] → [m, n], accumulated in float64. */
export function matmul<T extends FloatArray>(a: T, b: T, m: number, k: number, n: number): T {
  expectLength('matmul a', a, m * k);
  expectLength('matmul b', b, k * n);
  const c = allocLike(a, m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

export function denseForward<T extends FloatArray>(x: T, w: T, bias: T | null, batch: number, inFeatures: number, units: number): T {
  expectLength('dense x', x, batch * inFeatures);
  expectLength('dense w', w, inFeatures * units);
  if (bias) expectLength('dense bias', bias, units);
  const y = allocLike(x, batch * units);
  for (let n = 0; n < batch; n++)
    for (let u = 0; u < units; u++) {
      let s = bias ? bias[u]! : 0;
      for (let i = 0; i < inFeatures; i++) s += x[n * inFeatures + i]! * w[i * units + u]!;
      y[n * units + u] = s;
    }
  return y;
}

export function denseBackwardInput<T extends FloatArray>(dy: T, w: T, batch: number, inFeatures: number, units: number): T {
  expectLength('dense dy', dy, batch * units);
  expectLength('dense w', w, inFeatures * units);
  const dx = allocLike(dy, batch * inFeatures);
  for (let n = 0; n < batch; n++)
    for (let i = 0; i < inFeatures; i++) {
      let s = 0;
      for (let u = 0; u < units; u++) s += dy[n * units + u]! * w[i * units + u]!;
      dx[n * inFeatures + i] = s;
    }
  return dx;
}

export function denseBackwardWeights<T extends FloatArray>(x: T, dy: T, batch: number, inFeatures: number, units: number): T {
  expectLength('dense x', x, batch * inFeatures);
  expectLength('dense dy', dy, batch * units);
  const dw = allocLike(x, inFeatures * units);
  for (let i = 0; i < inFeatures; i++)
    for (let u = 0; u < units; u++) {
      let s = 0;
      for (let n = 0; n < batch; n++) s += x[n * inFeatures + i]! * dy[n * units + u]!;
      dw[i * units + u] = s;
    }
  return dw;
}

export function denseBackwardBias<T extends FloatArray>(dy: T, batch: number, units: number): T {
  expectLength('dense dy', dy, batch * units);
  const acc = new Float64Array(units);
  for (let i = 0; i < dy.length; i++) acc[i % units]! += dy[i]!;
  return fromAccumulator(dy, acc);
}
