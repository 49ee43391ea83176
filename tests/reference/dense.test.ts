// The CPU reference dense layer: a hand-computed product, NHWC flattening, and gradients by finite differences.

import { describe, expect, it } from 'vitest';
import { denseBackwardBias, denseBackwardInput, denseBackwardWeights, denseForward, matmul } from '../../src/model/reference/index.ts';
import { dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

const f64 = (v: number[]) => Float64Array.from(v);

describe('dense, by hand', () => {
  it('y = xW + b for a batch of 2', () => {
    // x [2, 3], W [3, 2], b [2].
    const y = denseForward(f64([1, 2, 3, 4, 5, 6]), f64([1, 0, 0, 1, 1, 1]), f64([10, 20]), 2, 3, 2);
    expect(Array.from(y)).toEqual([1 + 3 + 10, 2 + 3 + 20, 4 + 6 + 10, 5 + 6 + 20]);
  });

  it('a flattened NHWC image feeds features in memory order (h, w, c)', () => {
    // A 1x2x2 image: pixel 0 channels (1, 2), pixel 1 channels (3, 4); unit u picks feature u.
    const w = new Float64Array(16);
    for (let u = 0; u < 4; u++) w[u * 4 + u] = 1;
    expect(Array.from(denseForward(f64([1, 2, 3, 4]), w, null, 1, 4, 4))).toEqual([1, 2, 3, 4]);
  });

  it('backward: dx = dy Wᵀ, dW = xᵀ dy, db = Σ dy', () => {
    const x = f64([1, 2]);
    const w = f64([1, 2, 3, 4, 5, 6]); // [2, 3]
    const dy = f64([1, 0, -1]);
    expect(Array.from(denseBackwardInput(dy, w, 1, 2, 3))).toEqual([1 - 3, 4 - 6]);
    expect(Array.from(denseBackwardWeights(x, dy, 1, 2, 3))).toEqual([1, 0, -1, 2, 0, -2]);
    expect(Array.from(denseBackwardBias(f64([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([5, 7, 9]);
  });

  it('matmul [2,3]·[3,2]', () => {
    expect(Array.from(matmul(f64([1, 2, 3, 4, 5, 6]), f64([7, 8, 9, 10, 11, 12]), 2, 3, 2))).toEqual([58, 64, 139, 154]);
  });
});

describe('dense backward, by central finite differences (float64)', () => {
  it.each([
    { batch: 1, inF: 5, units: 3 },
    { batch: 3, inF: 7, units: 4 },
  ])('batch $batch, $inF → $units', ({ batch, inF, units }) => {
    const x = rand64(batch * inF, 21);
    const w = rand64(inF * units, 22);
    const b = rand64(units, 23);
    const r = rand64(batch * units, 24);
    const loss = () => dot(r, denseForward(x, w, b, batch, inF, units));
    expectGradClose(denseBackwardInput(r, w, batch, inF, units), numericGrad(x, loss));
    expectGradClose(denseBackwardWeights(x, r, batch, inF, units), numericGrad(w, loss));
    expectGradClose(denseBackwardBias(r, batch, units), numericGrad(b, loss));
  });
});
