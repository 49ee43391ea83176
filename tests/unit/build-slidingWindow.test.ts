// The animation's arithmetic against the CPU reference (conv2d and pooling) and hand-computed values.
import { describe, expect, it } from 'vitest';
import { CLASSIC_KERNELS, EXAMPLE_INPUT, filterOf, integerKernel, spreadChannels } from '../../src/model/exampleKernels.ts';
import { conv2dForward } from '../../src/model/reference/conv2d.ts';
import { avgPoolForward, l2PoolForward, maxPoolForward } from '../../src/model/reference/pool.ts';
import { makeWindow } from '../../src/model/reference/tensor.ts';
import { positionAt, positions, slide, slideAll, windowAt, windowTaps, windowText, type Grid, type SlideParams } from '../../src/model/slidingWindow.ts';

const pair = (n: number): [number, number] => [n, n];
const params = (k: number, s = 1, p = 0, d = 1): SlideParams => ({ kernel: pair(k), stride: pair(s), padding: pair(p), dilation: pair(d) });

/** Deterministic pseudo-random grid (an LCG), values in -2..2 with one decimal. */
function grid(h: number, w: number, c: number, seed: number): Grid {
  let x = seed;
  const values = Array.from({ length: h * w * c }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return Math.round(((x / 2 ** 31) * 4 - 2) * 10) / 10;
  });
  return { height: h, width: w, channels: c, values };
}

describe('slide geometry', () => {
  it('matches the lecture examples', () => {
    expect(slide([7, 7], params(3, 1)).output).toEqual([5, 5]);
    expect(slide([7, 7], params(3, 2)).output).toEqual([3, 3]);
    expect(slide([7, 7], params(3, 3)).output).toEqual([2, 2]); // doesn't fit: 2.33 floored
    expect(slide([28, 28], params(5, 1, 2)).output).toEqual([28, 28]);
    expect(slide([7, 7], params(3, 1, 1)).padded).toEqual([9, 9]);
    expect(slide([7, 7], params(3, 1, 0, 2)).output).toEqual([3, 3]);
    expect(positions(slide([2, 2], params(3)))).toBe(0);
  });

  it('walks positions row by row and wraps', () => {
    const s = slide([7, 7], params(3, 2));
    expect(positionAt(s, 0)).toEqual([0, 0]);
    expect(positionAt(s, 2)).toEqual([0, 2]);
    expect(positionAt(s, 3)).toEqual([1, 0]);
    expect(positionAt(s, 9)).toEqual([0, 0]);
    expect(positionAt(s, -1)).toEqual([2, 2]);
    expect(() => positionAt(slide([2, 2], params(3)), 0)).toThrow(/does not fit/);
  });

  it('places taps with stride, padding and dilation', () => {
    const s = slide([7, 7], params(3, 2, 1, 2));
    const taps = windowTaps(s, 1, 0);
    expect(taps).toHaveLength(9);
    expect(taps[0]).toEqual({ ky: 0, kx: 0, iy: 1, ix: -1, py: 2, px: 0, inside: false });
    expect(taps[8]).toEqual({ ky: 2, kx: 2, iy: 5, ix: 3, py: 6, px: 4, inside: true });
  });
});

describe('against the reference', () => {
  it.each([
    [7, 7, 1, params(3)],
    [7, 7, 1, params(3, 2, 1)],
    [9, 8, 3, params(3, 2, 1, 2)],
    [6, 7, 2, { kernel: [2, 3], stride: [1, 2], padding: [1, 0], dilation: [1, 1] } as SlideParams],
    [28, 28, 1, params(5, 1, 2)],
    [7, 7, 1, params(3, 3)],
  ])('conv2d on %ix%ix%i with %j', (h, w, c, p) => {
    const x = grid(h, w, c, h * 31 + c);
    const k = grid(p.kernel[0], p.kernel[1], c, 7);
    const s = slide([h, w], p);
    const ours = slideAll(s, x, 'conv', k);
    const g = makeWindow({ input: [h, w, c], kernel: p.kernel, stride: p.stride, padding: p.padding, dilation: p.dilation, filters: 1 });
    expect(s.output).toEqual([g.output[0], g.output[1]]);
    // The reference's weights are [KH, KW, C, F] with F = 1: the same memory order as our [KH, KW, C] grid.
    const ref = conv2dForward(Float64Array.from(x.values), Float64Array.from(k.values), null, g, 1);
    ours.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 10));
  });

  it.each([
    ['max', maxPoolForward],
    ['avg', avgPoolForward],
    ['l2', l2PoolForward],
  ] as const)('%s pooling with padding leaves the padding out', (op, forward) => {
    const x = grid(7, 7, 2, 3);
    const p = params(3, 2, 1);
    const s = slide([7, 7], p);
    const g = makeWindow({ input: [7, 7, 2], kernel: 3, stride: 2, padding: 1 });
    const refOut = forward(Float64Array.from(x.values), g, 1);
    const ref = 'y' in refOut ? refOut.y : refOut;
    for (const channel of [0, 1]) {
      const ours = slideAll(s, x, op, undefined, channel);
      ours.forEach((v, i) => expect(v).toBeCloseTo(ref[i * 2 + channel]!, 10));
    }
  });
});

describe('written out', () => {
  it('the dot product at the first position of the 7x7 example with Sobel x', () => {
    const sobel = CLASSIC_KERNELS.find((k) => k.id === 'sobel-x')!.kernel;
    const s = slide([7, 7], params(3));
    const r = windowAt(s, EXAMPLE_INPUT, 'conv', 0, 0, sobel);
    // rows 0 1 2 / 2 2 0 / 1 0 2 against -1 0 1 / -2 0 2 / -1 0 1
    expect(r.value).toBe(-0 + 2 - 4 + 0 - 1 + 2);
    expect(windowText(r, 'conv')).toBe('0·(-1) + 1·0 + 2·1 + 2·(-2) + 2·0 + 0·2 + 1·(-1) + 0·0 + 2·1 = -1');
  });

  it('padding reads zeros and pooling formulas read as written by hand', () => {
    const s = slide([7, 7], params(2, 2, 1));
    const r = windowAt(s, EXAMPLE_INPUT, 'conv', 0, 0, integerKernel(2, 2));
    expect(r.terms.filter((t) => !t.tap.inside).every((t) => t.x === 0)).toBe(true);
    const max = windowAt(slide([7, 7], params(2, 2)), EXAMPLE_INPUT, 'max', 0, 0);
    expect(windowText(max, 'max')).toBe('max(0, 1, 2, 2) = 2');
    const avg = windowAt(slide([7, 7], params(2, 2)), EXAMPLE_INPUT, 'avg', 0, 0);
    expect(windowText(avg, 'avg')).toBe('(0 + 1 + 2 + 2) / 4 = 1.25');
    const l2 = windowAt(slide([7, 7], params(2, 2)), EXAMPLE_INPUT, 'l2', 0, 0);
    expect(windowText(l2, 'l2')).toBe('√(0² + 1² + 2² + 2²) = 3');
  });

  it('long sums are cut after maxTerms', () => {
    const s = slide([7, 7], params(5));
    const text = windowText(windowAt(s, EXAMPLE_INPUT, 'conv', 0, 0, integerKernel(5, 5)), 'conv', 4);
    expect(text).toMatch(/^\S+ \+ \S+ \+ \S+ \+ \S+ \+ … = -?\d+$/);
  });

  it('refuses a kernel of the wrong size', () => {
    expect(() => windowAt(slide([7, 7], params(3)), EXAMPLE_INPUT, 'conv', 0, 0, integerKernel(5, 5))).toThrow(/expected 3x3x1/);
  });
});

describe('kernels', () => {
  it('takes one filter out of conv weights [KH, KW, C, F]', () => {
    // 1x2x1x2 weights: filter 0 = [1, 3], filter 1 = [2, 4]
    expect(filterOf([1, 2, 3, 4], [1, 2, 1, 2], 1).values).toEqual([2, 4]);
    expect(() => filterOf([1, 2], [1, 2, 1, 2], 0)).toThrow(/hold 2 values/);
    expect(() => filterOf([1, 2, 3, 4], [1, 2, 1, 2], 2)).toThrow(RangeError);
  });

  it('spreads a gray kernel over RGB so that a gray image gives the same response', () => {
    const sobel = CLASSIC_KERNELS[0]!.kernel;
    const rgb = spreadChannels(sobel, 3);
    const gray = grid(5, 5, 1, 9);
    const asRgb: Grid = { height: 5, width: 5, channels: 3, values: Array.from(gray.values).flatMap((v) => [v, v, v]) };
    const s = slide([5, 5], params(3));
    const a = slideAll(s, gray, 'conv', sobel);
    const b = slideAll(s, asRgb, 'conv', rgb);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 10));
  });
});
