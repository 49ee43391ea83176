// Test helpers for the CPU reference: seeded random arrays, central finite differences and closeness checks.

import { expect } from 'vitest';

/** Deterministic uniform floats in [lo, hi) (mulberry32). */
export function rng(seed: number): (lo?: number, hi?: number) => number {
  let a = seed >>> 0;
  return (lo = -1, hi = 1) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * u;
  };
}

export function rand64(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r(lo, hi));
}

export function rand32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from(rand64(n, seed, lo, hi));
}

/** Distinct values (a shuffled ramp with step 0.1) so a max never ties or swaps under a 1e-6 nudge. */
export function distinct64(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r(0, 1) * (i + 1));
    [v[i], v[j]] = [v[j]!, v[i]!];
  }
  return Float64Array.from(v);
}

/**
 * Central differences of the scalar loss(): for each entry of `param` (mutated and restored in place),
 * (loss(p + ε) - loss(p - ε)) / 2ε.
 */
export function numericGrad(param: Float64Array, loss: () => number, eps = 1e-6): Float64Array {
  const g = new Float64Array(param.length);
  for (let i = 0; i < param.length; i++) {
    const old = param[i]!;
    param[i] = old + eps;
    const up = loss();
    param[i] = old - eps;
    const down = loss();
    param[i] = old;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

/** Σ r·y: a scalar loss whose gradient with respect to y is r. */
export function dot(r: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(y.length).toBe(r.length);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += r[i]! * y[i]!;
  return s;
}

/** Relative error ‖a - b‖ / max(‖a‖ + ‖b‖, tiny), must be below tol. */
export function expectGradClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, tol = 1e-6): void {
  expect(analytic.length).toBe(numeric.length);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < analytic.length; i++) {
    diff += (analytic[i]! - numeric[i]!) ** 2;
    norm += analytic[i]! ** 2 + numeric[i]! ** 2;
  }
  const rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
  expect(rel, `relative error ${rel}`).toBeLessThan(tol);
  expect(norm, 'gradient is not all zero').toBeGreaterThan(0);
}

/** Every |a - b| ≤ tol·max(1, |b|). */
export function expectAllClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-4): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(e <= worst)) {
      worst = e;
      at = i;
    }
  }
  expect(worst, `worst error ${worst} at ${at}: ${a[at]} vs ${b[at]}`).toBeLessThanOrEqual(tol);
}
