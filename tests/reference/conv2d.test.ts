// The CPU reference conv2d: lecture examples computed by hand, and every gradient by central differences.

import { describe, expect, it } from 'vitest';
import {
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeights,
  conv2dForward,
  makeWindow,
  type WindowOptions,
} from '../../src/model/reference/index.ts';
import { dot, expectGradClose, numericGrad, rand64 } from './helpers.ts';

const f64 = (v: number[]) => Float64Array.from(v);
/** x[i][j] = i·width + j, one channel. */
const ramp = (h: number, w: number) => Float64Array.from({ length: h * w }, (_, i) => i);

describe('conv2d forward, by hand', () => {
  // Sobel x kernel [[-1,0,1],[-2,0,2],[-1,0,1]] on a vertical edge: columns 0 0 0 10 10, five rows.
  const sobel = f64([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  const edge = Float64Array.from({ length: 25 }, (_, i) => ((i % 5) >= 3 ? 10 : 0));

  it('Sobel x on a vertical edge, valid: each row is 4·(x[c+2] - x[c]) = [0, 40, 40]', () => {
    const g = makeWindow({ input: [5, 5, 1], kernel: 3, filters: 1 });
    expect(g.output).toEqual([3, 3, 1]);
    expect(Array.from(conv2dForward(edge, sobel, null, g, 1))).toEqual([0, 40, 40, 0, 40, 40, 0, 40, 40]);
  });

  it('Sobel x with padding 1 keeps 5x5; border rows only see weights 2 + 1 = 3', () => {
    const g = makeWindow({ input: [5, 5, 1], kernel: 3, filters: 1, padding: 1 });
    expect(g.output).toEqual([5, 5, 1]);
    const edgeRow = [0, 0, 30, 30, -30];
    const mid = [0, 0, 40, 40, -40];
    expect(Array.from(conv2dForward(edge, sobel, null, g, 1))).toEqual([...edgeRow, ...mid, ...mid, ...mid, ...edgeRow]);
  });

  it('7x7 input, 3x3 box filter, stride 2 → 3x3 of 9·centre', () => {
    const g = makeWindow({ input: [7, 7, 1], kernel: 3, filters: 1, stride: 2 });
    expect(g.output).toEqual([3, 3, 1]);
    const y = conv2dForward(ramp(7, 7), new Float64Array(9).fill(1), null, g, 1);
    expect(Array.from(y)).toEqual([72, 90, 108, 198, 216, 234, 324, 342, 360]);
  });

  it('7x7 input, 3x3 box filter, stride 3 does not fit: floor gives 2x2, the last row and column unused', () => {
    const g = makeWindow({ input: [7, 7, 1], kernel: 3, filters: 1, stride: 3 });
    expect(g.output).toEqual([2, 2, 1]);
    const y = conv2dForward(ramp(7, 7), new Float64Array(9).fill(1), null, g, 1);
    expect(Array.from(y)).toEqual([72, 99, 261, 288]);
  });

  it('dilation 2: a 2x2 kernel [[1,2],[3,4]] taps x[i][j], x[i][j+2], x[i+2][j], x[i+2][j+2]', () => {
    const g = makeWindow({ input: [4, 4, 1], kernel: 2, filters: 1, dilation: 2 });
    expect(g.output).toEqual([2, 2, 1]);
    expect(Array.from(conv2dForward(ramp(4, 4), f64([1, 2, 3, 4]), null, g, 1))).toEqual([68, 78, 108, 118]);
  });

  it('dilation 2: a 3x3 box on 5x5 sees the 9 even positions (effective kernel 5)', () => {
    const g = makeWindow({ input: [5, 5, 1], kernel: 3, filters: 1, dilation: 2 });
    expect(g.output).toEqual([1, 1, 1]);
    expect(Array.from(conv2dForward(ramp(5, 5), new Float64Array(9).fill(1), null, g, 1))).toEqual([108]);
  });

  it('groups 2: each filter only sees its half of the channels', () => {
    const g = makeWindow({ input: [1, 1, 4], kernel: 1, filters: 2, groups: 2 });
    // w [1, 1, 2, 2] indexed [ci][f]: ci0 → (1, 10), ci1 → (100, 1000).
    const y = conv2dForward(f64([1, 2, 3, 4]), f64([1, 10, 100, 1000]), null, g, 1);
    expect(Array.from(y)).toEqual([1 * 1 + 2 * 100, 3 * 10 + 4 * 1000]);
  });

  it('multiple channels and filters: w[ky][kx][c][f] layout', () => {
    const g = makeWindow({ input: [1, 2, 2], kernel: [1, 2], filters: 2 });
    // x pixels (1, 2) and (3, 4); filter 0 sums channel 0, filter 1 sums channel 1 of the right pixel only.
    const w = f64([1, 0, 0, 0, 1, 0, 0, 1]);
    expect(Array.from(conv2dForward(f64([1, 2, 3, 4]), w, f64([0.5, -0.5]), g, 1))).toEqual([1 + 3 + 0.5, 4 - 0.5]);
  });

  it('batch 2 with bias: each example is convolved alone, the bias added to every position', () => {
    const g = makeWindow({ input: [3, 3, 1], kernel: 2, filters: 1 });
    const x = new Float64Array(18);
    x.set(ramp(3, 3));
    x.set(ramp(3, 3).map((v) => -2 * v), 9);
    const y = conv2dForward(x, f64([1, 1, 1, 1]), f64([100]), g, 2);
    // Window sums of the ramp: 0+1+3+4 = 8, 12, 20, 24.
    expect(Array.from(y)).toEqual([108, 112, 120, 124, 84, 76, 60, 52]);
  });

  it('odd sizes: 3x5 input, 1x3 kernel, stride [1, 2]', () => {
    const g = makeWindow({ input: [3, 5, 1], kernel: [1, 3], filters: 1, stride: [1, 2] });
    expect(g.output).toEqual([3, 2, 1]);
    const y = conv2dForward(ramp(3, 5), f64([1, 1, 1]), null, g, 1);
    expect(Array.from(y)).toEqual([3, 9, 18, 24, 33, 39]);
  });

  it('rejects arrays of the wrong length', () => {
    const g = makeWindow({ input: [3, 3, 1], kernel: 2, filters: 1 });
    expect(() => conv2dForward(new Float64Array(8), new Float64Array(4), null, g, 1)).toThrow(/expected 9/);
  });
});

describe('conv2d backward, by hand', () => {
  it('1x1 output: dx is dy times the kernel, dw is dy times the input', () => {
    const g = makeWindow({ input: [2, 2, 1], kernel: 2, filters: 1 });
    const x = f64([1, 2, 3, 4]);
    const w = f64([5, 6, 7, 8]);
    expect(Array.from(conv2dBackwardInput(f64([2]), w, g, 1))).toEqual([10, 12, 14, 16]);
    expect(Array.from(conv2dBackwardWeights(x, f64([2]), g, 1))).toEqual([2, 4, 6, 8]);
    expect(Array.from(conv2dBackwardBias(f64([2]), g, 1))).toEqual([2]);
  });

  it('stride 2 with a 1x1 kernel: the skipped pixels get zero gradient', () => {
    const g = makeWindow({ input: [3, 3, 1], kernel: 1, filters: 1, stride: 2 });
    const dx = conv2dBackwardInput(f64([1, 2, 3, 4]), f64([10]), g, 1);
    expect(Array.from(dx)).toEqual([10, 0, 20, 0, 0, 0, 30, 0, 40]);
  });
});

const gradCases: { name: string; o: WindowOptions; batch: number }[] = [
  { name: 'plain 3x3', o: { input: [5, 5, 2], kernel: 3, filters: 3 }, batch: 1 },
  { name: 'stride 2, padding 1', o: { input: [6, 7, 2], kernel: 3, filters: 2, stride: 2, padding: 1 }, batch: 2 },
  { name: 'stride 3, odd kernel 3x2', o: { input: [7, 8, 1], kernel: [3, 2], filters: 2, stride: [3, 2], padding: [1, 0] }, batch: 1 },
  { name: 'dilation 2, padding 2', o: { input: [6, 6, 2], kernel: 3, filters: 2, dilation: 2, padding: 2 }, batch: 2 },
  { name: 'groups 2', o: { input: [4, 5, 4], kernel: 3, filters: 4, groups: 2, padding: 1 }, batch: 2 },
  { name: 'groups 2, stride 2, dilation [1, 2]', o: { input: [7, 7, 4], kernel: 2, filters: 6, groups: 2, stride: 2, dilation: [1, 2] }, batch: 1 },
];

describe('conv2d backward, by central finite differences (float64)', () => {
  it.each(gradCases)('$name', ({ o, batch }) => {
    const g = makeWindow(o);
    const [H, W, C] = g.input;
    const [OH, OW, F] = g.output;
    const x = rand64(batch * H * W * C, 1);
    const w = rand64(g.kernel[0] * g.kernel[1] * (C / g.groups) * F, 2);
    const b = rand64(F, 3);
    const r = rand64(batch * OH * OW * F, 4);
    const loss = () => dot(r, conv2dForward(x, w, b, g, batch));
    expectGradClose(conv2dBackwardInput(r, w, g, batch), numericGrad(x, loss));
    expectGradClose(conv2dBackwardWeights(x, r, g, batch), numericGrad(w, loss));
    expectGradClose(conv2dBackwardBias(r, g, batch), numericGrad(b, loss));
  });
});
