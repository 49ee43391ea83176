// Chart helpers: EMA smoothing, axis domains (linear, log, unit), scales, nearest point, thinning.
import { describe, expect, it } from 'vitest';
import { chartScales, emaSmooth, finiteExtent, nearestIndex, thinIndices, xDomain, yDomain } from '../../src/ui/charts/series.ts';

describe('emaSmooth', () => {
  it('returns the values unchanged at weight 0', () => {
    expect(emaSmooth([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  it('is debiased: a constant series stays constant from the first point', () => {
    for (const v of emaSmooth([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
  });

  it('matches the recurrence s = w·s + (1 − w)·y divided by 1 − w^t', () => {
    const w = 0.6;
    const ys = [1, 0, 0, 1];
    let s = 0;
    const expected = ys.map((y, t) => {
      s = w * s + (1 - w) * y;
      return s / (1 - w ** (t + 1));
    });
    const got = emaSmooth(ys, w);
    got.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
    // Second point by hand: s1 = 0.4, s2 = 0.24, debiased 0.24 / (1 − 0.36) = 0.375.
    expect(got[1]).toBeCloseTo(0.375, 12);
  });

  it('skips non-finite values and is NaN before the first finite one', () => {
    const got = emaSmooth([NaN, 4, Infinity, 4], 0.5);
    expect(got[0]).toBeNaN();
    expect(got.slice(1)).toEqual([4, 4, 4]);
  });

  it('refuses weights outside [0, 1)', () => {
    expect(() => emaSmooth([1], 1)).toThrow(/smoothing must be in \[0, 1\)/);
    expect(() => emaSmooth([1], -0.1)).toThrow();
  });
});

describe('domains and scales', () => {
  it('finds the finite (and positive) extent', () => {
    expect(finiteExtent([3, NaN, -1, Infinity, 2])).toEqual([-1, 3]);
    expect(finiteExtent([0, -2, 0.5, 4], true)).toEqual([0.5, 4]);
    expect(finiteExtent([NaN])).toBeNull();
  });

  it('starts a loss axis at 0 with 5% headroom, and accuracy on [0, 1]', () => {
    expect(yDomain([2, 0.5, 1], 'linear')).toEqual([0, 2.1]);
    expect(yDomain([0.2, 0.9], 'unit')).toEqual([0, 1]);
    expect(yDomain([], 'linear')).toEqual([0, 1]);
    expect(yDomain([0, 0], 'linear')).toEqual([0, 1]);
  });

  it('spans whole decades on a log axis, ignoring values ≤ 0', () => {
    expect(yDomain([0.03, 2.3, 0, NaN], 'log')).toEqual([0.01, 10]);
    expect(yDomain([1, 1], 'log')).toEqual([1, 10]);
    expect(yDomain([], 'log')).toEqual([0.01, 10]);
  });

  it('never collapses the x axis', () => {
    expect(xDomain(0, 0)).toEqual([0, 1]);
    expect(xDomain(0, 250)).toEqual([0, 250]);
  });

  it('maps data to pixels inside the margins; the log scale puts decades evenly', () => {
    const box = { width: 200, height: 100, margin: { top: 10, right: 10, bottom: 20, left: 30 } };
    const lin = chartScales(box, [0, 100], [0, 1], false);
    expect(lin.x(0)).toBe(30);
    expect(lin.x(100)).toBe(190);
    expect(lin.y(0)).toBe(80);
    expect(lin.y(1)).toBe(10);
    const log = chartScales(box, [0, 100], [0.01, 10], true);
    expect(log.y(10)).toBeCloseTo(10, 9);
    expect(log.y(0.01)).toBeCloseTo(80, 9);
    expect(log.y(0.1) - log.y(1)).toBeCloseTo(log.y(1) - log.y(10), 9);
  });
});

describe('nearestIndex', () => {
  const xs = [1, 2, 5, 10];
  it.each([
    [-3, 0],
    [1, 0],
    [1.4, 0],
    [1.6, 1],
    [3.5, 1],
    [3.6, 2],
    [7.5, 2],
    [8, 3],
    [99, 3],
  ])('at %d is %d', (x, i) => expect(nearestIndex(xs, x)).toBe(i));
  it('is -1 for an empty series', () => expect(nearestIndex([], 3)).toBe(-1));
});

describe('thinIndices', () => {
  it('keeps short series whole', () => {
    expect(thinIndices([5, 4, 3], 10)).toEqual([0, 1, 2]);
  });

  it('keeps each bucket’s extremes and the last point, in order, within budget', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50));
    values[4321] = 100; // a spike must survive
    values[777] = -100;
    const keep = thinIndices(values, 300);
    expect(keep.length).toBeLessThanOrEqual(301);
    expect(keep).toContain(4321);
    expect(keep).toContain(777);
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(9999);
    for (let i = 1; i < keep.length; i++) expect(keep[i]!).toBeGreaterThan(keep[i - 1]!);
  });
});
