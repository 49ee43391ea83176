// The CPU reference pooling: the lecture's 4x4 example, padding rules, and gradients by finite differences.

import { describe, expect, it } from 'vitest';
import {
  avgPoolBackward,
  avgPoolForward,
  globalAvgPoolBackward,
  globalAvgPoolForward,
  l2PoolBackward,
  l2PoolForward,
  makeWindow,
  maxPoolBackward,
  maxPoolForward,
  type WindowOptions,
} from '../../src/model/reference/index.ts';
import { distinct64, dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

const f64 = (v: number[]) => Float64Array.from(v);
// The CS231n 4x4 example, single channel.
const lecture = f64([1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4]);
const g2 = makeWindow({ input: [4, 4, 1], kernel: 2, stride: 2 });

describe('pooling forward, by hand', () => {
  it('2x2 max pool, stride 2, on the 4x4 example → [[6, 8], [3, 4]] with their argmax', () => {
    const { y, argmax } = maxPoolForward(lecture, g2, 1);
    expect(Array.from(y)).toEqual([6, 8, 3, 4]);
    expect(Array.from(argmax)).toEqual([5, 7, 8, 15]);
  });

  it('2x2 average pool on the 4x4 example', () => {
    expect(Array.from(avgPoolForward(lecture, g2, 1))).toEqual([13 / 4, 21 / 4, 2, 2]);
  });

  it('2x2 L2 pool on the 4x4 example is sqrt of the window sum of squares', () => {
    const y = l2PoolForward(lecture, g2, 1);
    expect(Array.from(y)).toEqual([Math.sqrt(63), Math.sqrt(133), Math.sqrt(18), Math.sqrt(26)]);
  });

  it('channels pool separately (NHWC) and the batch is independent', () => {
    const g = makeWindow({ input: [2, 2, 2], kernel: 2, stride: 2 });
    const x = f64([1, -1, 2, -2, 3, -3, 4, -4, 10, 0, 20, 0, 30, 0, 40, 5]);
    expect(Array.from(maxPoolForward(x, g, 2).y)).toEqual([4, -1, 40, 5]);
    expect(Array.from(avgPoolForward(x, g, 2))).toEqual([2.5, -2.5, 25, 1.25]);
  });

  it('padding: padded positions never win a max, even over negative values', () => {
    const g = makeWindow({ input: [2, 2, 1], kernel: 3, stride: 1, padding: 1 });
    const { y } = maxPoolForward(f64([-1, -2, -3, -4]), g, 1);
    expect(Array.from(y)).toEqual([-1, -1, -1, -1]);
  });

  it('padding: averages and L2 sums count only in-bounds positions', () => {
    const g = makeWindow({ input: [3, 3, 1], kernel: 3, stride: 2, padding: 1 });
    const x = Float64Array.from({ length: 9 }, (_, i) => i + 1);
    expect(g.output).toEqual([2, 2, 1]);
    // Corner windows hold 2x2 in-bounds values: {1,2,4,5}, {2,3,5,6}, {4,5,7,8}, {5,6,8,9}.
    expect(Array.from(avgPoolForward(x, g, 1))).toEqual([3, 4, 6, 7]);
    expect(Array.from(l2PoolForward(x, g, 1))).toEqual([Math.sqrt(46), Math.sqrt(74), Math.sqrt(154), Math.sqrt(206)]);
  });

  it('odd sizes: 5x5 with 2x2 stride 2 drops the last row and column; 3x3 stride 3 on 7x7', () => {
    const x = Float64Array.from({ length: 25 }, (_, i) => i);
    expect(Array.from(maxPoolForward(x, makeWindow({ input: [5, 5, 1], kernel: 2, stride: 2 }), 1).y)).toEqual([6, 8, 16, 18]);
    const x7 = Float64Array.from({ length: 49 }, (_, i) => i);
    expect(Array.from(maxPoolForward(x7, makeWindow({ input: [7, 7, 1], kernel: 3, stride: 3 }), 1).y)).toEqual([16, 19, 37, 40]);
  });

  it('global average pool: one mean per example and channel', () => {
    const x = f64([1, 10, 2, 20, 3, 30, 4, 40, 0, 0, 0, 0, 0, 0, 8, -8]);
    expect(Array.from(globalAvgPoolForward(x, [2, 2, 2], 2))).toEqual([2.5, 25, 2, -2]);
    expect(Array.from(globalAvgPoolBackward(f64([4, 8, 0, -4]), [2, 2, 2], 2))).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 0, -1, 0, -1, 0, -1, 0, -1]);
  });
});

describe('pooling backward, by hand', () => {
  it('max routes each gradient to its winner only', () => {
    const { argmax } = maxPoolForward(lecture, g2, 1);
    const dx = maxPoolBackward(f64([1, 2, 3, 4]), argmax, 16);
    expect(Array.from(dx)).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0, 0, 0, 4]);
  });

  it('overlapping max windows add up at a shared winner', () => {
    const g = makeWindow({ input: [1, 3, 1], kernel: [1, 2], stride: 1 });
    const { argmax } = maxPoolForward(f64([0, 5, 1]), g, 1);
    expect(Array.from(maxPoolBackward(f64([1, 2]), argmax, 3))).toEqual([0, 3, 0]);
  });

  it('average spreads dy / count over the in-bounds window', () => {
    expect(Array.from(avgPoolBackward(f64([4, 8, 0, 0]), g2, 1))).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

const cases: { name: string; o: WindowOptions; batch: number }[] = [
  { name: '2x2 stride 2', o: { input: [4, 4, 2], kernel: 2, stride: 2 }, batch: 2 },
  { name: '3x3 stride 2 padding 1 (overlapping, padded)', o: { input: [5, 6, 2], kernel: 3, stride: 2, padding: 1 }, batch: 2 },
  { name: '3x2 stride [3, 1] odd', o: { input: [7, 5, 1], kernel: [3, 2], stride: [3, 1], padding: [1, 0] }, batch: 1 },
];

describe('pooling backward, by central finite differences (float64)', () => {
  it.each(cases)('max, $name (distinct values)', ({ o, batch }) => {
    const g = makeWindow(o);
    const n = batch * g.input[0] * g.input[1] * g.input[2];
    const x = distinct64(n, 11);
    const r = rand64(batch * g.output[0] * g.output[1] * g.output[2], 12);
    const { argmax } = maxPoolForward(x, g, batch);
    expectGradClose(maxPoolBackward(r, argmax, n), numericGrad(x, () => dot(r, maxPoolForward(x, g, batch).y)));
  });

  it.each(cases)('avg, $name', ({ o, batch }) => {
    const g = makeWindow(o);
    const x = rand64(batch * g.input[0] * g.input[1] * g.input[2], 13);
    const r = rand64(batch * g.output[0] * g.output[1] * g.output[2], 14);
    expectGradClose(avgPoolBackward(r, g, batch), numericGrad(x, () => dot(r, avgPoolForward(x, g, batch))));
  });

  it.each(cases)('l2, $name', ({ o, batch }) => {
    const g = makeWindow(o);
    const x = rand64(batch * g.input[0] * g.input[1] * g.input[2], 15);
    const r = rand64(batch * g.output[0] * g.output[1] * g.output[2], 16);
    const y = l2PoolForward(x, g, batch);
    expectGradClose(l2PoolBackward(r, x, y, g, batch), numericGrad(x, () => dot(r, l2PoolForward(x, g, batch))));
  });

  it('global average pool', () => {
    const x = rand64(2 * 3 * 5 * 4, 17);
    const r = rand64(2 * 4, 18);
    expectGradClose(globalAvgPoolBackward(r, [3, 5, 4], 2), numericGrad(x, () => dot(r, globalAvgPoolForward(x, [3, 5, 4], 2))));
  });
});
