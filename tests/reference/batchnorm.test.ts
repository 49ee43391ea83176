// The CPU reference batch norm: statistics by hand, the running update, and gradients by finite differences.

import { describe, expect, it } from 'vitest';
import { batchNormBackward, batchNormEvalForward, batchNormTrainForward, batchNormUpdateRunning } from '../../src/model/reference/index.ts';
import { dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

const f64 = (v: number[]) => Float64Array.from(v);

describe('batch norm, by hand', () => {
  it('per-channel mean and biased variance over N, H, W; y = γ x̂ + β', () => {
    // Two channels, M = 4 values each: channel 0 = 1, 2, 3, 4; channel 1 = 10 everywhere.
    const x = f64([1, 10, 2, 10, 3, 10, 4, 10]);
    const r = batchNormTrainForward(x, f64([2, 1]), f64([0.5, -1]), 2, 0);
    expect(Array.from(r.mean)).toEqual([2.5, 10]);
    expect(Array.from(r.variance)).toEqual([1.25, 0]);
    const s = 1 / Math.sqrt(1.25);
    const want = [2 * -1.5 * s + 0.5, 2 * -0.5 * s + 0.5, 2 * 0.5 * s + 0.5, 2 * 1.5 * s + 0.5];
    want.forEach((v, i) => expect(r.y[2 * i]).toBeCloseTo(v, 14));
    expect(Number.isNaN(r.y[1])).toBe(true); // ε = 0 with zero variance: 0/0, as the formula says
    const safe = batchNormTrainForward(x, f64([2, 1]), f64([0.5, -1]), 2, 1e-5);
    expect(safe.y[1]).toBe(-1);
  });

  it('evaluation uses the running statistics, not the batch', () => {
    const y = batchNormEvalForward(f64([3, 3]), f64([2, 1]), f64([1, 0]), f64([1, 3]), f64([4, 1]), 2, 0);
    expect(Array.from(y)).toEqual([2 * (3 - 1) / 2 + 1, 0]);
  });

  it('running update: m·running + (1 - m)·batch, with the unbiased variance', () => {
    const mean = f64([0, 1]);
    const variance = f64([1, 1]);
    batchNormUpdateRunning(mean, variance, [2, 1], [3, 0.75], 4, 0.9);
    expect(mean[0]).toBeCloseTo(0.2, 15);
    expect(mean[1]).toBeCloseTo(1, 15);
    expect(variance[0]).toBeCloseTo(0.9 + 0.1 * 3 * (4 / 3), 15);
    expect(variance[1]).toBeCloseTo(0.9 + 0.1 * 1, 15);
  });
});

describe('batch norm backward, by central finite differences (float64)', () => {
  it.each([
    { name: 'batch 2, 3x2 image, 3 channels', m: 2 * 3 * 2, c: 3 },
    { name: 'flat features, batch 5', m: 5, c: 4 },
  ])('$name', ({ m, c }) => {
    const x = rand64(m * c, 41, -2, 2);
    const gamma = rand64(c, 42, 0.5, 1.5);
    const beta = rand64(c, 43);
    const r = rand64(m * c, 44);
    const eps = 1e-3;
    const loss = () => dot(r, batchNormTrainForward(x, gamma, beta, c, eps).y);
    const fwd = batchNormTrainForward(x, gamma, beta, c, eps);
    const g = batchNormBackward(r, fwd.xhat, fwd.invStd, gamma, c);
    expectGradClose(g.dx, numericGrad(x, loss));
    expectGradClose(g.dgamma, numericGrad(gamma, loss));
    expectGradClose(g.dbeta, numericGrad(beta, loss));
  });
});
